"""What the writers read from a graph: its arguments and relations in a stable order, and
the inferences its undercuts target."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

INTERNAL = ("rank",)


def nodes_in_order(g: nx.MultiDiGraph) -> list[tuple[str, dict]]:
    """(id, attrs) in reading order (the graph's rank, then id): deterministic output."""
    return sorted(g.nodes(data=True), key=lambda n: (n[1].get("rank", 0), str(n[0])))


def edges_in_order(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict]]:
    """(source, target, key, attrs), sorted by key."""
    return sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[2]), str(e[0]), str(e[1])))


def public(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if k not in INTERNAL}


def undercut_inferences(g: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, str, dict]]]:
    """For each undercut edge key: the support/attack edges it targets (an undercut names
    its inference "premise->conclusion"; both ends must be in g)."""
    by_pair: dict[tuple[str, str], list] = defaultdict(list)
    for u, v, key, attrs in edges_in_order(g):
        if attrs.get("kind") in ("support", "attack"):
            by_pair[(u, v)].append((u, v, key, attrs))
    out = {}
    for u, v, key, attrs in edges_in_order(g):
        if attrs.get("kind") == "undercut" and attrs.get("undercuts"):
            p, _, c = attrs["undercuts"].partition("->")
            out[key] = by_pair.get((p, c), [])
    return out
