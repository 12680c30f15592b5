"""The JSON API: same filters as the pages, pagination, graph elements, JSON errors."""

from __future__ import annotations

from app.graph import Filters, edges_within, select
from tests.test_graph import once


def test_arguments_are_paginated_with_a_total(client, seed_graph):
    everything = select(seed_graph, Filters())
    first = client.get("/api/arguments?limit=5").json()
    second = client.get("/api/arguments?limit=5&offset=5").json()
    assert first["total"] == second["total"] == len(everything)
    assert [a["id"] for a in first["items"] + second["items"]] == everything[:10]


def test_limit_is_capped(client):
    assert client.get("/api/arguments?limit=100000").status_code == 422


def test_filters_match_the_graph_for_every_author_and_year(client, seed_graph):
    for person in seed_graph.by_author.keys() - {None}:
        data = client.get(f"/api/arguments?author={person}&origin=all&limit=500").json()
        assert {a["id"] for a in data["items"]} == set(seed_graph.by_author[person])
        data = client.get(f"/api/arguments?author={person}&limit=500").json()
        assert {a["id"] for a in data["items"]} == set(seed_graph.by_author[person]) & once(seed_graph)
    for year in seed_graph.years:
        data = client.get(f"/api/arguments?year={year}&limit=500").json()
        assert {a["id"] for a in data["items"]} == set(seed_graph.by_year[year]) & once(seed_graph)


def test_the_map_data_holds_exactly_the_filtered_arguments_and_their_relations(client, seed_graph):
    for person in seed_graph.by_author.keys() - {None}:
        data = client.get(f"/api/graph?author={person}").json()
        ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
        assert ids == set(seed_graph.by_author[person]) & once(seed_graph)
        expected_edges = {key for _, _, key, _ in edges_within(seed_graph, ids)}
        assert {e["data"]["id"] for e in data["elements"]["edges"]} == expected_edges
        assert data["count"] == {"nodes": len(ids), "edges": len(expected_edges)}


def test_combined_filters_intersect_in_the_map_data(client, seed_graph):
    person = max((p for p in seed_graph.by_author if p), key=lambda p: len(seed_graph.by_author[p]))
    year = seed_graph.years[0]
    data = client.get(f"/api/graph?author={person}&year={year}").json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert ids == set(seed_graph.by_author[person]) & set(seed_graph.by_year[year]) & once(seed_graph)


def test_one_argument_comes_with_its_neighbourhood(client, seed_graph):
    arg_id = max(seed_graph.g.nodes, key=seed_graph.g.degree)
    data = client.get(f"/api/arguments/{arg_id}?depth=2").json()
    assert data["id"] == arg_id
    attackers = {u for u, _, k in seed_graph.g.in_edges(arg_id, data="kind") if k == "attack"}
    assert {a["id"] for a in data["attackers"]} == attackers
    assert arg_id in data["neighbourhood"]["ids"]


def test_neighbourhood_graph_is_restricted_to_the_chains_around_an_argument(client, seed_graph):
    arg_id = max(seed_graph.g.nodes, key=seed_graph.g.degree)
    data = client.get(f"/api/graph?around={arg_id}&depth=1").json()
    ids = {n["data"]["id"] for n in data["elements"]["nodes"]}
    assert ids == ({arg_id} | set(seed_graph.g.predecessors(arg_id)) | set(seed_graph.g.successors(arg_id))) & once(
        seed_graph
    )


def test_unknown_ids_and_bad_parameters_answer_in_json(client):
    for path, status in [
        ("/api/arguments/nope", 404),
        ("/api/documents/nope", 404),
        ("/api/authors/nope", 404),
        ("/api/graph?around=nope", 404),
        ("/api/graph?debate=nope", 404),
        ("/api/arguments?year=x", 422),
        ("/api/arguments?author=nobody", 422),
        ("/api/arguments?origin=invented", 422),
        ("/api/graph?depth=99", 422),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        assert response.headers["content-type"] == "application/json"
        assert response.json()["detail"]


def test_too_many_repeated_parameters_are_refused(client):
    query = "&".join(f"year={2000 + i % 20}" for i in range(200))
    assert client.get(f"/api/arguments?{query}").status_code == 422


def test_the_api_is_documented_in_openapi(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/arguments", "/api/arguments/{arg_id}", "/api/documents", "/api/authors", "/api/graph"]:
        assert path in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/arguments"]["get"]["parameters"]}
    assert {"author", "year", "from", "to", "document", "origin", "limit", "offset"} <= params


def test_acceptability_labels_every_hand_made_argument_and_no_extracted_one(client, seed_graph):
    body = client.get("/api/acceptability").json()
    curated = {n for n, o in seed_graph.g.nodes(data="origin") if o == "curated"}
    assert set(body["labels"]) == curated
    assert sum(body["counts"].values()) == len(curated) and body["changed"] == {}
    assert body["labels"]["presence-imperative"] == "OUT"
    nodes = {n["data"]["id"]: n["data"] for n in client.get("/api/graph").json()["elements"]["nodes"]}
    assert all(nodes[n]["grounded"] == label for n, label in body["labels"].items())
    assert all(d["grounded"] is None for d in nodes.values() if d["origin"] == "extracted")


def test_switching_an_argument_off_relabels_what_it_decided(client):
    # Without this premise, the attack it answers stands again, and so on down the chain.
    off = "such-study-would-help-evangelise"
    body = client.get("/api/acceptability", params={"off": off}).json()
    assert off not in body["labels"] and body["off"] == [off]
    assert body["changed"] == {
        "real-question-sales-utility": {"before": "IN", "after": "OUT"},
        "roi-irrelevant-for-brand-image": {"before": "OUT", "after": "IN"},
    }
    nodes = {
        n["data"]["id"]: n["data"] for n in client.get("/api/graph", params={"off": off}).json()["elements"]["nodes"]
    }
    assert nodes[off]["off"] is True and nodes[off]["grounded"] is None
    assert nodes["roi-irrelevant-for-brand-image"]["grounded"] == "IN"
    assert client.get("/api/acceptability", params={"off": "no-such-argument"}).status_code == 422


def test_preferred_extensions_contain_the_grounded_one(client):
    body = client.get("/api/acceptability", params={"preferred": "true"}).json()
    accepted = {a for a, label in body["labels"].items() if label == "IN"}
    assert body["preferred"] and all(accepted <= set(extension) for extension in body["preferred"])


def test_the_map_data_is_capped_and_says_so(seed_graph):
    from fastapi.testclient import TestClient

    from app.settings import Settings
    from app.web import create_app

    capped = TestClient(create_app(Settings(max_map_nodes=10), graph=seed_graph))
    body = capped.get("/api/graph").json()
    everything = select(seed_graph, Filters())
    assert body["truncated"] is True and body["total"] == len(everything)
    assert [n["data"]["id"] for n in body["elements"]["nodes"]] == everything[:10]
    assert sum(f["count"] for f in body["facets"]["document"]) == len(everything)  # facets count all that matched
    small = capped.get("/api/graph", params={"around": "such-study-would-help-evangelise"}).json()
    assert small["truncated"] is False and small["total"] == small["count"]["nodes"]


def test_head_answers_wherever_get_does_with_the_same_headers_and_no_body(client):
    ids = {
        "arg_id": "presence-imperative",
        "doc_id": "revelation-exclusive",
        "person_id": "fred",
        "debate_id": "presence-vs-roi",
    }
    paths = [p for p, ops in client.get("/openapi.json").json()["paths"].items() if "get" in ops]
    assert len(paths) >= 8
    tagged = 0
    for template in paths:
        path = template.format(**ids)
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"" and head.headers["content-length"] == get.headers["content-length"], path
        # a reader's session and a curator's tools are never tagged for caches; the rest is
        assert head.headers.get("etag") == get.headers.get("etag"), path
        if get.status_code == 200 and "etag" in get.headers:
            tagged += 1
        else:  # who is logged in; what a deletion would take (curators only): never stored
            assert path in ("/api/session", "/api/arguments/presence-imperative/links"), path
            assert "etag" not in get.headers and "public" not in get.headers.get("cache-control", ""), path
    assert tagged >= 8
