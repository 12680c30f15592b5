"""A debate as a nested pro/con outline: its main claims, what supports and attacks
them, what supports and attacks those, and so on.

`outline(graph, roots)` returns one tree per main claim. Each item is
{"id", "relation", "inference", "repeat", "children"}: `relation` is how the item
bears on its parent (support, attack, undercut; None for a main claim),
`inference` names the inference an undercut attacks ("premise->conclusion").

The map is a graph, not a tree: an argument can back two claims, and chains can
loop. Every argument is shown in full once, at its shallowest place (breadth
first from the main claims); its other places are `repeat` items without
children, which link to the full one. Undercuts hang under the premise whose
inference they attack, at every place that premise appears under that conclusion.
"""

from __future__ import annotations

from collections import deque

from app.graph import ArgumentGraph

_ORDER = {"undercut": 0, "support": 1, "attack": 2}  # the objection to an inference first, then pro, then con


def outline(graph: ArgumentGraph, roots: list[str]) -> list[dict]:
    """One nested item per root (a root listed twice is kept once)."""
    placed: set[str] = set()
    items: list[dict] = []
    queue: deque[tuple[dict, str | None]] = deque()  # (item, the conclusion it bears on)
    for root in dict.fromkeys(roots):
        item = _item(root, None, None, repeat=False)
        placed.add(root)
        items.append(item)
        queue.append((item, None))
    while queue:
        item, conclusion = queue.popleft()
        for arg_id, relation, inference in _answers(graph, item["id"], conclusion, full=not item["repeat"]):
            child = _item(arg_id, relation, inference, repeat=arg_id in placed)
            placed.add(arg_id)
            item["children"].append(child)
            queue.append((child, item["id"]))
    return items


def _item(arg_id: str, relation: str | None, inference: str | None, repeat: bool) -> dict:
    return {"id": arg_id, "relation": relation, "inference": inference, "repeat": repeat, "children": []}


def _answers(
    graph: ArgumentGraph, arg_id: str, conclusion: str | None, full: bool
) -> list[tuple[str, str, str | None]]:
    """(source, relation, inference) of what answers `arg_id` where it stands under
    `conclusion`: the undercuts of that inference, then, for a full item, its own
    supporters and attackers, each group in reading order."""
    rank = graph.g.nodes
    inference = f"{arg_id}->{conclusion}" if conclusion is not None else None
    found = []
    if inference is not None:
        for source, _, attrs in graph.g.in_edges(conclusion, data=True):
            if attrs["kind"] == "undercut" and attrs.get("undercuts") == inference:
                found.append((source, "undercut", inference))
    if full:
        for source, _, kind in graph.g.in_edges(arg_id, data="kind"):
            if kind in ("support", "attack"):  # same_as twins are copies, not answers
                found.append((source, kind, None))
    found = list(dict.fromkeys(found))  # parallel edges of one kind are one answer
    found.sort(key=lambda f: (_ORDER[f[1]], rank[f[0]]["rank"]))
    return found


def ids_in(items: list[dict]) -> set[str]:
    """Every argument id an outline shows, repeats included."""
    out: set[str] = set()
    stack = list(items)
    while stack:
        item = stack.pop()
        out.add(item["id"])
        stack.extend(item["children"])
    return out
