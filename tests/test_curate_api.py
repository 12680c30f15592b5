"""The curation endpoints, against a served copy of the real seeds: what a curator sends,
what the next reader sees, and what is refused (and then changes nothing)."""

from __future__ import annotations

import shutil
from html import unescape

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from app.reloading import Reloadable
from app.seeds import load_graph
from app.settings import Settings
from app.web import create_app
from app.web.auth import Curator, require_curator
from tests.conftest import SEEDS
from tests.test_curating import first_standalone_extracted, snapshot, unique_passage


def served(seeds, curator: Curator | None):
    """The app as the server serves it (a write hands its graph to the next request),
    with `curator` logged in (None: nobody)."""

    def who():
        if curator is None:
            raise HTTPException(401, "Log in to curate.")
        return curator

    def build(graph):
        app = create_app(Settings(seeds_dir=seeds), graph)
        app.dependency_overrides[require_curator] = who
        return app

    return Reloadable(build, lambda: load_graph(seeds))


@pytest.fixture
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def curator(seeds):
    return TestClient(served(seeds, Curator("ada", "curator")), follow_redirects=False)


def test_an_argument_made_from_a_passage_is_served_at_once_to_readers(seeds, curator):
    graph = load_graph(seeds)
    document = graph.corpus.documents["directions-marketing-roi"]
    start, end = unique_passage(document, document.body)

    made = curator.post(
        "/api/arguments",
        json={"document": document.id, "start": start, "end": end, "label": "A claim", "tags": ["roi"]},
    )

    assert made.status_code == 201, made.text
    arg_id = made.json()["id"]
    data = curator.get(f"/arguments/{arg_id}.json").json()["argument"]
    assert (data["quote"], data["start"], data["end"]) == (document.text[start:end], start, end)
    assert data["version"] == made.json()["version"]
    page = curator.get(f"/documents/{document.id}").text
    assert f'data-args="{arg_id}"' in page or f" {arg_id}" in page


def test_a_concurrent_edit_gets_409_with_the_current_version_and_nothing_is_lost(seeds, curator):
    version = curator.get("/arguments/pizza-metaphor.json").json()["argument"]["version"]

    first = curator.patch("/api/arguments/pizza-metaphor", json={"version": version, "label": "First curator"})
    second = curator.patch("/api/arguments/pizza-metaphor", json={"version": version, "tags": ["second"]})

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["current"]["entry"]["label"] == "First curator"
    assert second.json()["current"]["version"] == first.json()["version"]
    assert curator.get("/arguments/pizza-metaphor.json").json()["argument"]["label"] == "First curator"
    assert "second" not in (seeds / "curated" / "annee-noire-2012.yaml").read_text(encoding="utf-8")


def test_an_edit_that_would_break_the_map_gets_422_with_the_loaders_message(seeds, curator):
    before = snapshot(seeds)

    refused = curator.patch("/api/arguments/pizza-metaphor", json={"version": "0", "speaker": "no-such-person"})
    assert refused.status_code == 409  # a stale version is refused before anything else

    version = curator.get("/arguments/pizza-metaphor.json").json()["argument"]["version"]
    refused = curator.patch("/api/arguments/pizza-metaphor", json={"version": version, "speaker": "no-such-person"})

    assert refused.status_code == 422
    message = refused.json()["errors"][0]["message"]
    assert "seeds/curated/annee-noire-2012.yaml" in message and "unknown speaker 'no-such-person'" in message
    assert snapshot(seeds) == before


def test_deleting_asks_to_confirm_the_relations_then_the_permalink_answers_410(seeds, curator):
    asked = curator.delete("/api/arguments/kabla-social-ads-may-be-cut")
    assert asked.status_code == 409
    assert {"from": "presence-costs-money", "kind": "support", "to": "kabla-social-ads-may-be-cut"}.items() <= next(
        link for link in asked.json()["links"] if link.get("from") == "presence-costs-money"
    ).items()
    assert curator.get("/arguments/kabla-social-ads-may-be-cut").status_code == 200

    done = curator.delete("/api/arguments/kabla-social-ads-may-be-cut", params={"confirm": "true"})
    assert done.status_code == 200

    gone = curator.get("/arguments/kabla-social-ads-may-be-cut")
    assert gone.status_code == 410
    assert "was deleted" in gone.text and 'href="/arguments/' in gone.text
    twin = curator.get("/arguments/kabla-social-ads-may-be-cut.json")
    assert twin.status_code == 410 and twin.json()["see"]["url"].startswith("/arguments/")


def test_an_accepted_extracted_argument_has_a_readable_id_and_its_old_link_moves_there(seeds, curator):
    x_id = first_standalone_extracted(load_graph(seeds))

    accepted = curator.post(f"/api/extracted/{x_id}/accept", json={"label": "Accepted claim"})

    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["id"] == "accepted-claim"
    moved = curator.get(f"/arguments/{x_id}")
    assert moved.status_code == 301 and moved.headers["location"] == "/arguments/accepted-claim"
    again = curator.post(f"/api/extracted/{x_id}/accept")
    assert again.status_code == 404


def test_a_rejected_suggestion_leaves_the_argument_page(seeds, curator):
    graph = load_graph(seeds)
    arg_id = sorted(graph.suggestions)[0]
    s = graph.suggestions[arg_id][0]
    pair = {"from": s.source, "kind": s.kind, "to": s.target}

    assert curator.post("/api/suggestions/reject", json=pair).status_code == 200

    left = curator.get(f"/api/arguments/{arg_id}/suggestions").json()["suggestions"]
    other = s.target if s.source == arg_id else s.source
    assert all(not (x["argument"]["id"] == other and x["kind"] == s.kind) for x in left)


def test_relations_across_documents_and_debates(seeds, curator):
    added = curator.post("/api/relations", json={"from": "pizza-metaphor", "kind": "attack", "to": "roi-unmeasurable"})
    assert added.status_code == 201
    attackers = curator.get("/arguments/roi-unmeasurable.json").json()["argument"]["attackers"]
    assert "pizza-metaphor" in [a["id"] for a in attackers]

    debate = curator.post(
        "/api/debates",
        json={
            "title": "Does irony settle it?",
            "question": "Is the pizza analogy an argument?",
            "sides": [{"name": "Yes", "claims": ["pizza-metaphor"]}, {"name": "No", "claims": ["roi-unmeasurable"]}],
        },
    )
    assert debate.status_code == 201
    shown = curator.get(debate.json()["url"] + ".json").json()["debate"]
    assert [s["name"] for s in shown["sides"]] == ["Yes", "No"]
    assert shown["version"] == debate.json()["version"]


def test_every_curation_endpoint_needs_a_curator_and_documents_its_refusals(seeds):
    anonymous = TestClient(served(seeds, None))
    before = snapshot(seeds)
    schema = anonymous.get("/openapi.json").json()
    writes = [
        (path, method)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if "curation" in operation.get("tags", ())
    ]
    assert len(writes) >= 10
    for path, method in writes:
        operation = schema["paths"][path][method]
        assert {"401", "403", "409", "422"} <= set(operation["responses"]), path
        answer = anonymous.request(
            method.upper(), path.replace("{arg_id}", "pizza-metaphor").replace("{debate_id}", "x")
        )
        assert answer.status_code == 401, (method, path)
    assert snapshot(seeds) == before


def test_a_debate_is_given_its_french_title_question_and_side_names(seeds, curator):
    made = curator.post(
        "/api/debates",
        json={
            "title": "Does irony settle it?",
            "title_fr": "L’ironie tranche-t-elle ?",
            "question": "Is the pizza analogy an argument?",
            "question_fr": "L’analogie de la pizza est-elle un argument ?",
            "sides": [
                {"name": "Yes", "name_fr": "Oui", "claims": ["pizza-metaphor"]},
                {"name": "No", "claims": ["roi-unmeasurable"]},
            ],
        },
    )
    assert made.status_code == 201, made.text
    french = curator.get(made.json()["url"] + ".json", headers={"Accept-Language": "fr"}).json()["debate"]
    assert (french["title"], french["question"]) == (
        "L’ironie tranche-t-elle ?",
        "L’analogie de la pizza est-elle un argument ?",
    )
    assert [s["name"] for s in french["sides"]] == ["Oui", "No"]  # a side with no French name reads in English
    english = curator.get(made.json()["url"] + ".json", headers={"Accept-Language": "en"}).json()["debate"]
    assert english["title"] == "Does irony settle it?"
    written = (seeds / "curated" / "debates.yaml").read_text()
    assert "title_fr: L’ironie tranche-t-elle ?" in written and "name_fr: Oui" in written

    # an empty French title removes it: the French page reads the English one again
    edited = curator.patch(
        made.json()["url"].replace("/debates/", "/api/debates/"),
        json={"version": made.json()["version"], "title_fr": ""},
    )
    assert edited.status_code == 200, edited.text
    french = curator.get(made.json()["url"] + ".json", headers={"Accept-Language": "fr"}).json()["debate"]
    assert (
        french["title"] == "Does irony settle it?"
        and french["question"] == "L’analogie de la pizza est-elle un argument ?"
    )


def test_a_debate_is_read_as_curators_edit_it_and_saved_against_its_version(seeds, curator):
    record = curator.get("/api/debates/presence-vs-roi").json()
    listed = next(d for d in curator.get("/api/debates").json()["items"] if d["id"] == "presence-vs-roi")
    assert record | {"labels": None} == listed | {"labels": None}
    assert record["version"] == curator.get("/debates/presence-vs-roi.json").json()["debate"]["version"]
    claims = [c for side in record["sides"] for c in side["claims"]]
    assert set(record["labels"]) == set(claims)
    assert (
        record["labels"]["roi-unmeasurable"]
        == curator.get("/arguments/roi-unmeasurable.json").json()["argument"]["label"]
    )
    french = curator.get("/api/debates/presence-vs-roi", headers={"Accept-Language": "fr"}).json()
    assert french["labels"]["presence-imperative"].startswith("Être présent")

    sides = record["sides"]
    sides[0]["claims"] = [*sides[0]["claims"], "pizza-metaphor"]
    edited = curator.patch(
        "/api/debates/presence-vs-roi",
        json={"version": record["version"], "question": "Must a brand be there at all?", "sides": sides},
    )
    assert edited.status_code == 200, edited.text
    now = curator.get("/api/debates/presence-vs-roi").json()
    assert now["question"] == "Must a brand be there at all?" and now["sides"][0]["claims"][-1] == "pizza-metaphor"
    assert now["question_fr"] == record["question_fr"]  # what the edit did not name is kept
    assert now["version"] == edited.json()["version"] != record["version"]

    before = snapshot(seeds)
    stale = curator.patch("/api/debates/presence-vs-roi", json={"version": record["version"], "title": "Lost"})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == now["version"]
    assert snapshot(seeds) == before
    assert curator.get("/api/debates/no-such-debate").status_code == 404


def test_a_deleted_debate_answers_410_and_its_id_is_never_given_again(seeds, curator):
    record = curator.get("/api/debates/presence-vs-roi").json()
    claims = {c for side in record["sides"] for c in side["claims"]}
    before = snapshot(seeds)
    stale = curator.delete("/api/debates/presence-vs-roi", params={"version": "0" * 12})
    assert stale.status_code == 409 and snapshot(seeds) == before

    done = curator.delete("/api/debates/presence-vs-roi", params={"version": record["version"]})
    assert done.status_code == 200, done.text
    for path in ("/debates/presence-vs-roi", "/debates/presence-vs-roi/outline", "/debates/presence-vs-roi/timeline"):
        gone = curator.get(path)
        assert gone.status_code == 410, path
        assert f"The debate “{record['title']}” was deleted by a curator." in unescape(gone.text)
        assert 'href="/"' in gone.text
    twin = curator.get("/api/debates/presence-vs-roi")
    assert twin.status_code == 410 and twin.json()["see"]["url"] == "/"
    assert curator.get("/api/graph", params={"debate": "presence-vs-roi"}).status_code == 410
    french = curator.get("/debates/presence-vs-roi", headers={"Accept-Language": "fr"})
    assert "a été supprimé par un curateur" in unescape(french.text)
    assert "presence-vs-roi" not in [d["id"] for d in curator.get("/api/debates").json()["items"]]
    assert all(curator.get(f"/arguments/{c}").status_code == 200 for c in claims)  # its arguments stay
    assert "debate: presence-vs-roi" in (seeds / "curated" / "retired.yaml").read_text()

    def create() -> dict:
        sides = [{"name": "Yes", "claims": ["pizza-metaphor"]}, {"name": "No", "claims": ["roi-unmeasurable"]}]
        made = curator.post("/api/debates", json={"title": "Does irony settle it?", "question": "Q?", "sides": sides})
        assert made.status_code == 201, made.text
        return made.json()

    first = create()
    assert curator.delete(f"/api/debates/{first['id']}", params={"version": first["version"]}).status_code == 200
    second = create()
    assert second["id"] != first["id"] and curator.get(first["url"]).status_code == 410
    assert curator.delete("/api/debates/presence-vs-roi").status_code == 404


def test_the_topic_is_set_against_its_version_and_heads_the_home_page(seeds, curator):
    record = curator.get("/api/corpus").json()
    assert record["topic"] == "Should brands be on social media?" and record["documents"] == 5
    before = (seeds / "documents.yaml").read_text()

    edited = curator.patch(
        "/api/corpus",
        json={"version": record["version"], "topic": "Do brands need social media?", "topic_fr": ""},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json() == {k: v for k, v in curator.get("/api/corpus").json().items() if k != "documents"}
    now = curator.get("/api/corpus").json()
    assert (now["topic"], now["topic_fr"]) == ("Do brands need social media?", None)
    assert "<h1>Do brands need social media?</h1>" in curator.get("/", headers={"Accept-Language": "fr"}).text
    after = (seeds / "documents.yaml").read_text()
    assert after.replace("topic: Do brands need social media?\n", "") == "".join(
        line for line in before.splitlines(keepends=True) if not line.startswith(("topic:", "topic_fr:"))
    )  # the rest of the file as it was written, comments included

    stale = curator.patch("/api/corpus", json={"version": record["version"], "topic": "Lost"})
    assert stale.status_code == 409 and stale.json()["current"]["version"] == now["version"]
    cleared = curator.patch("/api/corpus", json={"version": now["version"], "topic": ""})
    assert cleared.status_code == 200 and curator.get("/api/corpus").json()["topic"] is None
    assert "<h1>Debates</h1>" in curator.get("/").text
    added = curator.patch(
        "/api/corpus", json={"version": cleared.json()["version"], "topic": "A: new", "topic_fr": "Un : nouveau"}
    )
    assert added.status_code == 200
    assert (seeds / "documents.yaml").read_text().startswith(before.split("topic:")[0] + 'topic: "A: new"\ntopic_fr:')
