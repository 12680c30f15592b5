"""The change history: each change made through `apply_change` is recorded with its
curator, time, targets and files before and after; `/history` lists them newest first
(for one argument, document or debate too), `/history/{n}` shows each file's diff, and
an undo puts the files back, as a change of its own, unless later changes touched them."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi import APIRouter, Request
from fastapi.testclient import TestClient
from markupsafe import escape
from pydantic import BaseModel
from sqlalchemy import select

from app import database, history
from app.reloading import Reloadable
from app.seeds import load_graph
from app.store import Change
from app.web import create_app
from app.web.auth import CuratorDep
from app.web.writing import WRITE_RESPONSES, apply_change
from app.yamledit import dump_roundtrip, load_roundtrip
from tests.curators import add, log_in, settings_for

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
FILE = "curated/annee-maturite-2011.yaml"
ARGUMENT = "facebook-third-country"
LABEL = 'Facebook has become the world\'s third-largest "country"'


# ---- a write endpoint of the tests' own, made the way every write endpoint is

edits = APIRouter()


class Relabel(BaseModel):
    label: str
    id: str = ARGUMENT


@edits.post("/api/test/relabel", responses=WRITE_RESPONSES)
def relabel(request: Request, edit: Relabel, curator: CuratorDep) -> dict:
    """Give an argument of the Maturity 2011 map a new label (or id: `id` renames it)."""

    def make(files):
        data = load_roundtrip(files.read_text(FILE))
        argument = next(a for a in data["arguments"] if a["id"] == ARGUMENT)
        argument["label"] = edit.label
        argument["id"] = edit.id
        files.write_text(FILE, dump_roundtrip(data))

    targets = [f"argument:{ARGUMENT}", "document:annee-maturite-2011"]
    change = apply_change(request, curator, f"Relabel {ARGUMENT}: {edit.label}", targets, make)
    return {"files": change.files}


@pytest.fixture
def settings(empty_database, seeds_full_copy):
    return settings_for(empty_database, seeds_full_copy)


@pytest.fixture
def client(settings):
    def build(graph):
        app = create_app(settings, graph)
        app.include_router(edits)
        return app

    add(settings, "ana")
    return TestClient(Reloadable(build, lambda: load_graph(settings.seeds_dir)), base_url="http://127.0.0.1:8000")


@pytest.fixture
def csrf(client) -> dict:
    return {"X-CSRF-Token": log_in(client)}


def label_shown(client) -> str:
    return client.get(f"/api/arguments/{ARGUMENT}").json()["label"]


# ---- the record, over the database


def test_a_recorded_change_comes_back_whole(settings):
    change = Change(
        "Add x",
        {"curated/a.yaml": b"old\n", "documents/n.txt": None},
        {"curated/a.yaml": b"new\n", "documents/n.txt": b"text"},
    )
    with database.session(settings) as db:
        number = history.record(db, "ana", change, ["argument:x", "document:n", "argument:x"], T0)
        entry = history.get_change(db, number)
    assert {k: entry[k] for k in ("id", "at", "curator", "summary", "targets", "files", "undoes", "undone_by")} == {
        "id": number,
        "at": T0,
        "curator": "ana",
        "summary": "Add x",
        "targets": ["argument:x", "document:n"],
        "files": ["curated/a.yaml", "documents/n.txt"],
        "undoes": None,
        "undone_by": None,
    }
    assert history.as_change(entry) == change


def test_the_list_is_newest_first_paged_and_filtered_by_target(settings):
    with database.session(settings) as db:
        for n in range(5):
            change = Change(f"change {n}", {"curated/a.yaml": None}, {"curated/a.yaml": b"%d" % n})
            history.record(db, "ana", change, [f"argument:a{n % 2}"], T0 + timedelta(minutes=n))
        page, total = history.list_changes(db, offset=1, limit=2)
        assert total == 5 and [e["summary"] for e in page] == ["change 3", "change 2"]
        only, total = history.list_changes(db, "argument:a1")
        assert total == 2 and [e["summary"] for e in only] == ["change 3", "change 1"]
        assert history.list_changes(db, "argument:nobody") == ([], 0)


def test_later_changes_to_the_same_files_block_an_undo_until_they_are_undone(settings):
    def change(path: str, n: int) -> Change:
        return Change(f"c{n}", {path: b"%d" % (n - 1)}, {path: b"%d" % n})

    with database.session(settings) as db:
        first = history.record(db, "ana", change("a", 1), [], T0)
        history.record(db, "ana", change("b", 2), [], T0)  # another file: no matter
        third = history.record(db, "ana", change("a", 3), [], T0)
        assert history.later_changes(db, first) == [third]
        history.record(db, "ana", change("a", 4), [], T0, undoes=third)  # the undo of #3
        assert history.later_changes(db, first) == []
        assert history.get_change(db, third)["undone_by"] == 4


def test_a_diff_reads_line_by_line_and_binary_files_are_only_sized():
    lines = history.diff("curated/a.yaml", b"a: 1\nb: 2\n", b"a: 1\nb: 3\n")
    assert lines["status"] == "changed"
    assert [(line["kind"], line["text"]) for line in lines["lines"]] == [
        ("hunk", "@@ -1,2 +1,2 @@"),
        ("same", " a: 1"),
        ("del", "-b: 2"),
        ("add", "+b: 3"),
    ]
    assert history.diff("documents/x.txt", None, b"hello\n")["status"] == "added"
    binary = history.diff("documents/x.bin", b"\xff\xfe\x00", None)
    assert binary["status"] == "deleted" and binary["binary"] and binary["sizes"] == [3]


# ---- through the web


def test_a_change_made_through_apply_change_is_served_listed_shown_and_undone(client, csrf, settings):
    original = (settings.seeds_dir / FILE).read_bytes()
    res = client.post("/api/test/relabel", json={"label": "Facebook is the third country"}, headers=csrf)
    assert res.status_code == 200 and res.json() == {"files": [FILE]}
    assert label_shown(client) == "Facebook is the third country"  # the next request, no reload needed
    edited = (settings.seeds_dir / FILE).read_text()
    assert "# Curated map of" in edited  # comments survive

    listing = client.get("/history.json").json()
    assert listing["total"] == 1
    entry = listing["changes"][0]
    assert entry["summary"] == "Relabel facebook-third-country: Facebook is the third country"
    assert entry["curator"] == "ana" and entry["files"] == [FILE] and entry["undone_by"] is None
    assert datetime.fromisoformat(entry["at"]) > datetime.now(timezone.utc) - timedelta(minutes=1)
    page = client.get("/history").text
    assert f'<a class="change-summary" href="/history/{entry["id"]}">#{entry["id"]} Relabel' in page
    assert client.get(f"/history.json?argument={ARGUMENT}").json()["total"] == 1
    assert client.get("/history.json?document=annee-maturite-2011").json()["total"] == 1
    assert client.get("/history.json?argument=presence-imperative").json()["total"] == 0

    shown = client.get(f"/history/{entry['id']}")
    assert shown.status_code == 200
    assert f'<span class="del">{escape("-    label: " + LABEL)}</span>' in shown.text
    assert '<span class="add">+    label: Facebook is the third country</span>' in shown.text
    # the logged-in curator's copy of the page holds the undo form with the session's token
    assert '<form class="undo" method="post" action="/api/history/1/undo">' in shown.text
    assert f'<input type="hidden" name="csrf_token" value="{csrf["X-CSRF-Token"]}">' in shown.text

    undo = client.post(f"/api/history/{entry['id']}/undo", headers=csrf)
    assert undo.status_code == 200, undo.text
    assert undo.json()["undone"] == entry["id"] and undo.json()["url"] == f"/history/{undo.json()['change']}"
    assert (settings.seeds_dir / FILE).read_bytes() == original
    assert label_shown(client) == LABEL
    changes = client.get("/history.json").json()["changes"]
    assert [(c["id"], c["undoes"], c["undone_by"]) for c in changes] == [(2, 1, None), (1, None, 2)]
    assert changes[0]["summary"].startswith("Undo of #1: Relabel")
    assert changes[0]["curator"] == "ana"
    assert "undone by #2" in client.get("/history").text

    again = client.post(f"/api/history/{entry['id']}/undo", headers=csrf)
    assert again.status_code == 409 and "already undone" in again.json()["errors"][0]["message"]


def test_an_undo_that_would_lose_a_later_change_answers_409_and_changes_nothing(client, csrf, settings):
    client.post("/api/test/relabel", json={"label": "First label"}, headers=csrf)
    client.post("/api/test/relabel", json={"label": "Second label"}, headers=csrf)
    before = (settings.seeds_dir / FILE).read_bytes()
    res = client.post("/api/history/1/undo", headers=csrf)
    assert res.status_code == 409
    assert res.json()["errors"] == [{"message": "Later changes touched the same files: undo #2 first."}]
    assert res.json()["current"] == [{"id": 2, "url": "/history/2"}]
    assert (settings.seeds_dir / FILE).read_bytes() == before
    assert client.get("/history.json").json()["total"] == 2
    assert client.post("/api/history/2/undo", headers=csrf).status_code == 200
    assert client.post("/api/history/1/undo", headers=csrf).status_code == 200
    assert label_shown(client) == LABEL


def test_a_change_the_loader_refuses_answers_422_writes_nothing_and_records_nothing(client, csrf, settings):
    before = (settings.seeds_dir / FILE).read_bytes()
    res = client.post("/api/test/relabel", json={"label": "x", "id": "blogs-commonplace"}, headers=csrf)
    assert res.status_code == 422
    message = res.json()["errors"][0]["message"]
    assert "blogs-commonplace" in message and "seeds/curated/annee-maturite-2011.yaml" in message
    assert (settings.seeds_dir / FILE).read_bytes() == before
    assert client.get("/history.json").json()["total"] == 0


def test_an_unknown_change_is_a_real_404_page(client):
    res = client.get("/history/999")
    assert res.status_code == 404 and "There is no change number 999 in the history." in res.text
    assert client.get("/history/999.json").status_code == 404
    assert client.post("/api/history/999/undo", headers={"X-CSRF-Token": log_in(client)}).status_code == 404


def test_the_history_escapes_what_curators_wrote(client, csrf):
    client.post("/api/test/relabel", json={"label": "<script>alert(1)</script>"}, headers=csrf)
    for path in ("/history", "/history/1"):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_the_history_pages_through_fifty_at_a_time(client, csrf, settings):
    with database.session(settings) as db:
        for n in range(55):
            history.record(db, "ana", Change(f"c{n}", {"x": None}, {"x": b"%d" % n}), [], T0)
    first = client.get("/history.json").json()
    assert len(first["changes"]) == 50 and first["next_offset"] == 50 and first["changes"][0]["summary"] == "c54"
    last = client.get("/history.json?offset=50").json()
    assert [c["summary"] for c in last["changes"]] == ["c4", "c3", "c2", "c1", "c0"]
    assert '<a rel="next" href="/history?offset=50">' in client.get("/history").text


# ---- across processes


def _write_lines(seeds: str, database_url: str, name: str, count: int, slow_record: bool, start) -> None:
    """A server process of its own: `count` changes, each adding a line to `log.txt`
    through the web's write path. `slow_record`: its database is slow to record a change
    (the moment another process could slip a change of its own in between)."""
    import time
    from pathlib import Path
    from types import SimpleNamespace

    from app import history
    from app.settings import Settings
    from app.store import Store
    from app.web import writing
    from app.web.auth import Curator

    folder = Path(seeds)
    writing._STORES[folder.resolve()] = Store(folder, load=lambda path, cache: None)  # log.txt is no seed to validate
    if slow_record:
        record = history.record

        def slow(*args, **kwargs):
            time.sleep(0.2)
            return record(*args, **kwargs)

        history.record = slow
    settings = Settings(database_url=database_url, seeds_dir=folder, watch_seconds=0)
    request = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=settings, reloader=None)))
    start.wait(timeout=60)
    for i in range(count):

        def make(files, line=f"{name} {i}\n"):
            files.write_text("log.txt", (files.read_text("log.txt") or "") + line)

        writing.write(request, Curator(name, "curator"), ["document:log"], lambda store: store.change(name, make))


def test_the_history_numbers_changes_in_the_order_the_files_changed_across_processes(tmp_path, empty_database):
    """Two workers writing at once: each change's files before are the previous change's
    files after, in the order of the numbers the database gave them."""
    import multiprocessing

    database.engine(settings_for(empty_database))  # the schema, made once before the workers start
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=_write_lines, args=(str(tmp_path), empty_database, name, 6, slow, start))
        for name, slow in (("slow", True), ("quick", False))
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0

    with database.session(settings_for(empty_database)) as db:
        numbers = [c["id"] for c in reversed(history.list_changes(db, limit=100)[0])]
        contents = [history.get_change(db, n)["contents"]["log.txt"] for n in numbers]
        curators = {c["curator"] for c in history.list_changes(db, limit=100)[0]}
    assert len(numbers) == 12 and curators == {"slow", "quick"}
    for (_, after), (before, _) in zip(contents, contents[1:]):
        assert before == after  # no change recorded out of its turn
    assert contents[-1][1] == (tmp_path / "log.txt").read_bytes()


def test_two_saves_at_once_leave_the_later_one_served(client, csrf, monkeypatch):
    """The graph a write hands over is served before the next writer may change the
    files: the first writer, slow to hand its graph over, cannot serve it after the second."""
    handing_over = threading.Event()
    install = Reloadable.install

    def slow_first_install(self, graph):
        if not handing_over.is_set():
            handing_over.set()
            time.sleep(0.5)
        return install(self, graph)

    monkeypatch.setattr(Reloadable, "install", slow_first_install)
    answers = {}

    def save(label: str) -> None:
        answers[label] = client.post("/api/test/relabel", json={"label": label}, headers=csrf).status_code

    first = threading.Thread(target=save, args=("Saved first",))
    first.start()
    assert handing_over.wait(10)
    second = threading.Thread(target=save, args=("Saved second",))
    second.start()
    first.join(10)
    second.join(10)
    assert answers == {"Saved first": 200, "Saved second": 200}
    newest = client.get("/history.json").json()["changes"][0]["summary"]
    assert newest.endswith(": Saved second")
    assert label_shown(client) == "Saved second"


def test_each_reader_reads_the_summaries_in_their_language_and_the_record_stays_english(client, csrf, settings):
    added = client.post(
        "/api/relations", json={"from": "pizza-metaphor", "kind": "attack", "to": "roi-unmeasurable"}, headers=csrf
    )
    assert added.status_code == 201, added.text
    client.post("/api/history/1/undo", headers=csrf).raise_for_status()

    def summaries(language: str) -> list[str]:
        listing = client.get("/history.json", headers={"Accept-Language": language}).json()
        return [c["summary"] for c in listing["changes"]]

    assert summaries("en") == [
        "Undo of #1: Add relation: pizza-metaphor attacks roi-unmeasurable",
        "Add relation: pizza-metaphor attacks roi-unmeasurable",
    ]
    assert summaries("fr") == [
        "Annulation du nº 1 : Ajout de la relation : pizza-metaphor attaque roi-unmeasurable",
        "Ajout de la relation : pizza-metaphor attaque roi-unmeasurable",
    ]
    french_page = client.get("/history/2", headers={"Accept-Language": "fr"}).text
    assert "<h1>#2 Annulation du nº 1 : Ajout de la relation" in french_page
    with database.session(settings) as db:  # the record itself is written once, in English
        recorded = db.execute(select(history.changes.c.summary).order_by(history.changes.c.id)).scalars().all()
    assert recorded == [
        "Add relation: pizza-metaphor attacks roi-unmeasurable",
        "Undo of #1: Add relation: pizza-metaphor attacks roi-unmeasurable",
    ]


def test_undoing_a_debate_deletion_brings_the_debate_back_at_its_link(client, csrf, settings):
    record = client.get("/api/debates/presence-vs-roi").json()
    deleted = client.delete("/api/debates/presence-vs-roi", params={"version": record["version"]}, headers=csrf)
    assert deleted.status_code == 200, deleted.text
    assert client.get("/debates/presence-vs-roi").status_code == 410
    change = client.get("/history.json").json()["changes"][0]
    assert change["summary"] == "Delete debate presence-vs-roi"
    assert sorted(change["files"]) == ["curated/debates.yaml", "curated/retired.yaml"]

    undone = client.post(f"/api/history/{change['id']}/undo", headers=csrf)
    assert undone.status_code == 200, undone.text
    assert client.get("/debates/presence-vs-roi").status_code == 200
    assert client.get("/api/debates/presence-vs-roi").json() == record
