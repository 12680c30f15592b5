"""The first start after a data change reads and validates again only the files that
changed, and the graph it builds is the one a plain load of the files gives, field for
field.

Bounded: two synthetic corpora (1k and 10k arguments), one edit each, no network.
"""

from __future__ import annotations

import pytest

from app import snapshot, yamlio
from app.seeds import load_graph
from tests.conftest import assert_same_graph
from tests.robustness.corpus import synthetic


def _edit_one_label(seeds) -> str:
    path = sorted((seeds / "curated").glob("doc-*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('label: "', 'label: "Edited: ', 1), encoding="utf-8")
    return path.name


@pytest.mark.parametrize("size", [1000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_a_build_after_an_edit_is_the_plain_load(size, tmp_path, monkeypatch):
    seeds, cache = tmp_path / "seeds", tmp_path / "cache"
    synthetic.generate(size, seeds, seed=3)
    synthetic.write_imported_map(seeds, 40)
    first = snapshot.load_graph_cached(seeds, cache)
    assert snapshot.last_load.source == "built"
    assert_same_graph(first, load_graph(seeds))

    edited = _edit_one_label(seeds)
    parsed = []
    real_parse = yamlio._parse
    monkeypatch.setattr(yamlio, "_parse", lambda text, shown_as: parsed.append(shown_as) or real_parse(text, shown_as))
    snapshot.file_cache(cache).forget()  # as a new process starts: the kept records on disk only
    after = snapshot.load_graph_cached(seeds, cache)
    assert snapshot.last_load.source == "built"
    assert parsed == [f"seeds/curated/{edited}"]  # every other file's records were kept
    assert after.version != first.version
    assert any(label.startswith("Edited: ") for _, label in after.g.nodes(data="label"))
    monkeypatch.undo()
    assert_same_graph(after, load_graph(seeds))


def test_damaged_kept_records_are_read_again_from_the_files(tmp_path):
    seeds, cache = tmp_path / "seeds", tmp_path / "cache"
    synthetic.generate(60, seeds, seed=5)
    snapshot.load_graph_cached(seeds, cache)
    damaged = list((cache / "units").glob("*.pickle"))
    assert damaged
    for path in damaged:
        path.write_bytes(b"not a pickle")
    snapshot.file_cache(cache).forget()  # as a new process finds them: on disk only
    _edit_one_label(seeds)
    assert_same_graph(snapshot.load_graph_cached(seeds, cache), load_graph(seeds))
