"""The shipped curated map is healthy: sizes, no orphans, main claims in the debate
between documents, every relation's ends present, every quote located exactly once."""

from __future__ import annotations

from collections import Counter

import pytest

from app.text import normalise

ARGUING = ("support", "attack", "undercut")


@pytest.fixture(scope="module")
def curated(seed_graph):
    g = seed_graph.g
    ids = {n for n, origin in g.nodes(data="origin") if origin == "curated"}
    edges = [(u, v, a) for u, v, a in g.edges(data=True) if a["origin"] == "curated" and a["kind"] in ARGUING]
    return ids, edges


def test_the_map_is_big_enough_to_browse_the_whole_debate(seed_graph, curated):
    ids, edges = curated
    per_document = Counter(seed_graph.node(n)["document"] for n in ids)
    assert set(per_document) == set(seed_graph.corpus.documents)
    assert min(per_document.values()) >= 12, per_document
    assert len(ids) >= 80 and len(edges) >= 80
    across = [e for e in edges if seed_graph.node(e[0])["document"] != seed_graph.node(e[1])["document"]]
    assert len(across) >= 15


def test_no_argument_is_an_orphan(curated):
    ids, edges = curated
    linked = {u for u, _, _ in edges} | {v for _, v, _ in edges}
    assert ids - linked == set()


def test_every_relation_links_two_curated_arguments(curated):
    ids, edges = curated
    for u, v, attrs in edges:
        assert u in ids and v in ids, (u, attrs["kind"], v)
        if attrs["kind"] == "undercut":
            premise, _, conclusion = attrs["undercuts"].partition("->")
            assert conclusion == v and premise in ids


def test_every_main_claim_takes_part_in_the_debate_between_documents(seed_graph, curated):
    ids, edges = curated
    undirected = {}
    for u, v, _ in edges:
        undirected.setdefault(u, set()).add(v)
        undirected.setdefault(v, set()).add(u)
    mains = [n for n in ids if seed_graph.node(n)["main"]]
    assert {seed_graph.node(n)["document"] for n in mains} == set(seed_graph.corpus.documents)
    for claim in mains:
        # the claim, or an argument directly for or against it, answers another document
        doc = seed_graph.node(claim)["document"]
        near = {claim} | undirected.get(claim, set())
        assert any(seed_graph.node(o)["document"] != doc for n in near for o in undirected.get(n, ())), claim


def test_every_quote_is_located_exactly_once_in_its_document_body(seed_graph, curated):
    ids, _ = curated
    folded = {}
    for arg_id in ids:
        node = seed_graph.node(arg_id)
        document = seed_graph.corpus.documents[node["document"]]
        assert document.text[node["start"] : node["end"]] == node["quote"]
        text, _ = folded.setdefault(document.id, normalise(document.text))
        needle, _ = normalise(node["quote"])
        assert text.count(needle) == 1, (arg_id, text.count(needle))


def test_every_debate_names_existing_main_claims_on_at_least_two_sides(seed_graph, curated):
    ids, _ = curated
    assert len(seed_graph.debates) >= 5
    for debate in seed_graph.debates:
        assert len(debate.sides) >= 2, debate.id
        for side in debate.sides:
            assert side.claims and set(side.claims) <= ids, (debate.id, side.name)
