"""HTML pages: readable without JavaScript, filters in the URL, permalinks, real 404s."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest

from tests.test_graph import once


def standing_attacks(graph, target: str) -> set[str]:
    """Attackers of `target` whose attack stands: the attacker is accepted and no accepted
    argument undercuts the inference attacker → target (written out from the edges)."""
    edges = list(graph.g.in_edges(target, data=True))
    undercut = {
        attrs["undercuts"].partition("->")[0]
        for u, _, attrs in edges
        if attrs["kind"] == "undercut" and graph.node(u).get("grounded") == "IN"
    }
    return {
        a
        for a, _, attrs in edges
        if attrs["kind"] == "attack" and graph.node(a).get("grounded") == "IN" and a not in undercut
    }


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.meta = [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def some_argument(seed_graph):
    return max(seed_graph.g.nodes, key=seed_graph.g.in_degree)


@pytest.mark.parametrize("path", ["/", "/arguments", "/documents", "/authors", "/search?q=ROI", "/map"])
def test_every_section_answers_in_html_with_a_json_twin(client, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    twin_path = path.replace("?", ".json?", 1) if "?" in path else ("/index" if path == "/" else path) + ".json"
    assert f'href="{twin_path}"' in page.text.replace("&amp;", "&")
    twin = client.get(twin_path)
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"


def test_argument_permalink_shows_the_claim_quote_speaker_and_relations(client, seed_graph):
    arg_id = some_argument(seed_graph)
    a = seed_graph.node(arg_id)
    page = client.get(f"/arguments/{arg_id}")
    assert page.status_code == 200
    html = page.text
    from markupsafe import escape

    assert str(escape(a["label"])) in html
    assert str(escape(a["quote"])) in html
    assert f'href="/documents/{a["document"]}#arg-{arg_id}"' in html
    for supporter, _, kind in seed_graph.g.in_edges(arg_id, data="kind"):
        assert f'href="/arguments/{supporter}"' in html
    data = client.get(f"/arguments/{arg_id}.json").json()["argument"]
    assert data["quote"] == a["quote"] and data["start"] == a["start"]


def test_a_pasted_permalink_previews_with_the_claim(client, seed_graph):
    arg_id = some_argument(seed_graph)
    meta = parse(client.get(f"/arguments/{arg_id}", headers={"host": "argmap.example"}).text).meta
    assert meta["og:title"] == seed_graph.node(arg_id)["label"]
    assert meta["og:url"].endswith(f"/arguments/{arg_id}") and meta["og:url"].startswith("http")
    assert seed_graph.node(arg_id)["quote"][:40] in meta["og:description"]
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"].endswith(f"/arguments/{arg_id}/card.png")


def test_unknown_ids_get_a_real_404_page(client):
    for path in ["/arguments/no-such-argument", "/documents/nope", "/authors/nobody", "/debates/none", "/no/such/page"]:
        page = client.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "Not found" in page.text and 'href="/"' in page.text
    assert client.get("/arguments/no-such-argument.json").json()["status"] == 404


def test_bad_parameters_get_a_422_page(client):
    for path in [
        "/arguments?year=soon",
        "/arguments?author=nobody",
        "/arguments?from=2012&to=2011",
        "/arguments?offset=-1",
    ]:
        page = client.get(path)
        assert page.status_code == 422, path
        assert "Invalid parameters" in page.text


def test_filters_in_the_url_restrict_lists_and_offer_to_be_cleared(client, seed_graph):
    person = max((p for p in seed_graph.by_author if p), key=lambda p: len(seed_graph.by_author[p]))
    data = client.get(f"/arguments.json?author={person}").json()
    assert data["total"] == len(seed_graph.by_author[person] & once(seed_graph))
    assert {a["speaker"] for a in data["arguments"]} == {person}
    html = client.get(f"/arguments?author={person}").text
    assert "Clear all filters" in html and 'href="/arguments"' in html


def test_an_empty_result_says_so_and_offers_to_clear(client, seed_graph):
    html = client.get("/arguments?year=1999").text
    assert "No argument matches these filters" in html and 'href="/arguments"' in html


def test_filter_links_keep_the_other_filters(client, seed_graph):
    year = seed_graph.years[0]
    html = client.get(f"/arguments?year={year}").text.replace("&amp;", "&")
    author_links = [h for h in parse(html).links if "author=" in h]
    assert author_links and all(f"year={year}" in h for h in author_links)


def test_the_document_page_highlights_and_anchors_every_argument(client, seed_graph):
    doc_id = "revelation-exclusive"
    html = client.get(f"/documents/{doc_id}").text
    for arg_id in seed_graph.by_document[doc_id]:  # folded twins too: their "read in context" link lands
        assert f'id="arg-{arg_id}"' in html
    assert html.count('class="comment') == 8
    assert "in reply to" in html
    assert "Laissez un commentaire" not in html


def test_the_home_page_leads_to_every_argument_within_three_clicks(client, seed_graph):
    seen, queue = {"/": 0}, deque(["/"])
    while queue:
        path = queue.popleft()
        if seen[path] == 3:
            continue
        for link in parse(client.get(path).text).links:
            link = link.split("#")[0]
            if (
                link.startswith("/")
                and not link.startswith(("/static", "/api", "/docs"))
                and ".json" not in link
                and "?" not in link
                and link not in seen
            ):
                seen[link] = seen[path] + 1
                queue.append(link)
    unreachable = [n for n in seed_graph.g.nodes if f"/arguments/{n}" not in seen]
    assert unreachable == []


def test_markup_in_text_is_escaped(client):
    html = client.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_carry_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]


def test_pages_have_no_inline_script_or_style(client, seed_graph):
    for path in ["/", "/arguments", f"/arguments/{some_argument(seed_graph)}", "/documents/revelation-exclusive"]:
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path


def test_search_finds_words_without_accents(client, seed_graph):
    data = client.get("/search.json?q=medias").json()
    assert data["total"] > 0
    assert all(
        "médias" in (a["quote"] + (a["label_fr"] or "")).lower() or "media" in a["label"].lower()
        for a in data["arguments"]
    )


def test_search_finds_words_where_they_start_never_inside_other_words(client, seed_graph):
    found = client.get("/search.json?q=ROI&limit=100").json()["arguments"]
    assert found and all(
        re.search(r"(?<!\w)roi", " ".join([a["id"], a["label"], a["label_fr"] or "", a["quote"], *a["tags"]]).lower())
        for a in found
    )
    # "croissance" and "croire" hold the letters, not the word
    assert "kabla-crisis-forces-reprioritisation" not in {a["id"] for a in found}
    marked = client.get("/search?q=ROI").text
    assert "c<mark>roi</mark>" not in marked and "<mark>ROI</mark>" in marked
    # the start of a word is enough: search as you type
    typed = client.get("/search.json?q=commun&limit=100").json()["arguments"]
    assert any("community" in a["label"].lower() for a in typed)


def test_the_preview_card_is_a_png_of_the_open_graph_size(client, seed_graph):
    from io import BytesIO

    from PIL import Image

    arg_id = some_argument(seed_graph)
    response = client.get(f"/arguments/{arg_id}/card.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert Image.open(BytesIO(response.content)).size == (1200, 630)
    assert client.get("/arguments/no-such-argument/card.png").status_code == 404


def test_an_argument_page_says_whether_it_stands_and_why(client, seed_graph):
    page = client.get("/arguments/presence-imperative").text
    section = page[page.index('class="acceptability') : page.index("</section>", page.index('class="acceptability'))]
    assert "grounded-OUT" in section and "rejected" in section
    winners = standing_attacks(seed_graph, "presence-imperative")
    assert winners and all(f'href="/arguments/{a}"' in section for a in winners)
    assert 'href="/arguments/five-cases-to-avoid-social-media"' not in section  # accepted, but its attack is undercut
    assert 'href="/map?focus=presence-imperative&amp;off=presence-imperative"' in section
    standing = client.get("/arguments/misuse-does-not-kill-social-marketing").text
    assert "grounded-IN" in standing and "this argument stands" in standing


def test_the_map_page_says_which_arguments_are_switched_off(client):
    page = client.get("/map?off=presence-costs-money&off=roi-unmeasurable").text
    banner = page[page.index('class="map-off') : page.index("</p>", page.index('class="map-off'))]
    assert "2 arguments" in banner and "hidden" not in banner.split(">")[0]
    assert "off=presence-costs-money" in page  # the map data is asked for with them off
    assert client.get("/map?off=nope").status_code == 422


def test_downloads_come_in_every_format_with_the_current_filters(client):
    from app.formats import FORMATS

    page = client.get("/export?debate=presence-vs-roi").text
    for name in FORMATS:
        assert f'href="/export/{name}?debate=presence-vs-roi"' in page
    debate_ids = {n["data"]["id"] for n in client.get("/api/graph?debate=presence-vs-roi").json()["elements"]["nodes"]}
    aif = client.get("/export/aif?debate=presence-vs-roi")
    assert aif.headers["content-disposition"] == 'attachment; filename="argmap-presence-vs-roi-aif.json"'
    assert len([n for n in aif.json()["nodes"] if n["type"] == "I"]) == len(debate_ids)
    node_link = client.get("/export/node-link?author=fred").json()
    assert node_link["nodes"] and {n["speaker"] for n in node_link["nodes"]} == {"fred"}
    assert 'href="/export?debate=presence-vs-roi"' in client.get("/debates/presence-vs-roi").text
    assert client.get("/export/pdf").status_code == 404


def test_the_embedded_map_shows_two_rings_unless_that_is_most_of_the_map(client, seed_graph):
    from app.graph import around

    for arg_id in ("presence-imperative", "such-study-would-help-evangelise"):
        depth = 2 if len(around(seed_graph, [arg_id], 2)) <= 30 else 1
        page = client.get(f"/arguments/{arg_id}").text
        assert f'data-graph-url="/api/graph?around={arg_id}&amp;depth={depth}"' in page
        assert f"{len(around(seed_graph, [arg_id], depth)) - 1} arguments within" in page


def test_two_clicks_from_home_reach_the_strongest_attack_on_presence_and_its_author(client, seed_graph):
    home = client.get("/").text
    assert 'href="/arguments/presence-imperative"' in home  # click 1: the claim, on its debate's card
    page = client.get("/arguments/presence-imperative").text
    attacked = page[page.index("Attacked by") :]
    first = re.search(r'<li class="arg[^"]*">(.*?)</li>', attacked, re.S).group(1)
    assert "strongest attack" in first
    target = re.search(r'<a class="arg-label" href="/arguments/([^"]+)"', first).group(1)  # click 2
    attack = seed_graph.node(target)
    standing = standing_attacks(seed_graph, "presence-imperative")
    assert target in standing
    author = seed_graph.corpus.person_name(attack["speaker"]) or "unnamed author"
    assert author in first  # the author is named beside the link already
    backing = lambda a: sum(1 for *_, k in seed_graph.g.in_edges(a, data="kind") if k == "support")  # noqa: E731
    assert backing(target) == max(backing(a) for a in standing)


def test_an_attack_undercut_by_an_accepted_argument_is_listed_as_not_standing_and_never_strongest(client, seed_graph):
    # "A cited article lists five cases…" is accepted, but "Very few companies fit the five
    # cases" (accepted) undercuts its attack on presence-imperative: that attack is defeated.
    assert seed_graph.node("five-cases-to-avoid-social-media")["grounded"] == "IN"
    assert seed_graph.node("few-firms-fit-the-cases")["grounded"] == "IN"
    assert "five-cases-to-avoid-social-media" not in standing_attacks(seed_graph, "presence-imperative")
    data = client.get("/api/arguments/presence-imperative").json()
    rows = {r["id"]: r for r in data["attackers"]}
    assert rows["five-cases-to-avoid-social-media"]["stands"] is False
    assert not rows["five-cases-to-avoid-social-media"].get("strongest")
    assert {i for i, r in rows.items() if r["stands"]} == standing_attacks(seed_graph, "presence-imperative")
    assert [r["stands"] for r in data["attackers"]] == sorted((r["stands"] for r in data["attackers"]), reverse=True)
    assert data["tally"]["standing_attacks"] == len(standing_attacks(seed_graph, "presence-imperative"))
    page = client.get("/arguments/presence-imperative").text
    attacked = page[page.index("Attacked by") : page.index("</section>", page.index("Attacked by"))]
    row = re.search(r'<li class="arg[^"]*">((?:(?!</li>).)*five-cases-to-avoid-social-media.*?)</li>', attacked, re.S)
    assert row and "does not stand" in row.group(1) and "strongest attack" not in row.group(1)
