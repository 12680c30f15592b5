"""Argdown (https://argdown.org), the plain-text syntax for argument maps.

* Every argument is a statement whose title is its id, so that ids survive a
  round trip: ``[presence-imperative]: Being present … #presence {…}``. The
  text is the English label; tags are Argdown ``#tags`` (``#(tag text)`` when
  not a single word); everything else (quote, speaker, document, offsets,
  French label, year, main, origin) is the statement's YAML data block, written
  as JSON (a subset of YAML).
* Supports and attacks are listed under their target: ``+ [premise]``,
  ``- [attacker]``.
* An undercut attacks an inference, and in Argdown only arguments have
  inferences, so an undercut inference p → c becomes an argument
  ``<p ⇒ c>`` with the premise-conclusion structure ``(1) [p] ---- (2) [c]``
  for a support (for an attack, the argument has premise ``<+ [p]`` and
  attacks ``-> [c]``); the undercutter is listed under it as ``<_ [u]``.
* Text special to Argdown (``[ ] < > # @ * _ { } / \\``) is escaped with a backslash.
"""

from __future__ import annotations

import json
import re

import networkx as nx

from app.export.common import edges_in_order, nodes_in_order, undercut_inferences

_SPECIAL = re.compile(r"([\\\[\]<>#@*_{}/])")
_TAG = re.compile(r"^[A-Za-z0-9\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF-]+$")
DATA_FIELDS = ("quote", "speaker", "label_fr", "document", "source_file", "start", "end", "segment",
               "year", "main", "origin", "confidence")


def escape(text: str) -> str:
    """Argdown text on one line with its control characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def tag(name: str) -> str:
    name = " ".join(str(name).split())
    if _TAG.match(name):
        return f"#{name}"
    return "#(" + escape(name).replace("(", "\\(").replace(")", "\\)") + ")"


def _json_value(value: object) -> str:
    # JSON is YAML; braces inside strings are escaped so Argdown's data block ends where it should
    return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def data_block(fields: dict) -> str:
    items = [f"{json.dumps(k)}: {_json_value(v)}" for k, v in fields.items()]
    return "{" + ", ".join(items) + "}"


def inference_title(premise: str, conclusion: str) -> str:
    return f"{premise} \u21d2 {conclusion}"


def render(g: nx.MultiDiGraph) -> str:
    out = ["===", "title: Argmap", "===", ""]
    out.append("# Statements")
    out.append("")
    for arg_id, attrs in nodes_in_order(g):
        fields = {k: attrs[k] for k in DATA_FIELDS if attrs.get(k) not in (None, False, "", [])}
        tags = " ".join(tag(t) for t in attrs.get("tags") or ())
        text = escape(attrs.get("label") or arg_id)
        out.append(f"[{arg_id}]: {text}" + (f" {tags}" if tags else "") + f" {data_block(fields)}")
        out.append("")

    undercut = undercut_inferences(g)
    reified = {key for targets in undercut.values() for _, _, key, _ in targets}
    by_target: dict[str, list[str]] = {}
    for source, target, key, attrs in edges_in_order(g):
        if attrs.get("kind") in ("support", "attack") and key not in reified:
            sign = "+" if attrs["kind"] == "support" else "-"
            fields = {k: attrs[k] for k in ("note", "origin", "evidence", "confidence") if attrs.get(k) is not None}
            by_target.setdefault(target, []).append(
                f"  {sign} [{source}]" + (f" {data_block(fields)}" if fields else ""))
    if by_target:
        out += ["# Relations", ""]
        for arg_id, _ in nodes_in_order(g):
            if arg_id in by_target:
                out.append(f"[{arg_id}]")
                out += by_target[arg_id]
                out.append("")

    if reified:
        out += ["# Undercut inferences", ""]
        undercutters: dict[str, list[tuple[str, dict]]] = {}
        for source, _, key, attrs in edges_in_order(g):
            if attrs.get("kind") == "undercut":
                for _, _, inference_key, _ in undercut.get(key, ()):
                    undercutters.setdefault(inference_key, []).append((source, attrs))
        for source, target, key, attrs in edges_in_order(g):
            if key not in reified:
                continue
            title = inference_title(source, target)
            fields = {k: attrs[k] for k in ("note", "origin", "evidence", "confidence") if attrs.get(k) is not None}
            out.append(f"<{title}>" + (f" {data_block(fields)}" if fields else ""))
            if attrs["kind"] == "support":
                out += ["", f"(1) [{source}]", "----", f"(2) [{target}]", "", f"<{title}>"]
            else:
                out += [f"  <+ [{source}]", f"  -> [{target}]"]
            for u, u_attrs in undercutters[key]:
                note = {k: u_attrs[k] for k in ("note", "origin") if u_attrs.get(k) is not None}
                out.append(f"  <_ [{u}]" + (f" {data_block(note)}" if note else ""))
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
