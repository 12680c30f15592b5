"""AIF downloads say who said what and who answered whom, as AIFdb and OVA write it: an
L-node per quote with its speaker's name, anchored to its claim by a YA-node, and a TA-node
for each reply in a comment thread; an import of that file keeps speakers and replies."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

from app.formats import aif
from app.formats.reading import Notes
from app.imported import import_map
from app.seeds import load_graph
from app.web import create_app
from tests.conftest import SEEDS


def by_id(doc: dict) -> dict:
    return {n["nodeID"]: n for n in doc["nodes"]}


def transitions(doc: dict) -> set[tuple[str, str]]:
    """(answered claim, answering claim) for each L → TA → L, through the YA-nodes."""
    nodes, out = by_id(doc), {}
    for e in doc["edges"]:
        out.setdefault(e["fromID"], []).append(e["toID"])

    def claim(l_node):
        (ya,) = [n for n in out[l_node] if nodes[n]["type"] == "YA"]
        (i,) = out[ya]
        return i

    pairs = set()
    for ta in (n for n in nodes if nodes[n]["type"] == "TA"):
        before = [e["fromID"] for e in doc["edges"] if e["toID"] == ta]
        (after,) = out[ta]
        assert [nodes[b]["type"] for b in before] == ["L"] and nodes[after]["type"] == "L"
        pairs.add((claim(before[0]), claim(after)))
    return pairs


@pytest.fixture(scope="module")
def seed_aif(client):
    return client.get("/export/aif?origin=curated").json()


def test_every_quote_is_a_locution_by_its_speaker_named_as_a_person(seed_aif, seed_graph):
    nodes = by_id(seed_aif)
    kabla = nodes["L_kabla-brand-social-death-2012"]
    assert kabla["type"] == "L" and kabla["text"].startswith("Hervé Kabla: J’annonce la mort")
    assert {"participantID": "herve-kabla", "firstname": "Hervé", "surname": "Kabla"} in seed_aif["participants"]
    speakers = {loc["personID"] for loc in seed_aif["locutions"] if "personID" in loc}
    assert speakers == {p["participantID"] for p in seed_aif["participants"]}


def test_each_reply_of_the_comment_thread_is_a_transition_between_locutions(seed_aif, seed_graph):
    expected = 0
    for doc in seed_graph.corpus.documents.values():
        said = {
            s.id
            for s in doc.segments
            if seed_graph.by_document.get(doc.id)
            and any(
                seed_graph.g.nodes[a]["segment"] == s.id and seed_graph.g.nodes[a]["origin"] == "curated"
                for a in seed_graph.by_document[doc.id]
            )
        }
        expected += sum(1 for s in doc.comments for n in s.replies_to if s.id in said and f"comment-{n}" in said)
    pairs = transitions(seed_aif)
    assert expected > 0 and len(pairs) == expected
    for answered, answer in pairs:
        a, b = seed_graph.g.nodes[answered], seed_graph.g.nodes[answer]
        assert a["document"] == b["document"] and a["segment"] != b["segment"]


def test_an_import_of_the_download_keeps_speakers_and_replies(seed_aif, tmp_path):
    notes = Notes()
    arguments, _ = aif.read(json.dumps(seed_aif), "seeds.json", notes)
    assert {(a.quote, a.speaker) for a in arguments if a.id == "kabla-brand-social-death-2012"} == {
        (by_id(seed_aif)["L_kabla-brand-social-death-2012"]["text"].split(": ", 1)[1], "Hervé Kabla")
    }
    assert {(b, a) for a, answered in notes.replies.items() for b in answered} == transitions(seed_aif)

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    source = tmp_path / "dialogue.json"
    source.write_text(json.dumps(seed_aif), encoding="utf-8")
    import_map("aif", source, seeds)
    again = TestClient(create_app(graph=load_graph(seeds))).get("/export/aif?debate=imported-dialogue").json()
    assert transitions(again) == {(f"dialogue-{a}", f"dialogue-{b}") for a, b in transitions(seed_aif)}
    names = {p["participantID"]: f"{p['firstname']} {p['surname']}".strip() for p in again["participants"]}
    assert names["dialogue-herve-kabla"] == "Hervé Kabla"
