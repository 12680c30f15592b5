"""Curating works without JavaScript: in a browser whose scripts are off, a curator logs in
from the "Log in to add a document" link and comes back to the form, adds a small text
document (the job page refreshes itself until it is done), undoes the addition from the
history, and logs out through the confirmation page the header links to.

And the pages that hold those forms, looked at as a reader does at desktop and phone
size, in English and in French, logged in and not: nothing wider than the screen, the
header's "Log in" / "Log out" on the brand's line, and nothing axe-core finds wrong."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import EVERY_IMPACT, SHOTS, axe_violations
from tests.servers import curators_site

pytestmark = pytest.mark.browser

CURATOR, PASSWORD = "ana", "une phrase de passe assez longue"
NOTE = (
    "# Les marques doivent-elles bloguer ?\n\n"
    "Une marque doit tenir un blog, car un tweet ne laisse pas la place à un raisonnement. "
    "Pourtant un blog demande du temps, donc beaucoup de marques l'abandonnent.\n"
)
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with curators_site(tmp_path_factory.mktemp("without-js"), "without-js-server", CURATOR, PASSWORD) as base:
        yield base


def test_a_curator_adds_a_document_undoes_it_and_logs_out_without_javascript(browser, site, tmp_path):
    note = tmp_path / "bloguer.md"
    note.write_text(NOTE, encoding="utf-8")
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    context.set_default_timeout(20000)
    page = context.new_page()

    # an anonymous reader gets no form, only a way to log in that comes back here
    page.goto(site + "/documents/new")
    expect(page.locator("form#add-form")).to_have_count(0)
    page.get_by_role("link", name="Log in to add a document").click()
    assert page.url == site + "/login?next=/documents/new"
    page.get_by_label("Name").fill(CURATOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form.login-form").get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/documents/new")
    expect(page.locator("#session")).to_have_text(f"{CURATOR} · Log out")  # said by the server, not a script
    assert page.locator("body[data-session]").count() == 0  # no script ran

    # the form posts itself; the job page refreshes itself until the document is there
    page.set_input_files("#add-file", str(note))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url("**/jobs/*")
    page.get_by_role("link", name="Open the document").wait_for(timeout=120_000)
    page.get_by_role("link", name="Open the document").click()
    page.wait_for_url("**/documents/les-marques-doivent-elles-bloguer")
    document_url = page.url
    assert page.locator("h1").inner_text() == "Les marques doivent-elles bloguer ?"

    # the history's newest change is the addition; its Undo button undoes it
    page.goto(site + "/history")
    newest = page.locator("ol.changes > li").first
    expect(newest).to_contain_text("Add document 'les-marques-doivent-elles-bloguer'")
    added = int(re.search(r"#(\d+)", newest.locator(".change-summary").inner_text()).group(1))
    newest.get_by_role("button", name=f"Undo change #{added}").click()
    page.wait_for_url(f"{site}/history/{added + 1}")
    expect(page.locator("main")).to_contain_text(f"This change undoes change #{added}.")
    # gone at once, for this browser too: it checks its copy of a page before showing it
    assert context.request.get(document_url).status == 404
    assert page.goto(document_url).status == 404
    page.goto(f"{site}/history/{added}")
    expect(page.locator("main")).to_contain_text(f"Undone by change #{added + 1}.")

    # the header's "Log out" is a link to a page whose button logs out
    page.get_by_role("link", name="Log out").click()
    page.wait_for_url(site + "/logout")
    expect(page.locator("main")).to_contain_text(f"You are logged in as {CURATOR}. Log out of Argmap on this browser?")
    page.locator("main").get_by_role("button", name="Log out").click()
    page.wait_for_url(site + "/")
    page.goto(site + "/history")
    expect(page.locator("#session")).to_have_text("Log in")
    expect(page.get_by_role("button", name=re.compile("^Undo"))).to_have_count(0)
    context.close()


PAGES = ("/documents/new", "/history", "/history/1", "/logout", "/login")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "curator"])
def test_the_pages_with_write_forms_fit_the_screen_with_the_session_on_the_brands_line(
    browser, site, language, size, logged_in
):
    viewport = DESKTOP if size == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, extra_http_headers={"Accept-Language": language})
    context.set_default_timeout(20000)
    if logged_in:
        answer = context.request.post(site + "/login", form={"name": CURATOR, "password": PASSWORD}, max_redirects=0)
        assert answer.status == 303
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in PAGES:
        page.goto(site + path)
        page.wait_for_selector("body[data-session=shown]", state="attached")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
        brand, session = (page.locator(s).bounding_box() for s in ("header.site .brand", "#session"))
        # on one line: their boxes overlap vertically
        assert session["y"] < brand["y"] + brand["height"] and brand["y"] < session["y"] + session["height"], path
        assert session["x"] + session["width"] <= viewport["width"], path
        assert axe_violations(page, EVERY_IMPACT) == [], path
        who = "curator" if logged_in else "anonymous"
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(SHOTS / f"private-{name}-{language}-{size}-{who}.png"), full_page=size == "phone")
    assert errors == []
    context.close()
