"""The distributed engine: `argmap extract` over many documents on Dask (`dask.distributed`).

The map step (stages 1–3: parse, units, relations within a document, `pipeline.extract_part`)
runs on the workers, one task per partition of `PARTITION` documents in corpus order; the
reduce step (stage 4, relations across documents, and the records) runs on the client over
the partitions' results gathered in corpus order. Partitions never depend on the number of
workers, and every stage is deterministic, so the output is byte for byte the same with one
worker, two, or a whole cluster.

`run(corpus, workers=N)` starts a local cluster (one single-threaded worker process per core
by default, each loading the spaCy model once); `run(corpus, scheduler=ADDRESS)` uses an
existing cluster, whose workers must have Argmap and the `nlp` extra installed.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from app.records import Corpus

PARTITION = 16  # documents per task: big enough to amortise a task, small enough to spread a corpus


class EngineError(Exception):
    """The cluster cannot be reached or started."""


def partitions(document_ids: list[str], size: int = PARTITION) -> list[list[str]]:
    """Consecutive slices of the corpus order; the same whatever the cluster."""
    return [document_ids[k : k + size] for k in range(0, len(document_ids), size)]


def _map_partition(corpus: Corpus, document_ids: list[str], held_out: bool):
    """The map step on a worker: stages 1–3 on some documents (model loaded once per process)."""
    from app.extract.pipeline import extract_part, load_model

    return extract_part(corpus, document_ids, load_model(), held_out=held_out)


@contextmanager
def client_for(workers: int | None = None, scheduler: str | None = None) -> Iterator:
    """A Dask client: on the cluster at `scheduler`, else on a local cluster of `workers`
    single-threaded processes (default: one per core) that import this same code."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EngineError("dask.distributed is not installed: install the 'nlp' extra (make setup)") from exc
    if scheduler:
        try:
            client = Client(scheduler, timeout="5s")
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        with client:
            yield client
        return
    root = str(Path(__file__).resolve().parent.parent.parent)
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env={"PYTHONPATH": path},
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run(
    corpus: Corpus,
    workers: int | None = None,
    scheduler: str | None = None,
    held_out: bool = False,
    partition: int = PARTITION,
):
    """The whole pipeline over `corpus` on Dask; the same `Extraction` as `pipeline.extract_corpus`."""
    from app.extract.pipeline import reduce_parts

    with client_for(workers, scheduler) as client:
        shared = client.scatter(corpus, broadcast=True)
        futures = [
            client.submit(_map_partition, shared, part, held_out, pure=False)
            for part in partitions(list(corpus.documents), partition)
        ]
        parts = client.gather(futures)
    return reduce_parts(corpus, parts)
