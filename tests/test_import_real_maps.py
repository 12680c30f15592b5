"""Maps made by other tools import as they are found in the wild (OVA3's xAIF, DialAM-style
dialogue maps, speakers named in locutions); hostile AIF gets a clear error; what cannot be
imported is left out and listed, or, with --strict, refuses the whole file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app import cli
from app.formats import aif
from app.formats.reading import Notes
from app.imported import import_map, load_imported
from app.problems import DataError
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def refusal(text: str, notes: Notes | None = None) -> str:
    with pytest.raises(DataError) as caught:
        aif.read(text, "map.json", notes)
    return caught.value.report()


# ---------------------------------------------------------------- hostile AIF


@pytest.mark.parametrize(
    "name, says",
    [
        ("aif-type-list.json", "node '1' has unknown type ['I']"),
        ("aif-nodeid-list.json", 'node #1: its nodeID must be a string or a whole number, not ["1"]'),
        ("aif-nodeid-bool.json", "node #1: its nodeID must be a string or a whole number, not true"),
    ],
)
def test_hostile_aif_gets_a_clear_error_even_when_lenient(name, says):
    assert says in refusal((HOSTILE / name).read_text(), Notes(strict=False))


@pytest.mark.parametrize("depth", [100, 100_000])
def test_deeply_nested_json_is_refused_without_a_recursion_error(depth):
    text = '{"nodes": [], "edges": [], "x": ' + "[" * depth + "]" * depth + "}"
    assert "nested" in refusal(text)


def test_an_edge_id_that_is_an_object_is_refused():
    text = json.dumps(
        {
            "nodes": [{"nodeID": "1", "type": "I", "text": "a"}],
            "edges": [{"edgeID": "e", "fromID": {"x": 1}, "toID": "1"}],
        }
    )
    assert "edge 'e': fromID must be a string or a whole number" in refusal(text)


def test_a_sadface_file_is_named_as_such():
    assert "this is SADFace, not AIF" in refusal((FIXTURES / "sadface.json").read_text())


def test_the_command_line_refuses_hostile_aif_with_exit_1_and_no_traceback(tmp_path, capsys):
    code = cli.main(["--seeds", str(tmp_path), "import", "--format", "aif", str(HOSTILE / "aif-type-list.json")])
    err = capsys.readouterr().err
    assert code == 1 and "unknown type ['I']" in err and "Traceback" not in err


# ---------------------------------------------------------------- AIF in the wild


def test_an_ova3_xaif_file_imports_its_inner_map_with_speakers_named():
    arguments, relations = aif.read((FIXTURES / "ova3-xaif.json").read_text())
    said = {a.quote: a.speaker for a in arguments}
    assert said == {
        "Brands have to be on social networks.": "Anna Martin",
        "their customers are already there.": "Bob Leroy",
    }
    assert [(r.source, r.kind, r.target) for r in relations] == [
        ("their-customers-are-already-there", "support", "brands-have-to-be-on-social-networks")
    ]


def test_a_dialogue_map_takes_speakers_from_its_locutions_not_numeric_ids():
    notes = Notes(strict=False)
    arguments, _ = aif.read((FIXTURES / "dialam-l-premise.json").read_text(), "dialam.json", notes)
    assert {(a.quote, a.speaker) for a in arguments} == {
        ("we need more nurses", "Fiona Bruce"),
        ("wards are closing for lack of staff", "Ian Blackford"),
        ("training takes years", "Fiona Bruce"),
    }


def test_a_dialogue_map_imports_what_is_sound_and_lists_each_part_left_out():
    notes = Notes(strict=False)
    arguments, relations = aif.read((FIXTURES / "dialam-l-premise.json").read_text(), "dialam.json", notes)
    assert {(r.source, r.kind, r.target) for r in relations} == {
        ("wards-are-closing-for-lack-of-staff", "support", "we-need-more-nurses"),
        ("training-takes-years", "attack", "we-need-more-nurses"),
    }
    assert notes.left_out == ["RA-node '733': premise '730' is an L-node", "RA-node '733' has no premise"]


def test_strict_refuses_the_whole_dialogue_map_on_its_first_unsound_part():
    assert "RA-node '733': premise '730' is an L-node" in refusal(
        (FIXTURES / "dialam-l-premise.json").read_text(), Notes(strict=True)
    )


def test_a_duplicate_relation_in_a_source_map_gives_a_warning():
    notes = Notes(strict=False)
    aif.read((FIXTURES / "dialam-l-premise.json").read_text(), "dialam.json", notes)
    assert notes.warnings == ["duplicate relation training-takes-years attack we-need-more-nurses: kept once"]


def test_the_import_command_lists_what_it_left_out_on_stderr_and_in_its_summary(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for part in ("documents", "curated"):
        os.symlink(SEEDS / part, seeds / part)
    os.symlink(SEEDS / "documents.yaml", seeds / "documents.yaml")
    code = cli.main(["--seeds", str(seeds), "import", "--format", "aif", str(FIXTURES / "dialam-l-premise.json")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "left out: RA-node '733': premise '730' is an L-node" in err
    assert "left out: RA-node '733' has no premise" in err
    assert "warning: duplicate relation" in err
    assert "imported 3 arguments" in out and "2 parts left out" in out
    head = load_imported(seeds).documents["imported-dialam-l-premise"]
    assert head.title == "Imported map: dialam-l-premise.json"

    code = cli.main(
        ["--seeds", str(seeds), "import", "--strict", "--format", "aif", str(FIXTURES / "dialam-l-premise.json")]
    )
    assert code == 1  # refused: strict, and the name is taken anyway
    assert sorted(p.name for p in (seeds / "imported").iterdir()) == ["dialam-l-premise.yaml"]


# ---------------------------------------------------------------- imported people and files


def test_imported_people_belong_to_their_map_not_to_the_curated_authors(tmp_path):
    target, _ = import_map("aif", FIXTURES / "aifdb-linked-undercut.json", tmp_path)
    people = load_imported(tmp_path).people
    assert people["aifdb-linked-undercut-steph"].name == "Steph"
    assert "steph" not in people  # the curated author stays the curated author's alone
    arguments = load_imported(tmp_path).map.arguments
    assert {a.speaker for a in arguments if a.speaker} == {"aifdb-linked-undercut-steph", "aifdb-linked-undercut-fred"}


def test_an_imported_map_file_follows_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        target, _ = import_map("argdown", FIXTURES / "debate.argdown", tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
