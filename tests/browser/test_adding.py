"""Adding a document in a real browser against a real server: a curator logs in, uploads
a saved French blog page with its comments, watches the progress bar reach 100% and lands
on the new document, its extracted arguments highlighted.

The same journey also runs on a uvicorn server in this process, each browser logged in
as its curator before it opens the page (the form is a curator's only); and without
JavaScript."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.browser.conftest import DESKTOP, SHOTS
from tests.servers import running

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BLOG = ROOT / "tests" / "fixtures" / "adding" / "blog-teletravail.html"
# every value the job page's progress bar takes, in order
WATCH_PROGRESS = """
window.progressSeen = [];
document.addEventListener("DOMContentLoaded", () => {
  const bar = document.getElementById("job-bar");
  if (!bar) return;
  const note = () => { const v = Number(bar.value); if (window.progressSeen.at(-1) !== v) window.progressSeen.push(v); };
  note();
  new MutationObserver(note).observe(bar, { attributes: true, childList: true });
});
"""
CURATOR, PASSWORD = "claire", "une phrase de passe assez longue"


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory):
    """A server, as `argmap serve` runs it, over a private copy of the seeds (adding writes them)."""
    work = tmp_path_factory.mktemp("adding-server")
    seeds = work / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    env = {"ARGMAP_SEEDS_DIR": str(seeds), "ARGMAP_DATABASE_URL": f"sqlite:///{work / 'argmap.db'}"}
    with running(
        [
            "uvicorn",
            "app.reloading:create_reloadable_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--log-level",
            "warning",
        ],
        "adding-server",
        env,
        ready="/api/graph",
    ) as base:
        yield base, seeds, env


@pytest.fixture(scope="module")
def curator(writable_server):
    base, seeds, env = writable_server
    run = subprocess.run(
        [sys.executable, "-m", "app", "--seeds", str(seeds), "curator", "add", CURATOR, "--password-stdin"],
        input=PASSWORD + "\n",
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return CURATOR


def test_a_curator_uploads_a_blog_page_and_lands_on_its_highlighted_arguments(browser, writable_server, curator):
    base, _, _ = writable_server
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.add_init_script(WATCH_PROGRESS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    logged_in = context.request.post(base + "/login", form={"name": curator, "password": PASSWORD}, max_redirects=0)
    assert logged_in.status in (200, 303), logged_in.text()

    page.goto(base + "/documents")  # where a curator finds it
    page.get_by_role("link", name="Add a document").click()
    page.wait_for_url(base + "/documents/new")
    assert page.locator("h1").inner_text() == "Add a document"
    page.set_input_files("#add-file", str(BLOG))
    page.get_by_role("button", name="Add the document").click()

    page.wait_for_url("**/jobs/*")
    page.wait_for_function(
        "() => { const b = document.getElementById('job-bar'); return b && Number(b.value) >= 100; }", timeout=120_000
    )
    seen = page.evaluate("window.progressSeen")
    assert seen[0] < 100 and seen[-1] == 100 and seen == sorted(seen), seen
    assert page.locator("#job-label").inner_text() == "Done 100%"
    link = page.get_by_role("link", name="Open the document")
    assert link.is_visible()
    page.screenshot(path=str(SHOTS / "adding-job-done.png"))
    link.click()

    page.wait_for_url("**/documents/le-teletravail-va-t-il-tuer-le-bureau")
    assert page.locator("h1").inner_text() == "Le télétravail va-t-il tuer le bureau ?"
    marks = page.locator("mark.span.extracted")
    assert marks.count() > 10
    first = marks.first
    first.scroll_into_view_if_needed()
    assert first.is_visible() and first.bounding_box()["height"] > 0
    assert "Julien Ferrand" in page.locator("#comment-1").inner_text()
    assert errors == []
    context.close()


@pytest.fixture(scope="module")
def curator_server(tmp_path_factory):
    """uvicorn in this process over a private copy of the seeds, with the curator `claire`."""
    import uvicorn

    from app.reloading import Reloadable
    from app.seeds import load_graph
    from app.settings import Settings
    from app.web import create_app
    from tests.curators import add
    from tests.servers import free_port

    work = tmp_path_factory.mktemp("curator-server")
    seeds = work / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    port = free_port()
    settings = Settings(
        seeds_dir=seeds, host="127.0.0.1", port=port, database_url=f"sqlite:///{work / 'argmap.db'}", watch_seconds=0
    )
    add(settings, CURATOR, password=PASSWORD)

    def build(graph):
        return create_app(settings, graph)

    server = uvicorn.Server(
        uvicorn.Config(Reloadable(build, lambda: load_graph(seeds)), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def watched_page(browser, viewport=DESKTOP, base: str | None = None, **options):
    """A new browser tab (logged in as the curator on `base`, when given) whose progress
    bars and errors are recorded."""
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(15000)
    if base is not None:
        logged_in = context.request.post(base + "/login", form={"name": CURATOR, "password": PASSWORD}, max_redirects=0)
        assert logged_in.status == 303, logged_in.text()
    page = context.new_page()
    page.add_init_script(WATCH_PROGRESS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

    def console(msg):
        if msg.type == "error":
            errors.append(msg.text)

    page.on("console", console)
    return context, page, errors


def test_the_upload_page_follows_the_job_to_the_highlighted_document(browser, curator_server):
    context, page, errors = watched_page(browser, base=curator_server)

    page.goto(curator_server + "/documents/new")
    page.set_input_files("#add-file", str(BLOG))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url("**/jobs/*")
    assert page.locator("h1").inner_text() == "Adding “Le télétravail va-t-il tuer le bureau ?”"
    page.wait_for_function("() => Number(document.getElementById('job-bar').value) >= 100", timeout=120_000)

    seen = page.evaluate("window.progressSeen")
    assert seen[0] < 100 and seen[-1] == 100 and seen == sorted(seen), seen
    assert page.locator("#job-label").inner_text() == "Done 100%"
    assert "arguments and" in page.locator("#job-outcome").inner_text()
    page.screenshot(path=str(SHOTS / "adding-job-done-desktop.png"))
    page.get_by_role("link", name="Open the document").click()
    page.wait_for_url("**/documents/le-teletravail-va-t-il-tuer-le-bureau")
    marks = page.locator("mark.span.extracted")
    assert marks.count() > 10
    assert marks.first.is_visible()
    assert "Julien Ferrand" in page.locator("#comment-1").inner_text()
    assert errors == []
    context.close()


def test_the_same_file_again_is_refused_on_the_page_with_a_link_to_the_document(browser, curator_server):
    context, page, errors = watched_page(browser, base=curator_server)
    existing = ROOT / "seeds" / "documents" / "003_255d3019f044c002.txt"

    page.goto(curator_server + "/documents/new")
    page.set_input_files("#add-file", str(existing))
    page.get_by_role("button", name="Add the document").click()

    alert = page.locator("#add-error")
    alert.wait_for(state="visible")
    assert alert.inner_text().startswith("This file is already the document “Les directions marketing")
    assert (
        alert.get_by_role("link", name="Open that document").get_attribute("href")
        == "/documents/directions-marketing-roi"
    )
    assert page.url.endswith("/documents/new")
    context.close()


def test_without_javascript_the_form_posts_and_the_job_page_refreshes_itself(browser, curator_server):
    context, page, _ = watched_page(browser, base=curator_server, java_script_enabled=False)
    note = ROOT / "tests" / "fixtures" / "adding" / "note.md"

    page.goto(curator_server + "/documents/new")
    page.set_input_files("#add-file", str(note))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url("**/jobs/*")
    page.get_by_role("link", name="Open the document").wait_for(timeout=120_000)  # after a refresh or two

    assert page.locator("#job-label").inner_text() == "Done 100%"
    page.get_by_role("link", name="Open the document").click()
    assert page.locator("h1").inner_text() == "Faut-il encore bloguer en 2012 ?"
    context.close()


def test_the_add_page_fits_a_phone(browser, curator_server):
    from tests.browser.conftest import PHONE

    context, page, _ = watched_page(browser, viewport=PHONE, base=curator_server)
    page.goto(curator_server + "/documents/new")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button = page.get_by_role("button", name="Add the document").bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= PHONE["width"]
    page.screenshot(path=str(SHOTS / "adding-form-phone.png"), full_page=True)
    context.close()
