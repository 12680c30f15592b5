"""Bringing a debate of one's own, end to end, in a real browser against a real server over a
private copy of the seeds: a curator logs in, uploads a saved French blog page with its
comments, watches the extraction finish, accepts three of the extracted arguments and
rejects one, makes an argument of a passage they select, draws an attack from it to an
argument of another document, undoes that attack from the history, and logs out. A reader who never logged in
then finds all of it: the new arguments on their permalinks, highlighted in the document and
drawn on the map, every change in the history, and the undone attack gone from both
arguments' pages."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, SHOTS, MapPage
from tests.browser.test_curating import saved, select_text
from tests.conftest import ROOT
from tests.servers import curators_site

pytestmark = pytest.mark.browser

BLOG = ROOT / "tests" / "fixtures" / "adding" / "blog-teletravail.html"
DOCUMENT = "le-teletravail-va-t-il-tuer-le-bureau"
CURATOR, PASSWORD = "romane", "une autre phrase de passe assez longue"
TARGET = "presence-imperative"  # an argument of another document, the attack's target


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with curators_site(tmp_path_factory.mktemp("own-debate"), "own-debate-server", CURATOR, PASSWORD) as base:
        yield base


def get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.load(answer)


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def a_free_passage(base: str, document: str) -> tuple[int, int, str]:
    """(start, end, text) of a stretch of the document no argument covers yet."""
    detail = get_json(base, f"/documents/{document}.json")["document"]
    for segment in detail["segments"]:
        for run in segment["runs"]:
            text = run["text"]
            if not run["ids"] and len(text.strip()) >= 50:
                lead = len(text) - len(text.lstrip())
                words = text.strip()[:50].rsplit(" ", 1)[0]
                return run["start"] + lead, run["start"] + lead + len(words), words
    raise AssertionError(f"every passage of {document} is an argument already")


def test_a_curator_brings_a_debate_and_a_reader_finds_it(browser, site):
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(20000)
    page = context.new_page()
    errors = watch_errors(page)

    # log in with the plain form
    page.goto(site + "/login")
    page.fill("input[name=name]", CURATOR)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    expect(page.locator("#session")).to_contain_text(CURATOR)

    # upload a saved blog page; the extraction runs as a job whose progress bar reaches 100%
    page.goto(site + "/documents/new")
    page.set_input_files("#add-file", str(BLOG))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_url("**/jobs/*")
    page.wait_for_function(
        "() => { const b = document.getElementById('job-bar'); return b && Number(b.value) >= 100; }", timeout=180_000
    )
    page.get_by_role("link", name="Open the document").click()
    page.wait_for_url(f"**/documents/{DOCUMENT}")

    # accept three extracted arguments, reject one
    rows = get_json(site, f"/documents/{DOCUMENT}.json")["document"]["arguments_list"]
    extracted = [r for r in rows if r["origin"] == "extracted"]
    assert len(extracted) >= 4
    accepted = []
    for row in extracted[:3]:
        with saved(page, "/api/extracted/"):
            page.locator(f'li.arg.extracted[data-id="{row["id"]}"]').get_by_role("button", name="Accept").click()
        accepted.append((row, page.url.rsplit("#arg-", 1)[1]))
    rejected = extracted[3]
    with saved(page, "/api/extracted/"):
        page.locator(f'li.arg.extracted[data-id="{rejected["id"]}"]').get_by_role("button", name="Reject").click()

    # make an argument of a selected passage
    start, end, words = a_free_passage(site, DOCUMENT)
    select_text(page, start, end)
    page.get_by_role("button", name="Make an argument").click()
    dialog = page.locator("dialog.curate-dialog")
    dialog.get_by_label("Label (English)").fill("Remote work leaves the office empty")
    with saved(page, "/api/arguments"):
        dialog.get_by_role("button", name="Save").click()
    made = page.url.rsplit("#arg-", 1)[1]

    # draw an attack from it to an argument of another document, with the picker
    target_label = get_json(site, f"/arguments/{TARGET}.json")["argument"]["label"]
    page.goto(f"{site}/arguments/{made}")
    page.get_by_role("button", name="Attacks…").click()
    dialog = page.locator("dialog.curate-dialog")
    dialog.get_by_role("combobox").type(" ".join(target_label.split()[:3]), delay=20)
    dialog.locator(f'.curate-results li[data-id="{TARGET}"]').click()
    with saved(page, "/api/relations"):
        dialog.get_by_role("button", name="Add the relation").click()
    page.screenshot(path=str(SHOTS / "own-debate-attack.png"))

    # the reader's view while the attack stands
    assert target_label in get_json(site, f"/arguments/{made}.json")["argument"]["attacks"][0]["label"]

    # undo the last change (the attack), from its page in the history
    last = get_json(site, "/history.json")["changes"][0]
    assert last["summary"].startswith("Add attack") or "attack" in last["summary"], last["summary"]
    page.goto(f"{site}/history/{last['id']}")
    page.get_by_role("button", name="Undo this change").click()
    page.wait_for_url(f"{site}/history/{last['id'] + 1}")
    expect(page.locator("main")).to_contain_text(f"This change undoes change #{last['id']}.")

    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#session")).to_contain_text("Log in")
    assert errors == []
    context.close()

    # a reader who never logged in
    reader = browser.new_context(viewport=DESKTOP)
    reader.set_default_timeout(20000)
    tab = reader.new_page()
    seen_errors = watch_errors(tab)
    kept = [new_id for _, new_id in accepted] + [made]
    for new_id in kept:
        answer = tab.goto(f"{site}/arguments/{new_id}")
        assert answer.status == 200, new_id
        expect(tab.locator(".facts .badge.curated")).to_be_visible()
    for row, new_id in accepted:  # the extracted ids lead to the curated arguments they became
        tab.goto(f"{site}/arguments/{row['id']}")
        assert tab.url.endswith(f"/arguments/{new_id}")
    # the undone attack is gone from both arguments
    tab.goto(f"{site}/arguments/{TARGET}")
    assert "Remote work leaves the office empty" not in tab.locator("main").inner_text()
    tab.goto(f"{site}/arguments/{made}")
    expect(tab.locator("h1")).to_have_text("Remote work leaves the office empty")
    assert target_label not in tab.locator("main").inner_text()

    tab.goto(f"{site}/documents/{DOCUMENT}")
    for new_id in kept:
        expect(tab.locator(f'mark.span[data-args~="{new_id}"]').first).to_be_visible()
    assert tab.locator(f'[data-id="{rejected["id"]}"], mark[data-args~="{rejected["id"]}"]').count() == 0
    tab.screenshot(path=str(SHOTS / "own-debate-document.png"), full_page=False)

    drawn = MapPage(tab, site).goto(f"/map?document={DOCUMENT}")
    assert set(kept) <= drawn.map_ids()
    tab.screenshot(path=str(SHOTS / "own-debate-map.png"))

    tab.goto(f"{site}/history")
    changes = tab.locator("ol.changes > li")
    assert changes.count() >= 8  # the document, 3 accepts, 1 reject, 1 argument, 1 attack, 1 undo
    expect(changes.first).to_contain_text(CURATOR)
    expect(changes.first).to_contain_text(f"Undo of #{last['id']}")
    expect(tab.locator("main")).to_contain_text(f"undone by #{last['id'] + 1}")
    assert seen_errors == [] and drawn.errors == []
    reader.close()
