"""Interchange formats, one module per format with both directions side by side
(as networkx's `readwrite`): `FORMATS` is the registry.

Each `Format` writes a graph (`write(g, context=None) -> str`, deterministic; the
`Context` (title, people's names, replies, from `context_of(corpus, title)`) where the
format has a place for it)
and, when the format can carry a map made elsewhere, reads one
(`read(text, source) -> (arguments, relations)` records of `app.records`, or a
`DataError`). Storing an imported map is `app.imported`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import networkx as nx

from app.formats import aif, argdown, cytoscape, dot, graphml, node_link
from app.formats.context import Context, context_of
from app.i18n import N_  # descriptions are shown, translated, on the download page


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    description: str  # in English; the download page translates it
    extension: str
    media_type: str
    write: Callable[[nx.MultiDiGraph, Context | None], str]
    read: Callable[..., tuple] | None = None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "node-link",
            "NetworkX node-link JSON",
            N_("NetworkX node-link JSON: every node with its quote and character offsets."),
            "json",
            "application/json",
            node_link.write,
        ),
        Format(
            "aif",
            "AIF JSON",
            N_("AIF JSON (AIFdb, OVA): I-nodes for claims, RA/CA for support/attack, L/YA for who said it."),
            "json",
            "application/json",
            aif.write,
            aif.read,
        ),
        Format(
            "argdown",
            "Argdown",
            N_(
                "Argdown text: the debate's title, each argument a statement titled by its id with who said it, "
                "and under it what supports (+) or attacks (-) it."
            ),
            "argdown",
            "text/plain; charset=utf-8",
            argdown.write,
            argdown.read,
        ),
        Format(
            "graphml",
            "GraphML",
            N_("GraphML (yEd, Gephi, networkx): every attribute kept; tags as JSON text."),
            "graphml",
            "application/graphml+xml",
            graphml.write,
        ),
        Format(
            "cytoscape",
            "Cytoscape.js JSON",
            N_("Cytoscape.js JSON elements, with classes for kinds and origins."),
            "cyjs",
            "application/json",
            cytoscape.write,
        ),
        Format(
            "dot",
            "Graphviz DOT",
            N_("Graphviz DOT: support green, attack red, undercut dashed."),
            "dot",
            "text/vnd.graphviz; charset=utf-8",
            dot.write,
        ),
    )
}
__all__ = ["FORMATS", "READABLE", "Context", "Format", "context_of"]
READABLE = sorted(name for name, f in FORMATS.items() if f.read)
