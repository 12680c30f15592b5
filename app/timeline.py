"""The debate over time: the map as it stood at a moment (`as_of`), the documents in time
order, and how an argument stood along its thread (`history`).

The map as it stood at a moment (see app.moments for how one is written) leaves out only
what is known to have been said later: the later comments of that thread, or the
arguments whose earliest possible date is after the date. Arguments whose time is
unknown are kept, since nothing places them after that moment.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import weakref
from collections import OrderedDict
from dataclasses import replace
from typing import Iterable

import networkx as nx

from app.graph import ArgumentGraph, acceptability, without
from app.moments import AsOf, year_span
from app.records import Document


def said_later(graph: ArgumentGraph, asof: AsOf) -> set[str]:
    """The arguments known to have been said after the moment `asof`."""
    if asof.document is not None:
        return {a for a in graph.by_document.get(asof.document, ()) if graph.times[a].position > (asof.position or 0)}
    return {a for a, m in graph.times.items() if m.earliest is not None and m.earliest > asof.date}


_CUTS: OrderedDict[tuple[int, str], tuple[ArgumentGraph, ArgumentGraph]] = OrderedDict()
_CUTS_LOCK = threading.Lock()
CUTS_KEPT = 64  # graphs as they stood, kept for the next request at the same moment


def as_of(graph: ArgumentGraph, asof: AsOf) -> ArgumentGraph:
    """The graph as it stood at `asof`: without what was said later, which arguments stand
    judged again. The last few are kept, for the next request at the same moment."""
    key = (id(graph), asof.text)
    with _CUTS_LOCK:
        kept = _CUTS.get(key)
        if kept is not None and kept[0] is graph:
            _CUTS.move_to_end(key)
            return kept[1]
    cut = without(graph, said_later(graph, asof), asof.text)
    cut = cut if cut is not graph else replace(graph, asof=asof.text)
    with _CUTS_LOCK:
        _CUTS[key] = (graph, cut)
        while len(_CUTS) > CUTS_KEPT:
            _CUTS.popitem(last=False)
    return cut


def document_span(document: Document) -> tuple[dt.date | None, dt.date | None]:
    """The dates a document may have been written on: its date, its year, or unknown."""
    if document.date is not None:
        return document.date, document.date
    if document.year is not None:
        return year_span(document.year)
    return None, None


def in_time_order(documents: Iterable[Document]) -> list[Document]:
    """Documents by date (a year counts from its first day), the undated ones last, each
    group in corpus order."""
    ordered = list(documents)
    return sorted(ordered, key=lambda d: (document_span(d)[0] is None, document_span(d)[0] or dt.date.min))


GROUNDED_WORDS = {"IN": "accepted", "OUT": "rejected", "UNDEC": "undecided"}
MAX_HISTORY_STEPS = 40  # steps of a thread an argument's history judges the map at, at most


def history(graph: ArgumentGraph, arg_id: str) -> list[dict]:
    """How an argument stood along its document's thread: one entry each time its grounded
    label changed, from the step where it was made: the step (`position`: 0 the post, k
    comment k; its speaker), the label, and the arguments of that step that bear on it
    directly (`by`). Empty for arguments not judged (extracted ones), for documents without
    a thread, and for threads too long to follow (MAX_HISTORY_STEPS)."""
    moment_ = graph.times[arg_id]
    document = graph.corpus.documents[moment_.document]
    if not document.comments or graph.node(arg_id).get("grounded") is None:
        return []
    # Its label can change only at a step that adds an argument linked to it, however far:
    # the other steps are skipped, and a thread where too many steps could is not followed.
    parts = parts_of(graph.g)
    part = parts[arg_id]
    moves = {graph.times[n].position for n in graph.by_document.get(document.id, ()) if parts[n] == part}
    moves = {p for p in moves if p >= moment_.position}
    if len(moves) > MAX_HISTORY_STEPS:
        return []
    # A grounded label depends only on the arguments that reach it by attacks and undercuts
    # (supports carry no attack): the map at each step is judged over those alone, the
    # argument's and its neighbours', not over the whole graph cut at that step.
    neighbours = set(graph.g.predecessors(arg_id)) | set(graph.g.successors(arg_id))
    bearing = induced(graph.g, attacked_through(graph.g, {arg_id, *neighbours}))
    changes: list[dict] = []
    last = None
    for step in thread_positions(graph, document.id):
        if step["position"] not in moves:
            continue
        later = said_later(graph, AsOf(step["asof"], document=document.id, position=step["position"]))
        labels = acceptability(bearing, off=later & bearing.nodes.keys())
        label = labels.get(arg_id)
        if label == last:
            continue
        by = [
            {"id": n, "label": graph.node(n)["label"], "url": f"/arguments/{n}"}
            for n in sorted(neighbours, key=lambda n: graph.node(n)["rank"])
            if last is not None
            and labels.get(n) is not None  # judged ones: extracted arguments change nothing
            and graph.times[n].document == document.id
            and graph.times[n].position == step["position"]
        ]
        changes.append(
            {
                **step,
                "grounded": label,
                "word": GROUNDED_WORDS.get(label, "not judged"),
                "made": last is None,
                "by": by,
            }
        )
        last = label
    return changes


_PARTS: weakref.WeakKeyDictionary[nx.MultiDiGraph, dict[str, int]] = weakref.WeakKeyDictionary()
_PARTS_LOCK = threading.Lock()


def parts_of(g: nx.MultiDiGraph) -> dict[str, int]:
    """Argument id -> the number of its connected part of `g` (relations either way), found
    once per graph, on first use: linked arguments share a number."""
    with _PARTS_LOCK:
        parts = _PARTS.get(g)
        if parts is None:
            parts = {}
            succ, pred = g._succ, g._pred  # NetworkX's own adjacency dicts: its views wrap every read
            for start in g:
                if start in parts:
                    continue
                number = len(parts)
                parts[start] = number
                stack = [start]
                while stack:
                    n = stack.pop()
                    for other in itertools.chain(succ[n], pred[n]):
                        if other not in parts:
                            parts[other] = number
                            stack.append(other)
            _PARTS[g] = parts
    return parts


def attacked_through(g: nx.MultiDiGraph, ids: set[str]) -> set[str]:
    """`ids` and every argument that reaches one of them by attack and undercut relations,
    followed backwards: all that their grounded labels depend on (app.semantics)."""
    seen = set(ids)
    stack = list(seen)
    while stack:
        for source, keyed in g.pred[stack.pop()].items():
            if source not in seen and any(attrs["kind"] in ("attack", "undercut") for attrs in keyed.values()):
                seen.add(source)
                stack.append(source)
    return seen


def induced(g: nx.MultiDiGraph, ids: set[str]) -> nx.MultiDiGraph:
    """A plain copy of the arguments `ids` of `g` and the relations among them (cheaper to
    walk again and again than a subgraph view, which filters every read)."""
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, g.nodes[n]) for n in ids)
    succ = g._succ  # NetworkX's own adjacency dicts
    sub.add_edges_from(
        (source, target, key, attrs)
        for source in ids
        for target, keyed in succ[source].items()
        if target in ids
        for key, attrs in keyed.items()
    )
    return sub


def thread_positions(graph: ArgumentGraph, document_id: str) -> list[dict]:
    """The steps of a document's thread: the post (0), then each comment, with who spoke
    and the `asof` value that shows the debate as it stood after it."""
    document = graph.corpus.documents[document_id]
    steps = [{"position": 0, "asof": f"{document_id}#0", "speaker": document.body.speaker, "label": "the post"}]
    for comment in document.comments:
        steps.append(
            {
                "position": comment.number,
                "asof": f"{document_id}#{comment.number}",
                "speaker": comment.speaker,
                "label": f"comment {comment.number}",
            }
        )
    for step in steps:
        step["speaker_name"] = graph.corpus.person_name(step["speaker"])
    return steps
