"""Relation suggestions for the curator: five per curated argument, held out by document,
served at /api/arguments/{id}/suggestions and on the argument page, marked as suggestions."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from app.records import Suggestion

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CLAIM = "presence-imperative"


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_api_lists_five_suggestions_with_kind_confidence_and_evidence(client, seed_graph):
    body = client.get(f"/api/arguments/{CLAIM}/suggestions").json()
    assert body["id"] == CLAIM and len(body["suggestions"]) == 5
    for s in body["suggestions"]:
        assert s["kind"] in ("support", "attack") and 0 <= s["confidence"] <= 1 and s["evidence"]
        assert s["direction"] in ("in", "out") and s["argument"]["id"] in seed_graph and s["argument"]["id"] != CLAIM
        assert s["argument"]["origin"] == "curated"
    confidences = [s["confidence"] for s in body["suggestions"]]
    assert confidences == sorted(confidences, reverse=True)


def test_suggestions_are_flagged_when_the_map_already_has_them(client, seed_graph):
    flags = []
    for arg_id in sorted(seed_graph.suggestions)[:40]:
        for s in client.get(f"/api/arguments/{arg_id}/suggestions").json()["suggestions"]:
            source, target = (arg_id, s["argument"]["id"]) if s["direction"] == "out" else (s["argument"]["id"], arg_id)
            edges = seed_graph.g.get_edge_data(source, target, default={}).values()
            assert s["in_map"] == any(attrs["origin"] == "curated" for attrs in edges)
            assert s["map_kinds"] == sorted({a["kind"] for a in edges if a["origin"] == "curated"})
            flags.append(s["in_map"])
    assert True in flags and False in flags


def test_a_suggestion_of_another_kind_than_the_maps_says_so(client, seed_graph):
    """The map has degrees-of-engagement supporting presence-imperative: a suggested
    attack between them is not "already in the map"."""
    page = client.get("/arguments/presence-imperative").text
    rows = [r for r in page.split("<li") if 'href="/arguments/degrees-of-engagement"' in r and "may attack" in r]
    assert rows, "the seeds' suggestions propose that attack"
    for row in rows:
        assert "(the map has it as a support)" in row and "already in the map" not in row


def test_unknown_argument_has_no_suggestions_but_a_404(client):
    response = client.get("/api/arguments/no-such-argument/suggestions")
    assert response.status_code == 404


def test_the_argument_page_shows_them_marked_as_suggestions(client):
    page = client.get(f"/arguments/{CLAIM}").text
    section = page[page.index('<section class="suggestions"') :]
    section = section[: section.index("</section>")]
    text = visible_text(section)
    assert text.startswith("Suggested relations Suggestions only, not part of the map")
    assert text.count("suggestion ·") == 5
    assert re.search(r"(This argument may (support|attack) |may (support|attack) this argument)", text)
    twin = client.get(f"/arguments/{CLAIM}.json").json()["argument"]
    assert [s["argument"]["id"] for s in twin["suggestions"]] == [
        s["argument"]["id"] for s in client.get(f"/api/arguments/{CLAIM}/suggestions").json()["suggestions"]
    ]


def test_an_extracted_argument_has_no_suggestion_section(client, seed_graph):
    extracted = sorted(seed_graph.by_origin["extracted"])[0]
    page = client.get(f"/arguments/{extracted}").text
    assert "Suggested relations" not in page
    assert client.get(f"/api/arguments/{extracted}/suggestions").json()["suggestions"] == []


def test_stale_suggestions_are_left_out_and_a_malformed_file_is_reported(tmp_path):
    from app.extract.suggestion_store import dump_suggestions, load_suggestions
    from app.problems import DataError

    path = tmp_path / "seeds" / "suggestions.json"
    path.parent.mkdir()
    path.write_text(
        dump_suggestions(
            {
                "a": [Suggestion("a", "support", "b", 0.9, ("x",)), Suggestion("gone", "attack", "a", 0.8, ("y",))],
                "gone": [Suggestion("gone", "attack", "a", 0.8, ("y",))],
            },
            "m",
        )
    )
    assert load_suggestions(path, ["a", "b"]) == {"a": (Suggestion("a", "support", "b", 0.9, ("x",)),)}
    assert load_suggestions(tmp_path / "none.json", ["a"]) == {}
    data = json.loads(path.read_text())
    data["suggestions"]["a"][0]["kind"] = "undercut"
    path.write_text(json.dumps(data))
    with pytest.raises(DataError, match="kind"):
        load_suggestions(path, ["a", "b"])


# ---------------------------------------------------------------- held out, and up to date


@pytest.fixture(scope="session")
def fresh_suggestions(encoder):
    pytest.importorskip("sklearn")
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.relate import load_models
    from app.extract.store import load_extracted
    from app.extract.suggest import suggest

    corpus = load_corpus(SEEDS)
    curated = load_curated(SEEDS, corpus)
    extracted = load_extracted(SEEDS / "extracted.json", corpus)
    arguments = sorted(curated.arguments, key=lambda a: a.id)
    vectors = encoder.encode([a.quote for a in arguments])

    def run(records):
        return suggest(arguments, corpus, vectors, records, load_models(), extracted)

    return corpus, curated, run, run(curated)


@pytest.mark.slow
def test_the_shipped_suggestions_are_what_extraction_writes(fresh_suggestions):
    from app.extract.evaluate import precision_at
    from app.extract.suggestion_store import dump_suggestions, load_suggestions

    _, curated, _, suggestions = fresh_suggestions
    shipped = (SEEDS / "suggestions.json").read_text(encoding="utf-8")
    measured = json.loads(shipped)["measured"]
    assert dump_suggestions(suggestions, json.loads(shipped)["model"], precision_at(suggestions, curated)) == shipped, (
        "seeds/suggestions.json is stale: run argmap extract"
    )
    assert (
        precision_at(load_suggestions(SEEDS / "suggestions.json", [a.id for a in curated.arguments]), curated)
        == measured
    )


@pytest.mark.slow
def test_a_documents_suggestions_never_depend_on_its_own_relations(fresh_suggestions):
    _, curated, run, suggestions = fresh_suggestions
    held = "reprendre-la-parole"
    mine = {a.id for a in curated.arguments if a.document == held}
    without = dataclasses.replace(
        curated, relations=tuple(r for r in curated.relations if r.source not in mine and r.target not in mine)
    )
    assert len(without.relations) < len(curated.relations)
    again = run(without)
    assert {k: again[k] for k in mine} == {k: suggestions[k] for k in mine}


def test_a_suggestion_the_extractions_rules_also_link_says_so():
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.evaluate import match_units
    from app.extract.store import load_extracted
    from app.extract.suggestion_store import load_suggestions

    corpus = load_corpus(SEEDS)
    curated = load_curated(SEEDS, corpus)
    extracted = load_extracted(SEEDS / "extracted.json", corpus)
    stands_for = match_units(curated.arguments, extracted.arguments)
    linked = {(stands_for.get(r.source), stands_for.get(r.target)) for r in extracted.relations}
    said = []
    for chosen in load_suggestions(SEEDS / "suggestions.json", [a.id for a in curated.arguments]).values():
        for s in chosen:
            says = "the extraction's rules link them too" in s.evidence
            assert says == ((s.source, s.target) in linked), (s.source, s.target, s.evidence)
            said.append(says)
    assert True in said and False in said
