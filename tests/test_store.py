"""The store: the one writer of the seeds folder (app/store.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import store as store_module
from app.store import JOURNAL, Conflict, Invalid, Store, recover

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CURATED = "curated/revelation-exclusive.yaml"


@pytest.fixture
def seeds(tmp_path) -> Path:
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    return copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def relabelled(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_valid_change_is_written_and_returns_the_new_graph(seeds):
    store = Store(seeds)
    old = 'label: "A cited article lists five cases where brands should avoid social media"'
    new = 'label: "A cited article lists five cases to stay away from social media"'

    change = store.change("Relabel", lambda f: f.write_text(CURATED, relabelled(f.read_text(CURATED), old, new)))

    assert new in (seeds / CURATED).read_text()
    assert change.files == [CURATED]
    assert old in change.before[CURATED].decode() and new in change.after[CURATED].decode()
    label = change.graph.g.nodes["five-cases-to-avoid-social-media"]["label"]
    assert label == "A cited article lists five cases to stay away from social media"


def test_a_change_the_loader_refuses_writes_nothing_and_says_why(seeds):
    store = Store(seeds)
    before = snapshot(seeds)

    def break_a_quote(files):
        text = files.read_text(CURATED)
        files.write_text(CURATED, relabelled(text, "L’auteur y a ainsi listé 5 cas", "Nowhere in the text"))

    with pytest.raises(Invalid) as refused:
        store.change("Break", break_a_quote)
    assert "seeds/curated/revelation-exclusive.yaml" in str(refused.value)
    assert "not found" in str(refused.value)
    assert snapshot(seeds) == before


def test_an_exception_while_making_the_change_writes_nothing(seeds):
    store = Store(seeds)
    before = snapshot(seeds)

    def half_then_fail(files):
        files.write_text(CURATED, "arguments: []\n")
        raise Conflict("changed meanwhile")

    with pytest.raises(Conflict):
        store.change("Half", half_then_fail)
    assert snapshot(seeds) == before


def test_a_crash_before_the_journal_leaves_the_previous_files(seeds, monkeypatch):
    store = Store(seeds)
    before = snapshot(seeds)

    def crash(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store_module, "_write_atomically", crash)
    with pytest.raises(OSError):
        store.change("Crash", lambda f: f.write_text(CURATED, f.read_text(CURATED) + "# more\n"))
    assert snapshot(seeds) == before


def test_a_crash_after_the_journal_is_completed_on_the_next_start(seeds, monkeypatch):
    store = Store(seeds)
    text = (seeds / CURATED).read_text() + "# a note\n"
    monkeypatch.setattr(store_module, "recover", lambda _dir: None)  # the process dies here
    store.change("Note", lambda f: f.write_text(CURATED, text))
    assert (seeds / JOURNAL).exists() and (seeds / CURATED).read_text() != text
    monkeypatch.undo()

    recover(seeds)  # what Store() does on start

    assert (seeds / CURATED).read_text() == text
    assert not (seeds / JOURNAL).exists()
    assert not list(seeds.rglob("*.tmp"))


def test_restore_undoes_a_change_unless_its_files_changed_since(seeds):
    store = Store(seeds)
    original = (seeds / CURATED).read_bytes()
    first = store.change("Note", lambda f: f.write_text(CURATED, original.decode() + "# one\n"))

    store.restore("Undo note", first)
    assert (seeds / CURATED).read_bytes() == original

    second = store.change("Note", lambda f: f.write_text(CURATED, original.decode() + "# two\n"))
    store.change("Later", lambda f: f.write_text(CURATED, original.decode() + "# three\n"))
    with pytest.raises(Conflict):
        store.restore("Undo", second)


def test_paths_outside_the_seeds_folder_are_refused(seeds):
    store = Store(seeds)
    for bad in ("../outside.yaml", "/etc/passwd", "curated/../../x", ".argmap-commit.json"):
        with pytest.raises(ValueError):
            store.change("Escape", lambda f, bad=bad: f.write_text(bad, "x"))
