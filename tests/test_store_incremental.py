"""The store validates a change by reading again only the files it touches (app/filecache.py),
and what it serves is always the graph a plain load of the folder gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import yamlio
from app.filecache import FileCache
from app.problems import DataError
from app.seeds import load_graph
from app.store import Invalid, Store
from tests.conftest import assert_same_graph

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CURATED = "curated/revelation-exclusive.yaml"
DOCUMENTS = "documents.yaml"


@pytest.fixture
def seeds(tmp_path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


def replaced(old: str, new: str, rel: str):
    """A change that replaces the first `old` of file `rel` with `new`."""

    def make(files):
        text = files.read_text(rel)
        assert old in text, (rel, old)
        files.write_text(rel, text.replace(old, new, 1))

    return make


def test_after_every_change_the_graph_served_is_the_plain_load_of_the_folder(seeds):
    store = Store(seeds)
    changes = [
        # one curated file
        ("Relabel", replaced('label: "Case 1: very few', 'label: "Case one: very few', CURATED)),
        # a document's year: the arguments that take their year from it change too
        ("Year", replaced("    year: 2011\n", "    year: 2010\n", DOCUMENTS)),
        # a comment's speaker: the arguments made in it are now someone else's
        (
            "Speaker",
            replaced(
                "        speaker: fred\n        speaker_note: Signed",
                "        speaker: steph\n        speaker_note: Signed",
                DOCUMENTS,
            ),
        ),
        # a person's name only: no argument changes, the name shown does
        ("Name", replaced("name: Hervé Kabla", "name: Hervé K.", DOCUMENTS)),
    ]
    done = []
    for summary, make in changes:
        change = store.change(summary, make)
        assert change.files, summary
        assert_same_graph(change.graph, load_graph(seeds))
        done.append(change)
    assert change.graph.corpus.people["herve-kabla"].name == "Hervé K."

    for change in reversed(done):
        undone = store.restore(f"Undo {change.summary}", change)
        assert_same_graph(undone.graph, load_graph(seeds))
    assert_same_graph(undone.graph, load_graph(SEEDS))


def test_a_change_reads_again_only_the_file_it_touches(seeds, monkeypatch):
    store = Store(seeds, cache=FileCache())  # its own: nothing kept by an earlier run
    store.change("First", replaced('label: "Case 1: very few', 'label: "Case one: very few', CURATED))
    parsed = []
    real_parse = yamlio._parse
    monkeypatch.setattr(yamlio, "_parse", lambda text, shown: parsed.append(shown) or real_parse(text, shown))

    store.change("Second", replaced('label: "Case one: very few', 'label: "Case 1, again: very few', CURATED))

    assert parsed == [f"seeds/{CURATED}"]


def test_a_refused_change_says_what_a_plain_load_of_it_says_and_writes_nothing(seeds, tmp_path):
    store = Store(seeds)
    store.change("Warm", replaced('label: "Case 1: very few', 'label: "Case one: very few', CURATED))
    before = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    unknown_speaker = replaced(
        "        speaker: fred\n        speaker_note: Signed",
        "        speaker: nobody\n        speaker_note: Signed",
        DOCUMENTS,
    )

    with pytest.raises(Invalid) as refused:
        store.change("Break", unknown_speaker)

    assert {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()} == before
    broken = tmp_path / "broken" / "seeds"
    shutil.copytree(seeds, broken)
    (broken / DOCUMENTS).write_text(
        (broken / DOCUMENTS)
        .read_text()
        .replace(
            "        speaker: fred\n        speaker_note: Signed",
            "        speaker: nobody\n        speaker_note: Signed",
            1,
        )
    )
    with pytest.raises(DataError) as plain:
        load_graph(broken)
    assert str(refused.value) == plain.value.report()
    assert "seeds/documents.yaml:" in str(refused.value)


def test_the_reload_the_file_watcher_starts_after_a_change_takes_its_graph(seeds, tmp_path):
    from app import snapshot

    change = Store(seeds).change("Relabel", replaced('label: "Case 1: very few', 'label: "Case one: very few', CURATED))

    assert snapshot.load_graph_cached(seeds, tmp_path / "cache") is change.graph
    assert snapshot.last_load.source == "changed in this process"
    (seeds / CURATED).write_text((seeds / CURATED).read_text().replace("Case one: very few", "Case uno: very few"))
    edited_by_hand = snapshot.load_graph_cached(seeds, tmp_path / "cache")
    assert snapshot.last_load.source == "built"
    assert_same_graph(edited_by_hand, load_graph(seeds))
