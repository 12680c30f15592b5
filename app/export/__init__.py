"""Exports of the argument graph, one module per format.

Each format is a function (graph: nx.MultiDiGraph) -> str, registered in
FORMATS with the media type and file extension it is served with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import networkx as nx

from app.export import aif, argdown, cytoscape, dot, graphml, node_link


@dataclass(frozen=True)
class ExportFormat:
    name: str
    render: Callable[[nx.MultiDiGraph], str]
    media_type: str
    extension: str
    description: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("node-link", node_link.render, "application/json", "json",
                     "NetworkX node-link JSON: every node with its quote and character offsets."),
        ExportFormat("aif", aif.render, "application/json", "json",
                     "AIF JSON (AIFdb, OVA): I-nodes for claims, RA/CA for support/attack, L/YA for who said it."),
        ExportFormat("argdown", argdown.render, "text/plain; charset=utf-8", "argdown",
                     "Argdown text: statements titled by id, with quote and speaker as data, + / - relations."),
        ExportFormat("graphml", graphml.render, "application/graphml+xml", "graphml",
                     "GraphML (yEd, Gephi, networkx): every attribute kept; tags as JSON text."),
        ExportFormat("cytoscape", cytoscape.render, "application/json", "cyjs",
                     "Cytoscape.js JSON elements, with classes for kinds and origins."),
        ExportFormat("dot", dot.render, "text/vnd.graphviz; charset=utf-8", "dot",
                     "Graphviz DOT: support green, attack red, undercut dashed."),
    )
}
