"""NetworkX node-link JSON, the contract of DESIGN.md used by outside tools.

`render(g)` returns `networkx.node_link_data(g)` as JSON text: nodes carry id,
label, quote, document, source_file, start, end, speaker, year, origin (and
confidence when extracted); edges carry kind and origin.
"""

from __future__ import annotations

import json

import networkx as nx

_INTERNAL = ("rank",)


def data(g: nx.MultiDiGraph) -> dict:
    """node_link_data of g, without attributes that only serve the app's indexes."""
    clean = nx.MultiDiGraph()
    clean.graph.update(g.graph)
    clean.add_nodes_from((n, {k: v for k, v in a.items() if k not in _INTERNAL}) for n, a in g.nodes(data=True))
    clean.add_edges_from(g.edges(keys=True, data=True))
    return nx.node_link_data(clean, edges="edges")


def render(g: nx.MultiDiGraph) -> str:
    return json.dumps(data(g), ensure_ascii=False, indent=1)
