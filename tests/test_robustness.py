"""Robustness: the API fuzzed from its OpenAPI schema, markup injected into every text
field, security headers everywhere, hostile query strings, graph snapshots that are
never stale, HTTP caching, and reloads that never expose half a graph.

Bounded: a fixed number of examples per fuzzed operation, no sleeps, no network.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import importlib.util
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance
from starlette.middleware import Middleware

from app import snapshot
from app.graph import load_graph
from app.problems import DataError
from app.web import create_app
from app.web.caching import QueryLimits, ResponseCaching
from tests.conftest import ROOT, write

FUZZ_EXAMPLES = 25  # per API operation

# ---------------------------------------------------------------- the app under test
# A deterministic synthetic corpus (bench/synthetic.py: documents with comment threads,
# many speakers and years, support/attack/undercut relations, debates), so that these
# tests do not depend on the curated map of the day.

_spec = importlib.util.spec_from_file_location("argmap_bench_synthetic", ROOT / "bench" / "synthetic.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)

SEEDS = Path(tempfile.mkdtemp(prefix="argmap-robustness-")) / "seeds"
atexit.register(shutil.rmtree, SEEDS.parent, True)
synthetic.generate(300, SEEDS, seed=8)
_graph = load_graph(SEEDS)
_app = create_app(graph=_graph)


@pytest.fixture(scope="module")
def client():
    return TestClient(_app)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


def _with_caching(app):
    """The app with ResponseCaching and QueryLimits wired as docs/deployment.md says (innermost,
    inside gzip), unless create_app already does it."""
    names = [m.cls.__name__ for m in app.user_middleware]  # outermost first
    if "QueryLimits" not in names:
        at = names.index("SecurityHeaders") + 1 if "SecurityHeaders" in names else 0
        app.user_middleware.insert(at, Middleware(QueryLimits))  # just inside the security headers
    if "ResponseCaching" not in names:
        app.user_middleware.append(Middleware(ResponseCaching))
    return app


def _error_body_ok(response) -> bool:
    body = response.json()
    return isinstance(body, dict) and body.get("status") == response.status_code and "detail" in body


# ---------------------------------------------------------------- fuzzing the API

@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_fuzz_no_server_error(case):
    """No input the schema allows (or almost allows) makes the API fail, and answers
    conform to the schema's content types; successful answers to their schema."""
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error, content_type_conformance])
    if response.status_code < 300:
        case.validate_response(response, checks=[response_schema_conformance])
    else:
        assert 400 <= response.status_code < 500
        assert _error_body_ok(response), response.text


def test_documented_error_schema_matches_error_answers():
    spec = TestClient(_app).get("/openapi.json").json()
    documented = spec["paths"]["/api/arguments"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert "HTTPValidationError" not in json.dumps(documented)


# ---------------------------------------------------------------- markup in every text field

XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)> onload="alert(3)'
RAW_MARKERS = ("<script>alert", "<img src=x", 'onload="alert', "onerror=alert(2)>")


def _hostile_seeds(root: Path) -> Path:
    """A corpus with markup in every text field that a page shows."""
    seeds = root / "seeds"
    body = f"Titre {XSS}\n\nLe corps dit {XSS} ici. Une phrase assez longue pour un argument.\n"
    comment = f"Un commentaire {XSS} aussi, contre le corps."
    text = body + "\n" + comment + "\n"
    write(seeds / "documents" / "hostile.txt", text)
    b0 = text.index("Le corps")
    c0 = text.index("Un commentaire")
    y = json.dumps  # JSON strings are valid YAML double-quoted scalars
    write(seeds / "documents.yaml", f"""
        people:
          - {{id: mallory, name: {y(XSS)}, note: {y(XSS)}}}
          - {{id: eve, name: {y("Eve " + XSS)}}}
        documents:
          - id: hostile
            file: hostile.txt
            title: {y(XSS)}
            title_note: {y(XSS)}
            authors: [mallory]
            authors_note: {y(XSS)}
            year: 2012
            year_note: {y(XSS)}
            language: fr
            source: {y(XSS)}
            source_note: {y(XSS)}
            body: {{start: {b0}, end: {b0 + len(text[b0:].split(chr(10))[0])}}}
            comments:
              - {{number: 1, speaker: eve, speaker_note: {y(XSS)}, start: {c0}, end: {c0 + len(comment)},
                  replies_note: {y(XSS)}}}
        """)
    write(seeds / "curated" / "hostile.yaml", f"""
        document: hostile
        arguments:
          - id: claim
            label: {y("Claim " + XSS)}
            label_fr: {y("Thèse " + XSS)}
            quote: {y("Le corps dit " + XSS + " ici.")}
            tags: [xss]
            main: true
          - id: objection
            label: {y("Objection " + XSS)}
            label_fr: {y(XSS)}
            quote: {y("Un commentaire " + XSS + " aussi")}
        relations:
          - {{from: objection, kind: attack, to: claim, note: {y(XSS)}}}
        debates:
          - id: fight
            title: {y(XSS)}
            question: {y(XSS)}
            sides:
              - {{name: {y(XSS)}, claims: [claim]}}
              - {{name: {y("Other " + XSS)}, claims: [objection]}}
        """)
    return seeds


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    seeds = _hostile_seeds(tmp_path_factory.mktemp("hostile"))
    graph = load_graph(seeds)
    return TestClient(create_app(graph=graph)), graph


def _pages(app) -> list[str]:
    """Every HTML page route of the app, with ids of the hostile corpus filled in."""
    fill = {"arg_id": "claim", "doc_id": "hostile", "person_id": "mallory", "debate_id": "fight"}
    def walk(routes):
        for route in routes:
            inner = getattr(route, "original_router", None)  # FastAPI's included routers
            yield from walk(inner.routes) if inner is not None else [route]

    paths = []
    for route in walk(app.routes):
        path = getattr(route, "path", "")
        if "GET" not in getattr(route, "methods", ()) or path.startswith(("/api", "/static", "/docs", "/redoc",
                                                                          "/openapi")) or path.endswith(
                (".json", ".png")):
            continue
        for name, value in fill.items():
            path = path.replace("{" + name + "}", value)
        if "{" not in path:
            paths.append(path)
    return paths


def test_markup_in_every_text_field_is_escaped_on_every_page(hostile_client):
    client, _ = hostile_client
    paths = _pages(client.app)
    assert {"/", "/arguments", "/arguments/claim", "/documents/hostile", "/authors/mallory", "/search",
            "/debates/fight"} <= set(paths), paths
    extra = ["/search?q=" + XSS, "/search?q=corps", "/arguments/objection", "/authors/eve", "/authors",
             "/arguments?author=mallory", "/map?focus=claim", "/documents/hostile?author=eve",
             # error pages echo what was asked
             "/arguments/" + XSS, "/arguments?author=" + XSS, "/documents?document=" + XSS]
    checked = 0
    for path in paths + extra:
        response = client.get(path, headers={"accept": "text/html"})
        if response.status_code == 404 and path.startswith("/map"):
            continue  # no map page in this build
        assert response.status_code < 500, path
        if "html" not in response.headers.get("content-type", ""):
            continue
        for marker in RAW_MARKERS:
            assert marker not in response.text, f"unescaped {marker!r} on {path}"
        checked += 1
    assert checked >= 12


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_markup_stays_data_in_json_twins(hostile_client):
    client, _ = hostile_client
    for path in ("/index.json", "/arguments/claim.json", "/api/graph", "/api/arguments/claim",
                 "/documents/hostile.json", "/authors/mallory.json", "/debates/fight.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("application/json")
        assert any(XSS in text for text in _strings(response.json())), path  # data, intact


# ---------------------------------------------------------------- security headers

def _check_security_headers(response, path: str) -> None:
    h = response.headers
    assert h.get("x-content-type-options") == "nosniff", path
    assert h.get("referrer-policy"), path
    csp = h.get("content-security-policy", "")
    assert csp, path
    assert h.get("x-frame-options") == "DENY" or "frame-ancestors 'none'" in csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert "default-src 'self'" in csp and "object-src 'none'" in csp, path


def test_security_headers_on_every_response(client):
    app = client.app
    pages = [p for p in _pages(app)]
    arg = next(iter(client.app.state.graph.g.nodes))
    doc = next(iter(client.app.state.graph.corpus.documents))
    person = next(iter(client.app.state.graph.corpus.people))
    debate = client.app.state.graph.debates[0].id if client.app.state.graph.debates else "none"
    concrete = [p.replace("claim", arg).replace("hostile", doc).replace("mallory", person).replace("fight", debate)
                for p in pages]
    paths = concrete + ["/index.json", f"/arguments/{arg}.json", "/api/arguments", f"/api/arguments/{arg}",
                        "/api/graph", "/openapi.json", "/docs", "/static/css/argmap.css", "/nowhere",
                        "/api/nowhere", "/arguments/nope", "/api/arguments?limit=0", "/arguments?year=abc"]
    for path in paths:
        response = client.get(path)
        _check_security_headers(response, path)
    response = client.post("/api/arguments")
    assert response.status_code == 405
    _check_security_headers(response, "POST /api/arguments")


def test_security_headers_even_on_a_crash():
    """An unhandled exception is answered by Starlette's outermost error middleware: the
    headers must be there too."""
    app = create_app(graph=_graph)

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = TestClient(app, raise_server_exceptions=False).get("/boom-for-test")
    assert response.status_code == 500
    assert "boom" not in response.text  # no traceback leaks
    _check_security_headers(response, "/boom-for-test")


# ---------------------------------------------------------------- hostile query strings

HOSTILE_QUERIES = [
    "author=" + "a" * 10_000,
    "&".join(["author=p000001"] * 500),
    "&".join(f"year={y}" for y in range(1000, 1600)),
    "year=99999999999999999999999999",
    "year=-1", "year=abc", "from=2020&to=2010", "offset=-5", "offset=1e309", "limit=0",
    "limit=999999999999", "q=" + "x" * 30_000, "document=" + "d" * 5000, "kind=everything",
    "origin=" + "<script>", "a[b][c][d][e][f][g]=1", "author[]=x&author[0][1]=y", "%ff%fe=%00%00",
    "author=%00", "q=%ED%A0%80", "depth=999", "around=" + "z" * 1000, "debate=%0d%0aSet-Cookie:x=1",
    "&".join(f"p{i}={i}" for i in range(2000)),
]


@pytest.mark.parametrize("path", ["/", "/arguments", "/search", "/api/arguments", "/api/graph", "/index.json",
                                  "/documents/doc-00001", "/map"])
def test_hostile_query_strings_are_rejected_cleanly(client, path):
    app = _with_caching(create_app(graph=client.app.state.graph))
    limited = TestClient(app)
    for query in HOSTILE_QUERIES:
        response = limited.get(f"{path}?{query}")
        if response.status_code == 404 and path == "/map":
            return
        assert 200 <= response.status_code < 500, (path, query[:80], response.status_code)
        assert b"set-cookie" not in b"".join(k for k, _ in response.headers.raw)
        if len(query) > QueryLimits.max_query_bytes:
            assert response.status_code == 414, (path, query[:80])


@given(st.lists(st.tuples(st.sampled_from(["author", "year", "from", "to", "document", "origin", "kind", "q",
                                           "offset", "limit", "depth", "around", "debate", "focus", "x[y]"]),
                          st.text(max_size=40)), max_size=12),
       st.sampled_from(["/", "/arguments", "/search", "/api/arguments", "/api/graph", "/arguments.json",
                        "/authors/p000001", "/documents/doc-00001.json", "/map"]))
@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_random_query_strings_never_crash(client, items, path):
    response = client.get(path, params=items)
    assert response.status_code < 500, (path, items)


def test_deeply_nested_and_long_paths(client):
    for path in ["/arguments/" + "a" * 10_000, "/arguments/" + "/".join(["x"] * 500), "/api/arguments/%00",
                 "/authors/" + "é" * 3000, "/arguments/claim.json.json", "/static/" + "s/" * 1000]:
        response = client.get(path)
        assert 400 <= response.status_code < 500, path
    for path in ["/static/../app/settings.py", "/static/%2e%2e/pyproject.toml", "/static/..%2fpyproject.toml",
                 "/documents/%2e%2e%2f"]:
        response = client.get(path)
        assert response.status_code < 500, path
        assert "BaseSettings" not in response.text and "[project]" not in response.text, path


# ---------------------------------------------------------------- graph snapshots

def _node_link(graph) -> str:
    import networkx as nx

    return json.dumps(nx.node_link_data(graph.g, edges="edges"), sort_keys=True, default=str)


def test_snapshot_is_the_same_graph_and_is_reused(tmp_path):
    cache = tmp_path / "cache"
    built = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built"
    again = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "snapshot"
    assert again.version == built.version == _graph.version
    assert _node_link(again) == _node_link(_graph)
    assert again.by_author == _graph.by_author and again.debates == _graph.debates
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_snapshot_is_never_stale(seeds_copy, tmp_path):
    cache = tmp_path / "cache"
    first = snapshot.load_graph_cached(seeds_copy, cache)
    some = next(p for p in sorted(seeds_copy.glob("curated/*.yaml")) if "label: " in p.read_text(encoding="utf-8"))
    some.write_text(some.read_text(encoding="utf-8").replace("label: ", "label: Edited ", 1), encoding="utf-8")
    second = snapshot.load_graph_cached(seeds_copy, cache)
    assert snapshot.last_load.source == "built"
    assert second.version != first.version
    assert any(a["label"].startswith("Edited ") for _, a in second.g.nodes(data=True))
    # a broken edit is reported, never hidden behind the last good snapshot
    some.write_text(some.read_text(encoding="utf-8") + "\n  - {from: nope, kind: support, to: nada}\n",
                    encoding="utf-8")
    with pytest.raises(DataError):
        snapshot.load_graph_cached(seeds_copy, cache)


def test_corrupt_or_foreign_snapshots_are_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    snapshot.load_graph_cached(SEEDS, cache)
    (path,) = cache.glob("*.pickle")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # truncated
    graph = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built" and graph.version == _graph.version
    path.write_bytes(snapshot.FORMAT + b"another-key\n" + b"garbage")
    snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_shared_writable_cache_is_not_trusted(tmp_path):
    cache = tmp_path / "shared"
    cache.mkdir()
    cache.chmod(0o777)
    graph = snapshot.load_graph_cached(SEEDS, cache)
    assert snapshot.last_load.source == "built (no snapshot)" and graph.version == _graph.version
    assert not list(cache.glob("*.pickle"))


# ---------------------------------------------------------------- HTTP caching

def test_etag_cache_control_and_304(client):
    app = _with_caching(create_app(graph=client.app.state.graph))
    c = TestClient(app)
    arg = next(iter(c.app.state.graph.g.nodes))
    for path in ("/", f"/arguments/{arg}", f"/arguments/{arg}.json", "/api/graph?kind=support", "/api/arguments"):
        first = c.get(path)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert etag.startswith('W/"') and c.app.state.graph.version in etag
        assert "max-age" in first.headers["cache-control"]
        again = c.get(path, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        _check_security_headers(again, path)
        assert c.get(path, headers={"if-none-match": 'W/"other"'}).status_code == 200
        cached = c.get(path)  # from the in-memory cache: the same bytes
        assert cached.content == first.content and cached.headers["etag"] == etag
    gz = c.get("/", headers={"accept-encoding": "gzip"})
    assert gz.headers.get("content-encoding") == "gzip" and gz.headers["etag"]
    # errors are neither tagged nor cached
    assert "etag" not in c.get("/arguments/nope").headers
    assert c.get("/arguments/nope", headers={"if-none-match": "*"}).status_code in (304, 404)
    # versioned static assets are immutable
    css = c.get("/static/css/argmap.css?v=abc")
    if css.status_code == 200:
        assert "immutable" in css.headers["cache-control"]
    # the map's modules, imported without a version, are revalidated every time
    module = c.get("/static/js/map/page.js")
    assert module.status_code == 200 and module.headers["cache-control"] == "no-cache"


def test_etag_changes_with_the_corpus(client, tmp_path):
    other = _hostile_seeds(tmp_path)
    a = TestClient(_with_caching(create_app(graph=client.app.state.graph))).get("/api/arguments")
    b = TestClient(_with_caching(create_app(graph=load_graph(other)))).get("/api/arguments")
    assert a.headers["etag"] != b.headers["etag"]


# ---------------------------------------------------------------- reloads

def test_concurrent_requests_during_reloads_never_see_half_a_graph(tmp_path):
    """Requests run while the graph is swapped back and forth: every answer is wholly
    from one generation (its counts match its version), and none fails."""
    graph_a = _graph
    graph_b = load_graph(_hostile_seeds(tmp_path))
    expected = {g.version: (g.g.number_of_nodes(), g.g.number_of_edges()) for g in (graph_a, graph_b)}
    assert len(expected) == 2
    graphs = [graph_b, graph_a]
    loads = iter(graphs * 50)
    app = snapshot.Reloadable(lambda g: create_app(graph=g), lambda: next(loads), graph=graph_a)

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        seen = {"graph": 0, "index": 0, "search": 0}
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            async def hammer(worker: int):
                for i in range(25):
                    r = await http.get("/api/graph")
                    assert r.status_code == 200
                    body = r.json()
                    assert (body["count"]["nodes"], body["count"]["edges"]) == expected[body["version"]]
                    seen["graph"] += 1
                    r = await http.get("/index.json")
                    assert r.status_code == 200
                    body = r.json()
                    assert (body["total"], body["relations"]) in expected.values()
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
    app = snapshot.Reloadable(lambda g: create_app(graph=g), lambda: load_graph(seeds_copy))
    before = app.graph.version
    assert app.reload() is False  # nothing changed
    write(seeds_copy / "curated" / "broken.yaml", "relations:\n  - {from: ghost, kind: support, to: phantom}\n")
    with pytest.raises(DataError):
        app.reload()
    assert app.graph.version == before and app.generation == 1
    assert TestClient(app).get("/api/graph").json()["version"] == before
