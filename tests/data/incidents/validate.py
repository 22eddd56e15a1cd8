"""Check the incident-merging gold set for internal consistency and print its size."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from pathlib import Path

from conflictlens.model import ATTRIBUTIONS, DATE_PRECISIONS, EVENT_TYPES, TARGET_TYPES

HERE = Path(__file__).parent
# Each gold file with its near-miss pairs and the fields every mention of one incident shares:
# the first set is coded with the incident's true type, day and province in every mention; the
# multi-outlet set codes each mention as its report tells it (its date, type, place and toll),
# so that only the country is shared, and holds wire briefs too (30 words and up).
SETS = {
    "incidents.gold.jsonl": ("near_misses.json", ("event_type", "date_start", "admin1_code"), 60),
    "multi_outlet.gold.jsonl": ("multi_outlet.near_misses.json", ("country",), 30),
}
DOC_KEYS = {"doc_id", "source", "published", "text", "events", "claims"}
EVENT_KEYS = {
    "event_type", "date_start", "date_end", "date_precision", "perpetrator",
    "perpetrator_attribution", "target", "target_type", "location", "admin1", "admin1_code",
    "country", "killed", "killed_low", "wounded", "kidnapped", "evidence", "incident_id",
}


def load_docs(path: Path) -> list[dict]:
    """Read the JSON Lines gold file, one document per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def doc_problems(doc: dict, where: str, min_words: int = 60) -> list[str]:
    """List what is wrong with one document and its events."""
    missing = sorted(DOC_KEYS - doc.keys())
    problems = [f"{where}: missing keys {missing}"] if missing else []
    words = len(doc["text"].split())
    if not min_words <= words <= 200:
        problems.append(f"{where}: text has {words} words, expected {min_words}-200")
    published = dt.date.fromisoformat(doc["published"])
    for i, event in enumerate(doc["events"]):
        problems += event_problems(event, doc["text"], published, f"{where}:event {i}")
    return problems


def event_problems(event: dict, text: str, published: dt.date, where: str) -> list[str]:
    """List what is wrong with one event of a document."""
    missing = sorted(EVENT_KEYS - event.keys())
    problems = [f"{where}: missing keys {missing}"] if missing else []
    checks = [
        (event["event_type"] in EVENT_TYPES, "unknown event_type"),
        (event["target_type"] in TARGET_TYPES, "unknown target_type"),
        (event["perpetrator_attribution"] in ATTRIBUTIONS, "unknown attribution"),
        (event["date_precision"] in DATE_PRECISIONS, "unknown date_precision"),
        (event["admin1_code"].startswith(event["country"] + "-"), "admin1_code not in country"),
        (bool(event["evidence"]), "no evidence"),
    ]
    problems += [f"{where}: {message}" for ok, message in checks if not ok]
    start = dt.date.fromisoformat(event["date_start"])
    end = dt.date.fromisoformat(event["date_end"])
    if not start <= end <= published:
        problems.append(f"{where}: dates {start}..{end} not ordered or after published {published}")
    problems += [f"{where}: evidence not in text: {sentence[:60]!r}"
                 for sentence in event["evidence"] if sentence not in text]
    return problems


def tellers(docs: list[dict]) -> dict[str, set[str]]:
    """Map each incident id to the ids of the documents that tell it."""
    told: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for event in doc["events"]:
            told[event["incident_id"]].add(doc["doc_id"])
    return told


def incident_problems(docs: list[dict], near_miss_ids: set[str], shared: tuple[str, ...]) -> list[str]:
    """Check that each incident is told by two documents (near misses excepted) consistently."""
    values: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for doc in docs:
        for event in doc["events"]:
            for key in shared:
                values[event["incident_id"]][key].add(event[key])
    problems = [f"{inc}: told by only {sorted(ids)}" for inc, ids in tellers(docs).items()
                if len(ids) < 2 and inc not in near_miss_ids]
    problems += [f"{inc}: {key} differs between mentions: {sorted(map(str, vals))}"
                 for inc, by_key in values.items() for key, vals in by_key.items() if len(vals) > 1]
    return problems


def main() -> int:
    """Validate every gold set, print their counts and any problems; exit 1 on problems."""
    return max(check(HERE / name, HERE / near, shared, least) for name, (near, shared, least) in SETS.items())


def check(gold: Path, near_misses: Path, shared: tuple[str, ...], min_words: int) -> int:
    """Validate one gold set, print its counts and any problems; 1 on problems."""
    docs = load_docs(gold)
    pairs = json.loads(near_misses.read_text(encoding="utf-8"))["pairs"]
    near_miss_ids = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    problems = [p for i, doc in enumerate(docs, 1) for p in doc_problems(doc, f"{gold.name}:{i}", min_words)]
    problems += incident_problems(docs, near_miss_ids, shared)
    incidents = {e["incident_id"] for d in docs for e in d["events"]}
    problems += [f"near miss {i} has no mention" for i in sorted(near_miss_ids - incidents)]
    ids = [d["doc_id"] for d in docs]
    problems += [f"duplicate doc_id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    multi = sum(1 for d in docs if len({e["incident_id"] for e in d["events"]}) > 1)
    singletons = sum(1 for told in tellers(docs).values() if len(told) == 1)
    print(f"{gold.name}: documents {len(docs)}, events {sum(len(d['events']) for d in docs)}, "
          f"incidents {len(incidents)} ({len(incidents) - singletons} told by >= 2 documents, "
          f"{singletons} near-miss singletons), near-miss pairs {len(pairs)}, "
          f"documents telling two incidents {multi}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
