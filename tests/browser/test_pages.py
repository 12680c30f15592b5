"""What a reader sees on every page kind, in a real browser: the debate outline, an
accessibility scan, phone widths, "Copy link", errors in plain words, search
highlights, document passages and links that look like links."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SHOTS

pytestmark = pytest.mark.browser

AXE = "/static/vendor/axe.min.js"  # vendored by scripts/vendor.mjs


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


def axe_violations(page, min_impact: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page. It is added as a script file served by the app itself,
    which the page's CSP (script-src 'self') allows as it is: an inline copy would be refused."""
    page.add_script_tag(url=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in min_impact]


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
        repeats = tab.page.eval_on_selector_all("li.oi.repeat > .oi-line > a.arg-label",
                                                "els => els.map(a => a.getAttribute('href'))")
        assert all(href[len("#arg-"):] in expected for href in repeats)
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
    assert (row["speaker_name"] or "unnamed commenter") in text
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


def test_a_link_to_an_argument_deep_in_the_outline_opens_its_branch(new_map, debates, edges):
    tab = new_map()
    debate = debates[0]
    tab.goto(f"/debates/{debate['id']}/outline", wait=False)
    hidden = tab.page.eval_on_selector_all(
        "details:not([open]) li.oi[id^='arg-']", "els => els.map(e => e.id)")
    assert hidden, "every branch is open: nothing to test"
    tab.goto(f"/debates/{debate['id']}/outline#{hidden[-1]}", wait=False)
    target = tab.page.locator(f"#{hidden[-1]} > .oi-line > a.arg-label")
    target.wait_for(state="visible")
    box = target.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"]
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


def test_no_serious_accessibility_violation_on_the_main_pages(new_map, page_kinds):
    tab = new_map()
    found = {}
    for name, path in page_kinds.items():
        tab.goto(path, wait=False)
        found[name] = axe_violations(tab.page)
    assert found == {name: [] for name in page_kinds}
