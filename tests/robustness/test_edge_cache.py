"""The outermost cache (app.web.edge): a cached answer is the rendered answer, byte for
byte and header for header; a data change shows on the next request; private requests
and answers are never stored.

Bounded: a fixed list of URLs, no sleeps, no network.
"""

from __future__ import annotations

import shutil

import pytest
from fastapi import Response
from fastapi.testclient import TestClient

from app.reloading import Reloadable
from app.seeds import load_graph
from app.settings import Settings
from app.web import create_app, edge
from tests.robustness.corpus import GRAPH, SEEDS


def _edge(app) -> edge.EdgeCache:
    """The app's outermost layer."""
    assert isinstance(app.edge, edge.EdgeCache)
    return app.edge


def _every_kind_of_url(graph) -> list[str]:
    """One URL of every kind of answer: pages, their JSON twins, the API, exports."""
    arg = sorted(graph.g.nodes)[0]
    doc = graph.node(arg)["document"]
    debate = graph.debates[0].id if graph.debates else None
    urls = [
        "/",
        "/index.json",
        f"/arguments/{arg}",
        f"/arguments/{arg}.json",
        "/arguments?kind=support",
        f"/documents/{doc}",
        f"/documents/{doc}.json",
        "/authors",
        "/map",
        f"/api/arguments/{arg}",
        "/api/arguments?limit=5",
        f"/api/graph?document={doc}",
        "/export/node-link",
        "/export/argdown",
        "/map.svg",
    ]
    if debate:
        urls += [f"/debates/{debate}", f"/debates/{debate}/outline.json"]
    return urls


def _headers(response) -> list[tuple[str, str]]:
    return sorted(response.headers.multi_items())


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_cached_answer_is_the_rendered_answer_byte_for_byte(encoding):
    urls = _every_kind_of_url(GRAPH)
    cold = TestClient(create_app(graph=GRAPH))  # every answer rendered through the whole stack
    warm_app = create_app(graph=GRAPH)
    warm = TestClient(warm_app)
    cache = _edge(warm_app)
    ask = {"accept-encoding": encoding}
    for url in urls:
        warm.get(url, headers=ask)  # stored
        misses = _edge(cold.app).misses
        rendered = cold.get(url, headers=ask)
        assert rendered.status_code == 200 and _edge(cold.app).misses == misses + 1, url
        hits = cache.hits
        cached = warm.get(url, headers=ask)
        assert cache.hits == hits + 1, f"{url} was not answered from the cache"
        assert _headers(cached) == _headers(rendered), url
        if encoding == "gzip" and rendered.headers.get("content-encoding") == "gzip":
            # gzip stamps the time it compressed at: same length, same content
            assert len(cached.content) == len(rendered.content), url
        else:
            assert cached.content == rendered.content, url
        assert cached.text == rendered.text, url
        head = warm.head(url, headers=ask)
        assert cache.hits == hits + 2 and head.status_code == 200 and head.content == b"", url
        assert _headers(head) == _headers(rendered), url
    assert any(cold.get(u, headers=ask).headers.get("content-encoding") == "gzip" for u in urls) == (encoding == "gzip")


def test_a_cached_304_is_the_rendered_304():
    url = f"/arguments/{sorted(GRAPH.g.nodes)[0]}"
    etag = TestClient(create_app(graph=GRAPH)).get(url).headers["etag"]
    cold_app = create_app(graph=GRAPH)
    rendered = TestClient(cold_app).get(url, headers={"if-none-match": etag})  # ResponseCaching, inside
    assert _edge(cold_app).hits == 0
    warm_app = create_app(graph=GRAPH)
    warm = TestClient(warm_app)
    warm.get(url)
    hits = _edge(warm_app).hits
    cached = warm.get(url, headers={"if-none-match": etag})
    assert _edge(warm_app).hits == hits + 1
    assert rendered.status_code == cached.status_code == 304
    assert cached.content == b""
    assert _headers(cached) == _headers(rendered)
    assert warm.get(url, headers={"if-none-match": 'W/"other"'}).status_code == 200


def test_a_data_change_is_visible_on_the_next_request(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    served = Reloadable(lambda graph: create_app(graph=graph), lambda: load_graph(seeds), graph=GRAPH)
    client = TestClient(served)
    arg = sorted(GRAPH.g.nodes)[0]
    old_label = GRAPH.node(arg)["label"]
    for url in (f"/arguments/{arg}", f"/arguments/{arg}.json", "/api/arguments"):
        before = client.get(url)
        assert old_label in before.text
        assert client.get(url).content == before.content  # now from the cache
    yaml_file = seeds / "curated" / f"{GRAPH.node(arg)['document']}.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace(f'label: "{old_label}"', 'label: "Gaston a changé d\'avis"', 1), "utf-8")
    assert served.reload()
    for url in (f"/arguments/{arg}", f"/arguments/{arg}.json", "/api/arguments"):
        after = client.get(url)
        assert "Gaston a changé d" in after.text and old_label not in after.text, url


@pytest.mark.parametrize(
    "method, path, headers",
    [
        ("GET", "/api/session", {}),
        ("GET", "/login", {}),
        ("GET", "/history", {}),
        ("GET", "/history/42", {}),
        ("GET", "/arguments", {"cookie": "lang=en; argmap_session=abc"}),
        ("GET", "/arguments", {"authorization": "Bearer x"}),
        ("POST", "/api/arguments", {}),
        ("DELETE", "/api/arguments/x", {}),
    ],
)
def test_private_requests_are_neither_answered_nor_stored(method, path, headers):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    assert not edge.cacheable_request(scope, edge.request_headers(scope))


def test_a_session_cookie_skips_the_cache_of_a_public_page():
    app = create_app(graph=GRAPH)
    client = TestClient(app)
    client.get("/api/arguments")
    cache = _edge(app)
    stored, hits = len(cache.entries), cache.hits
    assert client.get("/api/arguments", headers={"cookie": "theme=dark"}).status_code == 200
    assert cache.hits == hits + 1  # other cookies do not change the answer
    assert client.get("/api/arguments", headers={"cookie": "argmap_session=abc"}).status_code == 200
    assert client.get("/api/debates", headers={"cookie": "argmap_session=abc"}).status_code == 200
    assert cache.hits == hits + 1 and len(cache.entries) == stored


def test_answers_that_set_a_cookie_or_are_private_are_not_stored():
    app = create_app(graph=GRAPH)

    @app.get("/api/with-cookie")
    def with_cookie(response: Response) -> dict:
        response.set_cookie("seen", "1")
        return {"ok": True}

    @app.get("/api/private")
    def private(response: Response) -> dict:
        response.headers["Cache-Control"] = "no-store"
        return {"ok": True}

    client = TestClient(app)
    for url in ("/api/with-cookie", "/api/private", "/arguments/nope"):
        client.get(url)
        client.get(url)
    assert _edge(app).entries == {} and _edge(app).hits == 0
    assert not edge.storable_response(200, [(b"vary", b"Accept-Encoding, User-Agent")])
    assert edge.storable_response(200, [(b"vary", b"Accept-Encoding, Accept-Language")])


def test_the_key_holds_the_interface_language():

    def key(query: bytes = b"", **headers) -> tuple:
        scope = {
            "path": "/",
            "query_string": query,
            "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
        }
        return edge.vary_key(scope, edge.request_headers(scope), "v1", hosts=False)

    assert key(accept_language="fr-FR,fr;q=0.9") == key(cookie="lang=fr") != key()
    assert key(accept_language="de, en;q=0.5") == key() == key(cookie="lang=xx")
    assert key(cookie="lang=en", accept_language="fr") == key()  # the cookie wins
    assert key(b"lang=fr", accept_language="en") == key(b"lang=fr", accept_language="fr")
    assert key(accept_encoding="gzip, br") != key(accept_encoding="br")


def test_an_unknown_host_is_refused_even_when_the_page_is_cached():
    app = create_app(Settings(allowed_hosts="maps.example.org"), graph=GRAPH)
    client = TestClient(app, base_url="http://maps.example.org")
    assert client.get("/api/debates").status_code == 200
    assert client.get("/api/debates").status_code == 200
    assert _edge(app).hits == 1
    assert client.get("/api/debates", headers={"host": "evil.example"}).status_code == 400


def test_a_language_chosen_by_header_or_cookie_is_another_representation():
    client = TestClient(create_app(graph=GRAPH))
    english = client.get("/api/debates", headers={"accept-language": "en"})
    french = client.get("/api/debates", headers={"accept-language": "fr-FR"})
    assert english.headers["etag"].endswith('-en"')
    assert french.headers["etag"] == english.headers["etag"][: -len('-en"')] + '-fr"'
    assert client.get("/api/debates", headers={"cookie": "lang=fr"}).headers["etag"] == french.headers["etag"]
    assert client.get("/api/debates?lang=fr").headers["etag"] == french.headers["etag"]  # the URL says it
    # a reader switching to French is not told that the English answer they hold is still good
    switched = client.get("/api/debates", headers={"accept-language": "fr", "if-none-match": english.headers["etag"]})
    assert switched.status_code == 200
    kept = client.get("/api/debates", headers={"accept-language": "fr", "if-none-match": french.headers["etag"]})
    assert kept.status_code == 304
