"""Exports of the argument graph, one module per format.

Each format is a function (graph: nx.MultiDiGraph) -> str, registered in
FORMATS with the media type and file extension it is served with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import networkx as nx

from app.export import node_link


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
    )
}
