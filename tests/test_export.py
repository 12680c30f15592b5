"""Exports: AIF JSON, Argdown, GraphML, Cytoscape.js JSON and DOT.

Each format is checked for its own structure, for determinism and escaping, and
(AIF, Argdown) for a round trip through the matching import on the seed map.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import networkx as nx
import pytest

from app.formats import FORMATS, Context, aif, argdown, cytoscape, dot, graphml
from tests.fixtures.interchange.maps import make_graph

HOSTILE = 'He said "</script><b>&amp;" \\ [x]: <y> #z @w {a: 1} // not a comment\nsecond line'


@pytest.fixture(scope="module")
def seed(seed_graph):
    return seed_graph.g


@pytest.fixture
def small():
    return make_graph(
        [
            ("p", {"speaker": "steph", "tags": ["roi", "two words"], "main": True, "year": 2012}),
            ("c", {"label": HOSTILE, "quote": HOSTILE}),
            "u",
            "a",
            ("x-1", {"origin": "extracted", "confidence": 0.5}),
        ],
        [
            ("p", "support", "c", {"note": HOSTILE}),
            ("a", "attack", "c"),
            ("u", "undercut", "p->c"),
            ("u", "undercut", "a->c"),
            ("x-1", "same_as", "p", {"origin": "extracted"}),
        ],
    )


def test_every_format_is_registered_with_media_type_and_extension():
    for name in ("node-link", "aif", "argdown", "graphml", "cytoscape", "dot"):
        fmt = FORMATS[name]
        assert fmt.media_type and fmt.extension and fmt.description
        assert callable(fmt.write)


@pytest.mark.parametrize("name", ["aif", "argdown", "graphml", "cytoscape", "dot"])
def test_output_is_deterministic_and_independent_of_insertion_order(name, small):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(small.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(small.edges(keys=True, data=True))))
    assert FORMATS[name].write(small) == FORMATS[name].write(small) == FORMATS[name].write(shuffled)


@pytest.mark.parametrize("name", ["aif", "argdown", "graphml", "cytoscape", "dot"])
def test_an_empty_graph_exports(name):
    assert FORMATS[name].write(nx.MultiDiGraph())


# ---------------------------------------------------------------- AIF


def aif_structure_problems(doc: dict) -> list[str]:
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    ins, outs = Counter(), Counter()
    problems = []
    for e in doc["edges"]:
        if e["fromID"] not in nodes or e["toID"] not in nodes:
            problems.append(f"edge {e['edgeID']} dangles")
        outs[e["fromID"]] += 1
        ins[e["toID"]] += 1
    for node_id, n in nodes.items():
        if n["type"] in ("RA", "CA"):
            premises = [e for e in doc["edges"] if e["toID"] == node_id and nodes[e["fromID"]]["type"] == "I"]
            if not premises:
                problems.append(f"{node_id} has no premise")
            if outs[node_id] != 1:
                problems.append(f"{node_id} has {outs[node_id]} conclusions")
        if n["type"] == "I" and not n["text"].strip():
            problems.append(f"I-node {node_id} has no text")
    return problems


def test_aif_structure_on_the_seed_map(seed):
    doc = json.loads(aif.write(seed))
    assert aif_structure_problems(doc) == []
    types = Counter(n["type"] for n in doc["nodes"])
    kinds = Counter(k for _, _, k in seed.edges(data="kind"))
    assert types["I"] == seed.number_of_nodes()
    assert types["RA"] == kinds["support"]
    assert types["CA"] >= kinds["attack"] + kinds["undercut"]
    assert types["L"] == types["YA"] == seed.number_of_nodes()
    assert {"nodes", "edges", "locutions", "participants"} <= set(doc)


def test_aif_undercut_is_a_conflict_pointing_at_the_inference_node(small):
    doc = json.loads(aif.write(small))
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    undercuts = [
        e for e in doc["edges"] if nodes[e["fromID"]]["type"] == "CA" and nodes[e["toID"]]["type"] in ("RA", "CA")
    ]
    assert sorted(nodes[e["toID"]]["type"] for e in undercuts) == ["CA", "RA"]
    assert aif_structure_problems(doc) == []


def test_aif_says_who_said_it_with_locutions(small):
    doc = json.loads(aif.write(small))
    l_node = next(n for n in doc["nodes"] if n["nodeID"] == "L_p")
    assert l_node["type"] == "L" and l_node["text"] == "steph: Texte de p."
    assert {"nodeID": "L_p", "personID": "steph", "source": "doc", "start": 0, "end": 0} in doc["locutions"]
    assert doc["participants"] == [{"participantID": "steph", "firstname": "steph", "surname": ""}]


def test_aif_round_trip_on_the_seed_map(seed):
    arguments, relations = aif.read(aif.write(seed))
    assert_same_map(seed, arguments, relations)


# ---------------------------------------------------------------- Argdown


def test_argdown_round_trip_on_the_seed_map(seed):
    arguments, relations = argdown.read(argdown.write(seed))
    assert_same_map(seed, arguments, relations)
    by_id = {a.id: a for a in arguments}
    for node_id, attrs in seed.nodes(data=True):
        assert by_id[node_id].speaker == attrs["speaker"]
        assert by_id[node_id].tags == tuple(attrs["tags"])
        assert by_id[node_id].main == attrs["main"]


def test_argdown_statements_are_titled_by_id_with_who_said_it_on_the_next_line(small):
    lines = argdown.write(small).splitlines()
    at = lines.index(next(x for x in lines if x.startswith("[p]: ")))
    assert lines[at] == "[p]: Claim p #roi #(two words)"
    assert lines[at + 1] == '  {speaker: steph, year: 2012, main: true, quote: "Texte de p."}'


def test_argdown_reads_like_hand_written_argdown(seed_graph):
    debate = seed_graph.debates[0]
    text = argdown.write(seed_graph.g, Context(title=debate.title))
    assert text.startswith(f"===\ntitle: {debate.title}\n===\n")
    assert '"quote":' not in text and '"speaker":' not in text  # YAML data, not JSON
    for forbidden in ("document:", "source_file:", "start:", "segment:", "origin:"):
        assert forbidden not in text, forbidden
    relation_lines = [x for x in text.splitlines() if x.startswith(("  + [", "  - ["))]
    assert relation_lines and all(re.match(r"^  [+-] \[[a-z0-9-]+\]( \{note: .*\})?$", x) for x in relation_lines)


def test_argdown_escapes_markup_and_keeps_hostile_text_intact(small):
    text = argdown.write(small)
    line = next(x for x in text.splitlines() if x.startswith("[c]: "))
    body = line[len("[c]: ") :]
    assert not re.search(r"(?<!\\)[\[\]<>#@{}/]", body), body
    arguments, _ = argdown.read(text)
    c = next(a for a in arguments if a.id == "c")
    assert c.quote == HOSTILE
    assert c.label == " ".join(HOSTILE.split())


def test_argdown_undercut_becomes_an_argument_whose_inference_is_undercut(small):
    text = argdown.write(small)
    assert "<p \u21d2 c>" in text and "(1) [p]\n----\n(2) [c]" in text
    assert "  <_ [u]" in text
    _, relations = argdown.read(text)
    assert {(r.source, r.undercuts) for r in relations if r.kind == "undercut"} == {("u", "p->c"), ("u", "a->c")}


# ---------------------------------------------------------------- GraphML


def test_graphml_loads_back_with_networkx_and_attributes_intact(seed):
    text = graphml.write(seed)
    raw = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    assert set(raw.nodes) == set(seed.nodes)
    assert raw.number_of_edges() == seed.number_of_edges()
    for node_id, attrs in seed.nodes(data=True):
        got = raw.nodes[node_id]
        for name in ("label", "quote", "document", "source_file", "start", "end", "origin", "main"):
            assert got[name] == attrs[name], (node_id, name)
        assert got.get("year") == attrs["year"]
        assert json.loads(got["tags"]) == attrs["tags"]
        assert "rank" not in got
    for source, target, key, attrs in seed.edges(keys=True, data=True):
        assert raw.edges[source, target, key] == attrs


def test_graphml_load_restores_lists_and_nulls(small):
    back = graphml.load(graphml.write(small))
    for node_id, attrs in small.nodes(data=True):
        expected = {k: v for k, v in attrs.items() if k != "rank"}
        assert back.nodes[node_id] == expected
    assert sorted(back.edges(keys=True, data=True)) == sorted(small.edges(keys=True, data=True))


# ---------------------------------------------------------------- Cytoscape.js


def test_cytoscape_elements_have_unique_ids_and_contract_attributes(seed):
    doc = json.loads(cytoscape.write(seed))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert len(nodes) == seed.number_of_nodes() and len(edges) == seed.number_of_edges()
    ids = [e["data"]["id"] for e in nodes + edges]
    assert len(ids) == len(set(ids))
    for e in nodes:
        assert {"id", "label", "quote", "speaker", "year", "origin"} <= set(e["data"])
    for e in edges:
        assert e["data"]["source"] in seed and e["data"]["target"] in seed
        assert e["data"]["kind"] in e["classes"].split()
    assert nx.cytoscape_graph(doc).number_of_nodes() == seed.number_of_nodes()


# ---------------------------------------------------------------- DOT


def dot_strings_are_closed(text: str) -> bool:
    for line in text.splitlines():
        unescaped = re.sub(r"\\.", "", line)
        if unescaped.count('"') % 2:
            return False
    return True


def test_dot_colours_and_styles_by_kind(small):
    text = dot.write(small)
    assert re.search(r'"p" -> "inference:p\|support\|c" \[color="#2e7d32"', text)
    assert re.search(r'"a" -> "inference:a\|attack\|c" \[color="#c62828"', text)
    undercuts = re.findall(r'"u" -> "inference:[^"]+" \[color="#c62828", style="dashed"', text)
    assert len(undercuts) == 2
    assert '"x-1" -> "p" [color="#9e9e9e", dir="none", style="dotted"' in text


def test_dot_escapes_quotes_backslashes_and_newlines(small):
    text = dot.write(small)
    assert dot_strings_are_closed(text)
    assert '\\"</script>' in text and "\\\\ [x]" in text
    assert all(line.startswith(("digraph", "  ", "}")) for line in text.splitlines())


def test_dot_on_the_seed_map_names_every_argument(seed):
    text = dot.write(seed)
    assert dot_strings_are_closed(text)
    for node_id in seed.nodes:
        assert f'  "{node_id}" [label=' in text


# ---------------------------------------------------------------- round trip helper


def assert_same_map(g: nx.MultiDiGraph, arguments, relations) -> None:
    assert {a.id: (a.label, a.quote) for a in arguments} == {
        n: (" ".join(attrs["label"].split()), attrs["quote"]) for n, attrs in g.nodes(data=True)
    }
    expected = {
        (u, attrs["kind"], attrs.get("undercuts") or v)
        for u, v, attrs in g.edges(data=True)
        if attrs["kind"] != "same_as"
    }
    assert {(r.source, r.kind, r.undercuts or r.target) for r in relations} == expected
    assert all(r.origin == "curated" for r in relations)


def test_dot_fills_arguments_with_their_grounded_label_as_the_map_does(seed_graph):
    from app.formats import dot

    text = dot.write(seed_graph.g)
    line = next(x for x in text.splitlines() if x.startswith('  "presence-imperative" ['))
    assert 'fillcolor="#f3f4f6"' in line and "filled" in line  # rejected
    line = next(x for x in text.splitlines() if x.startswith('  "misuse-does-not-kill-social-marketing" ['))
    assert 'fillcolor="#e9f6ec"' in line  # accepted
