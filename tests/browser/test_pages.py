"""What a reader sees on every page kind, in a real browser: the debate outline, an
accessibility scan, phone widths, "Copy link", errors in plain words, search
highlights, document passages and links that look like links."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, EVERY_IMPACT, PHONE, axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def debates(api) -> list[dict]:
    return api("/api/debates")["items"]


@pytest.fixture(scope="module")
def edges(api) -> list[dict]:
    return [e["data"] for e in api("/api/graph")["elements"]["edges"]]


@pytest.fixture(scope="module")
def page_kinds(api, debates) -> dict[str, str]:
    """One URL of every page kind, named, over the shipped seeds."""
    arguments = api("/api/arguments", {"limit": 1})["items"]
    documents = api("/documents.json")["documents"]
    authors = api("/authors.json")["authors"]
    return {
        "home": "/",
        "arguments": "/arguments",
        "argument": arguments[0]["url"],
        "documents": "/documents",
        "document": documents[0]["url"],
        "authors": "/authors",
        "author": authors[0]["url"],
        "search": "/search?q=ROI",
        "debate": f"/debates/{debates[0]['id']}",
        "outline": f"/debates/{debates[0]['id']}/outline",
        "timeline": "/timeline",
        "debate-timeline": f"/debates/{debates[0]['id']}/timeline",
        "map": f"/map?debate={debates[0]['id']}",
        "export": "/export",
        "error": "/arguments?year=abc",
        "not-found": "/arguments/no-such-argument",
    }


def reachable(edges: list[dict], roots: list[str]) -> set[str]:
    """Every argument from which a chain of supports, attacks and undercuts leads to a root."""
    answers: dict[str, set[str]] = {}
    for e in edges:
        if e["kind"] in ("support", "attack", "undercut"):
            answers.setdefault(e["target"], set()).add(e["source"])
    seen, stack = set(roots), list(roots)
    while stack:
        for source in answers.get(stack.pop(), ()):
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def main_claims(debate: dict) -> list[str]:
    return [c for side in debate["sides"] for c in side["claims"]]


# ---------------------------------------------------------------- the outline


def test_outline_lists_every_argument_reachable_from_the_main_claims_without_javascript(new_map, debates, edges):
    tab = new_map(java_script_enabled=False)
    for debate in debates:
        tab.goto(f"/debates/{debate['id']}/outline", wait=False)
        expected = reachable(edges, main_claims(debate))
        shown = set(tab.page.eval_on_selector_all("li.oi[id^='arg-']", "els => els.map(e => e.id.slice(4))"))
        assert shown == expected, f"{debate['id']}: missing {expected - shown}, extra {shown - expected}"
        # each argument once in full: the other places are links to it
        full = tab.page.eval_on_selector_all("li.oi:not(.repeat)", "els => els.length")
        assert full == len(expected)
        repeats = tab.page.eval_on_selector_all(
            "li.oi.repeat > .oi-line > a.arg-label", "els => els.map(a => a.getAttribute('href'))"
        )
        assert all(href[len("#arg-") :] in expected for href in repeats)
        # the main claims, first level open, are visible as text
        text = tab.page.inner_text("main")
        for claim in main_claims(debate):
            assert tab.page.inner_text(f"#arg-{claim} > .oi-line > a.arg-label") in text
    tab.assert_clean()


def test_outline_items_link_to_permalink_map_and_show_speaker_year_and_judgement(new_map, debates, api):
    tab = new_map(java_script_enabled=False)
    debate = debates[0]
    tab.goto(f"/debates/{debate['id']}/outline", wait=False)
    claim = main_claims(debate)[0]
    row = api(f"/arguments/{claim}.json")["argument"]
    line = tab.page.locator(f"#arg-{claim} > .oi-line")
    assert line.locator("a.arg-label").get_attribute("href") == f"/arguments/{claim}"
    assert line.locator("a", has_text="on the map").get_attribute("href") == f"/map?debate={debate['id']}&focus={claim}"
    text = line.inner_text()
    assert str(row["year"] or "year unknown") in text
    assert (row["speaker_name"] or "unnamed author") in text
    assert {"IN": "accepted", "OUT": "rejected", "UNDEC": "undecided"}[row["grounded"]] in text.lower()
    debate_page = tab.goto(f"/debates/{debate['id']}", wait=False).page
    assert debate_page.locator(f"a[href='/debates/{debate['id']}/outline']").is_visible()


def test_outline_branches_open_and_close_with_the_keyboard(new_map, debates):
    tab = new_map(java_script_enabled=False)
    tab.goto(f"/debates/{debates[0]['id']}/outline", wait=False)
    page = tab.page
    owner = page.eval_on_selector("details:not([open])", "d => d.parentElement.id")
    closed = page.locator(f"#{owner} > details")
    child = closed.locator(":scope > ul > li.oi > .oi-line > a.arg-label").first
    assert not child.is_visible()
    closed.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    assert child.is_visible()
    page.keyboard.press("Enter")
    assert not child.is_visible()
    # and summaries are in the tab order
    page.locator("a.skip").focus()
    tags = []
    for _ in range(60):
        page.keyboard.press("Tab")
        tags.append(page.evaluate("document.activeElement.tagName"))
    assert "SUMMARY" in tags


def test_a_link_to_an_argument_deep_in_the_outline_opens_its_branch(new_map, debates):
    debate = debates[0]
    hidden = (
        new_map()
        .goto(f"/debates/{debate['id']}/outline", wait=False)
        .page.eval_on_selector_all("details:not([open]) li.oi[id^='arg-']", "els => els.map(e => e.id)")
    )
    assert hidden, "every branch is open: nothing to test"
    for opened_by in ("a pasted link", "a link in the page"):
        tab = new_map()
        if opened_by == "a pasted link":
            tab.goto(f"/debates/{debate['id']}/outline#{hidden[-1]}", wait=False)
        else:
            tab.goto(f"/debates/{debate['id']}/outline", wait=False)
            tab.page.evaluate("id => { location.hash = id; }", hidden[-1])
        target = tab.page.locator(f"#{hidden[-1]} > .oi-line > a.arg-label")
        target.wait_for(state="visible")
        box = target.bounding_box()
        assert 0 <= box["y"] < DESKTOP["height"], opened_by
        tab.assert_clean()


def test_one_button_opens_and_closes_every_branch(new_map, debates):
    tab = new_map().goto(f"/debates/{debates[0]['id']}/outline", wait=False)
    page = tab.page
    closed = "document.querySelectorAll('details:not([open])').length"
    assert page.evaluate(closed) > 0
    page.get_by_role("button", name="Open every branch").click()
    assert page.evaluate(closed) == 0
    page.get_by_role("button", name="Close every branch").click()
    assert page.evaluate(closed) == page.evaluate("document.querySelectorAll('details').length")
    tab.assert_clean()


# ---------------------------------------------------------------- accessibility


def test_no_serious_accessibility_violation_on_any_outline(new_map, debates):
    tab = new_map(java_script_enabled=True)
    found = {}
    for debate in debates:
        tab.goto(f"/debates/{debate['id']}/outline", wait=False)
        found[debate["id"]] = axe_violations(tab.page)
    assert found == {d["id"]: [] for d in debates}
    tab.assert_clean()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_accessibility_violation_on_the_main_pages(new_map, page_kinds, language):
    tab = new_map(extra_http_headers={"Accept-Language": language})
    found = {}
    for name, path in page_kinds.items():
        tab.goto(path, wait=False)
        found[name] = axe_violations(tab.page, EVERY_IMPACT)
    assert found == {name: [] for name in page_kinds}


# ---------------------------------------------------------------- every page kind, desktop and phone


def test_every_page_kind_fits_a_phone_screen_and_is_photographed(new_map, page_kinds):
    desktop, phone = new_map(viewport=DESKTOP), new_map(viewport=PHONE)
    too_wide = {}
    for name, path in page_kinds.items():
        desktop.goto(path, wait=False).shot(f"pages-{name}-desktop")
        phone.goto(path, wait=False).shot(f"pages-{name}-phone")
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[name] = width
    assert too_wide == {}


def test_search_results_start_on_the_first_phone_screen(new_map):
    tab = new_map(viewport=PHONE).goto("/search?q=ROI", wait=False)
    first = tab.page.locator("ul.results > li").first.bounding_box()
    assert first["y"] + 40 < PHONE["height"], "the first result is below the first screen"
    facets = tab.page.locator("aside.facets").bounding_box()
    assert facets["y"] > first["y"]


def test_argument_titles_look_like_links_on_debate_and_list_pages(new_map, page_kinds):
    tab = new_map()
    for name in ("debate", "arguments", "author", "search", "home", "outline"):
        tab.goto(page_kinds[name], wait=False)
        title = tab.page.locator("a.arg-label").first
        style = title.evaluate("""a => { const s = getComputedStyle(a);
            const link = getComputedStyle(document.querySelector('footer.site a'));
            const body = getComputedStyle(document.body);
            return {color: s.color, link: link.color, text: body.color}; }""")
        assert style["color"] == style["link"] != style["text"], name
        title.hover()
        assert "underline" in title.evaluate("a => getComputedStyle(a).textDecorationLine"), name
        title.focus()
        tab.page.keyboard.press("Shift+Tab")
        tab.page.keyboard.press("Tab")
        assert "underline" in title.evaluate("a => getComputedStyle(a).textDecorationLine"), name


# ---------------------------------------------------------------- copy link


@pytest.mark.parametrize("kind", ["arguments", "search", "author", "documents", "debate", "outline"])
def test_copy_link_copies_the_absolute_url_of_the_view_with_its_filters(browser, server, page_kinds, api, kind):
    path = page_kinds[kind]
    if kind in ("arguments", "author"):
        year = api("/api/arguments", {"limit": 1})["items"][0]["year"]
        path += f"?year={year}&origin=curated"
    elif kind == "search":
        path += "&origin=curated"
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(server + path)
        button = page.locator("button.copy-link")
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == server + path
        expect(button).to_have_text("Link copied")
    finally:
        context.close()


def test_copy_link_is_not_offered_without_javascript(new_map, page_kinds):
    tab = new_map(java_script_enabled=False).goto(page_kinds["arguments"], wait=False)
    assert tab.page.locator("button.copy-link").count() == 1
    assert not tab.page.locator("button.copy-link").is_visible()


# ---------------------------------------------------------------- errors


def test_a_bad_filter_is_explained_in_plain_words_on_a_styled_page(new_map):
    tab = new_map().goto("/arguments?year=abc", wait=False)
    assert "Year must be a number like 2011." in tab.page.inner_text("main")
    assert tab.page.locator("header.site nav").is_visible()


def test_an_over_long_address_gets_the_styled_error_page_in_a_browser(new_map, server):
    tab = new_map()
    response = tab.page.goto(server + "/arguments?q=" + "x" * 8300)
    assert response.status == 414
    assert tab.page.inner_text("h1") == "Address too long"
    assert "This address is too long" in tab.page.inner_text("main")
    assert tab.page.locator("header.site nav").is_visible()


# ---------------------------------------------------------------- search


def folded(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def test_search_marks_the_words_found_whatever_their_accents_and_case(new_map):
    tab = new_map().goto("/search?q=STRATEGIE", wait=False)
    marks = tab.page.eval_on_selector_all("ul.results mark", "ms => ms.map(m => m.innerText)")
    assert marks and {folded(m) for m in marks} == {"strategie"}
    assert "stratégie" in marks  # the accented word of the French quotes is marked as written


def test_search_says_where_each_result_matched(new_map, api):
    author = api("/authors.json")["authors"][0]
    surname = author["name"].split()[-1]
    tab = new_map().goto(f"/search?q={surname}", wait=False)
    rows = tab.page.locator("ul.results > li")
    assert rows.count() > 0
    for i in range(rows.count()):
        row = rows.nth(i)
        where = row.locator(".matched").inner_text()
        assert where.startswith("Matched in ")
        fields = where[len("Matched in ") :].split(", ")
        if row.locator(".meta mark").count():
            assert "speaker" in fields
            assert folded(row.locator(".meta mark").first.inner_text()) == folded(surname)
        if row.locator("a.arg-label mark").count():
            assert "label" in fields
        if "quote" in fields:
            assert row.locator(".excerpt mark").count()
    by_author = tab.page.locator(f"ul.results .meta a[href='/authors/{author['id']}']")
    assert by_author.count() > 0
    assert by_author.count() == tab.page.locator(f"ul.results .meta a[href='/authors/{author['id']}'] mark").count()


# ---------------------------------------------------------------- document pages


def test_document_passages_lead_to_their_argument_by_click_and_keyboard(new_map, page_kinds):
    tab = new_map().goto(page_kinds["document"], wait=False)
    page = tab.page
    passage = page.locator("mark.span.curated a").first
    target = passage.get_attribute("href")
    passage.focus()
    assert page.evaluate("document.activeElement.closest('mark') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + target)
    assert page.inner_text("h1")
    tab.goto(page_kinds["document"], wait=False)
    extracted = page.locator("mark.span.extracted a").first
    target = extracted.get_attribute("href")
    extracted.click()
    page.wait_for_url("**" + target)
    tab.assert_clean()


def test_document_legend_explains_both_highlight_shades(new_map, page_kinds):
    tab = new_map().goto(page_kinds["document"], wait=False)
    page = tab.page
    legend = page.locator(".doc-legend")
    assert legend.is_visible()
    text = legend.inner_text()
    assert "curated" in text and "extraction" in text
    background = "el => getComputedStyle(el).backgroundColor"
    for shade in ("curated", "extracted"):
        in_legend = legend.locator(f"mark.{shade}").evaluate(background)
        in_text = page.locator(f".doc-text mark.span.{shade}").first.evaluate(background)
        assert in_legend == in_text, shade
    assert legend.locator("mark.curated").evaluate(background) != legend.locator("mark.extracted").evaluate(background)
