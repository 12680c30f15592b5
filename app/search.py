"""Accent- and case-insensitive search over argument labels, quotes and speakers.

`build_index(graph)` folds each argument's searchable text once;
`search(index, q, candidates)` returns the candidates (kept in their order)
that contain every word of q.
"""

from __future__ import annotations

from app.graph import ArgumentGraph
from app.text import fold


def build_index(graph: ArgumentGraph) -> dict[str, str]:
    index = {}
    for node_id, a in graph.g.nodes(data=True):
        parts = [node_id, a["label"], a.get("label_fr") or "", a["quote"],
                 graph.corpus.person_name(a["speaker"]) or "", " ".join(a["tags"])]
        index[node_id] = fold(" \n ".join(parts))
    return index


def search(index: dict[str, str], q: str, candidates: list[str]) -> list[str]:
    words = fold(q).split()
    if not words:
        return []
    return [i for i in candidates if all(w in index[i] for w in words)]
