"""Security headers on every answer, a crash included.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.web import create_app
from tests.robustness.corpus import GRAPH, check_security_headers, html_pages


def test_security_headers_on_every_response(client):
    app = client.app
    pages = [p for p in html_pages(app)]
    arg = next(iter(client.app.state.graph.g.nodes))
    doc = next(iter(client.app.state.graph.corpus.documents))
    person = next(iter(client.app.state.graph.corpus.people))
    debate = client.app.state.graph.debates[0].id if client.app.state.graph.debates else "none"
    concrete = [
        p.replace("claim", arg).replace("hostile", doc).replace("mallory", person).replace("fight", debate)
        for p in pages
    ]
    paths = concrete + [
        "/index.json",
        f"/arguments/{arg}.json",
        "/api/arguments",
        f"/api/arguments/{arg}",
        "/api/graph",
        "/openapi.json",
        "/docs",
        "/static/css/argmap.css",
        "/nowhere",
        "/api/nowhere",
        "/arguments/nope",
        "/api/arguments?limit=0",
        "/arguments?year=abc",
    ]
    for path in paths:
        response = client.get(path)
        check_security_headers(response, path)
    response = client.post("/api/graph")
    assert response.status_code == 405
    check_security_headers(response, "PUT /api/arguments")


def test_security_headers_even_on_a_crash():
    """An unhandled exception is answered by Starlette's outermost error middleware: the
    headers must be there too."""
    app = create_app(graph=GRAPH)

    @app.get("/crash-for-test")
    def crash():
        raise RuntimeError("secret detail of the crash")

    response = TestClient(app, raise_server_exceptions=False).get("/crash-for-test")
    assert response.status_code == 500
    # no traceback leaks (the page's own links may name its path)
    assert "secret detail" not in response.text and "RuntimeError" not in response.text
    check_security_headers(response, "/crash-for-test")
