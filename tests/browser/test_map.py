"""The interactive map in a real browser: what is drawn, selection, URL state, filters,
history, keyboard, search, downloads, the phone layout and the no-JavaScript fallback."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import GATE, PHONE, SHOTS, let_loads_land, run_server

pytestmark = pytest.mark.browser


def expected_ids(api, **filters) -> set[str]:
    body = api("/api/arguments", {**filters, "limit": 500})
    assert body["total"] <= 500, "more arguments than one page: raise the limit in the test"
    return {a["id"] for a in body["items"]}


@pytest.fixture(scope="module")
def graph(api):
    return api("/api/graph")


@pytest.fixture(scope="module")
def hub(graph) -> str:
    """The argument with the most relations on the whole map."""
    degree: dict[str, int] = {}
    for e in graph["elements"]["edges"]:
        for end in (e["data"]["source"], e["data"]["target"]):
            degree[end] = degree.get(end, 0) + 1
    return max(degree, key=lambda k: (degree[k], k))


@pytest.fixture(scope="module")
def author(graph) -> str:
    if not graph["facets"]["author"]:
        pytest.skip("no named author in the seeds")
    return graph["facets"]["author"][0]["id"]


@pytest.fixture(scope="module")
def year(graph) -> int:
    if not graph["facets"]["year"]:
        pytest.skip("no dated argument in the seeds")
    return min(graph["facets"]["year"], key=lambda y: y["count"])["value"]


def test_every_argument_is_on_the_map_drawn_or_folded_and_no_other(m, api, graph):
    m.goto("/map")
    assert m.map_ids() == expected_ids(api)
    drawn = m.node_ids()
    assert drawn and drawn <= m.map_ids()
    drawn_edges = set(m.page.evaluate("window.argmap.edgeIds()"))
    assert drawn_edges == {
        e["data"]["id"]
        for e in graph["elements"]["edges"]
        if e["data"]["source"] in drawn and e["data"]["target"] in drawn
    }
    assert m.page.inner_text("#map-count").startswith(f"{graph['count']['nodes']} arguments")
    m.shot("map-desktop")
    m.assert_clean()


def test_nodes_never_overlap(m):
    m.goto("/map")
    overlaps = m.page.evaluate("""() => {
        const boxes = window.argmap.cy.nodes('.arg').map(n => [n.id(), n.boundingBox()]);
        const out = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i][1], b = boxes[j][1];
          if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) out.push([boxes[i][0], boxes[j][0]]);
        }
        return out; }""")
    assert overlaps == []
    # Each label fits its box: the box was sized from the wrapped label.
    unfit = m.page.evaluate("""() => window.argmap.cy.nodes('.arg').filter(n => {
        const label = n.boundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
        const box = n.boundingBox({includeLabels: false});
        return label.w > box.w + 1 || label.h > box.h + 1; }).map(n => n.id())""")
    assert unfit == []
    m.assert_clean()


def test_every_argument_sits_below_a_claim_it_answers(m, graph):
    m.goto("/map?debate=presence-vs-roi")
    # main claims head the debate; any other argument that answers a drawn claim hangs
    # under one of them (its place in the tree)
    wrong = m.page.evaluate("""() => window.argmap.cy.nodes('.arg').not('.main').filter(n => {
        const cy = n.cy();
        const answered = n.outgoers('edge').map(e => e.data('conclusion') ? cy.getElementById(e.data('conclusion')) : e.target())
          .filter(t => t.hasClass('arg'));
        return answered.length > 0 && !answered.some(t => t.position('y') < n.position('y')); }).map(n => n.id())""")
    assert wrong == []
    m.assert_clean()


def test_undercut_points_at_the_middle_of_the_attacked_edge(m, graph):
    undercuts = [e["data"] for e in graph["elements"]["edges"] if e["data"]["kind"] == "undercut"]
    if not undercuts:
        pytest.skip("no undercut in the seeds")
    m.goto("/map")
    for u in undercuts:
        premise, conclusion = u["undercuts"].split("->")
        for end in (u["source"], premise, conclusion):
            m.page.evaluate("id => window.argmap.show(id)", end)
        off, style = m.page.evaluate(
            """([id, premise, conclusion]) => {
            const cy = window.argmap.cy;
            const drawn = cy.getElementById('draw:' + id);
            const attacked = cy.edges().filter(e => e.source().id() === premise && e.target().id() === conclusion
                                                    && !e.hasClass('proxy') && !e.hasClass('drawn'));
            const at = drawn.target().position(), mid = attacked.midpoint();
            return [Math.hypot(at.x - mid.x, at.y - mid.y), drawn.style('line-style')]; }""",
            [u["id"], premise, conclusion],
        )
        assert off < 3 and style == "dashed", u["id"]
    m.assert_clean()


def test_click_opens_the_panel_and_sets_focus(new_map, hub):
    m = new_map(permissions=["clipboard-read", "clipboard-write"])
    m.goto("/map")
    m.click_node(hub)
    m.page.wait_for_selector("#map-panel:not([hidden])")
    assert m.query().get("focus") == [hub]
    assert m.focus() == hub
    panel = m.page.inner_text("#map-panel").lower()
    assert "copy link" in panel
    assert "supported by" in panel or "attacked by" in panel
    assert m.page.evaluate("id => window.argmap.cy.getElementById(id).hasClass('chosen')", hub)
    faded = m.page.evaluate("window.argmap.cy.nodes('.arg.faded').length")
    near = m.page.evaluate("id => window.argmap.cy.getElementById(id).closedNeighborhood('.arg').length", hub)
    assert faded == len(m.node_ids()) - near
    m.shot("map-selected")
    m.page.click("#map-panel button.copy")
    m.page.wait_for_function("() => document.querySelector('#map-panel button.copy').textContent === 'Link copied'")
    assert m.page.evaluate("navigator.clipboard.readText()") == f"{m.base}/arguments/{hub}"
    m.assert_clean()


def test_focus_link_restores_the_selection(new_map, hub):
    m = new_map()
    m.goto(f"/map?focus={hub}")
    m.page.wait_for_selector("#map-panel:not([hidden])")
    assert m.focus() == hub
    title = m.page.inner_text("#map-panel h2")
    label = m.page.evaluate("id => window.argmap.cy.getElementById(id).data('label')", hub)
    assert title == label
    # The argument is in view, not under the panel's edge or off screen.
    inside = m.page.evaluate(
        """id => { const cy = window.argmap.cy; const bb = cy.getElementById(id).renderedBoundingBox();
        return bb.x1 >= 0 && bb.y1 >= 0 && bb.x2 <= cy.width() && bb.y2 <= cy.height(); }""",
        hub,
    )
    assert inside
    m.shot("map-focus-link")
    m.assert_clean()


def test_filter_by_author_draws_exactly_their_arguments(m, api, author):
    m.goto("/map")
    m.page.evaluate("window.__sameDocument = true")
    before = m.renders
    m.page.check(f"#map-filters input[name=author][value='{author}']")
    m.wait_ready(before)
    assert m.map_ids() == expected_ids(api, author=author)
    assert m.query().get("author") == [author]
    assert m.page.evaluate("window.__sameDocument === true"), "the page reloaded"
    # the source facet is recounted for the new selection: each of their arguments once
    source = m.page.inner_text('#map-filters [data-facet="origin"]')
    assert f"Each argument once {len(expected_ids(api, author=author))}" in " ".join(source.split())
    m.shot("map-author")
    m.assert_clean()


def test_filter_by_year_draws_exactly_that_year(m, api, year):
    m.goto("/map")
    before = m.renders
    m.page.check(f"#map-filters input[name=year][value='{year}']")
    m.wait_ready(before)
    assert m.map_ids() == expected_ids(api, year=year)
    assert m.query().get("year") == [str(year)]
    m.assert_clean()


def test_filtered_link_opened_in_a_new_browser_shows_the_same_view(new_map, api, year):
    dated = api("/api/graph", {"year": year})["facets"]["author"]
    if not dated:
        pytest.skip("no named author has a dated argument")
    author = dated[0]["id"]
    wanted = expected_ids(api, author=author, year=year)
    focus = sorted(wanted)[0]
    m = new_map()
    m.goto(f"/map?author={author}&year={year}&focus={focus}")
    assert m.map_ids() == wanted
    assert m.focus() == focus
    assert m.page.is_checked(f"input[name=author][value='{author}']")
    assert m.page.is_checked(f"input[name=year][value='{year}']")
    m.assert_clean()


def test_two_quick_taps_on_two_arguments_select_the_second_and_focus_nothing(m, hub):
    """Only the same argument tapped twice is a double tap (it focuses the map on it)."""
    m.goto("/map")
    assert hub in m.node_ids()
    other = sorted(m.node_ids() - {hub})[0]
    box = m.page.locator("#map-canvas").bounding_box()
    places = m.page.evaluate(
        """ids => ids.map(id => { const n = window.argmap.cy.getElementById(id); const p = n.renderedPosition();
             return [p.x, p.y]; })""",
        [hub, other],
    )
    renders = m.renders
    for x, y in places:  # well within a double tap's time
        m.page.mouse.click(box["x"] + x, box["y"] + y)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=other)
    m.page.wait_for_timeout(400)  # what a double tap would have loaded
    assert "around" not in m.query() and m.renders == renders
    m.click_node(other, double=True)
    m.page.wait_for_function("() => new URLSearchParams(location.search).get('around') !== null")
    assert m.query()["around"] == [other]
    m.assert_clean()


def test_back_button_walks_back_through_selections_and_filters(m, api, graph, hub, author):
    all_ids = expected_ids(api)
    others = sorted(all_ids - {hub})
    m.goto("/map")
    m.click_node(hub)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=hub)
    m.click_node(others[0])
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=others[0])
    before = m.renders
    m.page.check(f"#map-filters input[name=author][value='{author}']")
    m.wait_ready(before)
    assert m.query().get("author") == [author]

    before = m.renders
    m.page.go_back()
    m.wait_ready(before)
    # a filter change can render twice (data, then fit): let the last render of "back" land
    deadline = time.monotonic() + 10
    while m.map_ids() != all_ids and time.monotonic() < deadline:
        m.page.wait_for_timeout(100)
    assert m.map_ids() == all_ids
    assert m.focus() == others[0]
    assert not m.page.is_checked(f"input[name=author][value='{author}']")

    m.page.go_back()
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=hub)
    assert m.query().get("focus") == [hub]
    assert m.page.inner_text("#map-panel h2") == m.page.evaluate(
        "id => window.argmap.cy.getElementById(id).data('label')", hub
    )

    m.page.go_back()
    m.page.wait_for_function("() => document.getElementById('argmap').dataset.focus === ''")
    assert m.page.is_hidden("#map-panel")

    m.page.go_forward()
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=hub)
    m.assert_clean()


# Holds the map's /api/graph requests until the test lets them go, to act while one is in flight.
@pytest.fixture
def gated(new_map):
    page = new_map()
    page.page.add_init_script(GATE)
    return page


def test_back_while_a_filter_is_loading_keeps_the_map_the_url_names(gated, api, hub, author):
    m = gated
    all_ids = expected_ids(api)
    m.goto("/map")
    m.click_node(hub)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=hub)
    m.page.evaluate("() => { window.gate.closed = true; }")
    m.page.check(f"#map-filters input[name=author][value='{author}']")
    m.page.wait_for_function("() => window.gate.held.length === 1")
    m.page.go_back()
    let_loads_land(m.page)
    assert m.map_ids() == all_ids
    assert m.focus() == ""
    assert "author" not in m.query()
    assert not m.page.is_checked(f"input[name=author][value='{author}']")
    assert m.page.get_attribute("#argmap", "data-state") == "ready"
    m.assert_clean()


def test_a_filter_undone_before_it_loads_leaves_the_whole_map(gated, api, author):
    m = gated
    all_ids = expected_ids(api)
    m.goto("/map")
    m.page.evaluate("() => { window.gate.closed = true; }")
    m.page.check(f"#map-filters input[name=author][value='{author}']")
    m.page.wait_for_function("() => window.gate.held.length === 1")
    m.page.uncheck(f"#map-filters input[name=author][value='{author}']")
    let_loads_land(m.page)
    assert m.map_ids() == all_ids
    assert "author" not in m.query()
    assert m.page.get_attribute("#argmap", "data-state") == "ready"
    m.assert_clean()


def test_keyboard_moves_along_relations(m, hub):
    m.goto(f"/map?focus={hub}&expand={hub}")
    m.page.focus("#map-canvas")
    m.page.keyboard.press("ArrowDown")
    below = m.focus()
    assert below and below != hub
    linked = m.page.evaluate(
        """([a, b]) => { const cy = window.argmap.cy;
        return cy.getElementById(a).neighborhood('.arg').contains(cy.getElementById(b)); }""",
        [hub, below],
    )
    assert linked
    m.page.keyboard.press("ArrowUp")
    assert m.page.evaluate(
        """([a, b]) => { const cy = window.argmap.cy;
        return cy.getElementById(b).neighborhood('.arg').contains(cy.getElementById(a)); }""",
        [m.focus(), below],
    )
    m.page.keyboard.press("Escape")
    assert m.focus() == ""
    assert m.page.is_hidden("#map-panel")
    m.page.keyboard.press("ArrowRight")
    chosen = m.focus()
    assert chosen
    with m.page.expect_navigation():
        m.page.keyboard.press("Enter")
    assert m.page.url.endswith(f"/arguments/{chosen}")
    m.assert_clean()


def test_search_jumps_to_an_argument(m, graph):
    target = graph["elements"]["nodes"][-1]["data"]
    word = max(target["label"].split(), key=len)
    m.goto("/map")
    m.page.fill("#map-search", word)
    m.page.wait_for_selector("#map-search-results li[role=option]")
    options = m.page.locator("#map-search-results li[role=option]")
    ids = [options.nth(i).get_attribute("data-id") for i in range(options.count())]
    assert target["id"] in ids
    m.page.click(f"#map-search-results li[data-id='{target['id']}']")
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=target["id"])
    m.shot("map-search")
    m.assert_clean()


def test_the_map_finds_words_where_they_start_as_the_site_search_does(m, api):
    m.goto("/map")
    m.page.fill("#map-search", "croi")  # "croissance", "croire", "croient": the start of words
    m.page.wait_for_selector("#map-search-results li[data-id]")
    m.page.fill("#map-search", "roi")
    m.page.wait_for_function(
        "() => [...document.querySelectorAll('#map-search-results li[data-id]')]"
        ".every(li => li.dataset.id !== 'kabla-crisis-forces-reprioritisation')"
    )
    shown = m.page.eval_on_selector_all("#map-search-results li[data-id]", "els => els.map(e => e.dataset.id)")
    site = [a["id"] for a in api("/search.json", {"q": "roi", "limit": 100})["arguments"]]
    assert shown and set(shown) <= set(site)
    m.page.fill("#map-search", "zzzz")
    none = m.page.locator("#map-search-results li.none")
    expect(none).to_have_attribute("aria-disabled", "true")
    m.assert_clean()


def test_double_click_focuses_the_neighbourhood(m, hub, api):
    m.goto("/map")
    before = m.renders
    m.click_node(hub, double=True)
    m.wait_ready(after=before)
    m.page.wait_for_function("id => document.getElementById('argmap').dataset.focus === id", arg=hub)
    assert f"around={hub}" in m.page.url and f"focus={hub}" in m.page.url
    neighbourhood = {n["data"]["id"] for n in api("/api/graph", {"around": hub})["elements"]["nodes"]}
    assert m.map_ids() == neighbourhood
    visible = m.page.evaluate(
        """id => { const cy = window.argmap.cy; const ext = cy.extent();
        return cy.getElementById(id).closedNeighborhood('.arg').every(n => { const b = n.boundingBox();
          return b.x1 >= ext.x1 - 1 && b.x2 <= ext.x2 + 1 && b.y1 >= ext.y1 - 1 && b.y2 <= ext.y2 + 1; }); }""",
        hub,
    )
    assert visible
    assert m.page.is_visible(".map-around")
    m.shot("map-focused")

    m.page.click(".map-around .whole")
    m.wait_ready(after=before + 1)
    assert "around=" not in m.page.url and f"focus={hub}" in m.page.url
    assert m.map_ids() == {n["data"]["id"] for n in api("/api/graph")["elements"]["nodes"]}
    m.page.go_back()
    m.wait_ready(after=before + 2)
    assert m.map_ids() == neighbourhood
    m.assert_clean()


def test_downloads_the_whole_map_as_png_svg_and_pdf(m, tmp_path):
    m.goto("/map")
    with m.page.expect_download() as pdf:
        m.page.click("[data-export=pdf]")
    assert pdf.value.suggested_filename == "argmap.pdf"
    with m.page.expect_download() as png:
        m.page.click("[data-export=png]")
    png_path = tmp_path / png.value.suggested_filename
    png.value.save_as(png_path)
    assert png_path.suffix == ".png" and png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with m.page.expect_download() as svg:
        m.page.click("[data-export=svg]")
    svg_path = tmp_path / svg.value.suggested_filename
    svg.value.save_as(svg_path)
    root = ET.parse(svg_path).getroot()
    assert svg_path.suffix == ".svg" and root.tag == "{http://www.w3.org/2000/svg}svg"
    drawn = {g.get("id")[4:] for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "argument"}
    assert drawn == m.map_ids()  # the whole selection, not the screen
    for saved, name in ((png_path, "download.png"), (svg_path, "download.svg")):
        (SHOTS / name).write_bytes(saved.read_bytes())
    m.assert_clean()


def test_phone_viewport(new_map, api, hub):
    m = new_map(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    m.goto("/map")
    assert m.map_ids() == expected_ids(api)
    m.shot("map-phone")
    m.page.evaluate("id => window.argmap.show(id)", hub)
    box = m.page.locator("#map-canvas").bounding_box()
    x, y = m.page.evaluate(
        """id => { const cy = window.argmap.cy; const n = cy.getElementById(id); cy.center(n);
        const p = n.renderedPosition(); return [p.x, p.y]; }""",
        hub,
    )
    m.page.touchscreen.tap(box["x"] + x, box["y"] + y)
    m.page.wait_for_selector("#map-panel:not([hidden])")
    assert m.focus() == hub
    panel = m.page.locator("#map-panel").bounding_box()
    assert panel["y"] < PHONE["height"] and panel["y"] + panel["height"] <= PHONE["height"] + 1, "a bottom sheet"
    assert panel["width"] <= PHONE["width"]
    no_sideways_scroll = m.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    m.page.locator("#map-panel").scroll_into_view_if_needed()
    m.shot("map-phone-panel")
    m.assert_clean()


def test_without_javascript_the_page_lists_the_arguments(new_map, api, author):
    m = new_map(java_script_enabled=False)
    m.goto(f"/map?author={author}", wait=False)
    assert "needs JavaScript" in m.page.inner_text("noscript") or m.page.locator(".map-noscript").is_visible()
    links = m.page.locator("#map-list li a")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert hrefs == {f"/arguments/{i}" for i in expected_ids(api, author=author)}
    assert m.page.locator(f".map-noscript a[href='/arguments?author={author}']").count() == 1
    m.shot("map-no-javascript")


def test_debate_map_shows_the_debate(m, api):
    debates = api("/api/debates")["items"]
    if not debates:
        pytest.skip("no debate in the seeds")
    debate = debates[0]["id"]
    m.goto(f"/map?debate={debate}")
    assert m.map_ids() == {n["data"]["id"] for n in api("/api/graph", {"debate": debate})["elements"]["nodes"]}
    m.shot("map-debate")
    m.assert_clean()


def test_argument_page_embeds_its_neighbourhood(m, api, hub):
    m.page.goto(f"{m.base}/arguments/{hub}")
    m.page.wait_for_selector("#neighbourhood-map[data-state=ready]")
    drawn = set(m.page.evaluate("document.getElementById('neighbourhood-map').argmapCy.nodes('.arg').map(n => n.id())"))
    # A hub's first ring of arguments only: two rings of it would be most of the map; what
    # does not fit readably is counted in the badge of the argument it answers.
    wanted = {n["data"]["id"] for n in api("/api/graph", {"around": hub, "depth": 1})["elements"]["nodes"]}
    folded = m.page.evaluate("""document.getElementById('neighbourhood-map').argmapCy.nodes('.badge')
        .filter(b => !b.data('of').startsWith('around:'))  // the others count answers beyond this neighbourhood
        .map(b => { const c = b.data('counts'); return c.for + c.against + c.same; }).reduce((a, b) => a + b, 0)""")
    assert hub in drawn and drawn <= wanted and len(drawn) + folded == len(wanted)
    m.page.locator("#neighbourhood-map").scroll_into_view_if_needed()
    m.page.wait_for_timeout(200)
    m.page.locator("#neighbourhood-map").screenshot(path=str(SHOTS / "argument-embed.png"))
    if drawn == {hub}:  # the ring did not fit: its badge opens the map around this argument
        box = m.page.locator("#neighbourhood-map").bounding_box()
        x, y = m.page.evaluate(
            """id => { const n = document.getElementById('neighbourhood-map').argmapCy
            .getElementById('badge:' + id); const p = n.renderedPosition(); return [p.x, p.y]; }""",
            hub,
        )
        with m.page.expect_navigation():
            m.page.mouse.click(box["x"] + x, box["y"] + y)
        assert f"/map?around={hub}&expand={hub}" in m.page.url
        m.wait_ready()
        assert m.node_ids() == wanted
        m.assert_clean()
        return
    other = sorted(drawn - {hub})[0]
    box = m.page.locator("#neighbourhood-map").bounding_box()
    x, y = m.page.evaluate(
        """id => { const cy = document.getElementById('neighbourhood-map').argmapCy;
        const n = cy.getElementById(id); cy.center(n);
        const p = n.renderedPosition(); return [p.x, p.y]; }""",
        other,
    )
    with m.page.expect_navigation():
        m.page.mouse.click(box["x"] + x, box["y"] + y)
    assert m.page.url.endswith(f"/arguments/{other}")
    m.assert_clean()


def test_switching_an_argument_off_recolours_what_it_decided(m):
    off = "such-study-would-help-evangelise"
    m.goto(f"/map?focus={off}")
    # the label the map holds for an argument, drawn or folded
    label = "n => window.argmap.page.data.elements.nodes.find(x => x.data.id === n).data.grounded"
    assert m.page.evaluate(label, "roi-irrelevant-for-brand-image") == "OUT"
    before = m.renders
    m.page.click("#map-panel button:has-text('Switch off')")
    m.wait_ready(after=before)
    assert f"off={off}" in m.page.url and f"focus={off}" in m.page.url
    assert m.page.evaluate("n => window.argmap.cy.getElementById(n).data('off')", off) is True
    assert m.page.evaluate(label, "roi-irrelevant-for-brand-image") == "IN"
    assert m.page.evaluate(label, "real-question-sales-utility") == "OUT"
    assert m.page.is_visible(".map-off") and "1 argument" in m.page.inner_text(".map-off")
    m.shot("map-switched-off")
    m.page.go_back()
    m.wait_ready(after=before + 1)
    assert "off=" not in m.page.url
    assert m.page.evaluate(label, "roi-irrelevant-for-brand-image") == "OUT"
    m.assert_clean()


@pytest.fixture(scope="module")
def small_cap_server():
    """A server that draws at most 40 arguments per map (ARGMAP_MAX_MAP_NODES)."""
    yield from run_server("browser-server-capped", {"ARGMAP_MAX_MAP_NODES": "40"})


def test_a_map_too_big_to_draw_says_how_much_is_shown(new_map, small_cap_server, graph):
    m = new_map()
    m.base = small_cap_server
    m.goto("/map")
    assert len(m.map_ids()) == 40
    count = m.page.inner_text("#map-count")
    assert count.startswith(f"40 of {graph['total']} arguments · ")
    assert m.page.is_visible("#map-message.notice")
    m.shot("map-truncated")
    m.goto("/map?document=annee-noire-2012&origin=curated")  # a filter small enough is drawn whole
    assert not m.page.is_visible("#map-message")
    m.assert_clean()
