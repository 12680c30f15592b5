"""Imports: AIF JSON and Argdown maps → Argmap records → seeds/imported/<name>.yaml.

Real-world shapes (linked premises, undercuts of inferences, locutions,
cycles, argument reconstructions, comments) are read; anything malformed is a
DataError whose message names the problem, never a raw exception.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.corpus import load_corpus
from app.curation import load_curated
from app.formats import aif, argdown
from app.graph import build_graph
from app.imported import import_map, load_imported, merge_imported
from app.problems import DataError
from tests.conftest import SEEDS
from tests.fixtures.interchange.maps import make_graph

FIXTURES = Path(__file__).parent / "fixtures" / "interchange"


def relations_of(rels):
    return {(r.source, r.kind, r.undercuts or r.target) for r in rels}


# ---------------------------------------------------------------- AIF


def test_aifdb_map_with_linked_premises_locutions_and_an_undercut():
    arguments, relations = aif.read((FIXTURES / "aifdb-linked-undercut.json").read_text())
    by_id = {a.id: a for a in arguments}
    claim, talk, answer = (
        "brands-must-be-on-social-media",
        "customers-talk-about-brands-there",
        "brands-can-answer-them-there",
    )
    roi, image = "the-return-cannot-be-measured", "image-is-not-measured-in-sales"
    assert set(by_id) == {claim, talk, answer, roi, image}
    # the quote is the locution, without its "Speaker : " prefix; the speaker is the participant
    assert (by_id[roi].quote, by_id[roi].speaker) == ("le ROI n'est pas mesurable", "Steph")
    assert (by_id[claim].quote, by_id[claim].speaker) == ("Brands must be on social media", None)
    assert all(a.origin == "curated" for a in arguments)
    assert relations_of(relations) == {
        (talk, "support", claim),
        (answer, "support", claim),  # one RA, two premises
        (roi, "attack", claim),
        (claim, "support", roi),  # a cycle is fine
        (image, "undercut", f"{roi}->{claim}"),  # CA -> CA
    }
    linked = [r for r in relations if r.target == claim and r.kind == "support"]
    assert all("linked premises" in r.note for r in linked)


def aif_doc(nodes, edges, **extra):
    return json.dumps(
        {
            "nodes": [dict(zip(("nodeID", "type", "text"), n)) for n in nodes],
            "edges": [{"edgeID": str(i), "fromID": a, "toID": b} for i, (a, b) in enumerate(edges)],
            **extra,
        }
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not valid JSON"),
        ('{"nodes": []}', "expected a JSON object with 'nodes' and 'edges'"),
        (aif_doc([("1", "I", "a"), ("2", "XA", "?")], []), "node '2' has unknown type 'XA'"),
        (aif_doc([("1", "I", "a"), ("1", "I", "b")], []), "duplicate nodeID '1'"),
        (aif_doc([("1", "I", "a")], [("1", "9")]), "refers to unknown node '9'"),
        (
            aif_doc([("1", "I", ""), ("2", "I", "b"), ("3", "RA", "")], [("1", "3"), ("3", "2")]),
            "I-node '1' has no text",
        ),
        (aif_doc([("1", "I", "a"), ("3", "RA", "")], [("3", "1")]), "RA-node '3' has no premise"),
        (
            aif_doc(
                [("1", "I", "a"), ("2", "I", "b"), ("4", "I", "c"), ("3", "RA", "")],
                [("1", "3"), ("3", "2"), ("3", "4")],
            ),
            "RA-node '3' has 2 conclusions",
        ),
        (
            aif_doc(
                [("1", "I", "a"), ("2", "I", "b"), ("3", "RA", ""), ("4", "RA", "")],
                [("1", "3"), ("3", "2"), ("2", "4"), ("4", "1")],
            ),
            "circular support",
        ),
        (aif_doc([("1", "I", "a"), ("3", "CA", "")], [("1", "3"), ("3", "1")]), "cannot attack itself"),
    ],
)
def test_malformed_aif_is_a_data_error_naming_the_problem(text, message):
    with pytest.raises(DataError) as caught:
        aif.read(text)
    assert message in caught.value.report()


def test_aif_without_locutions_uses_the_claim_text_as_quote():
    arguments, relations = aif.read(
        aif_doc([("a1", "I", "Une idée"), ("b2", "I", "Une autre"), ("c", "CA", "")], [("a1", "c"), ("c", "b2")])
    )
    assert [(a.id, a.quote) for a in arguments] == [("a1", "Une idée"), ("b2", "Une autre")]
    assert relations_of(relations) == {("a1", "attack", "b2")}


# ---------------------------------------------------------------- Argdown


def test_argdown_map_with_reconstruction_undercut_comments_and_data():
    arguments, relations = argdown.read((FIXTURES / "debate.argdown").read_text())
    by_id = {a.id: a for a in arguments}
    assert set(by_id) == {
        "presence",
        "talk",
        "few",
        "roi",
        "absent",
        "brands-can-reply-in-public",
        "spam",
        "brand-image-matters-more-than-sales",
        "image",
    }
    assert by_id["presence"].tags == ("presence", "main claim")
    assert by_id["roi"].label == "The return cannot be measured [yet]."
    assert (by_id["roi"].quote, by_id["roi"].speaker) == ("le ROI n'est pas mesurable", "Steph")
    assert by_id["spam"].speaker == "Fred"
    assert not any("comment" in a.label for a in arguments)
    assert relations_of(relations) == {
        ("talk", "support", "presence"),
        ("few", "attack", "talk"),
        ("roi", "attack", "presence"),
        ("absent", "attack", "presence"),
        ("presence", "attack", "absent"),  # contradiction
        ("brands-can-reply-in-public", "support", "presence"),  # from the reconstruction
        ("spam", "undercut", "talk->presence"),
        ("spam", "undercut", "brands-can-reply-in-public->presence"),
        ("image", "attack", "roi"),
        ("brand-image-matters-more-than-sales", "support", "image"),
    }


@pytest.mark.parametrize(
    "text, message",
    [
        ("[a]: A\n  + [b]: B {quote: [unclosed}\n", "data block is not valid YAML"),
        ("[a]: A {quote: x\n", "unterminated data block"),
        ("  + [b]: B\n", "has nothing to relate to"),
        ("[a]: A\n  <_ [b]: B\n", "undercut of [a], which is not an inference"),
        ("[a]: A\n  + [b]: B\n\n[b]\n  + [a]\n", "circular support"),
        ("<A>\n\n(1) [p]: P\n----\n", "ends with an inference line and no conclusion"),
        ("/* never closed\n[a]: A\n", "unterminated comment"),
    ],
)
def test_malformed_argdown_is_a_data_error_naming_the_problem(text, message):
    with pytest.raises(DataError) as caught:
        argdown.read(text)
    assert message in caught.value.report()


def test_argdown_argument_map_without_statements_keeps_arguments_as_claims():
    text = "<Cost>: Presence costs money.\n  - <Free>: A page is free.\n  + <Staff>: Someone must run it.\n"
    arguments, relations = argdown.read(text)
    assert {a.id: a.label for a in arguments} == {
        "cost": "Presence costs money.",
        "free": "A page is free.",
        "staff": "Someone must run it.",
    }
    assert relations_of(relations) == {("free", "attack", "cost"), ("staff", "support", "cost")}


# ---------------------------------------------------------------- import_map


def test_import_writes_one_new_curated_style_map_with_a_synthetic_document(tmp_path):
    source = FIXTURES / "aifdb-linked-undercut.json"
    path, _ = import_map("aif", source, tmp_path)
    assert path == tmp_path / "imported" / "aifdb-linked-undercut.yaml"
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    imported = load_imported(tmp_path)
    (doc,) = imported.documents.values()
    assert doc.id == "imported-aifdb-linked-undercut" and doc.source == source.name
    for a in imported.map.arguments:
        assert a.id.startswith("aifdb-linked-undercut-")
        assert doc.text[a.start : a.end] == a.quote and a.document == doc.id
    assert imported.people["aifdb-linked-undercut-steph"].name == "Steph"  # the map's own person
    assert len(imported.map.relations) == 5


def test_import_never_overwrites_and_leaves_nothing_on_error(tmp_path):
    good = FIXTURES / "debate.argdown"
    import_map("argdown", good, tmp_path)
    before = sorted(p.name for p in (tmp_path / "imported").iterdir())
    with pytest.raises(DataError, match="already exists"):
        import_map("argdown", good, tmp_path)
    bad = tmp_path / "broken.json"
    bad.write_text('{"nodes": [{"nodeID": "1", "type": "Q"}], "edges": []}')
    with pytest.raises(DataError, match="unknown type 'Q'"):
        import_map("aif", bad, tmp_path)
    with pytest.raises(DataError, match="unknown import format"):
        import_map("kialo", good, tmp_path)
    assert sorted(p.name for p in (tmp_path / "imported").iterdir()) == before


def aif_claims(path: Path, *texts: str) -> Path:
    """An AIF file of unrelated claims."""
    nodes = [{"nodeID": str(i), "text": text, "type": "I"} for i, text in enumerate(texts, start=1)]
    path.write_text(json.dumps({"nodes": nodes, "edges": []}), encoding="utf-8")
    return path


def test_an_import_whose_ids_are_taken_by_the_curated_map_is_refused_and_writes_nothing(seeds_copy):
    for path in (SEEDS / "curated").glob("*.yaml"):
        (seeds_copy / "curated" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    # a map named "presence" whose claim "Imperative" becomes presence-imperative, a curated id
    source = aif_claims(seeds_copy.parent / "presence.json", "Imperative", "Something else")
    with pytest.raises(DataError) as caught:
        import_map("aif", source, seeds_copy)
    (problem,) = caught.value.problems
    assert "'presence-imperative' is already in seeds/curated/revelation-exclusive.yaml" in str(problem)
    assert not (seeds_copy / "imported").exists() or not any((seeds_copy / "imported").iterdir())


def test_an_import_whose_ids_are_taken_by_another_imported_map_is_refused_and_writes_nothing(tmp_path):
    first, _ = import_map("aif", aif_claims(tmp_path / "a.json", "B c", "D"), tmp_path)
    with pytest.raises(DataError) as caught:  # "a" + "b-c" and "a-b" + "c" are both a-b-c
        import_map("aif", aif_claims(tmp_path / "a-b.json", "C", "E"), tmp_path)
    (problem,) = caught.value.problems
    assert "'a-b-c' is already in" in str(problem) and str(problem).endswith(
        f"{first.parent.name}/a.yaml\n    hint: import the file under another name"
    )
    assert [p.name for p in (tmp_path / "imported").iterdir()] == ["a.yaml"]
    import_map("aif", aif_claims(tmp_path / "a-c.json", "C", "E"), tmp_path)  # ids of its own: imported
    assert {d for d in load_imported(tmp_path).documents} == {"imported-a", "imported-a-c"}


def test_imported_map_merges_into_the_graph_beside_the_curated_one(seeds_copy, seed_graph):
    exported = seeds_copy / "seed-map.json"
    exported.write_text(aif.write(seed_graph.g), encoding="utf-8")
    import_map("aif", exported, seeds_copy)
    corpus = load_corpus(seeds_copy)
    curated = load_curated(seeds_copy, corpus)
    corpus, curated = merge_imported(corpus, curated, seeds_copy)
    graph = build_graph(corpus, curated)
    g = graph.g
    assert g.number_of_nodes() == seed_graph.g.number_of_nodes()
    node = g.nodes["seed-map-presence-imperative"]
    assert node["document"] == "imported-seed-map" and node["origin"] == "curated"
    assert graph.corpus.documents["imported-seed-map"].text[node["start"] : node["end"]] == node["quote"]


def test_small_hand_built_map_survives_export_and_import(tmp_path):
    g = make_graph("pcu", [("p", "support", "c"), ("u", "undercut", "p->c")])
    arguments, relations = aif.read(aif.write(g))
    assert relations_of(relations) == {("p", "support", "c"), ("u", "undercut", "p->c")}


def test_only_a_curated_debate_offers_curators_its_edit_controls(tmp_path):
    """An imported map's debate is edited at its source: its page names no debate to edit."""
    from fastapi.testclient import TestClient

    from app.seeds import load_graph
    from app.settings import Settings
    from app.web import create_app

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns("imported"))
    import_map("argdown", FIXTURES / "debate.argdown", seeds)
    client = TestClient(create_app(Settings(seeds_dir=seeds), load_graph(seeds)))
    assert '<article class="debate" data-debate="presence-vs-roi">' in client.get("/debates/presence-vs-roi").text
    imported = client.get("/debates/imported-debate")
    assert imported.status_code == 200 and '<article class="debate">' in imported.text
