"""Scaling benchmark: the same reports on a Dask LocalCluster of 1 and 2 workers, the local run, and nlp.pipe."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import count_words, write_corpus  # the same report grammar as throughput.py

EFFICIENCY_TARGET = 0.8  # 2-worker rate / (2 x 1-worker rate)
ONE_WORKER_TARGET = 0.9  # 1-worker Dask rate / local run rate
SHARD_SIZE = 32


def _load() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_spacy(texts: list[str]) -> float:
    """Seconds the stock en_core_web_sm (every component, nothing added) takes to pipe the texts."""
    import spacy

    from conflictlens.nlp import MODEL_NAMES

    nlp = spacy.load(MODEL_NAMES[0])
    list(nlp.pipe(texts[:32]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - started


def time_local(folder: Path, db: Path) -> float:
    """Seconds of the local run (run_batch, incident merge included) after the model and gazetteer load."""
    from conflictlens.config import Settings
    from conflictlens.geo.gazetteer import get_gazetteer
    from conflictlens.nlp import get_nlp
    from conflictlens.pipeline import run_batch
    from conflictlens.store.db import Store

    get_gazetteer()
    get_nlp()
    store = Store(str(db))
    started = time.perf_counter()
    run_batch([str(folder)], Settings(db=str(db)), store)
    return time.perf_counter() - started


def time_dask(folder: Path, db: Path, staging: Path, workers: int) -> tuple[float, list[float]]:
    """Seconds of a Dask run on a LocalCluster of ``workers`` processes (after they load), and each one's peak MB."""
    from conflictlens.config import Settings
    from conflictlens.scale.dask_runner import PipelinePlugin, cluster_client, run_distributed
    from conflictlens.store.db import Store

    store = Store(str(db))
    with cluster_client(None, workers) as client:
        client.register_plugin(PipelinePlugin())
        started = time.perf_counter()
        run_distributed([str(folder)], Settings(db=str(db)), store, str(staging), client, shard_size=SHARD_SIZE)
        seconds = time.perf_counter() - started
        peaks = sorted(client.run(_peak_rss_mb).values())
    return seconds, peaks


def main(argv: list[str] | None = None) -> None:
    """Generate the corpus, time every runner on it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=2000, help="reports in the corpus (default 2000)")
    parser.add_argument("--words-min", type=int, default=300)
    parser.add_argument("--words-max", type=int, default=700)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")
    from conflictlens.geo.gazetteer import get_gazetteer

    get_gazetteer()  # build the index once, before any timing
    root = Path(tempfile.mkdtemp(prefix="conflictlens-scaling-"))
    try:
        write_corpus(root / "all", args.docs, args.words_min, args.words_max, args.seed)
        docs, words = count_words(root / "all")
        texts = [p.read_text(encoding="utf-8") for p in sorted((root / "all").glob("*.txt"))]
        print(f"{docs} reports, {words} words; load average before: {_load()} on {os.cpu_count()} cores",
              flush=True)
        rows = [("spaCy nlp.pipe (stock model), 1 proc", time_spacy(texts), [])]
        rows.append(("local run (run_batch), 1 proc", time_local(root / "all", root / "local.sqlite"), []))
        for n in (1, 2):
            seconds, peaks = time_dask(root / "all", root / f"dask{n}.sqlite", root / f"staging{n}", n)
            rows.append((f"Dask LocalCluster, {n} worker(s)", seconds, peaks))
        print(f"{'runner':40} {'seconds':>8} {'docs/s':>8} {'words/s':>9}  peak MB per worker")
        for label, seconds, peaks in rows:
            print(f"{label:40} {seconds:8.1f} {docs / seconds:8.2f} {words / seconds:9.0f}  "
                  + (", ".join(f"{p:.0f}" for p in peaks) or "-"))
        rate = {label: docs / seconds for label, seconds, _ in rows}
        one, two = rate["Dask LocalCluster, 1 worker(s)"], rate["Dask LocalCluster, 2 worker(s)"]
        local = rate["local run (run_batch), 1 proc"]
        print(f"scaling efficiency (2-worker / (2 x 1-worker)): {two / (2 * one):.2f} (target >= {EFFICIENCY_TARGET})")
        print(f"1-worker Dask / local run: {one / local:.2f} (target >= {ONE_WORKER_TARGET})")
        print(f"local run / stock nlp.pipe: {local / rate['spaCy nlp.pipe (stock model), 1 proc']:.2f}")
        print(f"load average after: {_load()} (1, 5, 15 min)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
