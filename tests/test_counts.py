"""One count of how the map bears on an argument, the same wherever it is shown.

The tally of an argument is the arguments that support it, attack it, and undercut
an inference into it, and how many of its attacks stand. Its page, the preview card,
the page's meta description, the API, the map data, the home page and the debate
pages all show the same numbers, in the same words.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from html import unescape

import pytest
from fastapi.testclient import TestClient

from app.seeds import load_graph
from app.settings import Settings
from app.web import create_app
from app.web.pages import argument_card, home_card
from tests.conftest import SEEDS
from tests.test_web_pages import parse, standing_attacks


def ten_most_connected(graph) -> list[str]:
    curated = [n for n, origin in graph.g.nodes(data="origin") if origin == "curated"]
    return sorted(curated, key=lambda n: (-graph.g.in_degree(n), n))[:10]


def expected_tally(graph, arg_id: str) -> dict:
    kinds = Counter(k for *_, k in graph.g.in_edges(arg_id, data="kind"))
    return {
        "supports": kinds["support"],
        "attacks": kinds["attack"],
        "undercuts": kinds["undercut"],
        "standing_attacks": len(standing_attacks(graph, arg_id)),
    }


def words(t: dict) -> str:
    parts = [
        f"{t['supports']} support{'s' if t['supports'] != 1 else ''}",
        f"{t['attacks']} attack{'s' if t['attacks'] != 1 else ''}",
    ]
    if t["undercuts"]:
        parts.append(f"{t['undercuts']} undercut{'s' if t['undercuts'] != 1 else ''}")
    return " · ".join(parts)


def visible(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def connected(seed_graph):
    return ten_most_connected(seed_graph)


def test_the_api_tally_counts_the_relations_into_the_argument(client, seed_graph, connected):
    for arg_id in connected:
        assert client.get(f"/api/arguments/{arg_id}").json()["tally"] == expected_tally(seed_graph, arg_id)


def test_the_page_its_meta_and_its_card_say_the_same_numbers(client, seed_graph, connected):
    for arg_id in connected:
        t = expected_tally(seed_graph, arg_id)
        html = client.get(f"/arguments/{arg_id}").text
        line = visible(html[html.index('class="tally-line"') : html.index("</p>", html.index('class="tally-line"'))])
        assert words(t) in line, arg_id
        if t["attacks"]:
            assert f"{t['standing_attacks']} of the {t['attacks']} attack" in line
        meta = parse(html).meta
        assert meta["og:description"].endswith(words(t)) and meta["twitter:description"] == meta["og:description"]
        for heading, key in (("Supported by", "supports"), ("Attacked by", "attacks"), ("Undercut by", "undercuts")):
            if t[key]:
                assert re.search(rf"{heading} <span class=\"count\">{t[key]}</span>", html), (arg_id, heading)
            else:
                assert f"{heading} <span" not in html
        card = argument_card(seed_graph, arg_id)
        assert " · ".join(text for _, text in card.tally) == words(t)


def test_the_map_data_carries_the_same_tally_whatever_it_draws(client, seed_graph, connected):
    for arg_id in connected:
        for query in (f"around={arg_id}", "", f"author=fred&around={arg_id}"):
            nodes = {n["data"]["id"]: n["data"] for n in client.get(f"/api/graph?{query}").json()["elements"]["nodes"]}
            if arg_id in nodes:
                assert nodes[arg_id]["tally"] == expected_tally(seed_graph, arg_id), query


def test_the_home_page_and_the_debate_pages_use_the_same_words(client, seed_graph):
    home = client.get("/").text
    contested = home[home.index("Most contested arguments") : home.index("</ol>", home.index("Most contested"))]
    rows = contested.split("<li")[1:]
    assert len(rows) == 8
    for row in rows:
        arg_id = re.search(r'class="arg-label" href="/arguments/([^"#]+)"', row).group(1)
        tally_html = row[row.index('<span class="tally">') : row.index('<div class="meta">')]
        assert visible(tally_html) == words(expected_tally(seed_graph, arg_id))
    for debate in seed_graph.debates:
        page = visible(client.get(f"/debates/{debate.id}").text)
        for side in debate.sides:
            for claim in side.claims:
                assert words(expected_tally(seed_graph, claim)) in page


def test_the_home_page_counts_relations_between_the_arguments_it_counts(client, seed_graph):
    data = client.get("/index.json").json()
    ids = {a["id"] for a in client.get("/api/arguments?limit=500").json()["items"]}
    assert data["counts"]["arguments"] == len(ids)
    kinds = Counter(k for s, t, k in seed_graph.g.edges(data="kind") if s in ids and t in ids and k != "same_as")
    assert data["counts"]["tally"] == {
        "supports": kinds["support"],
        "attacks": kinds["attack"],
        "undercuts": kinds["undercut"],
    }
    text = visible(client.get("/").text)
    assert f"{len(ids)} arguments" in text and f"{sum(kinds.values())} relations" in text
    assert "same_as" not in text


@pytest.mark.parametrize("page, query", [("/arguments", ""), ("/map", ""), ("/arguments", "author=steph")])
def test_the_source_facet_adds_up_to_the_arguments_shown(client, seed_graph, page, query):
    """The default selection shows each argument once; "extracted" also counts the
    extracted twins folded into the curated arguments they restate, and the facet says
    how many those are, so that curated + extracted − restating = each argument once."""
    facets = client.get(f"{page}.json?{query}").json()["facets"]
    origin = {f["value"]: f["count"] for f in facets["origin"]}

    def listed(extra: str = "") -> int:
        return len(client.get(f"/api/arguments?{query}&{extra}&limit=500").json()["items"])

    assert facets["once"] == listed()
    assert origin["extracted"] == listed("origin=extracted")
    assert origin["curated"] == listed("origin=curated")
    assert origin["curated"] + origin["extracted"] - facets["restating"] == facets["once"]
    if not query:
        assert facets["restating"] == sum(1 for n in seed_graph.g.nodes if n not in seed_graph.once) > 0
    text = visible(client.get(f"{page}?{query}").text)
    assert f"Each argument once {facets['once']}" in text
    assert f"{facets['restating']} extracted arguments restate a curated one" in text


def lede(page: str) -> str:
    return visible(page[page.index('<p class="lede">') : page.index("</p>", page.index('<p class="lede">'))])


def test_the_home_page_says_what_it_maps_as_the_documents_say_it(client, seed_graph):
    documents = client.get("/documents.json").json()["documents"]
    comments = sum(len(seed_graph.corpus.documents[d["id"]].comments) for d in documents)
    years = [d.year for d in seed_graph.corpus.documents.values()]
    dated = sorted({y for y in years if y is not None})
    span = "–".join(dict.fromkeys((str(dated[0]), str(dated[-1]))))
    sources = f"{len(documents)} documents in French ({span}; {years.count(None)} undated) and {comments} comments"
    home = client.get("/").text
    assert lede(home).startswith(f"{sources} argue about it.")
    assert re.search(r"<h1>(.*?)</h1>", home).group(1) == seed_graph.corpus.topic
    assert f"from {sources}, mapped" in unescape(re.search(r'<meta name="description" content="([^"]*)"', home)[1])
    assert f"from {sources}, mapped" in home_card(seed_graph).body


def test_a_corpus_of_its_own_is_described_by_its_own_documents_and_debates(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    meta = (seeds / "documents.yaml").read_text(encoding="utf-8")
    meta = re.sub(r"^topic(_fr)?: .*\n", "", meta, flags=re.M)  # no topic
    meta = meta.replace("language: fr", "language: en", 1)  # one document in English
    (seeds / "documents.yaml").write_text(meta, encoding="utf-8")
    (seeds / "curated" / "debates.yaml").unlink()  # no debate set out yet
    graph = load_graph(seeds)
    assert graph.corpus.topic is None
    home = TestClient(create_app(Settings(seeds_dir=seeds), graph)).get("/").text
    assert re.search(r"<h1>(.*?)</h1>", home).group(1) == "Debates"
    assert lede(home).startswith("5 documents (2011; 2 undated) and 8 comments are mapped here.")
    assert "Quotes are verbatim, in their documents' languages" in unescape(home)
    assert home_card(graph).title == "Debates"
    # the section stays, saying why it is empty (and where a curator's "New debate" goes)
    section = home[
        home.index('<section class="debates">') : home.index("</section>", home.index('<section class="debates">'))
    ]
    assert "<h2>Debates</h2>" in section and "No debate has been set out yet" in section


def test_an_empty_corpus_says_so_on_the_home_page(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "curated").mkdir(parents=True)
    (seeds / "documents").mkdir()
    (seeds / "documents.yaml").write_text("documents: []\n", encoding="utf-8")
    home = TestClient(create_app(Settings(seeds_dir=seeds), load_graph(seeds))).get("/")
    assert home.status_code == 200
    assert lede(home.text).startswith("No document has been added yet. Add a document")
    assert '<a href="/documents/new" data-curator-only hidden>' in home.text  # shown to curators only
