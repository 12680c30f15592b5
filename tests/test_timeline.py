"""The debate over time: when each argument was made, `from`/`to` by year or date, the debate
as it stood at a moment (`asof=`) on pages, map, API and exports, the timeline pages and
each argument's history along its thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from app import i18n
from app.graph import Filters, select
from app.moments import moment as moment_of
from app.records import Argument
from app.timeline import history

THREAD = "revelation-exclusive"  # the seed document with a comment thread (8 comments)


def asof(k: int) -> str:
    return quote(f"{THREAD}#{k}")


def visible(html: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    return re.sub(r" ([,.;:)”])", r"\1", re.sub(r"([(“]) ", r"\1", text))


# ---------------------------------------------------------------- when each argument was made


def test_each_argument_is_placed_by_its_document_and_its_comment(seed_graph):
    times = seed_graph.times
    assert set(times) == set(seed_graph.g.nodes)
    dated = times["marketing-directors-lack-interest"]
    assert (dated.earliest.isoformat(), dated.latest.isoformat()) == ("2011-11-29", "2011-11-29")
    assert "dateline" in str(dated.note)
    by_year = [m for m in times.values() if m.document == "annee-noire-2012"]
    assert by_year and all(m.view()["when"] == "2011" and "l’année prochaine" in str(m.note) for m in by_year)
    in_thread = times["presence-costs-money"]
    assert (in_thread.document, in_thread.position, in_thread.undated) == (THREAD, 2, True)
    assert times["presence-imperative"].position == 0  # made in the post itself


def test_how_a_moment_was_inferred_is_said_in_the_readers_language(seed_graph, client):
    """Notes the interface writes are translated; notes the curators wrote are shown as written."""
    undated = next(a for a, m in seed_graph.times.items() if str(m.note) == "The text gives no date.")
    with i18n.using("fr"):
        assert seed_graph.times[undated].note.said() == "Le texte ne donne pas de date."
    french = client.get(f"/arguments/{undated}", headers={"Accept-Language": "fr"}).text
    assert "Le texte ne donne pas de date." in french
    dateline = seed_graph.times["marketing-directors-lack-interest"].note
    with i18n.using("fr"):
        assert dateline.said() == str(dateline) == 'From the dateline "Mardi 29 Novembre 2011".'

    # a comment of a dated post, giving no date of its own
    thread = seed_graph.corpus.documents[THREAD]
    dated = dataclasses.replace(thread, date=dt.date(2011, 11, 29), year_note=None)
    node = next(seed_graph.node(a) for a in seed_graph.by_document[THREAD] if seed_graph.times[a].position == 2)
    in_comment = Argument("a", "A", node["quote"], THREAD, node["start"], node["end"], None, None)
    note = moment_of(in_comment, dated).note
    assert str(note) == "The document's date. Comment 2 gives no date of its own and came after the post."
    with i18n.using("fr"):
        assert (
            note.said() == "La date du document. Le commentaire 2 ne donne pas de date à lui et vient après le billet."
        )
    # an added document's note, written by `argmap add`, is the catalog's own
    added = dataclasses.replace(dated, year_note="Given when the document was added.")
    with i18n.using("fr"):
        assert moment_of(in_comment, added).note.said() == (
            "Donnée à l’ajout du document. Le commentaire 2 ne donne pas de date à lui et vient après le billet."
        )


def test_pages_write_the_day_an_argument_was_made_for_the_reader(client):
    assert "Made: November 29, 2011" in visible(client.get("/arguments/marketing-directors-lack-interest").text)
    french = client.get("/arguments/marketing-directors-lack-interest", headers={"Accept-Language": "fr"})
    assert "Avancé : <strong>29 novembre 2011</strong>" in french.text  # a space before the colon, in French
    assert client.get("/arguments/marketing-directors-lack-interest.json").json()["argument"]["time"]["when"] == (
        "2011-11-29"  # the twin keeps the ISO date
    )
    timeline = visible(client.get("/timeline").text)
    assert "November 29, 2011" in timeline and "2011-11-29" not in timeline


def test_the_facets_say_how_many_arguments_are_undated(client, seed_graph):
    ids = select(seed_graph, Filters())
    undated = sum(1 for i in ids if seed_graph.times[i].undated)
    assert 0 < undated < len(ids)
    assert client.get("/arguments.json").json()["facets"]["undated"] == undated
    assert f"{undated} undated" in visible(client.get("/arguments").text)


# ---------------------------------------------------------------- from / to


def test_from_and_to_take_a_year_or_a_date_and_leave_out_the_undated(client, seed_graph):
    def ids(query: str) -> set[str]:
        return {a["id"] for a in client.get(f"/api/arguments?limit=500&{query}").json()["items"]}

    whole_2011 = ids("from=2011&to=2011")
    november = ids("from=2011-11-01&to=2011-11-30")
    assert november and november < whole_2011
    assert all(seed_graph.times[i].earliest.isoformat() == "2011-11-29" for i in november)
    assert ids("from=2011-11-29&to=2011-11-29") == november
    assert ids("from=2011-11-30") == set()  # nothing is known to be later than the 29th
    assert ids("to=2011-11-28") == set()  # nor known to be earlier than the end of 2011
    assert not any(seed_graph.times[i].undated for i in ids("to=2011-12-31"))
    assert ids("from=2012") == set()


@pytest.mark.parametrize("path", ["/arguments", "/timeline", "/export", "/"])
def test_from_and_to_apply_to_every_page(client, path):
    page = client.get(f"{path}?from=2011-11-01&to=2011-11-30")
    assert page.status_code == 200
    assert "from 2011-11-01" in visible(page.text) and "to 2011-11-30" in visible(page.text)


def test_a_download_holds_only_the_arguments_of_the_range(client):
    node_link = client.get("/export/node-link?from=2011-11-01&to=2011-11-30").json()
    api = client.get("/api/graph?from=2011-11-01&to=2011-11-30").json()
    assert {n["id"] for n in node_link["nodes"]} == {n["data"]["id"] for n in api["elements"]["nodes"]}
    assert node_link["nodes"] and all(n["document"] == "directions-marketing-roi" for n in node_link["nodes"])


def test_from_to_and_asof_are_in_the_openapi_schema(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/arguments", "/api/graph", "/api/acceptability", "/api/documents/{doc_id}"]:
        params = {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}
        assert "asof" in params, path
        assert "revelation-exclusive#3" in params["asof"]["description"]
    params = {p["name"]: p for p in spec["paths"]["/api/arguments"]["get"]["parameters"]}
    assert {"from", "to"} <= set(params)
    assert "2011-11-29" in params["from"]["description"]


# ---------------------------------------------------------------- asof


def test_asof_shows_only_what_had_been_said_by_then(client, seed_graph):
    whole = {a["id"] for a in client.get("/api/arguments?limit=500").json()["items"]}
    for k in range(0, 9):
        shown = {a["id"] for a in client.get(f"/api/arguments?limit=500&asof={asof(k)}").json()["items"]}
        later = {i for i in whole if seed_graph.times[i].document == THREAD and seed_graph.times[i].position > k}
        assert shown == whole - later, k


def test_acceptability_is_judged_again_at_each_step_of_the_thread(client):
    steps = [client.get(f"/api/acceptability?asof={asof(k)}").json() for k in range(0, 9)]
    assert [s["asof"] for s in steps] == [f"{THREAD}#{k}" for k in range(0, 9)]
    costs = [s["labels"].get("presence-costs-money") for s in steps]
    # made in comment 2, answered by Fred in comment 4, defended again by Steph in comment 7
    assert costs == [None, None, "IN", "IN", "OUT", "OUT", "OUT", "IN", "IN"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/acceptability",
        "/api/graph?debate=presence-vs-roi",
        "/api/arguments?limit=500",
        "/arguments.json",
        "/debates/presence-vs-roi.json",
        "/timeline.json",
        "/export/node-link",
        "/export/aif",
    ],
)
def test_asof_past_the_end_equals_no_asof(client, path):
    join = "&" if "?" in path else "?"

    def without_moment(body):
        if isinstance(body, dict):
            # the moment itself, and whether the URL has parameters, are all that may differ
            return {
                k: without_moment(v)
                for k, v in body.items()
                if k not in ("asof", "asof_name", "version", "has_filters")
            }
        if isinstance(body, list):
            return [without_moment(v) for v in body]
        return body

    whole = client.get(path)
    for moment in (quote(f"{THREAD}#8"), quote(f"{THREAD}#99"), "2099-01-01", "2099"):
        at_end = client.get(f"{path}{join}asof={moment}")
        assert at_end.status_code == 200
        assert without_moment(at_end.json()) == without_moment(whole.json()), moment


def test_asof_cuts_the_map_the_pages_and_the_downloads_alike(client, seed_graph):
    at3 = asof(3)
    api = {n["data"]["id"]: n["data"] for n in client.get(f"/api/graph?asof={at3}").json()["elements"]["nodes"]}
    labels = client.get(f"/api/acceptability?asof={at3}").json()["labels"]
    assert "presence-can-be-internalised" not in api  # Fred's comment 4 came later
    assert all(api[i]["grounded"] == labels.get(i) for i in api)
    node_link = client.get(f"/export/node-link?asof={at3}").json()
    assert {n["id"] for n in node_link["nodes"]} == set(api)
    page = visible(client.get(f"/arguments?asof={at3}").text)
    assert "as of comment 3 of “Révélation exclusive" in page
    later = client.get("/arguments/presence-can-be-internalised?asof=" + at3)
    assert later.status_code == 404 and "had not been made yet" in visible(later.text)


def test_asof_by_date_keeps_what_cannot_be_placed_after_it(client, seed_graph):
    shown = {a["id"] for a in client.get("/api/arguments?limit=500&asof=2011-11-28").json()["items"]}
    assert not any(
        seed_graph.times[i].earliest and seed_graph.times[i].earliest.isoformat() > "2011-11-28" for i in shown
    )
    assert any(seed_graph.times[i].undated for i in shown)
    assert "marketing-directors-lack-interest" not in shown


# ---------------------------------------------------------------- timeline pages and history


def test_the_timeline_json_lists_documents_in_time_order_and_each_comment(client, seed_graph):
    documents = client.get("/timeline.json").json()["documents"]
    assert {d["id"] for d in documents} == set(seed_graph.corpus.documents)
    dated = [d for d in documents if d["when"]]
    assert [d["when"] for d in dated] == sorted(d["when"] for d in dated)
    assert all(not d["when"] for d in documents[len(dated) :])  # the undated ones come last
    thread = next(d for d in documents if d["id"] == THREAD)
    assert [s["position"] for s in thread["steps"]] == list(range(0, 9))
    made = {a["id"]: s["position"] for s in thread["steps"] for a in s["arguments"]}
    assert made["presence-costs-money"] == 2 and made["presence-imperative"] == 0


def test_a_debate_timeline_stops_at_the_moment_asked(client):
    whole = client.get("/debates/presence-vs-roi/timeline.json").json()["documents"]
    at3 = client.get(f"/debates/presence-vs-roi/timeline.json?asof={asof(3)}").json()["documents"]
    steps = {d["id"]: [s["position"] for s in d["steps"]] for d in at3}
    assert steps[THREAD] == [0, 1, 2, 3]
    assert len(next(d for d in whole if d["id"] == THREAD)["steps"]) == 9
    assert client.get("/debates/no-such-debate/timeline").status_code == 404


def test_an_argument_page_tells_its_history_along_the_thread(client, seed_graph):
    changes = history(seed_graph, "presence-costs-money")
    assert [(c["position"], c["grounded"]) for c in changes] == [(2, "IN"), (4, "OUT"), (7, "IN")]
    assert changes[1]["speaker"] == "fred" and changes[1]["by"]
    page = visible(client.get("/arguments/presence-costs-money").text)
    assert "Along the thread: accepted when made, in comment 2 (mfavez); rejected after comment 4 (Fred): “" in page
    assert "; accepted after comment 7 (Steph): “" in page
    assert history(seed_graph, "marketing-directors-lack-interest") == []  # no thread in its document


# ---------------------------------------------------------------- imported maps


def test_an_imported_aif_dialogue_is_placed_by_its_locutions_timestamps(tmp_path):
    import shutil

    from fastapi.testclient import TestClient

    from app.imported import import_map
    from app.seeds import load_graph
    from app.web import create_app
    from tests.conftest import SEEDS

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    source = Path(__file__).parent / "fixtures" / "interchange" / "aifdb-linked-undercut.json"
    import_map("aif", source, seeds)
    graph = load_graph(seeds)
    imported = {i: graph.times[i] for i in graph.g if graph.node(i).get("imported")}
    said = {i: m for i, m in imported.items() if not m.undated}
    # the two I-nodes with a locution carry its day; the others say nothing of when
    assert len(said) == 2 and {m.earliest.isoformat() for m in said.values()} == {"2013-05-02"}
    assert all("timestamp of its locution" in str(m.note) for m in said.values())
    client = TestClient(create_app(graph=graph))
    on_the_day = {a["id"] for a in client.get("/api/arguments?from=2013-05-02&to=2013-05-02").json()["items"]}
    assert on_the_day == set(said)
    timeline = client.get("/timeline.json").json()["documents"]
    shown = next(d for d in timeline if d["id"] == next(iter(imported.values())).document)
    assert any(a["id"] in said for s in shown["steps"] for a in s["arguments"])
