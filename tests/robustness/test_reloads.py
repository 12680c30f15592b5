"""Reloads never expose half a graph, and a broken one keeps serving the current graph.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import httpx
import pytest
from fastapi.testclient import TestClient

from app import reloading
from app.graph import Filters, edges_within, select
from app.problems import DataError
from app.seeds import load_graph
from app.web import create_app
from tests.conftest import write
from tests.robustness.corpus import GRAPH, hostile_seeds


def test_concurrent_requests_during_reloads_never_see_half_a_graph(tmp_path):
    """Requests run while the graph is swapped back and forth: every answer is wholly
    from one generation (its counts match its version), and none fails."""
    graph_a = GRAPH
    graph_b = load_graph(hostile_seeds(tmp_path))

    def shown(g):  # what the whole map and the home page show: each argument once, and the links among them
        ids = select(g, Filters())
        edges = edges_within(g, ids)
        return len(ids), len(edges), sum(1 for *_, attrs in edges if attrs["kind"] != "same_as")

    expected = {g.version: shown(g) for g in (graph_a, graph_b)}
    assert len(expected) == 2
    graphs = [graph_b, graph_a]
    loads = iter(graphs * 50)
    app = reloading.Reloadable(lambda g: create_app(graph=g), lambda: next(loads), graph=graph_a)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        seen = {"graph": 0, "index": 0, "search": 0}
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:

            async def hammer(worker: int):
                for i in range(25):
                    r = await http.get("/api/graph")
                    assert r.status_code == 200
                    body = r.json()
                    assert (body["count"]["nodes"], body["count"]["edges"]) == expected[body["version"]][:2]
                    seen["graph"] += 1
                    r = await http.get("/index.json")
                    assert r.status_code == 200
                    body = r.json()
                    assert (body["counts"]["arguments"], body["counts"]["relations"]) in {
                        (n, r) for n, _, r in expected.values()
                    }
                    seen["index"] += 1
                    r = await http.get("/search.json", params={"q": "a"})
                    assert r.status_code == 200
                    seen["search"] += 1

            async def reloader():
                swaps = 0
                for _ in range(12):
                    swaps += await app.areload()
                    await asyncio.sleep(0)
                return swaps

            results = await asyncio.gather(reloader(), *(hammer(w) for w in range(6)))
        return results[0], seen

    # A fresh thread gets its own event loop, whatever else this test session runs
    # (Playwright's sync API keeps a loop running in the main thread).
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        swaps, seen = pool.submit(asyncio.run, scenario()).result()
    assert swaps == 12 and app.generation == 13
    assert seen == {"graph": 150, "index": 150, "search": 150}


def test_a_broken_reload_keeps_serving_the_current_graph(seeds_copy):
    app = reloading.Reloadable(lambda g: create_app(graph=g), lambda: load_graph(seeds_copy))
    before = app.graph.version
    assert app.reload() is False  # nothing changed
    write(seeds_copy / "curated" / "broken.yaml", "relations:\n  - {from: ghost, kind: support, to: phantom}\n")
    with pytest.raises(DataError):
        app.reload()
    assert app.graph.version == before and app.generation == 1
    assert TestClient(app).get("/api/graph").json()["version"] == before
