"""What a first visit shows: no page shows markup as text, and each argument once.

Read from the rendered page (`innerText`), as a reader sees it, not from the HTML source.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import PHONE

PAGE_KINDS = {
    "home": "/",
    "arguments": "/arguments",
    "filtered arguments": "/arguments?author=etienne-rotardeau&year=2011",
    "argument": "/arguments/presence-imperative",
    "extracted argument": "/arguments/x-35810467e1",
    "documents": "/documents",
    "document": "/documents/revelation-exclusive",
    "document quoting a tag-like word": "/documents/annee-noire-2012",
    "add a document": "/documents/new",
    "authors": "/authors",
    "author": "/authors/fred",
    "search": "/search?q=strat%C3%A9gie",
    "debate": "/debates/presence-vs-roi",
    "downloads": "/export?debate=presence-vs-roi",
    "map": "/map",
    "not found": "/arguments/no-such-argument",
}
# Tags the templates write, or entities: a document may quote "<bisounours>", never "<span class=…>".
TAGS = "a|b|br|button|code|div|em|h[1-6]|i|img|input|li|mark|ol|p|script|section|span|strong|ul"
MARKUP = re.compile(rf"<\s*/?\s*(?:{TAGS})(?:\s[^<>]*)?/?>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", re.I)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_page_shows_markup_as_text(new_map, kind):
    tab = new_map()
    tab.page.goto(tab.base + PAGE_KINDS[kind])
    tab.page.wait_for_load_state("load")
    text = tab.page.inner_text("body")
    shown = MARKUP.search(text)
    assert shown is None, f"{kind} shows markup as text: …{text[max(0, shown.start() - 60) : shown.end() + 60]}…"
    assert len(text) > 100


def test_the_most_contested_list_reads_as_words_on_the_first_screen(new_map):
    tab = new_map(viewport=PHONE)
    tab.page.goto(tab.base + "/")
    rows = tab.page.locator("ol.args > li")
    assert rows.count() == 8
    first = rows.first.inner_text()
    assert re.search(r"\d+ supports? · \d+ attacks?", first), first
    tab.assert_clean()


def test_search_lists_each_argument_once_with_its_extracted_twin_folded_in(new_map, api):
    tab = new_map()
    tab.page.goto(tab.base + "/search?q=strat%C3%A9gie")
    labels = tab.page.locator("ul.args > li .arg-label").all_inner_texts()
    quotes = [
        api(f"/api/arguments/{href.split('/')[-1]}")["quote"]
        for href in tab.page.locator("ul.args > li .arg-label").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    ]
    assert labels and len(set(quotes)) == len(quotes), "the same passage is listed twice"
    row = tab.page.locator("ul.args > li", has=tab.page.locator('a[href="/arguments/presence-imperative"]'))
    assert re.search(r"also found by extraction, \d+%", row.inner_text())
    tab.page.goto(tab.base + "/search?q=strat%C3%A9gie&origin=extracted")
    assert tab.page.locator('ul.args a[href="/arguments/x-35810467e1"]').count() == 1
    tab.assert_clean()


def test_the_map_panel_shows_the_tally_of_the_argument_page(new_map, api):
    """The ten most connected arguments: the panel the map opens on an argument says
    the same tally, in the same words, as its page (the lists under it are what the map draws)."""
    everything = api("/api/arguments", {"limit": 500, "origin": "curated"})["items"]
    connected = sorted(
        everything, key=lambda a: (-sum(a["tally"][k] for k in ("supports", "attacks", "undercuts")), a["id"])
    )[:10]
    tab = new_map()
    for a in connected:
        tab.goto(f"/map?around={a['id']}&focus={a['id']}")
        tab.page.wait_for_selector("#map-panel:not([hidden]) .tally-line")
        shown = tab.page.inner_text("#map-panel .tally-line")
        page = tab.page.context.new_page()
        page.goto(tab.base + a["url"])
        on_page = page.inner_text(".tally-line")
        page.close()
        assert shown == a["tally_text"] and on_page.startswith(shown), (a["id"], shown, on_page)
    tab.assert_clean()
