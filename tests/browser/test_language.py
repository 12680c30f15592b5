"""The interface's language in a real browser: French for a French browser, a switch on
every page at desktop and phone sizes, a choice that survives navigation, and the map
speaking the page's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SIZES = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])


def switch(tab, name: str):
    return tab.page.locator(".languages a", has_text=name)


def test_a_french_browser_reads_the_site_in_french(new_map):
    tab = new_map(locale="fr-FR", extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"}).goto("/", wait=False)
    assert tab.page.get_attribute("html", "lang") == "fr"
    expect(tab.page.locator("h1")).to_have_text("Les marques doivent-elles être sur les médias sociaux ?")
    expect(tab.page.locator("header.site nav[aria-label='Principale']")).to_contain_text("Débats")
    tab.assert_clean()


@SIZES
def test_the_switch_is_on_screen_and_the_choice_survives_navigation(new_map, viewport):
    tab = new_map(viewport=viewport, extra_http_headers={"Accept-Language": "en"}).goto(
        "/arguments?year=2011", wait=False
    )
    assert tab.page.get_attribute("html", "lang") == "en"
    french = switch(tab, "Français")
    expect(french).to_be_visible()
    box = french.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], "the switch is off screen"
    assert box["width"] >= 24 and box["height"] >= 16, "the switch is too small to tap"

    french.click()
    tab.page.wait_for_load_state()
    assert tab.page.get_attribute("html", "lang") == "fr"
    assert "year=2011" in tab.page.url, "the switch dropped the page's filters"
    expect(tab.page.locator("h1")).to_contain_text("Arguments")
    expect(tab.page.locator(".chips")).to_contain_text("année : 2011")

    # plain links, no ?lang=: the cookie keeps the choice from page to page
    tab.page.locator("ul.args a.arg-label").first.click()
    tab.page.wait_for_load_state()
    assert "lang=" not in tab.page.url
    assert tab.page.get_attribute("html", "lang") == "fr"
    expect(tab.page.locator(".acceptability h2")).to_have_text("Tient-il ?")
    tab.page.goto(tab.base + "/documents")
    assert tab.page.get_attribute("html", "lang") == "fr"
    expect(tab.page.locator("h1")).to_have_text("Documents")
    expect(switch(tab, "Français")).to_have_attribute("aria-current", "true")

    switch(tab, "English").click()
    tab.page.wait_for_load_state()
    tab.page.goto(tab.base + "/authors")
    assert tab.page.get_attribute("html", "lang") == "en"
    expect(tab.page.locator("h1")).to_have_text("Authors")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    tab.assert_clean()


@SIZES
def test_the_map_speaks_the_pages_language(new_map, viewport):
    tab = new_map(viewport=viewport).goto("/map?lang=fr")
    count = tab.page.locator("#map-count").inner_text()
    assert "arguments" in count and "relations" in count
    expect(tab.page.locator(".map-toolbar [data-action='fit']")).to_have_text("Tout")
    # the longer French words still leave the toolbar one row high, over the least of the map
    rows = tab.page.evaluate(
        "() => { const t = document.querySelector('.map-toolbar'), b = t.querySelector('.tool');"
        " return t.getBoundingClientRect().height / b.getBoundingClientRect().height; }"
    )
    assert rows < 1.6, f"the map's toolbar wraps onto {rows:.1f} rows"
    # the panel the script builds for a selected argument
    tab.click_node("presence-imperative")
    panel = tab.page.locator("#map-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text(
        "Être présent sur les médias sociaux n’est pas une option, c’est un impératif"
    )
    expect(panel.locator(".panel-actions")).to_contain_text("Copier le lien")
    expect(panel.locator(".panel-actions")).to_contain_text("Ouvrir")
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    tab.assert_clean()


@SIZES
def test_home_argument_and_map_fit_the_screen_in_french_and_are_photographed(new_map, viewport):
    size = "desktop" if viewport is DESKTOP else "phone"
    tab = new_map(viewport=viewport, locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
    for name, path in (("home", "/"), ("argument", "/arguments/presence-imperative"), ("map", "/map")):
        tab.goto(path, wait=name == "map")
        assert tab.page.get_attribute("html", "lang") == "fr"
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width} px wide on a {viewport['width']} px screen"
        tab.shot(f"language-fr-{name}-{size}")
    tab.assert_clean()
