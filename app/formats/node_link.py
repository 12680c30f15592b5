"""NetworkX node-link JSON, the export contract outside tools rely on (docs/architecture.md, Contracts).

`write(g)` returns `networkx.node_link_data(g)` as JSON text: nodes carry id,
label, quote, document, source_file, start, end, speaker, year, origin (and
confidence when extracted) and their grounded label; edges carry kind and origin.
Arguments of imported maps are left out: they have no original file in
seeds/documents/ for their offsets to point into (export them as AIF or Argdown).
"""

from __future__ import annotations

import json

import networkx as nx

from app.formats.context import Context
from app.formats.ordering import nodes_in_order, public


def data(g: nx.MultiDiGraph) -> dict:
    """node_link_data of g's arguments from seed documents, in reading order (arguments by
    rank, relations by the ranks of their ends), without attributes that only serve the
    app's indexes."""
    clean = nx.MultiDiGraph()
    clean.graph.update(g.graph)
    clean.add_nodes_from((n, public(a)) for n, a in nodes_in_order(g) if not a.get("imported"))
    rank = {n: i for i, n in enumerate(clean)}
    edges = [(u, v, k, a) for u, v, k, a in g.edges(keys=True, data=True) if u in rank and v in rank]
    clean.add_edges_from(sorted(edges, key=lambda e: (rank[e[0]], rank[e[1]])))  # stable: keys keep their order
    return nx.node_link_data(clean, edges="edges")


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The file for `g`; the format has no place for what `context` holds."""
    return json.dumps(data(g), ensure_ascii=False, indent=1)
