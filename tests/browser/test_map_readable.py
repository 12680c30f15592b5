"""A map a person can read, measured on the live map in a real browser: every view opens
with every drawn box on screen and every label at least 11 CSS px high (Cytoscape's zoom
× font size), badges unfold and fold by click and keyboard and live in the URL, and on a
phone a tap shows the argument's panel on screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, SHOTS

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 900}
READABLE_PX = 11

# Every drawn box and label, measured from Cytoscape: inside the canvas and the window,
# font size × zoom, and label boxes that overlap.
MEASURE = """() => {
  const cy = window.argmap.cy, z = cy.zoom();
  const canvas = document.getElementById('map-canvas').getBoundingClientRect();
  const nodes = cy.nodes('.arg, .badge, .group');
  const out = [], small = [], labels = [];
  nodes.forEach(n => {
    const bb = n.renderedBoundingBox({includeLabels: false, includeOverlays: false});
    if (bb.x1 < -0.5 || bb.y1 < -0.5 || bb.x2 > cy.width() + 0.5 || bb.y2 > cy.height() + 0.5
        || canvas.top + bb.y2 > window.innerHeight || canvas.left + bb.x2 > window.innerWidth) out.push(n.id());
    const px = z * parseFloat(n.style('font-size'));
    if (n.style('label') && px < 11) small.push([n.id(), px]);
    labels.push([n.id(), n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true})]);
  });
  const overlapping = [];
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
    const a = labels[i][1], b = labels[j][1];
    if (a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5) overlapping.push([labels[i][0], labels[j][0]]);
  }
  return {drawn: nodes.length, out, small, overlapping, zoom: z};
}"""


def views(api) -> list[str]:
    """/map, every debate, and the ten most connected arguments' neighbourhoods."""
    degree: dict[str, int] = {}
    for e in api("/api/graph")["elements"]["edges"]:
        for end in (e["data"]["source"], e["data"]["target"]):
            degree[end] = degree.get(end, 0) + 1
    ten = sorted(degree, key=lambda k: (-degree[k], k))[:10]
    return (
        ["/map"] + [f"/map?debate={d['id']}" for d in api("/api/debates")["items"]] + [f"/map?around={a}" for a in ten]
    )


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_every_view_opens_readable_and_on_screen(new_map, api, size):
    phone = size == "phone"
    m = new_map(viewport=PHONE if phone else LAPTOP, is_mobile=phone, has_touch=phone)
    problems = []
    for path in views(api):
        m.goto(path)
        seen = m.page.evaluate(MEASURE)
        assert seen["drawn"] > 0, path
        if seen["out"] or seen["small"] or seen["overlapping"]:
            problems.append((path, seen))
        name = path[len("/map?") :].replace("=", "-") or "map"
        m.page.screenshot(path=str(SHOTS / f"readable-{size}-{name}.png"))
    assert problems == []
    m.assert_clean()


def test_fit_goes_back_to_a_readable_overview(m):
    m.page.set_viewport_size(LAPTOP)
    m.goto("/map?debate=presence-vs-roi")
    before = m.renders
    biggest = m.page.evaluate("""() => window.argmap.cy.nodes('.badge').max(b => {
        const c = b.data('counts') || {}; return (c.for || 0) + (c.against || 0) + (c.same || 0) + (c.claims || 0); }).ele.id()""")
    m.page.evaluate("id => window.argmap.page.toggle(window.argmap.cy.getElementById(id).data('of'))", biggest)
    m.wait_ready(before)
    m.page.evaluate("window.argmap.page.toggle(window.argmap.page.data.layout.boxes.find(b => b.kind === 'badge').of)")
    m.wait_ready(before + 1)
    before = m.renders
    m.page.click("[data-action=fit]")
    m.page.wait_for_timeout(300)
    if m.renders > before:
        m.wait_ready(before)
    seen = m.page.evaluate(MEASURE)
    assert seen["small"] == [] and seen["out"] == []
    m.assert_clean()


def test_a_badge_unfolds_by_click_folds_by_keyboard_and_lives_in_the_url(new_map):
    m = new_map(viewport=LAPTOP)
    m.goto("/map?debate=presence-vs-roi")
    badge = m.page.evaluate(
        "() => window.argmap.cy.nodes('.badge').filter(b => !b.data('of').startsWith('group:'))[0].id()"
    )
    owner = badge[len("badge:") :]
    answers = m.page.evaluate(
        "id => { const c = window.argmap.cy.getElementById(id).data('counts'); return c.for + c.against + c.same; }",
        badge,
    )
    drawn = len(m.node_ids())
    before = m.renders
    box = m.page.locator("#map-canvas").bounding_box()
    x, y = m.page.evaluate(
        "id => { const p = window.argmap.cy.getElementById(id).renderedPosition(); return [p.x, p.y]; }", badge
    )
    m.page.mouse.click(box["x"] + x, box["y"] + y)
    m.wait_ready(before)
    assert owner in m.query().get("expand", [])
    assert len(m.node_ids()) == drawn + answers
    assert m.page.evaluate("id => window.argmap.cy.getElementById('badge:' + id).length", owner) == 0

    shared = m.page.url
    other = new_map(viewport=LAPTOP)
    other.goto(shared[len(other.base) :])
    assert other.node_ids() == m.node_ids()

    m.page.reload()
    m.wait_ready()
    assert len(m.node_ids()) == drawn + answers
    m.click_node(owner)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=owner)
    before = m.renders
    m.page.keyboard.press("Space")  # the click gave the map keyboard focus
    m.wait_ready(before)
    assert len(m.node_ids()) == drawn
    assert m.page.evaluate("id => window.argmap.cy.getElementById('badge:' + id).length", owner) == 1
    assert owner not in m.query().get("expand", [])
    m.assert_clean()
    other.assert_clean()


def test_clicking_a_node_gives_the_map_keyboard_focus(new_map, api):
    m = new_map(viewport=LAPTOP)
    m.goto("/map?debate=presence-vs-roi")
    m.page.focus("#map-search")
    first = sorted(m.node_ids())[0]
    m.click_node(first)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=first)
    assert m.page.evaluate("document.activeElement.id") == "map-canvas"
    for key in ("ArrowDown", "ArrowUp", "ArrowRight", "ArrowLeft"):
        m.page.keyboard.press(key)
        if m.focus() != first:
            break
    assert m.focus() != first, "no arrow key moved the selection right after the click"
    m.assert_clean()


def test_on_a_phone_a_tap_shows_the_panel_on_screen(new_map):
    m = new_map(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    m.goto("/map?debate=presence-vs-roi")
    target = sorted(m.node_ids())[0]
    box = m.page.locator("#map-canvas").bounding_box()
    x, y = m.page.evaluate(
        "id => { const p = window.argmap.cy.getElementById(id).renderedPosition(); return [p.x, p.y]; }", target
    )
    m.page.touchscreen.tap(box["x"] + x, box["y"] + y)
    m.page.wait_for_selector("#map-panel:not([hidden])")
    title = m.page.locator("#map-panel h2")
    label = m.page.evaluate("id => window.argmap.cy.getElementById(id).data('label')", target)
    assert title.inner_text() == label
    shown = title.bounding_box()
    assert 0 <= shown["y"] and shown["y"] + shown["height"] <= PHONE["height"]
    assert 0 <= shown["x"] and shown["x"] + shown["width"] <= PHONE["width"]
    close = m.page.locator("#map-panel .close").bounding_box()
    on_top = m.page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).classList.contains('close')",
        [close["x"] + close["width"] / 2, close["y"] + close["height"] / 2],
    )
    assert on_top, "the close button is covered by something else"
    m.page.screenshot(path=str(SHOTS / "readable-phone-panel.png"))
    m.page.click("#map-panel .close")
    # the filters and the legend are one tap away
    m.page.click(".map-toolbar a[href='#map-filters']")
    m.page.wait_for_timeout(300)
    legend = m.page.locator("#map-filters legend").first.bounding_box()
    assert 0 <= legend["y"] < PHONE["height"]
    m.assert_clean()


def test_the_panel_links_to_the_same_argument_in_the_debate_outline(new_map):
    m = new_map(viewport=LAPTOP)
    m.goto("/map?debate=presence-vs-roi")
    first = sorted(m.node_ids())[0]
    m.click_node(first)
    m.page.wait_for_selector("#map-panel:not([hidden])")
    href = m.page.get_attribute("#map-panel a.outline", "href")
    assert href == f"/debates/presence-vs-roi/outline?focus={first}#arg-{first}"
    m.assert_clean()


def test_around_an_argument_the_next_ring_is_a_badge_that_recentres_the_map(new_map, api):
    m = new_map(viewport=LAPTOP)
    m.goto("/map?around=presence-imperative")
    ring = m.page.evaluate("""() => window.argmap.cy.nodes('.badge').filter(b => b.data('of').startsWith('around:'))
        .map(b => [b.id(), b.data('of').slice(7), b.data('counts')])""")
    assert ring, "ring-one arguments with answers of their own show them as badges"
    badge, target, counts = ring[0]
    answers = [e for e in api("/api/graph", {"around": target})["elements"]["edges"] if e["data"]["target"] == target]
    assert sum(counts.values()) == len({e["data"]["source"] for e in answers} - m.map_ids())
    before = m.renders
    box = m.page.locator("#map-canvas").bounding_box()
    x, y = m.page.evaluate(
        "id => { const p = window.argmap.cy.getElementById(id).renderedPosition(); return [p.x, p.y]; }", badge
    )
    m.page.mouse.click(box["x"] + x, box["y"] + y)
    m.wait_ready(before)
    assert m.query().get("around") == [target]
    m.assert_clean()


INK = """([id, shrink]) => { const cy = window.argmap.cy; const b = cy.getElementById(id).renderedBoundingBox({includeLabels: false});
  const c = document.getElementById('map-canvas').getBoundingClientRect();
  const dx = b.w * shrink, dy = b.h * shrink;
  return {x: c.left + b.x1 + dx, y: c.top + b.y1 + dy, width: b.w - 2 * dx, height: b.h - 2 * dy}; }"""


def dark_pixels(m, node_id: str) -> int:
    """How many text-dark pixels are drawn inside a node (its border left out)."""
    from io import BytesIO

    from PIL import Image

    clip = m.page.evaluate(INK, [node_id, 0.12])  # a screenshot waits for the view to be painted
    image = Image.open(BytesIO(m.page.screenshot(clip=clip))).convert("L")
    return sum(image.histogram()[:110])


def test_zoomed_out_only_main_claims_keep_their_labels(new_map):
    m = new_map(viewport=LAPTOP)
    m.goto("/map?around=presence-imperative")
    main, plain = m.page.evaluate("""() => { const cy = window.argmap.cy;
        return [cy.nodes('.arg.main')[0].id(), cy.nodes('.arg').not('.main').not('.extracted')[0].id()]; }""")
    assert dark_pixels(m, main) > 30 and dark_pixels(m, plain) > 30  # readable at the fitted zoom
    # between 11/15 and 11/13: main claims (15 px) still read at 11 px or more, details (13 px) would not
    m.page.evaluate("""id => { const cy = window.argmap.cy; cy.zoom(0.8); cy.center(cy.getElementById(id)); }""", main)
    for node in (main, plain):
        m.page.evaluate("id => { window.argmap.cy.center(window.argmap.cy.getElementById(id)); }", node)
        ink = dark_pixels(m, node)
        assert (ink > 30) if node == main else (ink == 0), (node, ink)
    # zoomed back in, the details come back
    m.page.evaluate("""id => { const cy = window.argmap.cy; cy.zoom(1); cy.center(cy.getElementById(id)); }""", plain)
    assert dark_pixels(m, plain) > 30
    m.assert_clean()
