"""Errors in plain words: every bad query parameter gets one clear message, on the styled
error page for a browser and in a structured JSON error for the API and the twins."""

from __future__ import annotations

import re

import pytest

from app.web.limits import QueryLimits

# (query, parameter, message) for every filter or query parameter a reader can get wrong
BAD = [
    ("year=abc", "year", "Year must be a number like 2011."),
    ("year=99999", "year", "Year must be between 1000 and 9999, like 2011."),
    ("from=soon", "from", "“From” must be a year like 2011 or a date like 2011-11-29."),
    ("to=later", "to", "“To” must be a year like 2011 or a date like 2011-11-29."),
    ("to=2011-02-30", "to", "“To” must be a year like 2011 or a date like 2011-11-29."),
    (
        "asof=later",
        "asof",
        "“As of” must be a comment position like revelation-exclusive#3, a year like 2011 or a date like 2011-11-29.",
    ),
    ("asof=nowhere%233", "asof", "There is no document “nowhere”: the Documents page lists them all."),
    ("from=2012&to=2011", "from", "“From” (2012) is after “to” (2011): swap them."),
    ("offset=-1", "offset", "Offset must be 0 or more."),
    ("offset=ten", "offset", "Offset must be a whole number, like 50."),
    ("origin=invented", "origin", "Origin must be curated, extracted or all."),
    ("kind=rebuttal", "kind", "Kind must be support, attack, undercut or same_as."),
    ("author=nobody", "author", "There is no author “nobody”: the Authors page lists everyone in the corpus."),
    ("document=nowhere", "document", "There is no document “nowhere”: the Documents page lists them all."),
]
MAP_BAD = [
    ("depth=9", "depth", "Depth must be 5 or less."),
    ("depth=deep", "depth", "Depth must be a whole number, like 2."),
    ("off=no-such-argument", "off", "There is no argument “no-such-argument” to switch off."),
]


def page_messages(html: str) -> list[str]:
    article = re.search(r'<article class="error">(.*?)</article>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", p).replace("&#34;", '"') for p in re.findall(r"<p>(.*?)</p>", article, re.S)]


def test_the_error_page_offers_the_same_page_without_its_parameters(client):
    page = client.get("/arguments?year=abc")
    assert '<a class="button secondary" href="/arguments">Open this page without its parameters</a>' in page.text


@pytest.mark.parametrize(
    "path,query,parameter,message", [("/arguments", *b) for b in BAD] + [("/map", *b) for b in MAP_BAD]
)
def test_a_bad_parameter_is_explained_in_plain_words_on_the_page_and_in_json(client, path, query, parameter, message):
    page = client.get(f"{path}?{query}", headers={"accept": "text/html"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert message in [m.replace("&#39;", "'") for m in page_messages(page.text)]
    assert '<link rel="stylesheet"' in page.text  # the site's styled page, not raw text
    twin = client.get(f"{path}.json?{query}")
    api = client.get(f"/api/arguments?{query}") if path == "/arguments" else twin
    for answer in (twin, api):
        body = answer.json()
        assert answer.status_code == 422 and body["status"] == 422
        assert message in body["detail"]
        assert {"parameter": parameter, "message": message} in [
            {k: e[k] for k in ("parameter", "message")} for e in body["errors"]
        ]


def test_the_value_given_is_returned_with_each_error(client):
    body = client.get("/arguments.json?year=abc&year=x").json()
    assert [(e["parameter"], e["value"]) for e in body["errors"]] == [("year", "abc"), ("year", "x")]
    assert body["detail"] == ["Year must be a number like 2011."]


def test_a_too_long_search_is_explained(client):
    page = client.get("/search?q=" + "mot " * 60)
    assert page.status_code == 422
    assert "The search must be at most 200 characters long." in page_messages(page.text)


def test_an_over_long_address_gets_the_styled_page_in_a_browser_and_json_for_the_api(client):
    query = "year=" + "1" * (QueryLimits.max_query_bytes + 10)
    page = client.get(f"/arguments?{query}", headers={"accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 414 and page.headers["content-type"].startswith("text/html")
    assert "Address too long" in page.text and "This address is too long" in page.text
    for answer in (
        client.get(f"/api/arguments?{query}"),
        client.get(f"/arguments.json?{query}"),
        client.get(f"/arguments?{query}", headers={"accept": "application/json"}),
    ):
        assert answer.status_code == 414 and answer.headers["content-type"] == "application/json"
        assert answer.json()["detail"].startswith("This address is too long")
