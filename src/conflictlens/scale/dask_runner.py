"""The Dask runner: shards of inputs run on a cluster's workers, staged as Parquet, loaded in order, merged once."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from ..config import Settings
from ..errors import ConfigError
from ..pipeline import BatchSummary, Extractor, input_errors, inputs_of, store_extracted, update_incidents
from ..store.db import Store
from .shards import DEFAULT_SHARD_SIZE, Shard, make_shards, run_shard
from .staging import read_shard


@dataclass(frozen=True)
class ShardProgress:
    """Where a distributed run stands: shards and documents loaded, and the rate so far."""

    shards_done: int
    documents: int
    elapsed: float

    @property
    def docs_per_second(self) -> float:
        """Inputs loaded per second since the run began."""
        return self.documents / self.elapsed if self.elapsed > 0 else 0.0


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline, the rules and the gazetteer once per worker process, before any shard."""

    name = "conflictlens-pipeline"

    def __init__(self, actors: str = "") -> None:
        self.actors = actors

    def setup(self, worker: Any) -> None:
        """Warm the process-wide caches the extract stage reads."""
        from pathlib import Path

        from ..extract.document import load_rules
        from ..geo.gazetteer import get_gazetteer
        from ..nlp import get_nlp

        get_nlp()
        get_gazetteer()
        load_rules(Path(self.actors) if self.actors else None)


@contextmanager
def cluster_client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at this address, or of a LocalCluster of ``workers`` processes."""
    if scheduler:
        try:
            client = Client(scheduler, timeout=30)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from exc
        with client:
            yield client
        return
    cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    with cluster, Client(cluster) as client:
        yield client


def _absorb(summary: BatchSummary, manifest: dict[str, Any]) -> None:
    summary.duplicates += manifest["duplicates"]
    summary.failed.extend((name, reason) for name, reason in manifest["failed"])


def run_distributed(
    targets: Sequence[str],
    settings: Settings,
    store: Store,
    staging: str,
    client: Client,
    published: dt.date | None = None,
    source: str | None = None,
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: Callable[[ShardProgress], None] | None = None,
    extractor: Extractor | None = None,
    allow_private: bool = False,
) -> BatchSummary:
    """Ingest the targets on the cluster: shards staged by the workers, loaded in input order, merged once."""
    client.register_plugin(PipelinePlugin(settings.actors))
    summary = BatchSummary()
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    shards = make_shards(input_errors(inputs_of(targets, settings, allow_private), summary), shard_size)
    started = time.monotonic()
    running = as_completed()
    finished: dict[int, tuple[Shard, dict[str, Any]]] = {}
    by_future: dict[Any, Shard] = {}
    next_index, loaded, documents = 0, 0, 0

    def submit_next() -> bool:
        shard = next(shards, None)
        if shard is None:
            return False
        future = client.submit(run_shard, shard, staging, settings, published, source, extractor,
                               key=f"shard-{shard.index}-{shard.shard_id}", pure=False)
        by_future[future] = shard
        running.add(future)
        return True

    while len(by_future) < window and submit_next():
        pass
    for future in running:
        shard = by_future.pop(future)
        finished[shard.index] = (shard, future.result())
        future.release()
        submit_next()
        while next_index in finished:
            done, manifest = finished.pop(next_index)
            _absorb(summary, manifest)
            store_extracted(read_shard(staging, done.shard_id), store, summary)
            next_index, loaded, documents = next_index + 1, loaded + 1, documents + manifest["inputs"]
            if progress:
                progress(ShardProgress(loaded, documents, time.monotonic() - started))
    update_incidents(store)
    return summary
