"""Throughput benchmark: end-to-end ingest → store against spaCy's own nlp.pipe (stock and ours), on 1 and 2 processes."""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing as mp
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

TARGET_RATIO = 0.8  # end to end against the stock model's own nlp.pipe (issue 13)
RSS_LIMIT_MB = 1500
WARM_DOCS = 64
BATCH_SIZE = 64

# --------------------------------------------------------------------------- a small news-report grammar
# (city, province, country): public geographic facts; every sentence below was written for this file.
PLACES = (
    ("Mosul", "Nineveh", "Iraq"), ("Kirkuk", "Kirkuk", "Iraq"), ("Baqubah", "Diyala", "Iraq"),
    ("Tikrit", "Salahuddin", "Iraq"), ("Ramadi", "Anbar", "Iraq"), ("Raqqa", "Raqqa", "Syria"),
    ("Deir ez-Zor", "Deir ez-Zor", "Syria"), ("Idlib", "Idlib", "Syria"), ("Hasakah", "Hasakah", "Syria"),
    ("Maiduguri", "Borno", "Nigeria"), ("Damaturu", "Yobe", "Nigeria"), ("Mogadishu", "Banadir", "Somalia"),
    ("Kismayo", "Lower Juba", "Somalia"), ("Jalalabad", "Nangarhar", "Afghanistan"),
    ("Kandahar", "Kandahar", "Afghanistan"), ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan"),
    ("Quetta", "Balochistan", "Pakistan"), ("Gao", "Gao", "Mali"), ("Mopti", "Mopti", "Mali"),
    ("Djibo", "Sahel", "Burkina Faso"), ("Tillaberi", "Tillaberi", "Niger"), ("Beni", "North Kivu", "Congo"),
    ("Palma", "Cabo Delgado", "Mozambique"), ("Marib", "Marib", "Yemen"), ("Aden", "Aden", "Yemen"),
)
ACTORS = (
    "Islamic State", "al-Shabaab", "Boko Haram", "the Taliban", "Houthi rebels", "ISWAP",
    "the Allied Democratic Forces", "JNIM", "al-Qaeda", "Hayat Tahrir al-Sham", "the Pakistani Taliban",
)
GENERIC_ACTORS = ("gunmen", "suspected militants", "unidentified attackers", "armed men on motorcycles",
                  "a group of fighters", "insurgents")
TARGETS = ("a police checkpoint", "an army patrol", "a crowded market", "a mosque", "a village",
           "a military base", "a bus carrying passengers", "a primary school", "a convoy of trucks",
           "the home of a local official", "a hotel", "a camp for displaced people")
WEAPONS = ("a car bomb", "a roadside bomb", "mortar rounds", "rocket-propelled grenades", "small arms",
           "a suicide vest", "a drone", "machine guns")
SPEAKERS = ("a police spokesman", "the provincial governor", "a hospital official", "a local elder",
            "the interior ministry", "a security source", "a witness", "the army", "a district commissioner",
            "an aid worker")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen")

LEAD = (
    ("{Actor} attacked {target} in {city}, {country}, on {day}, killing {n} people and wounding {m} others, "
    "{speaker} said."),
    "At least {n} people were killed when {actor} struck {target} near {city} in {province} province on {day}.",
    ("{Generic} stormed {target} on the outskirts of {city} late on {day}, leaving {n} dead, according to "
    "{speaker}."),
    ("An explosion ripped through {target} in central {city} on {day} morning, killing {n} civilians and "
    "injuring {m}, officials said."),
    "{Actor} said it carried out a raid on {target} in {province}, {country}, in which {nw} soldiers died.",
)
EVENT = (
    "The attackers used {weapon} and fled towards the border before reinforcements arrived.",
    "{Speaker} told reporters that {m} of the wounded were in a critical condition.",
    "Residents said the shooting lasted for nearly {hours} hours.",
    "Security forces sealed off the area and began searching nearby houses.",
    "The dead included {nw} police officers and a child, {speaker} said.",
    "It was the {ordinal} attack on {target} in {province} since {month}.",
    "No group immediately claimed responsibility for the attack, although {actor} is active in the area.",
    ("{Actor} later claimed the attack in a statement posted online, saying its fighters had killed {n} "
    "\"enemies\"."),
    "Footage shared on social media showed smoke rising over {city} and vehicles burning on the main road.",
    "{Generic} also abducted {nw} people, including a teacher, during the raid.",
    "The toll could rise as rescuers searched the rubble, {speaker} warned.",
    "Troops killed {nw} of the attackers in an exchange of fire that followed, the army said.",
    "A second device exploded {minutes} minutes later as people gathered to help the injured.",
    "Hospitals in {city} appealed for blood donors after receiving {m} casualties.",
    "The governor of {province} imposed a curfew on the town until further notice.",
    "{Generic} opened fire on worshippers as they left evening prayers, {speaker} said.",
    "Soldiers returned fire and the fighting spread to neighbouring streets of {city}.",
    "Among the wounded were {nw} members of the local militia that guards {target}.",
    "Officials said the bomber detonated his explosives at the entrance of {target}.",
    "The attack came {nw} days after {actor} threatened to target government supporters in {province}.",
    "Police arrested {nw} suspects in connection with the bombing on {day} evening.",
)
QUOTE = (
    "\"We heard a huge blast and then gunfire for a long time,\" said a shopkeeper in {city}.",
    "\"The situation is now under control,\" {speaker} said in a statement on {day}.",
    "\"They came at night and burned everything,\" one survivor told a local radio station.",
    "\"We are still counting the victims,\" {speaker} said, asking not to be named.",
    "\"This cowardly act will not go unpunished,\" the president of {country} said.",
)
BACKGROUND = (
    "{Actor} has waged an insurgency in {country} for more than {years} years.",
    "The conflict has displaced more than {thousands},000 people in {province} alone, according to the UN.",
    "Attacks on civilians in the region have increased since {month} {year}, analysts say.",
    "Government forces recaptured {city} in {year} but the surrounding countryside remains contested.",
    ("Aid agencies have repeatedly warned that hunger is spreading in {province} as farmers abandon their "
    "fields."),
    "Talks between the government and armed groups broke down last year after a string of ambushes.",
    "The border area is used by smugglers and armed groups alike, and patrols are rare after dark.",
    "Local officials have called for more troops to be deployed to protect roads leading to {city}.",
    "{Actor} lost much of its territory in {year} but retains cells in remote areas of {country}.",
    "Humanitarian groups say access to parts of {province} has been cut off for months.",
    "The army announced a new offensive against {actor} in {month}, promising to clear the area within weeks.",
    "Schools in several districts of {province} have been closed because of insecurity.",
    "Violence in {country} has killed thousands of people since {year}, according to monitoring groups.",
    "The road between {city} and the provincial capital has been the scene of frequent ambushes.",
    "Foreign partners pledged new funding for the security forces at a conference in {month}.",
    "Many families who fled {city} in {year} have yet to return to their homes.",
    "Critics accuse the authorities of failing to protect rural communities in {province}.",
    "{Actor} is believed to finance its operations through extortion and kidnapping for ransom.",
    "Elections are due next year, and officials fear armed groups will try to disrupt the vote.",
    ("The United Nations has described the humanitarian situation in {country} as one of the worst in the "
    "world."),
)
HEADLINE = (
    "{n} killed in attack on {target_short} in {city}",
    "{Actor} blamed for deadly raid in {province}",
    "Blast in {city} kills {n}, officials say",
    "Gunmen attack {target_short} near {city}",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slots(rng: random.Random, place: tuple[str, str, str], actor: str) -> dict[str, str]:
    city, province, country = place
    target = rng.choice(TARGETS)
    generic = rng.choice(GENERIC_ACTORS)
    speaker = rng.choice(SPEAKERS)
    return {
        "city": city, "province": province, "country": country, "actor": actor, "Actor": _cap(actor),
        "Generic": _cap(generic), "target": target, "target_short": target.split(" ", 1)[1],
        "speaker": speaker, "Speaker": _cap(speaker), "weapon": rng.choice(WEAPONS), "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS), "year": str(rng.randint(2012, 2023)), "n": str(rng.randint(2, 60)),
        "m": str(rng.randint(3, 90)), "nw": rng.choice(NUMBER_WORDS), "hours": str(rng.randint(2, 6)),
        "minutes": str(rng.randint(5, 40)), "years": rng.choice(("ten", "a decade", "15", "20")),
        "thousands": str(rng.randint(20, 900)), "ordinal": rng.choice(("second", "third", "fourth", "latest")),
    }


def _paragraph(rng: random.Random, slots: dict[str, str], pools: tuple[tuple[str, ...], ...], size: int,
               used: set[str]) -> str:
    """Up to `size` sentences from the pools, none already used in this report."""
    sentences = [rng.choice(rng.choice(pools)).format(**slots) for _ in range(size)]
    fresh = [s for s in dict.fromkeys(sentences) if s not in used]
    used.update(fresh)
    return " ".join(fresh)


def make_report(rng: random.Random, words_min: int, words_max: int) -> str:
    """One synthetic news report (headline, dateline lead, event, quote and background paragraphs)."""
    place, actor = rng.choice(PLACES), rng.choice(ACTORS)
    slots = _slots(rng, place, actor)
    target = rng.randint(words_min, words_max)
    lead = f"{place[0].upper()}, {place[2]} — " + rng.choice(LEAD).format(**slots)
    paragraphs = [rng.choice(HEADLINE).format(**slots), lead]
    words, used = sum(len(p.split()) for p in paragraphs), set(paragraphs)
    while words < target:
        if rng.random() < 0.3:  # a second place or actor now and then, as real reports do
            slots = _slots(rng, rng.choice(PLACES), rng.choice(ACTORS))
        pools = rng.choice(((EVENT,), (EVENT, QUOTE), (BACKGROUND,), (QUOTE,), (BACKGROUND, EVENT)))
        paragraph = _paragraph(rng, slots, pools, rng.randint(1, 4), used)
        if words + len(paragraph.split()) > words_max:
            break
        if not paragraph:
            continue
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, count: int, words_min: int, words_max: int, seed: int) -> list[Path]:
    """Write `count` distinct reports as .txt files into `folder`; return the paths."""
    rng, seen, paths = random.Random(seed), set(), []
    folder.mkdir(parents=True, exist_ok=True)
    while len(paths) < count:
        text = make_report(rng, words_min, words_max)
        if text in seen:
            continue
        seen.add(text)
        path = folder / f"report_{len(paths):05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def split_corpus(paths: list[Path], root: Path, parts: int) -> list[Path]:
    """Copy the files round-robin into `parts` folders under `root`; return the folders."""
    folders = [root / f"part{i}" for i in range(parts)]
    for i, path in enumerate(paths):
        folders[i % parts].mkdir(parents=True, exist_ok=True)
        shutil.copy(path, folders[i % parts] / path.name)
    return folders


def count_words(folder: Path) -> tuple[int, int]:
    """Documents and whitespace-separated words in the .txt files of a folder."""
    files = sorted(folder.glob("*.txt"))
    return len(files), sum(len(f.read_text(encoding="utf-8").split()) for f in files)


# --------------------------------------------------------------------------- the measured work (in children)
@dataclass(frozen=True)
class Job:
    """One process's share: what to run, on which folder, into which store."""

    kind: str  # "stock" (the model as shipped), "spacy" (our get_nlp()) or "pipeline"
    folder: Path
    warm_folder: Path
    db: Path
    cold: bool = False  # time from process start (imports, model load, no warm-up) to the last commit


def peak_rss_mb() -> float:
    """This process's peak resident set size in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_texts(folder: Path) -> list[str]:
    return [f.read_text(encoding="utf-8") for f in sorted(folder.glob("*.txt"))]


def _stock_nlp() -> Any:
    """The English model as shipped: every component, nothing added."""
    import spacy

    from conflictlens.nlp import MODEL_NAMES

    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise RuntimeError(f"no spaCy English model installed (tried {', '.join(MODEL_NAMES)})")


def _prepare(job: Job) -> Callable[[], dict[str, Any]]:
    """Load (and unless cold, warm up) everything, returning the call to time."""
    from conflictlens.config import Settings
    from conflictlens.geo.gazetteer import get_gazetteer
    from conflictlens.nlp import get_nlp
    from conflictlens.pipeline import run_batch
    from conflictlens.store.db import Store

    if job.kind in ("stock", "spacy"):
        nlp = _stock_nlp() if job.kind == "stock" else get_nlp()
        if not job.cold:
            for _ in nlp.pipe(_read_texts(job.warm_folder), batch_size=BATCH_SIZE):
                pass
        texts = _read_texts(job.folder)

        def run_spacy() -> dict[str, Any]:
            tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))
            return {"tokens": tokens}

        return run_spacy
    if not job.cold:
        get_gazetteer()
        get_nlp()
        warm_db = job.db.with_name(f"{job.db.stem}.warm-{job.folder.name}.sqlite")
        warm_store = Store(str(warm_db))
        run_batch([str(job.warm_folder)], Settings(db=str(warm_db), batch_size=BATCH_SIZE), warm_store)
        warm_store.close()

    def run_pipeline() -> dict[str, Any]:
        store = Store(str(job.db))
        summary = run_batch([str(job.folder)], Settings(db=str(job.db), batch_size=BATCH_SIZE), store)
        store.close()
        return {"stored": summary.stored, "duplicates": summary.duplicates, "failed": len(summary.failed),
                "mentions": summary.mentions, "claims": summary.claims, "not_extracted": summary.not_extracted}

    return run_pipeline


def worker(job: Job, barrier: Barrier, results: Any) -> None:
    """Child process: warm up, wait for the siblings, run the job timed, report times and peak RSS.

    A cold job waits first and is timed from there, model loading included, as a user's run is."""
    if job.cold:
        barrier.wait()
        started, cpu_started = time.monotonic(), time.process_time()
        run = _prepare(job)
    else:
        run = _prepare(job)
        barrier.wait()
        started, cpu_started = time.monotonic(), time.process_time()
    detail = run()
    ended, cpu = time.monotonic(), time.process_time() - cpu_started
    results.put({"kind": job.kind, "folder": job.folder.name, "start": started, "end": ended, "cpu": cpu,
                 "rss_mb": peak_rss_mb(), **detail})


def run_parallel(jobs: list[Job]) -> list[dict[str, Any]]:
    """Run the jobs in spawned processes started together; return each one's report."""
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(job, barrier, results)) for job in jobs]
    for proc in procs:
        proc.start()
    reports = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
        if proc.exitcode:
            raise RuntimeError(f"benchmark child exited with {proc.exitcode}")
    return reports


# --------------------------------------------------------------------------- the parent: corpus, runs, table
@dataclass(frozen=True)
class Rate:
    """Aggregate throughput of one run over one or more processes."""

    label: str
    docs: int
    words: int
    seconds: float
    reports: list[dict[str, Any]]

    @property
    def docs_per_s(self) -> float:
        """Documents per second, all processes together."""
        return self.docs / self.seconds

    @property
    def words_per_s(self) -> float:
        """Words per second, all processes together."""
        return self.words / self.seconds

    @property
    def cpu_seconds(self) -> float:
        """CPU seconds used by all processes together (robust to other load on the machine)."""
        return sum(r["cpu"] for r in self.reports)


def measure(label: str, jobs: list[Job], docs: int, words: int) -> Rate:
    """Run the jobs together and turn their reports into one aggregate rate (wall time first start → last end)."""
    reports = run_parallel(jobs)
    seconds = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    rate = Rate(label, docs, words, seconds, reports)
    print(f"  {label}: {seconds:.1f} s, {rate.docs_per_s:.1f} docs/s, {rate.cpu_seconds:.1f} cpu s",
          file=sys.stderr, flush=True)
    return rate


def _fresh_db(root: Path, name: str) -> Path:
    """A migrated, empty store file (made here so that children never race on the migration)."""
    from conflictlens.store.db import Store

    path = root / name
    Store(str(path)).close()
    return path


def _ratio_row(label: str, base: Rate, pipe: Rate, target: float | None) -> str:
    ratio = pipe.words_per_s / base.words_per_s
    cpu_ratio = base.cpu_seconds / pipe.cpu_seconds
    verdict = "" if target is None else f"target >= {target}: {'ok' if ratio >= target else 'BELOW TARGET'}"
    return f"{label:<44}{ratio:>10.2f}{'':>12}{'':>9}{cpu_ratio:>9.2f}   {verdict}"


Group = tuple[Rate, Rate, list[Rate]]  # stock nlp.pipe, our nlp.pipe, pipeline runs


def print_table(docs: int, words: int, groups: list[Group]) -> None:
    """The results table: rates, both ratios (against stock spaCy and against ours), peak RSS, corpus size."""
    print(f"\ncorpus: {docs} documents, {words:,} words ({words / docs:.0f} words/doc), batch_size {BATCH_SIZE}")
    print("(docs/s, words/s: wall clock, all processes together; cpu s: CPU time of all processes, so the cpu "
          "ratio\n is spaCy cpu s / pipeline cpu s and does not depend on other load on the machine; 'stock' is "
          "the model as\n shipped, every component and nothing added; 'ours' is get_nlp(); 'cold' runs are timed "
          "from process start)")
    print(f"{'run':<44}{'docs/s':>10}{'words/s':>12}{'secs':>9}{'cpu s':>9}   peak RSS MB per process")
    print("-" * 108)
    for stock, ours, pipes in groups:
        for rate in (stock, ours, *pipes):
            rss = ", ".join(f"{r['rss_mb']:.0f}" for r in sorted(rate.reports, key=lambda r: r["folder"]))
            print(f"{rate.label:<44}{rate.docs_per_s:>10.1f}{rate.words_per_s:>12,.0f}{rate.seconds:>9.1f}"
                  f"{rate.cpu_seconds:>9.1f}   {rss}")
        for pipe in pipes:
            print(_ratio_row(f"ratio {pipe.label[:20]} / stock", stock, pipe, TARGET_RATIO))
            print(_ratio_row(f"ratio {pipe.label[:20]} / ours", ours, pipe, None))
        print("-" * 108)
    peak = max(r["rss_mb"] for stock, ours, pipes in groups for rate in (stock, ours, *pipes) for r in rate.reports)
    print(f"largest peak RSS of any process: {peak:.0f} MB (limit {RSS_LIMIT_MB} MB) "
          f"{'ok' if peak < RSS_LIMIT_MB else 'OVER LIMIT'}")
    for rate in (p for _, _, pipes in groups for p in pipes):
        totals = {k: sum(r[k] for r in rate.reports) for k in ("stored", "duplicates", "failed", "mentions",
                                                                "claims", "not_extracted")}
        print(f"{rate.label}: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


# (label, file path ending, function): where a cProfile'd run spends its time, by stage; indented rows are
# part of the row above them.
STAGES = (
    ("read inputs, build documents", "conflictlens/pipeline.py", "_build"),
    ("spaCy nlp.pipe (all components)", "spacy/language.py", "pipe"),
    ("extraction after spaCy", "extract/document.py", "extract_parsed"),
    ("  claims (regex passes)", "extract/claims.py", "extract_claims"),
    ("  events (triggers, actors, roles)", "extract/events.py", "extract_mentions"),
    ("    casualty figures (regex passes)", "extract/numbers.py", "find_casualties"),
    ("    geo: document context", "geo/resolve.py", "doc_context"),
    ("    geo: resolve places", "geo/resolve.py", "resolve"),
    ("store writes", "conflictlens/pipeline.py", "store_extracted"),
    ("incident merge", "conflictlens/pipeline.py", "update_incidents"),
)


def component_times(nlp: Any, texts: list[str]) -> dict[str, float]:
    """CPU seconds of the tokenizer and of each pipeline component over the texts (one component at a time)."""
    started = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    times = {"tokenizer": time.process_time() - started}
    for name, component in nlp.pipeline:
        started = time.process_time()
        docs = list(component.pipe(docs, batch_size=BATCH_SIZE)) if hasattr(component, "pipe") else \
            [component(doc) for doc in docs]
        times[name] = time.process_time() - started
    return times


def profile_pipeline(folder: Path, warm_folder: Path, db: Path, top: int = 12) -> None:
    """Where the time goes: spaCy per component (stock and ours), then one cProfile'd run by stage."""
    from conflictlens.nlp import get_nlp

    texts, words = _read_texts(folder), count_words(folder)[1]
    print(f"\nspaCy per component, CPU s over {len(texts)} documents ({words:,} words), components run one "
          "after the other")
    for label, nlp in (("stock", _stock_nlp()), ("ours", get_nlp())):
        for _ in nlp.pipe(_read_texts(warm_folder), batch_size=BATCH_SIZE):
            pass
        times = component_times(nlp, texts)
        print(f"  {label:<6} total {sum(times.values()):6.1f} s ({words / sum(times.values()):,.0f} words/cpu s): "
              + ", ".join(f"{name} {secs:.2f}" for name, secs in times.items()))
    run = _prepare(Job("pipeline", folder, warm_folder, db))
    profiler = cProfile.Profile()
    profiler.runcall(run)
    stats = pstats.Stats(profiler)
    entries = stats.stats.items()  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"\nend-to-end run under cProfile, by stage (cumulative s; cProfile slows Python code more than "
          f"compiled code; total {total:.1f} s)")
    for label, path_end, name in STAGES:
        cum = sum(v[3] for (path, _, func), v in entries if func == name and path.endswith(path_end))
        print(f"  {label:<40}{cum:>8.2f}{cum / total:>7.0%}")
    rows = [(key, value) for key, value in entries if not any(lib in key[0] for lib in ("spacy", "thinc"))]
    print(f"\ntop {top} functions outside spacy/thinc by own time")
    print(f"{'cum s':>8}{'own s':>8}{'calls':>10}  function")
    for (path, line, name), (_, calls, own, cum, _) in sorted(rows, key=lambda kv: -kv[1][2])[:top]:
        where = "/".join(Path(path).parts[-3:]) if path != "~" else "builtin"
        print(f"{cum:>8.2f}{own:>8.2f}{calls:>10}  {name} ({where}:{line})")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus (default 2000)")
    parser.add_argument("--words-min", type=int, default=300, help="shortest report, in words")
    parser.add_argument("--words-max", type=int, default=700, help="longest report, in words")
    parser.add_argument("--quick", action="store_true", help="smoke run on 200 documents")
    parser.add_argument("--seed", type=int, default=7, help="seed of the text generator")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also time spaCy's components and cProfile the pipeline on N documents")
    parser.add_argument("--profile-only", action="store_true", help="only the profile (with --profile N)")
    parser.add_argument("--corpus", type=Path, help="time these .txt files instead of the generated reports")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    return parser.parse_args(argv)


def time_all(root: Path, warm: Path, paths: list[Path]) -> None:
    """Every measurement (stock spaCy, ours, the pipeline; warm and cold; 1 and 2 processes), then the table."""
    halves = split_corpus(paths, root / "halves", 2)
    docs, words = count_words(root / "all")
    print(f"corpus of {docs} reports in {root}; timing (each run in fresh spawned processes)...",
          file=sys.stderr, flush=True)
    one, nowhere = [root / "all"], root / "unused.sqlite"

    def run(label: str, kind: str, folders: list[Path], dbs: list[Path] | None = None, cold: bool = False) -> Rate:
        jobs = [Job(kind, f, warm, (dbs or [nowhere] * len(folders))[i], cold) for i, f in enumerate(folders)]
        return measure(label, jobs, docs, words)

    shared = _fresh_db(root, "shared.sqlite")
    groups: list[Group] = [
        (run("stock spaCy nlp.pipe, 1 proc", "stock", one), run("our spaCy nlp.pipe, 1 proc", "spacy", one),
         [run("pipeline, 1 proc", "pipeline", one, [_fresh_db(root, "one.sqlite")])]),
        (run("stock spaCy, cold, 1 proc", "stock", one, cold=True),
         run("our spaCy, cold, 1 proc", "spacy", one, cold=True),
         [run("pipeline, cold, 1 proc", "pipeline", one, [_fresh_db(root, "cold.sqlite")], cold=True)]),
        (run("stock spaCy nlp.pipe, 2 procs", "stock", halves), run("our spaCy nlp.pipe, 2 procs", "spacy", halves),
         [run("pipeline, 2 procs, one shared SQLite", "pipeline", halves, [shared, shared]),
          run("pipeline, 2 procs, own SQLite each", "pipeline", halves,
              [_fresh_db(root, f"own{i}.sqlite") for i in range(2)])]),
    ]
    print_table(docs, words, groups)


def main(argv: list[str] | None = None) -> None:
    """Generate the corpus, run every measurement, print the table."""
    args = parse_args(argv)
    count = 200 if args.quick else args.docs
    from conflictlens.geo.gazetteer import default_index_path, get_gazetteer

    index_before = default_index_path()
    get_gazetteer()  # build the index once, before any timing and before the children start
    root = Path(tempfile.mkdtemp(prefix="conflictlens-throughput-"))
    try:
        if args.corpus:
            paths = sorted(args.corpus.glob("*.txt"))
            (root / "all").mkdir()
            for path in paths:
                shutil.copy(path, root / "all" / path.name)
        else:
            paths = write_corpus(root / "all", count, args.words_min, args.words_max, args.seed)
        warm = root / "warm"
        write_corpus(warm, WARM_DOCS, args.words_min, args.words_max, args.seed + 1000)
        if not args.profile_only:
            time_all(root, warm, paths)
        if args.profile:
            sample = root / "profile"
            write_corpus(sample, args.profile, args.words_min, args.words_max, args.seed + 2000)
            profile_pipeline(root / "all" if args.corpus else sample, warm, _fresh_db(root, "profile.sqlite"))
        if default_index_path() != index_before:
            print("WARNING: the gazetteer index path changed during the run; re-run the benchmark")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
