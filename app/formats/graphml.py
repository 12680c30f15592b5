"""GraphML, written by networkx (`nx.write_graphml`), readable by yEd, Gephi, igraph
and `nx.read_graphml`.

GraphML values are scalars, so two attribute kinds are converted: lists (tags)
are stored as JSON text, and a value that is None is left out (GraphML's way of
saying "no value"). The graph attribute `argmap_json_attributes` names the JSON
encoded attributes, and `load(text)` undoes both conversions.
"""

from __future__ import annotations

import io
import json

import networkx as nx

from app.formats.context import Context
from app.formats.ordering import edges_in_order, nodes_in_order, public
from app.text import printable

NODE_FIELDS = (
    "id",
    "label",
    "label_fr",
    "quote",
    "document",
    "source_file",
    "start",
    "end",
    "segment",
    "speaker",
    "year",
    "origin",
    "tags",
    "main",
    "confidence",
)
EDGE_FIELDS = ("kind", "origin", "note", "undercuts", "evidence", "confidence")


def _scalars(attrs: dict, json_names: set[str]) -> dict:
    out = {}
    for name, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, dict)):
            json_names.add(name)
            value = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
        out[name] = printable(value) if isinstance(value, str) else value  # XML cannot hold every character
    return out


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The file for `g`; the format has no place for what `context` holds."""
    json_names: set[str] = set()
    clean = nx.MultiDiGraph()
    for node_id, attrs in nodes_in_order(g):
        clean.add_node(node_id, **_scalars(public(attrs), json_names))
    for source, target, key, attrs in edges_in_order(g):
        clean.add_edge(source, target, key=key, **_scalars(attrs, json_names))
    clean.graph["argmap_json_attributes"] = " ".join(sorted(json_names | {"tags"}))
    buffer = io.BytesIO()
    # the standard library writer whether or not lxml is installed: the same bytes everywhere
    nx.write_graphml_xml(clean, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue().decode("utf-8")


def load(text: str) -> nx.MultiDiGraph:
    """The graph back from `write`'s text: JSON attributes decoded, absent contract fields None."""
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    json_names = set(g.graph.pop("argmap_json_attributes", "").split())
    out = nx.MultiDiGraph()
    for node_id, attrs in g.nodes(data=True):
        attrs = {k: json.loads(v) if k in json_names else v for k, v in attrs.items()}
        for name in NODE_FIELDS:
            if name != "confidence" or attrs.get("origin") == "extracted":
                attrs.setdefault(name, [] if name == "tags" else None)
        out.add_node(node_id, **attrs)
    for source, target, key, attrs in g.edges(keys=True, data=True):
        out.add_edge(source, target, key=key, **{k: json.loads(v) if k in json_names else v for k, v in attrs.items()})
    return out
