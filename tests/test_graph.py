"""The graph: one node per argument, indexes that filter exactly, neighbourhoods."""

from __future__ import annotations

from app.graph import Filters, around, edges_within, neighbourhood, select


def once(graph):
    """The ids a reader sees by default: every argument but the extracted twins of curated
    ones (computed from the same_as edges, independently of the graph's indexes)."""
    twins = {
        s
        for s, t, k in graph.g.edges(data="kind")
        if k == "same_as" and graph.node(s)["origin"] == "extracted" and graph.node(t)["origin"] == "curated"
    }
    return set(graph.g.nodes) - twins


def speakers_and_years(graph):
    return (
        {a["speaker"] for _, a in graph.g.nodes(data=True)} - {None},
        {a["year"] for _, a in graph.g.nodes(data=True)} - {None},
    )


def test_filtering_by_each_author_gives_exactly_their_arguments(seed_graph):
    speakers, _ = speakers_and_years(seed_graph)
    assert len(speakers) >= 4
    for person in speakers:
        expected = {n for n, a in seed_graph.g.nodes(data=True) if a["speaker"] == person}
        assert set(select(seed_graph, Filters(authors=(person,), origin="all"))) == expected
        assert set(select(seed_graph, Filters(authors=(person,)))) == expected & once(seed_graph)


def test_filtering_by_each_year_gives_exactly_that_years_arguments(seed_graph):
    _, years = speakers_and_years(seed_graph)
    assert years
    for year in years:
        expected = {n for n, a in seed_graph.g.nodes(data=True) if a["year"] == year}
        assert set(select(seed_graph, Filters(years=(year,)))) == expected & once(seed_graph)


def test_filters_combine_as_an_intersection_and_repeats_as_a_union(seed_graph):
    speakers, years = speakers_and_years(seed_graph)
    nodes = seed_graph.g.nodes
    shown = once(seed_graph)
    for person in speakers:
        for year in years:
            expected = {n for n in shown if nodes[n]["speaker"] == person and nodes[n]["year"] == year}
            assert set(select(seed_graph, Filters(authors=(person,), years=(year,)))) == expected
    two = sorted(speakers)[:2]
    union = {n for n in shown if nodes[n]["speaker"] in two}
    assert set(select(seed_graph, Filters(authors=tuple(two)))) == union


def test_year_ranges_are_inclusive(seed_graph):
    nodes = seed_graph.g.nodes
    expected = {n for n in once(seed_graph) if nodes[n]["year"] is not None and 2011 <= nodes[n]["year"] <= 2011}
    assert set(select(seed_graph, Filters(year_from=2011, year_to=2011))) == expected
    assert select(seed_graph, Filters(year_from=1990, year_to=1999)) == []


def test_no_filter_lists_every_argument_once_in_reading_order(seed_graph):
    ids = select(seed_graph, Filters())
    assert set(ids) == once(seed_graph) and len(ids) == len(set(ids))
    assert len(select(seed_graph, Filters(origin="all"))) == seed_graph.g.number_of_nodes()
    order = list(seed_graph.corpus.documents)
    keys = [(order.index(seed_graph.node(i)["document"]), seed_graph.node(i)["start"]) for i in ids]
    assert keys == sorted(keys)


def test_an_extracted_twin_is_folded_into_its_curated_argument_and_listed_with_origin_extracted(seed_graph):
    twins = set(seed_graph.g.nodes) - once(seed_graph)
    assert twins, "the seeds have extracted copies of curated arguments"
    assert not twins & set(select(seed_graph, Filters()))
    assert twins <= set(select(seed_graph, Filters(origin="extracted")))
    for twin in twins:
        curated = seed_graph.twins[twin]
        assert curated and all(
            seed_graph.node(c)["origin"] == "curated" and twin in seed_graph.twins[c] for c in curated
        )


def test_a_twin_found_by_meaning_is_folded_like_a_twin_of_span_overlap(seed_graph):
    import dataclasses
    from pathlib import Path

    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.store import load_extracted
    from app.graph import build_graph

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    corpus = load_corpus(seeds)
    curated = load_curated(seeds, corpus)
    extracted = load_extracted(seeds / "extracted.json", corpus)
    loose = sorted(set(seed_graph.by_origin["extracted"]) & once(seed_graph))[0]
    claim = next(a.id for a in curated.arguments if a.document == seed_graph.node(loose)["document"])
    twins = ((loose, claim, 0.81), (loose, "no-longer-curated", 0.9))
    graph = build_graph(corpus, curated, dataclasses.replace(extracted, twins=twins))
    assert loose not in once(graph) and loose not in set(select(graph, Filters()))
    assert graph.twins[loose] and claim in graph.twins[loose] and loose in graph.twins[claim]
    assert [a.get("evidence") for a in graph.g.get_edge_data(loose, claim).values()] == [
        "restates it (similarity 0.81)"
    ]
    assert "no-longer-curated" not in graph.g


def test_neighbourhood_lists_supporters_and_attackers_from_the_edges(seed_graph):
    g = seed_graph.g
    for node in list(g.nodes)[:40]:
        hood = neighbourhood(seed_graph, node)
        assert {e["id"] for e in hood["supporters"]} == {
            u for u, _, k in g.in_edges(node, data="kind") if k == "support"
        }
        assert {e["id"] for e in hood["attackers"]} == {u for u, _, k in g.in_edges(node, data="kind") if k == "attack"}
        assert {e["id"] for e in hood["attacks"]} == {v for _, v, k in g.out_edges(node, data="kind") if k == "attack"}
        assert hood["within"] == {node} | set(g.predecessors(node)) | set(g.successors(node))


def test_chains_grow_with_depth(seed_graph):
    node = max(seed_graph.g.nodes, key=seed_graph.g.degree)
    one, two = around(seed_graph, [node], 1), around(seed_graph, [node], 2)
    assert one < two or one == two
    for other in two - one:
        assert any(n in one for n in (*seed_graph.g.predecessors(other), *seed_graph.g.successors(other)))


def test_edges_within_keeps_only_edges_between_kept_nodes(seed_graph):
    person = next(iter(seed_graph.by_author.keys() - {None}))
    ids = set(select(seed_graph, Filters(authors=(person,))))
    for source, target, _, _ in edges_within(seed_graph, ids):
        assert source in ids and target in ids
