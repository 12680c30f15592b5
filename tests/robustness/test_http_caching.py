"""HTTP caching: ETag, Cache-Control and 304, changing with the corpus.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.seeds import load_graph
from app.web import create_app
from tests.robustness.corpus import check_security_headers, hostile_seeds, with_caching


def test_etag_cache_control_and_304(client):
    app = with_caching(create_app(graph=client.app.state.graph))
    c = TestClient(app)
    arg = next(iter(c.app.state.graph.g.nodes))
    for path in ("/", f"/arguments/{arg}", f"/arguments/{arg}.json", "/api/graph?kind=support", "/api/arguments"):
        first = c.get(path)
        assert first.status_code == 200
        etag = first.headers["etag"]
        assert etag.startswith('W/"') and c.app.state.graph.version in etag
        # an edit may change any answer at any time: a browser checks before each use
        assert first.headers["cache-control"] == "public, no-cache"
        again = c.get(path, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        check_security_headers(again, path)
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
    other = hostile_seeds(tmp_path)
    a = TestClient(with_caching(create_app(graph=client.app.state.graph))).get("/api/arguments")
    b = TestClient(with_caching(create_app(graph=load_graph(other)))).get("/api/arguments")
    assert a.headers["etag"] != b.headers["etag"]
