"""Filtered pages are exactly what a plain reading of every argument gives.

`select_page` answers from precomputed per-facet lists and set lookups; here each answer
is compared with a straightforward reference that reads every argument in reading order
and checks each filter on its attributes. On the shipped seeds (curated and extracted
arguments, folded twins, comments dated to the day) and on a synthetic corpus of 2,000
arguments (dates given as years, large author groups), for every filter on its own and
in pairs, with pages at several offsets.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from app.graph import Filters, edges_within, select, select_page
from app.seeds import load_graph
from tests.conftest import synthetic


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("synthetic") / "seeds"
    synthetic.generate(2000, seeds)
    return load_graph(seeds)


def reference(graph, filters: Filters, within=None) -> list[str]:
    """Every argument passing `filters`, found by reading them all in reading order."""
    twins = {
        s
        for s, t, kind in graph.g.edges(data="kind")
        if kind == "same_as" and graph.node(s)["origin"] == "extracted" and graph.node(t)["origin"] == "curated"
    }
    span = filters.date_range()
    out = []
    for arg_id in sorted(graph.g.nodes, key=lambda n: graph.node(n)["rank"]):
        a = graph.node(arg_id)
        moment = graph.times.get(arg_id)
        if filters.origin is None and arg_id in twins:
            continue
        if filters.origin in ("curated", "extracted") and a["origin"] != filters.origin:
            continue
        if within is not None and arg_id not in within:
            continue
        if filters.authors and a["speaker"] not in filters.authors:
            continue
        if filters.years and a["year"] not in filters.years:
            continue
        if filters.document and a["document"] != filters.document:
            continue
        if span is not None:
            lo, hi = span
            if moment is None or moment.undated or not (lo <= moment.earliest and moment.latest <= hi):
                continue
        out.append(arg_id)
    return out


def every_filter(graph, rng: random.Random) -> list[Filters]:
    """Single filters of every kind, and pairs of them."""
    nodes = graph.g.nodes
    authors = sorted({a for _, a in nodes(data="speaker") if a is not None}, key=lambda p: -len(graph.by_author[p]))
    years = graph.years
    dated = sorted({m.earliest for m in graph.times.values() if not m.undated})
    singles = [
        Filters(),
        Filters(origin="all"),
        Filters(origin="curated"),
        Filters(origin="extracted"),
        Filters(authors=(authors[0],)),  # the largest group
        Filters(authors=(authors[-1],)),
        Filters(authors=tuple(authors[:2])),
        Filters(authors=("nobody",)),
        Filters(years=(years[0],)),
        Filters(years=tuple(years[:2])),
        Filters(year_from=years[0]),
        Filters(year_to=years[-1]),
        Filters(year_from=years[0], year_to=years[0]),
        Filters(year_from=years[len(years) // 2], year_to=years[len(years) // 2] + 2),
        Filters(year_from=1990, year_to=1991),
        Filters(document=next(iter(graph.corpus.documents))),
        Filters(document=rng.choice(list(graph.corpus.documents))),
    ]
    for _ in range(6):  # ranges bounded by a day, not a year
        lo, hi = sorted(rng.sample(dated, 2)) if len(dated) > 1 else (dated[0], dated[0])
        singles.append(Filters(year_from=lo, year_to=hi))
        singles.append(Filters(year_from=lo - dt.timedelta(days=1), year_to=years[-1]))
    pairs = []
    for a, b in itertools.combinations(singles[4:], 2):
        merged = {k: v for k, v in a.__dict__.items() if v not in ((), None)}
        for k, v in b.__dict__.items():
            if v not in ((), None) and k not in merged:
                merged[k] = v
        pairs.append(Filters(**merged))
    return singles + rng.sample(pairs, min(len(pairs), 120))


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_every_filtered_page_and_total_is_the_plain_reading(corpus, seed_graph, request):
    graph = seed_graph if corpus == "seeds" else request.getfixturevalue("synthetic_graph")
    rng = random.Random(corpus)
    checked = 0
    for filters in every_filter(graph, rng):
        expected = reference(graph, filters)
        assert select(graph, filters) == expected, filters
        for offset, limit in ((0, 10), (0, 2000), (3, 7), (len(expected) - 2, 5), (len(expected) + 4, 5)):
            offset = max(0, offset)
            page, total = select_page(graph, filters, offset, limit)
            assert (page, total) == (expected[offset : offset + limit], len(expected)), (filters, offset, limit)
        checked += bool(expected)
    assert checked > 20  # most combinations select something: the comparison is not of empty lists


@pytest.mark.parametrize("corpus", ["seeds", "synthetic"])
def test_a_page_within_a_neighbourhood_is_the_plain_reading(corpus, seed_graph, request):
    graph = seed_graph if corpus == "seeds" else request.getfixturevalue("synthetic_graph")
    rng = random.Random(corpus)
    ids = sorted(graph.g.nodes)
    for filters in every_filter(graph, rng)[:20]:
        within = set(rng.sample(ids, min(len(ids), 300)))
        expected = reference(graph, filters, within)
        assert select_page(graph, filters, 0, 50, within=within) == (expected[:50], len(expected)), filters


def test_edges_within_a_page_are_the_relations_between_its_arguments(synthetic_graph):
    graph = synthetic_graph
    page, _ = select_page(graph, Filters(year_from=graph.years[2], year_to=graph.years[4]), 0, 500)
    kept = set(page)
    expected = sorted(
        ((s, t, k) for s, t, k in graph.g.edges(keys=True) if s in kept and t in kept), key=lambda e: e[2]
    )
    assert expected
    assert [(s, t, k) for s, t, k, _ in edges_within(graph, page)] == expected
    attacks = [(s, t, k) for s, t, k in expected if graph.g.edges[s, t, k]["kind"] == "attack"]
    assert [(s, t, k) for s, t, k, _ in edges_within(graph, page, ("attack",))] == attacks
