"""Cytoscape.js JSON (`networkx.cytoscape_data`): {"elements": {"nodes": [...], "edges": [...]}}.

Node `data` holds every contract attribute (and `name`, `value` as networkx
writes them); edge `data` holds source, target, key, kind, origin, … plus an
`id` (the edge key) because Cytoscape.js wants unique element ids. Each element
also has `classes` ("support curated", "main", …) for styling.
"""

from __future__ import annotations

import json

import networkx as nx

from app.formats.context import Context
from app.formats.ordering import edges_in_order, nodes_in_order, public


def data(g: nx.MultiDiGraph) -> dict:
    ordered = nx.MultiDiGraph()
    for node_id, attrs in nodes_in_order(g):
        ordered.add_node(node_id, **public(attrs))
    for source, target, key, attrs in edges_in_order(g):
        ordered.add_edge(source, target, key=key, **attrs)
    out = nx.cytoscape_data(ordered)
    for element in out["elements"]["nodes"]:
        d = element["data"]
        element["classes"] = " ".join(c for c in (d.get("origin"), "main" if d.get("main") else None) if c)
    for element in out["elements"]["edges"]:
        d = element["data"]
        d["id"] = d["key"]
        element["classes"] = " ".join(c for c in (d.get("kind"), d.get("origin")) if c)
    return out


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The file for `g`; the format has no place for what `context` holds."""
    return json.dumps(data(g), ensure_ascii=False, indent=1) + "\n"
