"""Permalinks are forever: an argument that a new extraction no longer finds keeps its
link, which leads to the argument now covering its passage (301) or says it is gone (410)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest
from fastapi.testclient import TestClient

from app.corpus import load_corpus
from app.extract.store import load_extracted, write_extracted
from app.seeds import load_graph
from app.settings import Settings
from tests.conftest import SEEDS


@pytest.fixture
def reextracted(seeds_copy):
    """A seeds folder whose extraction was run again: one argument's span is now cut one
    character shorter (a new id), another's passage is no longer an argument at all."""
    path = seeds_copy / "extracted.json"
    shutil.copy(SEEDS / "extracted.json", path)
    corpus = load_corpus(seeds_copy)
    before = load_extracted(path, corpus)
    resegmented, dropped = before.arguments[0], before.arguments[1]
    shorter = dataclasses.replace(resegmented, id="x-0000000001", end=resegmented.end - 1, quote=resegmented.quote[:-1])
    kept = [shorter] + [a for a in before.arguments[2:]]
    ids = {a.id for a in kept}
    relations = [r for r in before.relations if r.source in ids and r.target in ids]
    write_extracted(path, kept, relations, "test")
    return seeds_copy, resegmented.id, dropped.id, shorter.id


def test_a_new_extraction_keeps_the_ids_it_no_longer_finds(reextracted):
    seeds, old, dropped, new = reextracted
    data = json.loads((seeds / "extracted.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data["retired"]] == sorted([old, dropped])
    text = (seeds / "extracted.json").read_bytes()
    extracted = load_extracted(seeds / "extracted.json", load_corpus(seeds))
    write_extracted(seeds / "extracted.json", extracted.arguments, extracted.relations, "test")
    assert (seeds / "extracted.json").read_bytes() == text  # running again changes nothing


def test_an_id_found_again_is_no_longer_retired(reextracted):
    seeds, old, dropped, new = reextracted
    path = seeds / "extracted.json"
    original = load_extracted(SEEDS / "extracted.json", load_corpus(SEEDS))
    write_extracted(path, original.arguments, original.relations, "test")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [r["id"] for r in data.get("retired", [])] == ["x-0000000001"]


def test_old_links_lead_to_the_argument_now_covering_the_passage(reextracted):
    seeds, old, dropped, new = reextracted
    graph = load_graph(seeds)
    assert graph.moved[old] == new and graph.moved[dropped] is None
    client = TestClient(__import__("app.web", fromlist=["create_app"]).create_app(Settings(seeds_dir=seeds), graph))
    for path, target in [
        (f"/arguments/{old}", f"/arguments/{new}"),
        (f"/arguments/{old}.json", f"/arguments/{new}.json"),
        (f"/arguments/{old}/card.png", f"/arguments/{new}/card.png"),
        (f"/api/arguments/{old}", f"/api/arguments/{new}"),
    ]:
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 301 and answer.headers["location"] == target, path
        assert client.get(path).status_code == 200, path
    gone = client.get(f"/arguments/{dropped}")
    assert (
        gone.status_code == 410
        and "no longer finds" in gone.text
        and gone.headers["content-type"].startswith("text/html")
    )
    assert client.get(f"/api/arguments/{dropped}").json()["status"] == 410
    assert client.get("/arguments/x-ffffffffff").status_code == 404  # never existed
