"""Filtered lists by page (`select_page`): every page and total is what a plain reading
of the definition gives (scan every argument, keep those passing every filter, in
reading order), for many combinations of filters on the synthetic corpus and the seeds.

Bounded: a fixed random seed and number of combinations.
"""

from __future__ import annotations

import random

from app.graph import ORIGIN_CHOICES, Filters, around, select, select_page
from tests.robustness.corpus import GRAPH


def _by_definition(graph, filters: Filters, within=None) -> list[str]:
    """Every argument passing every filter, in reading order: the slow, obvious way."""
    wanted_years = set(filters.years)
    kept = []
    for n, a in graph.g.nodes(data=True):
        if filters.authors and a["speaker"] not in filters.authors:
            continue
        if wanted_years and a["year"] not in wanted_years:
            continue
        if filters.year_from is not None and (a["year"] is None or a["year"] < filters.year_from):
            continue
        if filters.year_to is not None and (a["year"] is None or a["year"] > filters.year_to):
            continue
        if filters.document and a["document"] != filters.document:
            continue
        if filters.origin is None and n not in graph.once:
            continue
        if filters.origin in ("curated", "extracted") and a["origin"] != filters.origin:
            continue
        if within is not None and n not in within:
            continue
        kept.append(n)
    return sorted(kept, key=lambda n: graph.g.nodes[n]["rank"])


def _random_filters(graph, rng: random.Random) -> Filters:
    people = sorted((p for p in graph.by_author if p is not None), key=str)
    years = graph.years
    docs = sorted(graph.corpus.documents)
    pick = {
        "authors": tuple(rng.sample(people, min(len(people), rng.choice((1, 1, 2, 3))))) if rng.random() < 0.5 else (),
        "years": tuple(rng.sample(years, min(len(years), rng.choice((1, 2))))) if rng.random() < 0.2 else (),
        "year_from": rng.choice(years) if rng.random() < 0.3 else None,
        "year_to": rng.choice(years) + 2 if rng.random() < 0.3 else None,
        "document": rng.choice(docs) if rng.random() < 0.3 else None,
        "origin": rng.choice((None, None, *ORIGIN_CHOICES)),
    }
    return Filters(**pick)


def _check(graph, rng: random.Random, rounds: int) -> None:
    ids = sorted(graph.g.nodes)
    for _ in range(rounds):
        filters = _random_filters(graph, rng)
        within = set(around(graph, [rng.choice(ids)], 2)) if rng.random() < 0.2 else None
        expected = _by_definition(graph, filters, within)
        assert select(graph, filters, within=within) == expected, filters
        limit = rng.choice((1, 5, 50))
        offset = rng.choice((0, limit, 3 * limit, len(expected)))
        page, total = select_page(graph, filters, offset, limit, within=within)
        assert total == len(expected), filters
        assert page == expected[offset : offset + limit], (filters, offset, limit)


def test_pages_of_filtered_lists_follow_the_definition_on_the_synthetic_corpus():
    _check(GRAPH, random.Random(18), 400)


def test_pages_of_filtered_lists_follow_the_definition_on_the_seeds(seed_graph):
    _check(seed_graph, random.Random(19), 200)
    assert select_page(seed_graph, Filters(), 0, 3) == (select(seed_graph, Filters())[:3], len(seed_graph.once))
