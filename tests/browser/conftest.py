"""A real server and a real Chromium for the map's browser tests.

The server is `python -m uvicorn app.web:create_app --factory` on a free port, started
once per session; the browser is Debian's Chromium (ARGMAP_CHROMIUM), driven by
Playwright's sync API. Every page collects console errors and uncaught exceptions,
and each test asserts there are none. Screenshots go to test-results/browser/.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.servers import running

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "browser"
CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}


def run_server(name: str, env: dict[str, str] | None = None):
    """uvicorn over the shipped seeds on a free port: yields its base URL, then stops it."""
    with running(
        ["uvicorn", "app.web:create_app", "--factory", "--host", "127.0.0.1", "--log-level", "warning"],
        name,
        env,
        ready="/api/graph",
        timeout=60,
    ) as base:
        yield base


@pytest.fixture(scope="session")
def server():
    """Base URL of a uvicorn server over the shipped seeds (or ARGMAP_TEST_SERVER's, if set)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    if os.environ.get("ARGMAP_TEST_SERVER"):
        yield os.environ["ARGMAP_TEST_SERVER"].rstrip("/")
        return
    yield from run_server("browser-server")


@pytest.fixture(scope="session")
def api(server):
    """GET a JSON API path (with query params) from the test server."""

    def get(path: str, params=None):
        query = ("?" + urlencode(params, doseq=True)) if params else ""
        with urllib.request.urlopen(server + path + query, timeout=10) as res:
            return json.load(res)

    return get


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set ARGMAP_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# Holds the page's fetches while `window.gate.closed`: a test acts while an answer is
# still on its way, then lets it land.
GATE = """(() => {
  const fetch = window.fetch;
  window.gate = window.gate || { closed: false, held: [], inflight: 0 };
  window.fetch = (...args) => {
    const gate = window.gate;
    gate.inflight += 1;
    const opened = gate.closed ? new Promise(go => gate.held.push(go)) : Promise.resolve();
    return opened.then(() => fetch(...args)).finally(() => { gate.inflight -= 1; });
  };
})()"""


def let_loads_land(page) -> None:
    """Release every request the gate holds and wait until each answer has been handled."""
    page.evaluate("() => { window.gate.closed = false; window.gate.held.splice(0).forEach(go => go()); }")
    page.wait_for_function("() => window.gate.inflight === 0")
    page.evaluate("() => new Promise(done => setTimeout(done, 100))")


AXE = "/static/vendor/axe.min.js"  # vendored by scripts/vendor.mjs
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


def axe_violations(page, min_impact: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in the page. It is added as a script file served by the app itself,
    which the page's CSP (script-src 'self') allows as it is: an inline copy would be refused."""
    page.add_script_tag(url=AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in min_impact
    ]


class MapPage:
    """A browser tab with helpers for the map; records console errors."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        self.errors.append(f"console: {msg.text} ({url})")

    # ---- navigation
    def goto(self, path: str = "/map", wait: bool = True):
        self.page.goto(self.base + path)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, after: int = 0):
        self.page.wait_for_function(
            "n => { const r = document.getElementById('argmap');"
            " return r && r.dataset.state === 'ready' && Number(r.dataset.renders || 0) > n; }",
            arg=after,
            timeout=15000,
        )

    @property
    def renders(self) -> int:
        return int(self.page.get_attribute("#argmap", "data-renders") or 0)

    # ---- what is drawn
    def node_ids(self) -> set[str]:
        return set(self.page.evaluate("window.argmap.nodeIds()"))

    def map_ids(self) -> set[str]:
        """Every argument the map holds, drawn or folded into a badge."""
        return set(self.page.evaluate("window.argmap.allIds()"))

    def focus(self) -> str:
        return self.page.get_attribute("#argmap", "data-focus") or ""

    def query(self) -> dict[str, list[str]]:
        from urllib.parse import parse_qs, urlsplit

        return parse_qs(urlsplit(self.page.url).query)

    def click_node(self, node_id: str, double: bool = False) -> None:
        """Click a node where it is drawn, unfolding it and bringing it into view first."""
        self.page.evaluate("id => window.argmap.show(id)", node_id)
        box = self.page.locator("#map-canvas").bounding_box()
        x, y = self.page.evaluate(
            """id => { const cy = window.argmap.cy; const n = cy.getElementById(id);
                 if (!n.length) { throw new Error('no node ' + id); }
                 cy.stop(true, true);  // a pan still under way would move the node from under the click
                 const bb = n.renderedBoundingBox();
                 if (bb.x1 < 0 || bb.y1 < 60 || bb.x2 > cy.width() || bb.y2 > cy.height()) { cy.stop(); cy.center(n); }
                 const p = n.renderedPosition(); return [p.x, p.y]; }""",
            node_id,
        )
        target = (box["x"] + x, box["y"] + y)
        if double:
            self.page.mouse.dblclick(*target)
        else:
            self.page.mouse.click(*target)

    def shot(self, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        self.page.wait_for_timeout(350)  # let view animations settle
        self.page.screenshot(path=str(path))
        return path

    def assert_clean(self) -> None:
        assert self.errors == [], "errors in the browser console:\n" + "\n".join(self.errors)


@pytest.fixture
def new_map(browser, server):
    """Factory of fresh browser contexts (as if a link were opened in a new browser)."""
    contexts = []

    def make(viewport=None, **options) -> MapPage:
        opts = {"viewport": viewport or DESKTOP}
        opts.update(options)
        context = browser.new_context(**opts)
        context.set_default_timeout(15000)
        contexts.append(context)
        return MapPage(context.new_page(), server)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def m(new_map) -> MapPage:
    """One desktop tab."""
    return new_map()
