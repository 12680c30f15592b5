"""The debate over time in a real browser: the timeline read as text, and the slider that
shows a debate as it stood, on its page and on the map, at desktop and phone sizes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import PHONE, SHOTS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
THREAD = "revelation-exclusive"
DEBATE = "presence-vs-roi"
WORDS = {"IN": "accepted", "OUT": "rejected", "UNDEC": "undecided"}


def asof_of(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get("asof", [None])[0]


def claim_labels(page) -> dict[str, str]:
    """The label each main claim of the debate page shows, as read on screen."""
    out = {}
    for row in page.locator(".sides li.arg[data-id]").all():
        badge = row.locator(".badge[class*=grounded-]")
        out[row.get_attribute("data-id")] = badge.inner_text().strip().lower() if badge.count() else ""
    return out


def expected_labels(api, claims: list[str], moment: str | None) -> dict[str, str]:
    labels = api("/api/acceptability", {"asof": moment} if moment else None)["labels"]
    shown = {a["id"] for a in api("/api/arguments", {"limit": 500, **({"asof": moment} if moment else {})})["items"]}
    return {c: WORDS[labels[c]] if c in labels else "" for c in claims if c in shown}


@pytest.fixture(scope="module")
def claims(api) -> list[str]:
    debate = next(d for d in api("/api/debates")["items"] if d["id"] == DEBATE)
    return [c["id"] if isinstance(c, dict) else c for side in debate["sides"] for c in side["claims"]]


def test_the_timeline_shows_each_document_and_each_comment_of_the_thread_in_order(m, api):
    m.goto("/timeline", wait=False)
    text = m.page.inner_text("main")
    documents = api("/documents.json")["documents"]
    positions = {d["id"]: text.find(d["title"]) for d in documents}
    assert all(at >= 0 for at in positions.values()), positions
    # dated documents first, by date; the undated ones after them, said to be undated
    dated = sorted((d for d in documents if d["date"] or d["year"]), key=lambda d: d["date"] or str(d["year"]))
    undated = [d for d in documents if not (d["date"] or d["year"])]
    order = [positions[d["id"]] for d in dated]
    assert order == sorted(order) and max(order) < min(positions[d["id"]] for d in undated)
    thread = m.page.locator(f"#doc-{THREAD}").inner_text()
    assert "undated" in thread
    steps = ["The post"] + [f"Comment {k}" for k in range(1, 9)]
    at = [thread.find(s) for s in steps]
    assert all(a >= 0 for a in at) and at == sorted(at), dict(zip(steps, at))
    # each argument links to its permalink, in the step where it was made
    comment2 = m.page.locator(f"#step-{THREAD}-2")
    assert comment2.locator("a[href='/arguments/presence-costs-money']").is_visible()
    m.page.screenshot(path=str(SHOTS / "timeline-desktop.png"))
    m.assert_clean()


@pytest.mark.parametrize("size", SIZES)
def test_the_debate_slider_shows_the_claims_as_they_stood_after_each_comment(new_map, api, claims, size):
    m = new_map(SIZES[size])
    m.goto(f"/debates/{DEBATE}", wait=False)
    slider = m.page.locator("[data-asof-slider] input[type=range]")
    assert slider.is_visible() and slider.input_value() == "8"
    assert "As of comment 8 (Fred) · the whole thread" in m.page.inner_text(".asof-now")
    assert not m.page.locator(".asof-steps").is_visible()  # the links are what readers without JavaScript get
    with m.page.expect_navigation():
        slider.focus()
        m.page.keyboard.press("Home")
    seen: dict[str, list[str]] = {c: [] for c in claims}
    for k in range(0, 9):
        if k:
            with m.page.expect_navigation():
                m.page.locator("[data-asof-slider] input[type=range]").focus()
                m.page.keyboard.press("ArrowRight")
        moment = None if k == 8 else f"{THREAD}#{k}"
        assert asof_of(m.page.url) == moment
        assert m.page.locator("[data-asof-slider] input[type=range]").input_value() == str(k)
        shown = claim_labels(m.page)
        assert shown == expected_labels(api, claims, moment), k
        for c in claims:
            seen[c].append(shown.get(c, "not yet made"))
        if k == 4:
            m.page.locator(".asof").scroll_into_view_if_needed()
            m.page.screenshot(path=str(SHOTS / f"debate-slider-{size}.png"))
    changed = [c for c, labels in seen.items() if len(set(labels) - {"not yet made"}) > 1]
    assert "presence-costs-money" in changed, seen
    assert seen["presence-costs-money"][2:8] == ["accepted", "accepted", "rejected", "rejected", "rejected", "accepted"]
    # back goes to the previous moment, slider and labels included
    m.page.go_back()
    assert asof_of(m.page.url) == f"{THREAD}#7"
    assert m.page.locator("[data-asof-slider] input[type=range]").input_value() == "7"
    assert "As of comment 7 (Steph)" in m.page.inner_text(".asof-now")
    m.assert_clean()


def test_a_shared_link_opens_the_debate_at_its_moment(new_map, api, claims):
    m = new_map(DESKTOP)
    m.goto(f"/debates/{DEBATE}?asof={THREAD}%234", wait=False)
    assert m.page.locator("[data-asof-slider] input[type=range]").input_value() == "4"
    assert "As of comment 4 (Fred)" in m.page.inner_text(".asof-now")
    assert claim_labels(m.page) == expected_labels(api, claims, f"{THREAD}#4")
    m.assert_clean()


def test_the_debate_steps_are_links_without_javascript(new_map):
    m = new_map(DESKTOP, java_script_enabled=False)
    m.goto(f"/debates/{DEBATE}", wait=False)
    assert not m.page.locator("[data-asof-slider] input[type=range]").is_visible()
    m.page.click(".asof-steps a:has-text('comment 4 (Fred)')")
    assert asof_of(m.page.url) == f"{THREAD}#4"
    assert "As of comment 4 (Fred)" in m.page.inner_text(".asof-now")


@pytest.mark.parametrize("size", SIZES)
def test_the_map_slider_sets_the_moment_in_the_url_and_relabels_the_map(new_map, api, claims, size):
    m = new_map(SIZES[size])
    m.goto(f"/map?debate={DEBATE}")
    slider = m.page.locator("#map-filters [data-asof-slider] input[type=range]")
    held = "n => { const x = window.argmap.page.data.elements.nodes.find(x => x.data.id === n); return x ? x.data.grounded : null; }"
    colour = (
        "n => { const x = window.argmap.cy.getElementById(n); return x.length ? x.style('background-color') : null; }"
    )
    colours = {}
    for k in range(0, 9):
        before = m.renders
        slider.focus()
        m.page.keyboard.press("ArrowRight" if k else "Home")
        m.wait_ready(after=before)
        moment = None if k == 8 else f"{THREAD}#{k}"
        assert asof_of(m.page.url) == moment
        assert (f"As of comment {k}" if k else "As of the post") in m.page.inner_text("#map-filters .asof-now")
        labels = api("/api/acceptability", {"asof": moment} if moment else None)["labels"]
        for c in claims:
            assert m.page.evaluate(held, c) == labels.get(c), (k, c)
        colours[k] = m.page.evaluate(colour, "presence-costs-money")
        # above the map, where a phone reader sees it without scrolling to the filters
        assert m.page.locator(".map-moment").is_visible() == (k < 8)
        if k == 4:
            assert "The debate as it stood: comment 4 (Fred)" in m.page.inner_text(".map-moment")
            m.shot(f"map-slider-top-{size}")
            m.page.locator("#map-filters .asof").scroll_into_view_if_needed()
            m.shot(f"map-slider-{size}")
    if size == "desktop":  # on a phone the claim may be folded into "+N more claims"
        assert colours[3] and colours[3] != colours[4] and colours[4] != colours[7]
    m.page.go_back()
    m.wait_ready()
    assert asof_of(m.page.url) == f"{THREAD}#7"
    assert slider.input_value() == "7"
    assert "As of comment 7 (Steph)" in m.page.inner_text("#map-filters .asof-now")
    assert m.page.evaluate(held, "presence-costs-money") == "IN"
    m.assert_clean()


def test_the_map_opens_at_the_moment_of_a_shared_link(m, api):
    m.goto(f"/map?debate={DEBATE}&asof={THREAD}%233")
    assert m.page.locator("#map-filters [data-asof-slider] input[type=range]").input_value() == "3"
    assert "The debate as it stood: comment 3 (Steph)" in m.page.inner_text(".map-moment")
    expected = {a["id"] for a in api("/api/arguments", {"limit": 500, "asof": f"{THREAD}#3"})["items"]}
    assert m.map_ids() <= expected
    assert "presence-can-be-internalised" not in m.map_ids()  # made in comment 4
    # the facets say how many of the arguments shown are undated
    facets = api("/api/graph", {"debate": DEBATE, "asof": f"{THREAD}#3"})["facets"]
    assert facets["undated"] > 0
    assert m.page.inner_text(".facet-undated").strip() == f"{facets['undated']} undated"
    m.assert_clean()
