"""Graph → plain, JSON-ready dicts: what pages render and the API returns.

Every function here is pure: it takes the ArgumentGraph (and ids or filters)
and returns dicts and lists of str/int/float/bool/None only.
"""

from __future__ import annotations

from fastapi import HTTPException

from app import layout
from app.graph import ArgumentGraph, Filters, acceptability, edges_within, facet_counts, neighbourhood, select
from app.web.errors import Moved


def require_argument(graph: ArgumentGraph, arg_id: str, prefix: str = "/arguments/", suffix: str = "") -> None:
    """Nothing if `arg_id` names an argument. A retired id (an earlier extraction's)
    moves permanently to the argument now covering its span, or is gone (410); any
    other id is not found (404)."""
    if arg_id in graph:
        return
    if arg_id in graph.moved:
        successor = graph.moved[arg_id]
        if successor is not None:
            raise Moved(prefix + successor + suffix)
        raise HTTPException(410, f"The extractor no longer finds the argument '{arg_id}', and nothing in its "
                                 "document covers that passage any more.")
    raise HTTPException(404, f"There is no argument '{arg_id}'.")


def argument_summary(graph: ArgumentGraph, arg_id: str) -> dict:
    """The fields a list row or a map node needs."""
    a = graph.node(arg_id)
    document = graph.corpus.documents[a["document"]]
    row = {
        "id": arg_id,
        "label": a["label"],
        "label_fr": a["label_fr"],
        "quote": a["quote"],
        "speaker": a["speaker"],
        "speaker_name": graph.corpus.person_name(a["speaker"]),
        "year": a["year"],
        "document": a["document"],
        "document_title": document.display_title,
        "segment": a["segment"],
        "origin": a["origin"],
        "main": a["main"],
        "tags": a["tags"],
        "url": f"/arguments/{arg_id}",
        "grounded": a.get("grounded"),
    }
    if a["origin"] == "extracted":
        row["confidence"] = a.get("confidence")
    return row


def argument_detail(graph: ArgumentGraph, arg_id: str, depth: int = 1) -> dict:
    """One argument with its offsets, its relations each way, and the ids around it."""
    a = graph.node(arg_id)
    hood = neighbourhood(graph, arg_id, depth)

    def linked(entries: list[dict]) -> list[dict]:
        return [{**argument_summary(graph, e["id"]), "relation": {k: v for k, v in e.items() if k != "id"}}
                for e in sorted(entries, key=lambda e: graph.node(e["id"])["rank"])]

    document = graph.corpus.documents[a["document"]]
    segment = next(s for s in document.segments if s.id == a["segment"])
    detail = argument_summary(graph, arg_id)
    detail.update({
        "start": a["start"],
        "end": a["end"],
        "source_file": a["source_file"],
        "document_url": f"/documents/{a['document']}#arg-{arg_id}",
        "comment": segment.number,
        "supporters": linked(hood["supporters"]),
        "attackers": strongest_first(graph, linked(hood["attackers"])),
        "undercutters": linked(hood["undercutters"]),
        "supports": linked(hood["supports"]),
        "attacks": linked(hood["attacks"]),
        "same_as": linked(hood["same_as"]),
        "neighbourhood": {"depth": depth, "ids": sorted(hood["within"], key=lambda n: graph.node(n)["rank"])},
    })
    return detail


def strongest_first(graph: ArgumentGraph, attackers: list[dict]) -> list[dict]:
    """Attackers ordered by strength: those that stand (grounded IN) first, then curated
    before extracted, then by how many arguments support them; the first standing one
    is marked `strongest`."""
    for row in attackers:
        row["backing"] = sum(1 for *_, kind in graph.g.in_edges(row["id"], data="kind") if kind == "support")
    ordered = sorted(attackers, key=lambda r: (r.get("grounded") != "IN", r["origin"] != "curated", -r["backing"]))
    if ordered and ordered[0].get("grounded") == "IN":
        ordered[0]["strongest"] = True
    return ordered


def facets(graph: ArgumentGraph, ids: list[str]) -> dict:
    """Author, year, document and origin facets with counts among `ids`."""
    counts = facet_counts(graph, ids)
    people = graph.corpus.people
    authors = [{"id": pid, "name": graph.corpus.person_name(pid), "count": n}
               for pid, n in counts["author"].items() if pid is not None]
    authors.sort(key=lambda r: (-r["count"], r["name"].lower()))
    unnamed = counts["author"].get(None, 0)
    return {
        "author": authors,
        "unnamed_speakers": unnamed,
        "year": sorted(({"value": y, "count": n} for y, n in counts["year"].items() if y is not None),
                       key=lambda r: r["value"]),
        "undated": counts["year"].get(None, 0),
        "document": [{"id": d, "title": graph.corpus.documents[d].display_title, "count": counts["document"][d]}
                     for d in graph.corpus.documents if counts["document"][d]],
        "origin": [{"value": o, "count": n} for o, n in sorted(counts["origin"].items())],
        "known_people": len(people),
    }


def graph_elements(graph: ArgumentGraph, ids: list[str], kinds: tuple[str, ...] = (),
                   off: tuple[str, ...] = ()) -> dict:
    """Cytoscape.js elements for the arguments `ids` and the relations among them; with
    arguments switched `off`, the grounded labels are those of the map without them."""
    labels = acceptability(graph.g, off) if off else None
    degree: dict[str, dict[str, int]] = {}
    edges = edges_within(graph, ids, kinds)
    for source, target, _, attrs in edges:
        degree.setdefault(target, {}).setdefault(attrs["kind"], 0)
        degree[target][attrs["kind"]] += 1
    nodes = []
    for arg_id in ids:
        data = argument_summary(graph, arg_id)
        data["supporters"] = degree.get(arg_id, {}).get("support", 0)
        data["attackers"] = degree.get(arg_id, {}).get("attack", 0)
        if labels is not None:
            data["grounded"] = labels.get(arg_id)
            if arg_id in off:
                data["off"] = True
        nodes.append({"data": data})
    edge_rows = []
    for source, target, key, attrs in edges:
        data = {"id": key, "source": source, "target": target, "kind": attrs["kind"], "origin": attrs["origin"]}
        for name in ("note", "undercuts", "evidence", "confidence"):
            if name in attrs:
                data[name] = attrs[name]
        edge_rows.append({"data": data})
    return {"nodes": nodes, "edges": edge_rows}


def filters_view(graph: ArgumentGraph, filters: Filters) -> dict:
    """The active filters, with display names, for 'remove this filter' chips."""
    return {
        "authors": [{"id": a, "name": graph.corpus.person_name(a)} for a in filters.authors],
        "years": list(filters.years),
        "from": filters.year_from,
        "to": filters.year_to,
        "document": filters.document,
        "origin": filters.origin,
        "kinds": list(filters.kinds),
    }


def document_summary(graph: ArgumentGraph, doc_id: str) -> dict:
    d = graph.corpus.documents[doc_id]
    ids = graph.by_document.get(doc_id, frozenset())
    return {
        "id": d.id,
        "title": d.display_title,
        "has_title": d.title is not None,
        "title_note": d.title_note,
        "authors": [{"id": a, "name": graph.corpus.person_name(a)} for a in d.authors],
        "authors_note": d.authors_note,
        "date": d.date.isoformat() if d.date else None,
        "year": d.year,
        "year_note": d.year_note,
        "language": d.language,
        "source": d.source,
        "source_note": d.source_note,
        "file": d.file,
        "comments": len(d.comments),
        "arguments": len(ids),
        "url": f"/documents/{d.id}",
    }


def document_detail(graph: ArgumentGraph, doc_id: str, filters: Filters) -> dict:
    """A document's metadata, and its body and comments as runs of text, each run
    listing the arguments whose span covers it (for highlighting and anchors)."""
    d = graph.corpus.documents[doc_id]
    ids = select(graph, Filters(**{**filters.__dict__, "document": doc_id}))
    spans = [(graph.node(i)["start"], graph.node(i)["end"], i) for i in ids]
    segments = []
    for segment in d.segments:
        inside = [s for s in spans if segment.start <= s[0] and s[1] <= segment.end]
        segments.append({
            "id": segment.id,
            "number": segment.number,
            "speaker": segment.speaker,
            "speaker_name": graph.corpus.person_name(segment.speaker),
            "speaker_note": segment.speaker_note,
            "replies_to": list(segment.replies_to),
            "replies_note": segment.replies_note,
            "runs": text_runs(d.text, segment.start, segment.end, inside),
        })
    return {**document_summary(graph, doc_id), "segments": segments,
            "argument_ids": ids}


def text_runs(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[dict]:
    """Split text[start:end] at every span boundary.

    Returns runs {"text", "ids": covering argument ids, "opens": ids starting here}.
    """
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update((s, e))
    points = sorted(c for c in cuts if start <= c <= end)
    runs = []
    for lo, hi in zip(points, points[1:]):
        covering = [i for s, e, i in spans if s <= lo and hi <= e]
        opens = [i for s, _, i in spans if s == lo]
        runs.append({"text": text[lo:hi], "ids": covering, "opens": opens})
    return runs


def map_layout(graph: ArgumentGraph, ids: list[str], viewport: tuple[float, float], *,
               debate: str | None = None, around_id: str | None = None, kinds: tuple[str, ...] = (),
               unfold: tuple[str, ...] | None = None, fold: tuple[str, ...] = (),
               reveal: str | None = None, whole: bool = False) -> layout.Result:
    """Where each argument of `ids` goes on a map drawn in `viewport` (CSS pixels): the
    debates' trees (or one argument's neighbourhood, centred), folded to what fits
    readably unless `unfold` says what to show, or everything unfolded if `whole`."""
    chosen = set(ids)
    labels = {i: graph.g.nodes[i]["label"] for i in ids}
    nodes = {i: {"origin": graph.g.nodes[i]["origin"], "confidence": graph.g.nodes[i].get("confidence")}
             for i in ids}
    edges = [(s, t, attrs["kind"]) for s, t, _, attrs in edges_within(graph, ids, kinds)]
    claims = {c for d in graph.debates for side in d.sides for c in side.claims}
    main = {i for i in ids if graph.g.nodes[i].get("main") or i in claims}
    above: dict[str, list[str]] = {}
    if around_id is not None:
        groups = [layout.Group("around", "", (around_id,))]
        above["around"] = [t for t in dict.fromkeys(graph.g.successors(around_id)) if t in chosen and t != around_id]
    else:
        debates = [d for d in graph.debates if debate is None or d.id == debate]
        groups = [layout.Group(d.id, "" if debate else d.title,
                               tuple(c for side in d.sides for c in side.claims if c in chosen)) for d in debates]
    forest = layout.build_forest(groups, labels, main, edges, above)
    if around_id is not None:
        forest.beyond = answers_beyond(graph, chosen, kinds)
    planner = layout.Planner(forest, nodes, viewport)
    if whole:
        return planner.plan({*forest.children, *(f"group:{g.id}" for g in forest.groups)})
    return planner.plan(set(unfold) if unfold is not None else None, set(fold),
                        reveal if reveal in chosen else None)


def answers_beyond(graph: ArgumentGraph, ids: set[str], kinds: tuple[str, ...] = ()) -> dict[str, dict]:
    """For each argument of `ids`, how many arguments outside `ids` support, attack or
    restate it: the next ring of a neighbourhood, shown as badges that re-centre the map."""
    out: dict[str, dict] = {}
    for arg_id in ids:
        counts = {"for": 0, "against": 0, "same": 0}
        for source, _, kind in graph.g.in_edges(arg_id, data="kind"):
            if source in ids or (kinds and kind not in kinds):
                continue
            counts["same" if kind == "same_as" else "for" if kind == "support" else "against"] += 1
        if any(counts.values()):
            out[arg_id] = counts
    return out
