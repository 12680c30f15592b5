"""The debate outline: every argument that answers a main claim, directly or down a chain,
shown in full exactly once, with cycles and shared answers turned into links."""

from __future__ import annotations

import networkx as nx

from app.graph import ArgumentGraph
from app.outline import ids_in, outline


def tiny(edges: list[tuple[str, str, str, str | None]]) -> ArgumentGraph:
    """An ArgumentGraph of bare nodes (ranked by name) and (source, kind, target, undercuts) edges."""
    g = nx.MultiDiGraph()
    names = sorted({e[0] for e in edges} | {e[2] for e in edges})
    for rank, name in enumerate(names):
        g.add_node(name, rank=rank)
    for source, kind, target, undercuts in edges:
        attrs = {"kind": kind, "origin": "curated", **({"undercuts": undercuts} if undercuts else {})}
        g.add_edge(source, target, key=f"{source}|{kind}|{undercuts or target}", **attrs)
    return ArgumentGraph(
        g=g, corpus=None, debates=(), version="", by_author={}, by_year={}, by_document={}, by_tag={}, by_origin={}
    )


def flatten(items: list[dict], depth: int = 0) -> list[tuple[int, str, str | None, bool]]:
    rows = []
    for item in items:
        rows.append((depth, item["id"], item["relation"], item["repeat"]))
        rows += flatten(item["children"], depth + 1)
    return rows


def test_answers_nest_under_what_they_answer_undercuts_under_the_premise_they_cut():
    graph = tiny(
        [
            ("b", "support", "a", None),
            ("c", "attack", "a", None),
            ("d", "support", "b", None),
            ("u", "undercut", "a", "b->a"),
        ]
    )
    assert flatten(outline(graph, ["a"])) == [
        (0, "a", None, False),
        (1, "b", "support", False),
        (2, "u", "undercut", False),  # it cuts the step from b to a, so it hangs under b
        (2, "d", "support", False),
        (1, "c", "attack", False),
    ]


def test_a_cycle_ends_in_a_link_to_the_argument_already_shown():
    graph = tiny([("b", "support", "a", None), ("a", "attack", "b", None)])
    assert flatten(outline(graph, ["a"])) == [
        (0, "a", None, False),
        (1, "b", "support", False),
        (2, "a", "attack", True),
    ]


def test_an_argument_answering_two_claims_is_shown_in_full_at_its_shallowest_place():
    graph = tiny([("x", "support", "a", None), ("y", "attack", "b", None), ("x", "attack", "y", None)])
    rows = flatten(outline(graph, ["a", "b"]))
    assert [(d, i, r) for d, i, r, repeat in rows if not repeat and i == "x"] == [(1, "x", "support")]
    assert (2, "x", "attack", True) in rows


def reachable(graph: ArgumentGraph, roots: list[str]) -> set[str]:
    """Independently of the outline: every argument with a chain of supports, attacks or
    undercuts leading to a root."""
    kept = nx.DiGraph([(s, t) for s, t, k in graph.g.edges(data="kind") if k != "same_as"])
    kept.add_nodes_from(roots)
    return set(roots).union(*(nx.ancestors(kept, r) for r in roots))


def test_every_debate_outline_holds_all_that_answers_its_main_claims_each_once_in_full(seed_graph):
    assert seed_graph.debates
    for debate in seed_graph.debates:
        roots = [c for side in debate.sides for c in side.claims]
        items = outline(seed_graph, roots)
        expected = reachable(seed_graph, roots)
        assert ids_in(items) == expected, debate.id
        full = [i for _, i, _, repeat in flatten(items) if not repeat]
        assert sorted(full) == sorted(expected), debate.id


def test_the_outline_page_has_a_json_twin_and_unknown_debates_are_404(client, seed_graph):
    debate = seed_graph.debates[0]
    data = client.get(f"/debates/{debate.id}/outline.json").json()
    assert data["debate"]["id"] == debate.id
    assert [s["name"] for s in data["sides"]] == [s.name for s in debate.sides]
    claim = data["sides"][0]["claims"][0]
    assert claim["id"] == debate.sides[0].claims[0] and claim["url"] == f"/arguments/{claim['id']}"
    assert claim["counts"]["support"] == sum(1 for c in claim["children"] if c["relation"] == "support")
    for path in ("/debates/no-such-debate/outline", "/debates/no-such-debate/outline.json"):
        assert client.get(path).status_code == 404


def test_the_debate_page_links_to_its_outline(client, seed_graph):
    debate = seed_graph.debates[0]
    page = client.get(f"/debates/{debate.id}")
    assert f'href="/debates/{debate.id}/outline"' in page.text
