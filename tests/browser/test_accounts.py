"""Curators in a real browser against `argmap serve`: logging in with the plain form,
their name in the header of every page, the change history, an undo, logging out; and
the login and history pages at desktop and phone sizes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, SHOTS
from tests.conftest import ROOT, SEEDS, emptied
from tests.servers import running

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
FILE = "curated/annee-maturite-2011.yaml"
LABEL = 'Facebook has become the world\'s third-largest "country"'
NEW_LABEL = "Facebook is the world's third country"


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_url):
    """`argmap serve` over a copy of the seeds, with a curator `ana` added on the command
    line and one change in the history (made by the store, recorded as the web records it)."""
    folder = tmp_path_factory.mktemp("accounts-site")
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns(".*"))
    env = {
        "ARGMAP_DATABASE_URL": emptied(database_url),
        "ARGMAP_SEEDS_DIR": str(seeds),
        "ARGMAP_CACHE_DIR": str(folder / "cache"),
    }
    added = subprocess.run(
        [sys.executable, "-m", "app", "curator", "add", "ana", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    _relabel(seeds, database_url)
    with running(["app", "serve"], "accounts-server", env, ready="/api/graph", timeout=90) as base:
        yield base


def _relabel(seeds, database_url: str) -> None:
    from app import accounts, database, history
    from app.settings import Settings
    from app.store import Store

    def make(files):
        files.write_text(FILE, files.read_text(FILE).replace(LABEL, NEW_LABEL, 1))

    change = Store(seeds).change(f"Relabel facebook-third-country: {NEW_LABEL}", make)
    assert change.files == [FILE]
    with database.session(Settings(database_url=database_url)) as db:
        history.record(db, "ana", change, ["argument:facebook-third-country"], accounts.now_utc())


@pytest.fixture
def tab(browser, site):
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        page.errors = errors
        return page

    yield make
    for context in contexts:
        context.close()


def visit(page, url: str) -> None:
    """Open `url` and wait until the header says who is logged in."""
    page.goto(url)
    page.wait_for_selector("body[data-session=shown]", state="attached")


def log_in(page, site: str, next_path: str = "/arguments") -> None:
    visit(page, site + next_path)
    page.get_by_role("link", name="Log in", exact=True).click()
    page.get_by_label("Name").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + next_path)


def test_a_curator_logs_in_sees_their_name_on_every_page_and_logs_out(tab, site):
    page = tab()
    visit(page, site + "/documents")
    expect(page.locator("#session")).to_have_text("Log in")
    expect(page.get_by_role("link", name="Add a document")).to_be_hidden()  # a curator's tool
    visit(page, site + "/arguments")
    log_in(page, site, "/arguments")
    visit(page, site + "/documents")
    expect(page.get_by_role("link", name="Add a document")).to_be_visible()
    for path in ("/arguments", "/map", "/documents/annee-maturite-2011", "/history"):
        visit(page, site + path)
        expect(page.locator("#session")).to_have_text("ana · Log out")
        assert page.evaluate("document.body.dataset.curator") == "ana"
    assert page.evaluate("import('/static/js/session.js').then(m => m.session()).then(s => s.curator.name)") == "ana"
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(site + "/")
    expect(page.locator("#session")).to_have_text("Log in")
    assert page.evaluate("document.body.dataset.curator") is None
    assert page.errors == []


def test_a_wrong_password_says_so_on_the_form(tab, site):
    page = tab()
    page.goto(site + "/login")
    page.get_by_label("Name").fill("ana")
    page.get_by_label("Password").fill("not it at all")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong name or password.")
    expect(page.locator("#session")).to_have_text("Log in")


def test_logging_in_works_without_javascript(tab, site):
    page = tab(java_script_enabled=False)
    page.goto(site + "/login?next=/history")
    page.get_by_label("Name").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/history")
    assert page.context.cookies()[0]["name"] == "argmap_session"
    assert page.context.cookies()[0]["httpOnly"] is True


def test_a_curator_undoes_a_change_and_readers_see_it_gone(tab, site):
    reader = tab()
    visit(reader, site + "/history")
    first = reader.locator("ol.changes > li").last
    expect(first).to_contain_text(f"#1 Relabel facebook-third-country: {NEW_LABEL}")
    expect(first).to_contain_text("ana")
    visit(reader, site + "/history/1")
    expect(reader.locator(".diff-lines .add")).to_contain_text(f"label: {NEW_LABEL}")
    expect(reader.get_by_role("button", name="Undo this change")).to_be_hidden()  # readers cannot undo

    curator = tab()
    log_in(curator, site, "/history/1")
    curator.get_by_role("button", name="Undo this change").click()
    curator.wait_for_url(site + "/history/2")
    expect(curator.locator("main")).to_contain_text("This change undoes change #1.")
    expect(curator.locator(".diff-lines .add")).to_contain_text("label: " + LABEL)

    reader.goto(site + "/arguments/facebook-third-country")
    expect(reader.locator("h1")).to_contain_text(LABEL)
    reader.goto(site + "/history")
    expect(reader.locator("ol.changes > li").first).to_contain_text("#2 Undo of #1")
    expect(reader.locator("ol.changes > li").last).to_contain_text("undone by #2")
    assert curator.errors == [] and reader.errors == []


@pytest.mark.parametrize("size, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_logged_in_header_fits_the_screen(tab, site, size, viewport):
    page = tab(viewport)
    log_in(page, site, "/history/1")
    expect(page.locator("#session")).to_have_text("ana · Log out")
    box = page.locator("#session").bounding_box()
    assert box["x"] + box["width"] <= viewport["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SHOTS / f"accounts-logged-in-{size}.png"), full_page=True)


@pytest.mark.parametrize("size, viewport", [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("path, name", [("/login", "login"), ("/history", "history"), ("/history/1", "change")])
def test_the_login_and_history_pages_fit_the_screen(tab, site, size, viewport, path, name):
    page = tab(viewport)
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a {size} screen"
    header = page.locator("header.site").bounding_box()
    session = page.locator("#session").bounding_box()
    assert session["x"] + session["width"] <= viewport["width"] and session["y"] < header["y"] + header["height"]
    page.screenshot(path=str(SHOTS / f"accounts-{name}-{size}.png"), full_page=True)
