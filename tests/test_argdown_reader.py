"""Argdown as people write it: hard-wrapped text, comments on their own line, multi-line
inference rules, relations under a numbered premise, undercuts of plain arguments; counted
as the reference parser (@argdown/core, run by node) counts them, and a round trip
Argmap → Argdown → Argmap keeps every argument, relation and the title."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from app.formats import Context, argdown
from app.formats.reading import Notes
from app.imported import import_map, load_imported
from tests.conftest import ROOT

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "argdown").glob("*.argdown"))
REFERENCE = Path(__file__).parent / "argdown" / "reference_counts.mjs"


def read(name: str):
    path = next(p for p in FIXTURES if p.name == name)
    return argdown.read(path.read_text(encoding="utf-8"), name)


def relations_of(relations) -> set[tuple[str, str, str]]:
    return {(r.source, r.kind, r.undercuts or r.target) for r in relations}


# ---------------------------------------------------------------- each construct


def test_a_hard_wrapped_statement_is_one_statement_and_a_continuation_line_is_never_an_argument():
    arguments, relations = read("hard-wrapped.argdown")
    by_id = {a.id: a for a in arguments}
    assert by_id["a"].label == "Claim A that is long."
    assert "long" not in by_id and not any(a.label == "long." for a in arguments)
    assert ("b", "support", "a") in relations_of(relations)
    assert by_id["presence"].label == (
        "Brands must be present on social media, since that is where their customers talk about them every day."
    )
    assert relations_of(relations) >= {
        ("talk", "support", "presence"),
        ("few", "attack", "talk"),
        ("cost", "attack", "presence"),
    }
    prose = "Plain prose that is not titled still makes one statement, over two lines."
    assert prose in {
        s.text
        for s in argdown.read_model(
            next(p for p in FIXTURES if p.name == "hard-wrapped.argdown").read_text(), "x"
        ).statements.values()
    }
    assert prose not in {a.label for a in arguments}  # prose around the map is no argument


def test_comments_on_their_own_line_keep_the_relation_tree():
    arguments, relations = read("comments.argdown")
    assert relations_of(relations) == {
        ("talk", "support", "presence"),
        ("roi", "attack", "presence"),
        ("image", "attack", "roi"),
    }
    image = next(a for a in arguments if a.id == "image")
    assert "https://example.org/roi" in image.label  # the // of a URL is not a comment


def test_multi_line_inference_rules_and_relations_under_a_numbered_premise():
    _, relations = read("inference-rules.argdown")
    assert relations_of(relations) == {
        ("customers", "support", "presence"),
        ("follow", "support", "presence"),
        ("surveys", "support", "customers"),  # indented under premise (1)
        ("money", "support", "expense"),
        ("expense", "support", "not-free"),
        ("not-free", "attack", "presence"),
        ("undercutter", "undercut", "customers->presence"),
        ("undercutter", "undercut", "follow->presence"),
    }


def test_an_undercut_of_a_plain_argument_undercuts_what_it_supports():
    _, relations = read("argument-map.argdown")
    assert relations_of(relations) == {
        ("analogy", "support", "presence"),
        ("poor-analogy", "undercut", "analogy->presence"),
        ("cost", "attack", "presence"),
        ("absent", "attack", "presence"),
        ("presence", "attack", "absent"),
    }


def test_an_undercut_of_nothing_is_left_out_when_lenient():
    notes = Notes(strict=False)
    arguments, relations = argdown.read("[a]: A\n  <_ [b]: B\n", "map.argdown", notes)
    assert len(arguments) == 2 and relations == ()
    assert notes.left_out == ["line 2: undercut of [a], which is not an inference"]


def test_the_document_title_is_kept_by_the_import(tmp_path):
    source = tmp_path / "map.argdown"
    shutil.copy(next(p for p in FIXTURES if p.name == "hard-wrapped.argdown"), source)
    import_map("argdown", source, tmp_path)
    (document,) = load_imported(tmp_path).documents.values()
    assert document.title == "Should brands be on social media?"


# ---------------------------------------------------------------- the reference parser


def reference_counts(paths: list[Path]) -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    done = subprocess.run(
        ["node", str(REFERENCE), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def our_counts(text: str) -> dict:
    """Our reading, counted as @argdown/core counts: relations stated in the text (an argument
    restating its own conclusion is none); a contradiction (><) is two attacks."""
    model = argdown.read_model(text, "counted")
    kinds = Counter(kind for _, kind, _, _, _ in model.relations)
    return {"statements": len(model.statements), "arguments": len(model.arguments), **kinds}


def as_ours(reference: dict) -> dict:
    r = Counter(reference["relations"])
    kinds = Counter(
        {
            "support": r["support"] + r["entails"],
            "attack": r["attack"] + r["contrary"] + 2 * r["contradictory"],
            "undercut": r["undercut"],
        }
    )
    return {"statements": reference["statements"], "arguments": reference["arguments"], **+kinds}


def test_our_counts_match_the_reference_parser_on_argdown_of_several_styles():
    reference = reference_counts(FIXTURES)
    for path in FIXTURES:
        found = reference[str(path)]
        assert found["errors"] == 0, path.name
        assert our_counts(path.read_text(encoding="utf-8")) == as_ours(found), path.name
        notes = Notes()
        argdown.read(path.read_text(encoding="utf-8"), path.name, notes)
        assert notes.title == found["title"], path.name


def test_our_argdown_export_parses_without_error_and_counts_alike_in_the_reference_parser(seed_graph, tmp_path):
    debate = seed_graph.debates[0]
    path = tmp_path / "seeds.argdown"
    path.write_text(argdown.write(seed_graph.g, Context(title=debate.title)), encoding="utf-8")
    found = reference_counts([path])[str(path)]
    assert found["errors"] == 0
    assert found["title"] == debate.title
    assert found["statements"] == seed_graph.g.number_of_nodes()
    assert our_counts(path.read_text(encoding="utf-8")) == as_ours(found)


def test_a_round_trip_keeps_every_argument_relation_and_the_title(seed_graph):
    debate = seed_graph.debates[0]
    notes = Notes()
    text = argdown.write(seed_graph.g, Context(title=debate.title))
    arguments, relations = argdown.read(text, "seeds.argdown", notes)
    g = seed_graph.g
    assert {a.id for a in arguments} == set(g.nodes)
    assert relations_of(relations) == {
        (u, attrs["kind"], attrs.get("undercuts") or v)
        for u, v, attrs in g.edges(data=True)
        if attrs["kind"] != "same_as"
    }
    assert notes.title == debate.title
