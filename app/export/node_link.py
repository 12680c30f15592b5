"""NetworkX node-link JSON, the contract of docs/architecture.md used by outside tools.

`render(g)` returns `networkx.node_link_data(g)` as JSON text: nodes carry id,
label, quote, document, source_file, start, end, speaker, year, origin (and
confidence when extracted) and their grounded label; edges carry kind and origin.
Arguments of imported maps are left out: they have no original file in
seeds/documents/ for their offsets to point into (export them as AIF or Argdown).
"""

from __future__ import annotations

import json

import networkx as nx

_INTERNAL = ("rank",)


def data(g: nx.MultiDiGraph) -> dict:
    """node_link_data of g's arguments from seed documents, without attributes that only
    serve the app's indexes."""
    clean = nx.MultiDiGraph()
    clean.graph.update(g.graph)
    clean.add_nodes_from((n, {k: v for k, v in a.items() if k not in _INTERNAL})
                         for n, a in g.nodes(data=True) if not a.get("imported"))
    clean.add_edges_from((u, v, k, a) for u, v, k, a in g.edges(keys=True, data=True) if u in clean and v in clean)
    return nx.node_link_data(clean, edges="edges")


def render(g: nx.MultiDiGraph) -> str:
    return json.dumps(data(g), ensure_ascii=False, indent=1)
