"""Graphviz DOT text (`dot -Tsvg map.dot > map.svg`).

Arguments are boxes labelled with their English label (main claims bold, with
a double border; extracted arguments dashed); the tooltip holds the quote and
speaker. Supports are green arrows, attacks red, extracted relations dotted,
same_as grey and undirected. Arguments with a grounded label are filled as on the
map: accepted green, rejected grey, undecided amber.
An inference that is undercut is drawn through a small point node so that the
undercut (red, dashed) can point at the inference itself. Every string is
written as a quoted DOT string with backslashes, quotes and line breaks escaped.
"""

from __future__ import annotations

import textwrap

import networkx as nx

from app.formats.context import Context
from app.formats.ordering import edges_in_order, nodes_in_order, undercut_inferences

COLOURS = {"support": "#2e7d32", "attack": "#c62828", "undercut": "#c62828", "same_as": "#9e9e9e"}
FILLS = {"IN": "#e9f6ec", "OUT": "#f3f4f6", "UNDEC": "#fff6d6"}


def quoted(text: object) -> str:
    """A DOT double-quoted string; newlines become centred line breaks (\\n)."""
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{s}"'


def _attrs(**values: object) -> str:
    return "[" + ", ".join(f"{k}={quoted(v)}" for k, v in values.items() if v is not None) + "]"


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The file for `g`; the format has no place for what `context` holds."""
    lines = [
        "digraph argmap {",
        '  graph [rankdir="BT", fontname="Helvetica"];',
        '  node [shape="box", style="rounded", fontname="Helvetica", fontsize="11"];',
        '  edge [fontname="Helvetica", fontsize="9"];',
    ]
    for arg_id, attrs in nodes_in_order(g):
        label = "\n".join(textwrap.wrap(str(attrs.get("label") or arg_id), 40)) or arg_id
        tooltip = attrs.get("quote") or ""
        if attrs.get("speaker"):
            tooltip = f"{attrs['speaker']}: {tooltip}"
        fill = FILLS.get(attrs.get("grounded"))
        style = (
            ["rounded"]
            + (["dashed"] if attrs.get("origin") == "extracted" else [])
            + (["bold"] if attrs.get("main") else [])
            + (["filled"] if fill else [])
        )
        lines.append(
            f"  {quoted(arg_id)} "
            + _attrs(
                label=label,
                tooltip=tooltip,
                style=",".join(style),
                fillcolor=fill,
                peripheries=2 if attrs.get("main") else None,
            )
        )

    undercut = undercut_inferences(g)
    via: dict[str, str] = {}  # edge key -> point node for undercut inferences
    for targets in undercut.values():
        for _, _, key, _ in targets:
            via.setdefault(key, f"inference:{key}")
    for source, target, key, attrs in edges_in_order(g):
        kind = attrs.get("kind")
        if kind == "undercut":
            continue
        colour = COLOURS.get(kind, "#000000")
        extra = {"tooltip": attrs.get("note")}
        style = "dotted" if attrs.get("origin") == "extracted" else None
        if kind == "same_as":
            lines.append(
                f"  {quoted(source)} -> {quoted(target)} " + _attrs(color=colour, dir="none", style="dotted", **extra)
            )
        elif key in via:
            point = via[key]
            lines.append(f"  {quoted(point)} " + _attrs(shape="point", width="0.08", color=colour))
            lines.append(
                f"  {quoted(source)} -> {quoted(point)} " + _attrs(color=colour, arrowhead="none", style=style, **extra)
            )
            lines.append(f"  {quoted(point)} -> {quoted(target)} " + _attrs(color=colour, style=style))
        else:
            lines.append(f"  {quoted(source)} -> {quoted(target)} " + _attrs(color=colour, style=style, **extra))
    for source, target, key, attrs in edges_in_order(g):
        if attrs.get("kind") != "undercut":
            continue
        for _, _, inference_key, _ in undercut.get(key, ()):
            lines.append(
                f"  {quoted(source)} -> {quoted(via[inference_key])} "
                + _attrs(color=COLOURS["undercut"], style="dashed", tooltip=attrs.get("note"))
            )
    lines.append("}")
    return "\n".join(lines) + "\n"
