"""Graph snapshots: the same graph, reused, never stale, never trusted from a shared folder.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

import json
import os
import shutil
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


def test_a_start_from_the_snapshot_reads_no_input_file_unless_one_changed(tmp_path, monkeypatch):
    from app import seeds
    from tests.conftest import SEEDS as REAL_SEEDS

    seeds_copy = tmp_path / "seeds"
    shutil.copytree(REAL_SEEDS, seeds_copy)
    monkeypatch.setattr(seeds, "RACY_NS", 0)  # files just copied count as settled
    cache = tmp_path / "cache"
    snapshot.load_graph_cached(seeds_copy, cache)
    hashed = []
    real_version = snapshot.corpus_version
    monkeypatch.setattr(snapshot, "corpus_version", lambda folder: hashed.append(folder) or real_version(folder))

    snapshot.load_graph_cached(seeds_copy, cache)
    assert snapshot.last_load.source == "snapshot" and hashed == []

    # rewritten with the same size and modification time: still noticed
    some = seeds_copy / "curated" / "revelation-exclusive.yaml"
    before = os.stat(some)
    some.write_bytes(some.read_bytes().replace(b'label: "A cited article', b'label: "B cited article', 1))
    os.utime(some, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (os.stat(some).st_size, os.stat(some).st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    graph = snapshot.load_graph_cached(seeds_copy, cache)
    assert snapshot.last_load.source == "built"
    assert graph.g.nodes["five-cases-to-avoid-social-media"]["label"].startswith("B cited article")
