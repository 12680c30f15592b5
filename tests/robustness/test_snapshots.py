"""Graph snapshots: the same graph, reused, never stale, never trusted from a shared folder.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

import json
import os
import stat

import pytest

from app import snapshot
from app.problems import DataError
from tests.robustness.corpus import GRAPH, SEEDS


def _node_link(graph) -> str:
    import networkx as nx

    return json.dumps(nx.node_link_data(graph.g, edges="edges"), sort_keys=True, default=str)


def test_snapshot_is_the_same_graph_and_is_reused(tmp_path):
    cache = tmp_path / "cache"
    built = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built"
    again = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "snapshot"
    assert again.version == built.version == GRAPH.version
    assert _node_link(again) == _node_link(GRAPH)
    assert again.by_author == GRAPH.by_author and again.debates == GRAPH.debates
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_snapshot_is_never_stale(seeds_copy, tmp_path):
    cache = tmp_path / "cache"
    first = snapshot.load_graph_cached(seeds_copy, cache)
    some = next(p for p in sorted(seeds_copy.glob("curated/*.yaml")) if "label: " in p.read_text(encoding="utf-8"))
    some.write_text(some.read_text(encoding="utf-8").replace("label: ", "label: Edited ", 1), encoding="utf-8")
    second = snapshot.load_graph_cached(seeds_copy, cache)
    assert snapshot.last_load.source == "built"
    assert second.version != first.version
    assert any(a["label"].startswith("Edited ") for _, a in second.g.nodes(data=True))
    # a broken edit is reported, never hidden behind the last good snapshot
    some.write_text(
        some.read_text(encoding="utf-8") + "\n  - {from: nope, kind: support, to: nada}\n", encoding="utf-8"
    )
    with pytest.raises(DataError):
        snapshot.load_graph_cached(seeds_copy, cache)


def test_corrupt_or_foreign_snapshots_are_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    snapshot.load_graph_cached(SEEDS, cache)
    (path,) = cache.glob("*.pickle")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
    graph = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built" and graph.version == GRAPH.version
    path.write_bytes(snapshot.FORMAT + b"another-key\n" + b"garbage")
    snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_shared_writable_cache_is_not_trusted(tmp_path):
    cache = tmp_path / "shared"
    cache.mkdir()
    cache.chmod(0o777)
    graph = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built (no snapshot)" and graph.version == GRAPH.version
    assert not list(cache.glob("*.pickle"))


def test_a_snapshot_written_behind_is_the_next_start(tmp_path):
    """The server serves a graph built from the files at once and writes its snapshot after."""
    cache = tmp_path / "cache"
    built = snapshot.load_graph_cached(SEEDS, cache, write_behind=True)
    assert snapshot.last_load.source == "built"
    snapshot.wait_for_writes()
    again = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "snapshot"
    assert _node_link(again) == _node_link(built) == _node_link(GRAPH)
