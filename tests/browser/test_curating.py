"""Curating in a real browser, against a real server over a private copy of the seeds: a
curator selects a passage and makes it an argument, draws an attack across documents
with the search-as-you-type picker, accepts and rejects suggestions, and deletes an
argument after seeing what goes with it; then a reader who is not logged in sees the
result. At desktop and phone size; screenshots of the controls in test-results/browser/."""

from __future__ import annotations

import contextlib
import json
import urllib.request
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, EVERY_IMPACT, GATE, PHONE, SHOTS, axe_violations, let_loads_land
from tests.servers import curators_site

pytestmark = pytest.mark.browser

SIZES = {"desktop": DESKTOP, "phone": PHONE}
CURATOR, PASSWORD = "camille", "a long enough passphrase 42"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server over a copy of the seeds, with a curator account; one for the module:
    each test edits arguments of its own."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with curators_site(tmp_path_factory.mktemp("curating"), "curating-server", CURATOR, PASSWORD) as base:
        yield base


def get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.load(answer)


class Tab:
    """A browser tab that records console errors."""

    def __init__(self, context, base: str):
        self.page = context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" and "410" not in msg.text else None,
        )

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SHOTS / f"curating-{name}.png"))


@pytest.fixture
def tabs(browser, site):
    """`tabs(size, curator=True)`: a tab of a fresh browser, logged in as a curator or not."""
    contexts = []

    def make(size: str, curator: bool = True) -> Tab:
        context = browser.new_context(viewport=SIZES[size])
        context.set_default_timeout(15000)
        contexts.append(context)
        tab = Tab(context, site)
        if curator:
            log_in(tab)
        return tab

    yield make
    for context in contexts:
        context.close()


def log_in(tab: Tab) -> None:
    tab.goto("/login")
    tab.page.fill("input[name=name]", CURATOR)
    tab.page.fill("input[name=password]", PASSWORD)
    with tab.page.expect_navigation():
        tab.page.press("input[name=password]", "Enter")
    assert tab.page.request.get(tab.base + "/api/session").json()["curator"]["name"] == CURATOR


def free_passage(base: str, nth: int) -> tuple[str, int, int, str]:
    """(document, start, end, text) of the nth stretch of body text no argument covers
    (sentences of at least 60 characters), read from the document pages' JSON."""
    found = []
    for doc in get_json(base, "/documents.json")["documents"]:
        detail = get_json(base, f"/documents/{doc['id']}.json")["document"]
        for segment in detail["segments"]:
            for run in segment["runs"]:
                text = run["text"]
                if not run["ids"] and len(text.strip()) >= 60:
                    lead = len(text) - len(text.lstrip())
                    words = text.strip()[:60].rsplit(" ", 1)[0]
                    found.append((doc["id"], run["start"] + lead, run["start"] + lead + len(words), words))
    return found[nth]


def select_text(page, start: int, end: int) -> None:
    """Select document text from offset `start` to `end` (both inside one run) as a reader would."""
    page.evaluate(
        """([start, end]) => {
          const run = [...document.querySelectorAll('.doc-text [data-start]')]
            .find(r => Number(r.dataset.start) <= start && end <= Number(r.dataset.start) + r.textContent.length);
          const text = run.firstChild.nodeType === 3 ? run.firstChild : run.querySelector('a').firstChild;
          const range = document.createRange();
          range.setStart(text, start - Number(run.dataset.start));
          range.setEnd(text, end - Number(run.dataset.start));
          getSelection().removeAllRanges();
          getSelection().addRange(range);
        }""",
        [start, end],
    )


@pytest.mark.parametrize("size", SIZES)
def test_a_selected_passage_becomes_an_argument_every_reader_sees(tabs, site, size):
    doc_id, start, end, words = free_passage(site, 0 if size == "desktop" else 3)
    curator = tabs(size)
    curator.goto(f"/documents/{doc_id}")
    curator.page.locator(".doc-text").first.wait_for()
    select_text(curator.page, start, end)

    make = curator.page.get_by_role("button", name="Make an argument")
    make.wait_for()
    assert make.is_visible() and make.bounding_box()["y"] + make.bounding_box()["height"] <= SIZES[size]["height"]
    make.click()
    dialog = curator.page.locator("dialog.curate-dialog")
    assert dialog.locator(".curate-quote").inner_text() == f"“{words}”"
    dialog.get_by_label("Label (English)").fill(f"A passage made an argument at {size} size")
    dialog.get_by_label("Tags, separated by spaces").fill("selection test")
    curator.shot(f"make-argument-{size}")
    with saved(curator.page, "/api/arguments"):
        dialog.get_by_role("button", name="Save").click()
    arg_id = curator.page.url.rsplit("#arg-", 1)[1]
    assert curator.errors == []

    reader = tabs(size, curator=False)
    reader.goto(f"/arguments/{arg_id}")
    assert reader.page.locator("h1").inner_text() == f"A passage made an argument at {size} size"
    assert reader.page.locator("blockquote p").inner_text() == f"“{words}”"
    reader.goto(f"/documents/{doc_id}#arg-{arg_id}")
    marks = reader.page.locator(f'mark.span[data-args~="{arg_id}"]')
    assert "".join(marks.all_inner_texts()) == words
    assert marks.first.is_visible()


def test_a_passage_selected_before_the_controls_arrive_can_be_made_an_argument(tabs, site):
    """A curator may select text before the page has asked who is logged in: the button
    then comes with the controls, without selecting again."""
    doc_id, start, end, words = free_passage(site, 5)
    curator = tabs("desktop")
    curator.page.add_init_script("window.gate = { closed: true, held: [], inflight: 0 }")
    curator.page.add_init_script(GATE)
    curator.goto(f"/documents/{doc_id}")
    curator.page.wait_for_function("() => window.gate.held.length > 0")
    select_text(curator.page, start, end)
    assert curator.page.evaluate("() => getSelection().toString()") == words
    assert not curator.page.get_by_role("button", name="Make an argument").is_visible()

    let_loads_land(curator.page)
    make = curator.page.get_by_role("button", name="Make an argument")
    make.wait_for()
    make.click()
    assert curator.page.locator("dialog.curate-dialog .curate-quote").inner_text() == f"“{words}”"
    assert curator.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_an_attack_across_documents_is_drawn_with_the_picker(tabs, site, size):
    source, target = (
        ("pizza-metaphor", "roi-unmeasurable") if size == "desktop" else ("pizza-metaphor", "presence-costs-money")
    )
    target_label = get_json(site, f"/arguments/{target}.json")["argument"]["label"]
    curator = tabs(size)
    curator.goto(f"/arguments/{source}")
    curator.page.get_by_role("button", name="Attacks…").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    dialog.get_by_role("combobox").type(" ".join(target_label.split()[:3]), delay=20)
    option = dialog.locator(f'.curate-results li[data-id="{target}"]')
    option.wait_for()
    found = axe_violations(curator.page, EVERY_IMPACT)
    assert found == [], "\n".join(found)
    curator.shot(f"relation-picker-{size}")
    option.click()
    with saved(curator.page, "/api/relations"):
        dialog.get_by_role("button", name="Add the relation").click()

    reader = tabs(size, curator=False)
    reader.goto(f"/arguments/{source}")
    attacks = reader.page.locator("section.relations", has_text="Attacks")
    assert target_label in attacks.inner_text()
    reader.goto(f"/arguments/{target}")
    assert (
        reader.page.locator("section.relations", has_text="Attacked by").get_by_text("Analogy: most students").count()
        == 1
    )
    assert curator.errors == [] and reader.errors == []


def suggested(site: str) -> tuple[str, list[dict]]:
    """A curated argument with at least two suggestions the map does not have yet, one of
    them an attack (accepting a support may close a circle of supports, which is refused)."""
    for debate in get_json(site, "/api/debates")["items"]:
        for side in debate["sides"]:
            for claim in side["claims"]:
                claim_id = claim if isinstance(claim, str) else claim["id"]
                found = [
                    s
                    for s in get_json(site, f"/api/arguments/{claim_id}/suggestions")["suggestions"]
                    if not s["in_map"]
                ]
                attacks = [s for s in found if s["kind"] == "attack"]
                if len(found) >= 2 and attacks:
                    return claim_id, [attacks[0], *(s for s in found if s is not attacks[0])]
    raise AssertionError("no argument with two new suggestions")


@contextlib.contextmanager
def saved(page, api: str):
    """Expect the page to write through `api` successfully, then to be loaded again (as
    every reader now sees it)."""
    with page.expect_event("load"):
        with page.expect_response(lambda r: api in r.url and r.request.method != "GET") as answer:
            yield
        assert answer.value.ok, answer.value.text()


def pair_selector(arg_id: str, s: dict) -> str:
    """The list item of one suggestion on the page of `arg_id`: its source, kind and target."""
    source, target = (arg_id, s["argument"]["id"]) if s["direction"] == "out" else (s["argument"]["id"], arg_id)
    return f'li.suggestion[data-from="{source}"][data-kind="{s["kind"]}"][data-to="{target}"]'


@pytest.mark.parametrize("size", SIZES)
def test_suggestions_are_accepted_into_the_map_or_rejected_for_good(tabs, site, size):
    arg_id, found = suggested(site)
    accept, reject = found[0], found[1]
    curator = tabs(size)
    curator.goto(f"/arguments/{arg_id}")
    items = curator.page.locator("li.suggestion")
    items.first.get_by_role("button", name="Accept").wait_for()
    curator.page.locator("#suggestions-title").scroll_into_view_if_needed()
    curator.shot(f"suggestions-{size}")

    for s, button in ((accept, "Accept"), (reject, "Reject")):
        with saved(curator.page, "/api/suggestions/"):
            curator.page.locator(pair_selector(arg_id, s)).get_by_role("button", name=button).click()

    reader = tabs(size, curator=False)
    reader.goto(f"/arguments/{arg_id}")
    related = " ".join(reader.page.locator(".relations-grid").all_inner_texts())
    assert accept["argument"]["label"] in related
    accepted = reader.page.locator(pair_selector(arg_id, accept))
    assert "already in the map" in accepted.inner_text()
    assert reader.page.locator(pair_selector(arg_id, reject)).count() == 0
    assert reader.page.locator("li.suggestion").count() >= 1
    assert curator.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_deleting_lists_the_relations_first_then_the_link_says_it_is_gone(tabs, site, size):
    arg_id = "kabla-social-ads-may-be-cut" if size == "desktop" else "kabla-crisis-forces-reprioritisation"
    detail = get_json(site, f"/arguments/{arg_id}.json")["argument"]
    linked = [a["label"] for a in detail["supporters"] + detail["attackers"] + detail["supports"]]
    curator = tabs(size)
    curator.goto(f"/arguments/{arg_id}")
    curator.page.get_by_role("button", name="Delete").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    listed = dialog.locator(".curate-links")
    listed.locator("li").first.wait_for()
    assert all(label in listed.inner_text() for label in linked)
    assert dialog.get_by_role("button", name="Delete").is_visible()
    curator.shot(f"delete-{size}")
    with saved(curator.page, "/api/arguments/"):
        dialog.get_by_role("button", name="Delete").click()

    reader = tabs(size, curator=False)
    answer = reader.goto(f"/arguments/{quote(arg_id)}")
    assert answer.status == 410
    assert "was deleted" in reader.page.locator("main").inner_text()
    nearest = reader.page.locator(".see a")
    assert nearest.is_visible() and nearest.get_attribute("href").startswith(("/arguments/", "/documents/"))
    assert curator.errors == []


def standalone_extracted(base: str) -> tuple[str, list[dict]]:
    """A document with at least two extracted arguments of its own (not folded into
    curated ones), and those, as its page lists them."""
    for doc in get_json(base, "/documents.json")["documents"]:
        rows = get_json(base, f"/documents/{doc['id']}.json")["document"]["arguments_list"]
        extracted = [r for r in rows if r["origin"] == "extracted"]
        if len(extracted) >= 2:
            return doc["id"], extracted
    raise AssertionError("no document with two extracted arguments")


@pytest.mark.parametrize("size", SIZES)
def test_extracted_arguments_are_accepted_or_rejected_on_their_document_page(tabs, site, size):
    doc_id, extracted = standalone_extracted(site)
    accept, reject = extracted[0], extracted[1]
    curator = tabs(size)
    curator.goto(f"/documents/{doc_id}")
    row = curator.page.locator(f'li.arg.extracted[data-id="{accept["id"]}"]')
    row.get_by_role("button", name="Accept").wait_for()
    row.scroll_into_view_if_needed()
    curator.shot(f"extracted-{size}")
    with saved(curator.page, "/api/extracted/"):
        row.get_by_role("button", name="Accept").click()
    new_id = curator.page.url.rsplit("#arg-", 1)[1]
    with saved(curator.page, "/api/extracted/"):
        curator.page.locator(f'li.arg.extracted[data-id="{reject["id"]}"]').get_by_role("button", name="Reject").click()

    reader = tabs(size, curator=False)
    reader.goto(f"/arguments/{accept['id']}")  # the extracted id's link leads to the curated argument
    assert reader.page.url.endswith(f"/arguments/{new_id}")
    assert not new_id.startswith("x-")
    assert reader.page.locator("h1").inner_text() == accept["label"]
    assert reader.page.locator(".facts .badge.curated").is_visible()
    reader.goto(f"/documents/{doc_id}")
    assert reader.page.locator(f'[data-id="{reject["id"]}"], mark[data-args~="{reject["id"]}"]').count() == 0
    assert reader.page.locator(f'mark.span[data-args~="{new_id}"]').count() >= 1
    assert curator.errors == [] and reader.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_a_debate_is_created_from_the_home_page_with_claims_picked_on_each_side(tabs, site, size):
    claims = {"Yes": "pizza-metaphor", "No": "roi-unmeasurable"}
    labels = {side: get_json(site, f"/arguments/{arg}.json")["argument"]["label"] for side, arg in claims.items()}
    title = f"Is the pizza analogy an argument? ({size})"
    curator = tabs(size)
    curator.goto("/")
    curator.page.get_by_role("button", name="New debate").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    dialog.get_by_label("Title", exact=True).fill(title)
    dialog.get_by_label("French title (optional)").fill(f"L’analogie de la pizza est-elle un argument ? ({size})")
    dialog.get_by_label("Question", exact=True).fill("Does irony settle the question of return?")
    for n, (side, arg_id) in enumerate(claims.items()):
        fieldset = dialog.locator("fieldset.curate-side").nth(n)
        fieldset.get_by_label("Its position", exact=True).fill(side)
        fieldset.get_by_label("Its position in French (optional)").fill({"Yes": "Oui", "No": "Non"}[side])
        fieldset.get_by_role("combobox").type(" ".join(labels[side].split()[:3]), delay=20)
        fieldset.locator(f'.curate-results li[data-id="{arg_id}"]').click()
        expect(fieldset.locator(".curate-claims li")).to_have_count(1)
    found = axe_violations(curator.page, EVERY_IMPACT)
    assert found == [], "\n".join(found)
    curator.shot(f"new-debate-{size}")
    with saved(curator.page, "/api/debates"):
        dialog.get_by_role("button", name="Create the debate").click()
    debate_url = curator.page.url
    assert "/debates/" in debate_url

    reader = tabs(size, curator=False)
    reader.goto(debate_url.removeprefix(site))
    assert reader.page.locator("h1").inner_text() == title
    for label in labels.values():
        assert reader.page.locator("main").get_by_text(label).count() >= 1
    french = tabs(size, curator=False)
    french.page.set_extra_http_headers({"Accept-Language": "fr"})
    french.goto(debate_url.removeprefix(site))
    assert french.page.locator("h1").inner_text() == f"L’analogie de la pizza est-elle un argument ? ({size})"
    assert "OUI" in french.page.locator("main").inner_text().upper()
    assert curator.errors == [] and reader.errors == [] and french.errors == []


@pytest.mark.parametrize("size", SIZES)
def test_a_debate_is_edited_on_its_page_and_a_concurrent_edit_is_shown_not_lost(tabs, site, size):
    debates = get_json(site, "/api/debates")["items"]
    record = get_json(site, f"/api/debates/{debates[-1 if size == 'desktop' else -2]['id']}")
    added = next(
        c
        for c in ("pizza-metaphor", "roi-unmeasurable", "presence-imperative")
        if c not in {c for side in record["sides"] for c in side["claims"]}
    )
    added_label = get_json(site, f"/arguments/{added}.json")["argument"]["label"]
    curator = tabs(size)
    curator.goto(record["url"])
    curator.page.get_by_role("button", name="Edit this debate").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    expect(dialog.get_by_label("Title", exact=True)).to_have_value(record["title"])
    first = dialog.locator("fieldset.curate-side").first
    expect(first.get_by_label("Its position", exact=True)).to_have_value(record["sides"][0]["name"])
    expect(first.locator(".curate-claims li")).to_have_count(len(record["sides"][0]["claims"]))
    assert (
        first.locator(".curate-claims li")
        .first.inner_text()
        .startswith(record["labels"][record["sides"][0]["claims"][0]])
    )

    question = f"Edited on a {size}: does the return decide it?"
    dialog.get_by_label("Question", exact=True).fill(question)
    dialog.get_by_label("French question (optional)").fill("")
    first.get_by_role("combobox").type(" ".join(added_label.split()[:3]), delay=20)
    first.locator(f'.curate-results li[data-id="{added}"]').click()
    expect(first.locator(".curate-claims li")).to_have_count(len(record["sides"][0]["claims"]) + 1)
    found = axe_violations(curator.page, EVERY_IMPACT)
    assert found == [], "\n".join(found)
    curator.shot(f"edit-debate-{size}")

    # another curator saves first: the form says so and shows their version
    curator_api(
        curator,
        "PATCH",
        f"/api/debates/{record['id']}",
        {"version": record["version"], "title": f"{record['title']} (renamed)"},
    )
    dialog.get_by_role("button", name="Save the debate").click()
    expect(dialog.locator(".curate-message")).to_contain_text("Someone else changed this debate")
    expect(dialog.get_by_label("Title", exact=True)).to_have_value(f"{record['title']} (renamed)")
    dialog.get_by_label("Question", exact=True).fill(question)
    dialog.get_by_label("French question (optional)").fill("")
    first.get_by_role("combobox").type(" ".join(added_label.split()[:3]), delay=20)
    first.locator(f'.curate-results li[data-id="{added}"]').click()
    with saved(curator.page, "/api/debates/"):
        dialog.get_by_role("button", name="Save the debate").click()

    reader = tabs(size, curator=False)
    reader.goto(record["url"])
    assert reader.page.locator("h1").inner_text() == f"{record['title']} (renamed)"
    assert reader.page.locator(".lede").inner_text() == question
    reader.goto(record["url"] + "/outline")  # every main claim, where the page shows the first few
    assert reader.page.locator("main").get_by_text(added_label).count() >= 1
    french = tabs(size, curator=False)
    french.page.set_extra_http_headers({"Accept-Language": "fr"})
    french.goto(record["url"])
    assert french.page.locator(".lede").inner_text() == question  # no French question any more
    # the browser logs the refused save; nothing else went wrong
    assert [e for e in curator.errors if "409 (Conflict)" not in e] == [] and len(curator.errors) == 1
    assert reader.errors == [] and french.errors == []


def curator_api(tab: Tab, method: str, path: str, body: dict | None = None) -> dict:
    """A write through the API in the curator's session (as another tab of theirs would)."""
    token = tab.page.request.get(tab.base + "/api/session").json()["csrf_token"]
    answer = tab.page.request.fetch(tab.base + path, method=method, data=body, headers={"X-CSRF-Token": token})
    assert answer.ok, answer.text()
    return answer.json()


def debate_made(tab: Tab, title: str) -> dict:
    sides = [{"name": "Yes", "claims": ["pizza-metaphor"]}, {"name": "No", "claims": ["presence-costs-money"]}]
    return curator_api(tab, "POST", "/api/debates", {"title": title, "question": "Does it last?", "sides": sides})


def test_a_debate_deleted_on_its_page_leaves_its_arguments_and_a_link_that_says_so(tabs, site):
    curator = tabs("desktop")
    url = debate_made(curator, "A debate made to be deleted")["url"]
    curator.goto(url)
    curator.page.get_by_role("button", name="Delete this debate").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    expect(dialog.locator(".curate-debate-name")).to_have_text("A debate made to be deleted")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()  # Enter alone deletes nothing
    found = axe_violations(curator.page, EVERY_IMPACT)
    assert found == [], "\n".join(found)
    curator.shot("delete-debate")
    with curator.page.expect_navigation(url=site + "/"):
        dialog.get_by_role("button", name="Delete").click()
    assert curator.page.get_by_role("link", name="A debate made to be deleted").count() == 0

    reader = tabs("desktop", curator=False)
    answer = reader.goto(url)
    assert answer.status == 410
    assert "“A debate made to be deleted” was deleted by a curator" in reader.page.locator("main").inner_text()
    reader.page.locator("main").get_by_role("link", name="Back to the debates").click()
    reader.page.wait_for_url(site + "/")
    assert reader.goto("/arguments/pizza-metaphor").status == 200
    assert curator.errors == [] and reader.errors == []


def test_a_debate_deleted_by_someone_else_is_said_gone_when_edited(tabs, site):
    curator = tabs("desktop")
    made = debate_made(curator, "A debate deleted from elsewhere")
    curator.goto(made["url"])
    curator_api(curator, "DELETE", f"/api/debates/{made['id']}?version={made['version']}")
    with curator.page.expect_navigation():
        curator.page.get_by_role("button", name="Edit this debate").click()
    assert "“A debate deleted from elsewhere” was deleted by a curator" in curator.page.locator("main").inner_text()
    assert curator.page.locator("dialog.curate-dialog").count() == 0
    assert curator.errors == []  # the 410s of the page and its twin aside


@pytest.mark.parametrize("size", SIZES)
def test_the_topic_heads_the_home_page_as_a_curator_words_it(tabs, site, size):
    before = get_json(site, "/api/corpus")
    curator = tabs(size)
    curator.goto("/")
    curator.page.get_by_role("button", name="Edit the topic").click()
    dialog = curator.page.locator("dialog.curate-dialog")
    expect(dialog.get_by_label("Topic", exact=True)).to_have_value(before["topic"])
    expect(dialog.get_by_label("French topic (optional)")).to_have_value(before["topic_fr"])
    dialog.get_by_label("Topic", exact=True).fill(f"Do brands need social media? ({size})")
    found = axe_violations(curator.page, EVERY_IMPACT)
    assert found == [], "\n".join(found)
    curator.shot(f"edit-topic-{size}")

    # another curator saves first: the form says so and shows theirs
    theirs = curator_api(
        curator,
        "PATCH",
        "/api/corpus",
        {"version": before["version"], "topic": "Theirs?", "topic_fr": before["topic_fr"]},
    )
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".curate-message")).to_contain_text("Someone else changed the topic")
    expect(dialog.get_by_label("Topic", exact=True)).to_have_value("Theirs?")
    dialog.get_by_label("Topic", exact=True).fill(f"Do brands need social media? ({size})")
    dialog.get_by_label("French topic (optional)").fill(f"Les marques ont-elles besoin des médias sociaux ? ({size})")
    with saved(curator.page, "/api/corpus"):
        dialog.get_by_role("button", name="Save").click()

    reader = tabs(size, curator=False)
    reader.goto("/")
    assert reader.page.locator("h1").inner_text() == f"Do brands need social media? ({size})"
    french = tabs(size, curator=False)
    french.page.set_extra_http_headers({"Accept-Language": "fr"})
    french.goto("/")
    assert french.page.locator("h1").inner_text() == f"Les marques ont-elles besoin des médias sociaux ? ({size})"
    assert [e for e in curator.errors if "409 (Conflict)" not in e] == [] and len(curator.errors) == 1
    assert reader.errors == [] and french.errors == []
    now = get_json(site, "/api/corpus")
    curator_api(
        curator,
        "PATCH",
        "/api/corpus",
        {"version": now["version"], "topic": before["topic"], "topic_fr": before["topic_fr"]},
    )
    assert theirs["topic"] == "Theirs?"
