"""Every download holds exactly what was asked: every filter honoured (relation kinds too),
and a debate's download the whole debate."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient

from app.formats import graphml
from app.imported import import_map
from app.seeds import load_graph
from app.web import create_app
from tests.conftest import SEEDS


def edge_kinds(fmt: str, text: str) -> set[str]:
    """The relation kinds a downloaded file holds, read back from the format itself."""
    if fmt == "node-link":
        return {e["kind"] for e in json.loads(text)["edges"]}
    if fmt == "cytoscape":
        return {e["data"]["kind"] for e in json.loads(text)["elements"]["edges"]}
    if fmt == "graphml":
        return {kind for *_, kind in graphml.load(text).edges(data="kind")}
    if fmt == "aif":
        types = {n["type"] for n in json.loads(text)["nodes"]}
        return {k for k, t in (("support", "RA"), ("attack", "CA"), ("same_as", "MA")) if t in types}
    raise ValueError(fmt)


@pytest.mark.parametrize("fmt", ["node-link", "cytoscape", "graphml", "aif"])
@pytest.mark.parametrize("kind", ["support", "attack"])
def test_a_download_filtered_by_kind_holds_only_that_kind(client, fmt, kind):
    everything = edge_kinds(fmt, client.get(f"/export/{fmt}").text)
    assert len(everything) > 1  # the seeds hold several kinds, so the filter has something to remove
    assert edge_kinds(fmt, client.get(f"/export/{fmt}?kind={kind}").text) == {kind}


def test_an_argdown_or_dot_download_of_supports_draws_no_attack(client):
    argdown = client.get("/export/argdown?kind=support").text
    assert "\n  + [" in argdown and "\n  - [" not in argdown
    dot = client.get("/export/dot?kind=support").text
    assert "#2e7d32" in dot and "#c62828" not in dot


def test_the_node_link_download_of_supports_matches_the_api_graph(client):
    node_link = client.get("/export/node-link?kind=support&origin=curated").json()
    api = client.get("/api/graph?kind=support&origin=curated").json()
    assert {e["key"] for e in node_link["edges"]} == {e["data"]["id"] for e in api["elements"]["edges"]}


@pytest.fixture(scope="module")
def big_map(tmp_path_factory):
    """A copy of the seeds with an imported map of 15 main claims, each at the end of a chain
    of three supports: more claims than a debate shows as entry points, and deeper than one step."""
    root = tmp_path_factory.mktemp("big")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    lines = ["===", "title: Fifteen claims", "===", ""]
    for i in range(15):
        lines += [
            f"[Claim {i}]: Claim number {i}. {{main: true}}",
            f"  + [Reason {i}]: A reason for {i}.",
            f"    + [Ground {i}]: A ground for reason {i}.",
            f"      + [Fact {i}]: A fact under ground {i}.",
            "",
        ]
    source = root / "fifteen.argdown"
    source.write_text("\n".join(lines), encoding="utf-8")
    import_map("argdown", source, seeds)
    return TestClient(create_app(graph=load_graph(seeds)))


def test_a_debate_download_holds_the_whole_debate(big_map):
    doc = big_map.get("/export/aif?debate=imported-fifteen").json()
    claims = [n for n in doc["nodes"] if n["type"] == "I"]
    assert len(claims) == 60
    assert sum(n["type"] == "RA" for n in doc["nodes"]) == 45


def test_the_map_of_a_whole_imported_debate_says_what_it_holds(big_map):
    answer = big_map.get("/api/graph?debate=imported-fifteen").json()
    assert answer["total"] == 60
    assert answer["truncated"] == (answer["count"]["nodes"] < 60)
