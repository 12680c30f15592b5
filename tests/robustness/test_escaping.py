"""Markup injected into every text field stays text on every page and data in every JSON twin.

Bounded: a fixed number of examples, no sleeps, no network.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.seeds import load_graph
from app.web import create_app
from tests.robustness.corpus import RAW_MARKERS, XSS, hostile_seeds, html_pages


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    seeds = hostile_seeds(tmp_path_factory.mktemp("hostile"))
    graph = load_graph(seeds)
    return TestClient(create_app(graph=graph)), graph


def test_markup_in_every_text_field_is_escaped_on_every_page(hostile_client):
    client, _ = hostile_client
    paths = html_pages(client.app)
    assert {
        "/",
        "/arguments",
        "/arguments/claim",
        "/documents/hostile",
        "/authors/mallory",
        "/search",
        "/debates/fight",
    } <= set(paths), paths
    extra = [
        "/search?q=" + XSS,
        "/search?q=corps",
        "/arguments/objection",
        "/authors/eve",
        "/authors",
        "/arguments?author=mallory",
        "/map?focus=claim",
        "/documents/hostile?author=eve",
        # error pages echo what was asked
        "/arguments/" + XSS,
        "/arguments?author=" + XSS,
        "/documents?document=" + XSS,
    ]
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
    for path in (
        "/index.json",
        "/arguments/claim.json",
        "/api/graph",
        "/api/arguments/claim",
        "/documents/hostile.json",
        "/authors/mallory.json",
        "/debates/fight.json",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("application/json")
        assert any(XSS in text for text in _strings(response.json())), path  # data, intact
