"""Graph → plain, JSON-ready dicts: what pages render and the API returns.

Every function here is pure: it takes the ArgumentGraph (and ids or filters)
and returns dicts and lists of str/int/float/bool/None only.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

from app import layout
from app.graph import ArgumentGraph, Filters, acceptability, edges_within, facet_counts, neighbourhood, select, tally
from app.i18n import current, debate_title, gettext, label_of, ngettext, pick
from app.moments import AsOf, when
from app.records import Document
from app.semantics import IN, attack_statuses
from app.timeline import document_span, in_time_order


def argument_summary(graph: ArgumentGraph, arg_id: str) -> dict:
    """The fields a list row or a map node needs."""
    a = graph.node(arg_id)
    document = graph.corpus.documents[a["document"]]
    row = {
        "id": arg_id,
        "label": label_of(a),  # in the interface's language when the map has it
        "label_en": a["label"],
        "label_fr": a["label_fr"],
        "quote": a["quote"],
        "speaker": a["speaker"],
        "speaker_name": graph.corpus.person_name(a["speaker"]),
        "year": a["year"],
        "document": a["document"],
        "document_title": title_of(document),
        "segment": a["segment"],
        "origin": a["origin"],
        "main": a["main"],
        "tags": a["tags"],
        "url": f"/arguments/{arg_id}",
        "document_url": document_url(graph, arg_id),
        "grounded": a.get("grounded"),
        "tally": (counts := tally(graph, arg_id)),
        "tally_text": tally_text(counts),
        # the same passage found by the other origin: extraction's copies of a curated
        # argument (folded into it by default), or the curated arguments an extracted one repeats
        "twins": [_twin(graph, t) for t in graph.twins.get(arg_id, ())],
    }
    if a["origin"] == "extracted":
        row["confidence"] = a.get("confidence")
    return row


def _twin(graph: ArgumentGraph, arg_id: str) -> dict:
    a = graph.node(arg_id)
    return {
        "id": arg_id,
        "label": label_of(a),
        "origin": a["origin"],
        "confidence": a.get("confidence"),
        "url": f"/arguments/{arg_id}",
    }


def _tally_word(key: str, n: int) -> str:
    """ "%(num)s supports" and the like, for `n`, in the current language."""
    if key == "supports":
        return ngettext("%(num)s support", "%(num)s supports", n)
    if key == "attacks":
        return ngettext("%(num)s attack", "%(num)s attacks", n)
    return ngettext("%(num)s undercut", "%(num)s undercuts", n)


def tally_parts(counts: dict) -> list[dict]:
    """The words of a tally, in the one vocabulary every page, card and meta uses:
    "9 supports · 10 attacks · 2 undercuts" (undercuts only when there are some)."""
    parts = []
    for key in ("supports", "attacks", "undercuts"):
        n = counts.get(key, 0)
        if key != "undercuts" or n:
            parts.append({"kind": key, "text": _tally_word(key, n)})
    return parts


def tally_text(counts: dict) -> str:
    return " · ".join(p["text"] for p in tally_parts(counts))


def argument_detail(graph: ArgumentGraph, arg_id: str, depth: int = 1) -> dict:
    """One argument with its offsets, its relations each way, and the ids around it."""
    a = graph.node(arg_id)
    hood = neighbourhood(graph, arg_id, depth)

    def linked(entries: list[dict]) -> list[dict]:
        return [
            {**argument_summary(graph, e["id"]), "relation": _relation_view(graph, e)}
            for e in sorted(entries, key=lambda e: graph.node(e["id"])["rank"])
        ]

    document = graph.corpus.documents[a["document"]]
    segment = next(s for s in document.segments if s.id == a["segment"])
    detail = argument_summary(graph, arg_id)
    detail.update(
        {
            # the label in the other language, shown under the title when the map has both
            "other_label": (a["label"] if detail["label"] != a["label"] else a["label_fr"]),
            "start": a["start"],
            "end": a["end"],
            "source_file": a["source_file"],
            # what an edit must name, so that nobody overwrites a change they have not seen
            "version": graph.versions.get(arg_id),
            "comment": segment.number,
            "time": graph.times[arg_id].view(),
            "supporters": linked(hood["supporters"]),
            "attackers": strongest_first(graph, arg_id, linked(hood["attackers"])),
            "undercutters": linked(hood["undercutters"]),
            "supports": linked(hood["supports"]),
            "attacks": linked(hood["attacks"]),
            "same_as": linked(hood["same_as"]),
            "neighbourhood": {"depth": depth, "ids": sorted(hood["within"], key=lambda n: graph.node(n)["rank"])},
        }
    )
    return detail


def _relation_view(graph: ArgumentGraph, entry: dict) -> dict:
    """A relation's attributes; for an undercut, also the inference it undercuts in
    words: the premise (`premise`, `premise_label`) and whether that inference is a
    support or an attack (`undercut_kind`), since undercutting an attack defends."""
    relation = {k: v for k, v in entry.items() if k != "id"}
    if relation.get("undercuts"):
        premise, _, conclusion = relation["undercuts"].partition("->")
        if premise in graph:
            kinds = {k for _, t, k in graph.g.out_edges(premise, data="kind") if t == conclusion}
            relation.update(
                premise=premise,
                premise_label=label_of(graph.node(premise)),
                undercut_kind="attack" if "attack" in kinds else "support",
            )
    return relation


def strongest_first(graph: ArgumentGraph, target: str, attackers: list[dict]) -> list[dict]:
    """Attackers of `target` ordered by strength: the attacks that stand first (the
    attacker is accepted and no accepted argument undercuts the attack, see
    semantics.attack_statuses), then curated before extracted, then by how many
    arguments support the attacker. Each row says whether its attack `stands`
    (True, False, or None when undecided or not judged); the first that stands is
    marked `strongest`."""
    labels = {n: graph.node(n)["grounded"] for n in graph.g.predecessors(target) if graph.node(n).get("grounded")}
    statuses = attack_statuses(graph.g, target, labels)
    for row in attackers:
        row["backing"] = sum(1 for *_, kind in graph.g.in_edges(row["id"], data="kind") if kind == "support")
        status = statuses.get(row["id"])
        row["stands"] = None if status not in ("IN", "OUT") else status == IN
        row["undercut_by"] = [u["id"] for u in _undercutters_of(graph, row["id"], target)]
    ordered = sorted(attackers, key=lambda r: (r["stands"] is not True, r["origin"] != "curated", -r["backing"]))
    if ordered and ordered[0]["stands"]:
        ordered[0]["strongest"] = True
    return ordered


def _undercutters_of(graph: ArgumentGraph, premise: str, conclusion: str) -> list[dict]:
    """The arguments undercutting the inference premise → conclusion, with their labels."""
    inference = f"{premise}->{conclusion}"
    return [
        {"id": u, "grounded": graph.node(u).get("grounded")}
        for u, _, undercuts in graph.g.in_edges(conclusion, data="undercuts")
        if undercuts == inference
    ]


def facets(graph: ArgumentGraph, ids: list[str], every: list[str] | None = None) -> dict:
    """Author, year, document and origin facets with counts among `ids`. The origin
    counts are taken over `every` (the same selection with `origin=all`, twins
    included) when given, so that each count is what choosing it lists."""
    counts = facet_counts(graph, ids)
    times = graph.times
    every = ids if every is None else every
    origins = facet_counts(graph, every)["origin"]
    # the default selection shows each argument once: an extracted twin is folded into
    # the curated argument it restates, so "extracted" counts more than it adds
    once = [i for i in every if i in graph.once]
    extracted_once = sum(1 for i in once if graph.g.nodes[i]["origin"] == "extracted")
    people = graph.corpus.people
    authors = [
        {"id": pid, "name": graph.corpus.person_name(pid), "count": n}
        for pid, n in counts["author"].items()
        if pid is not None
    ]
    authors.sort(key=lambda r: (-r["count"], r["name"].lower()))
    unnamed = counts["author"].get(None, 0)
    return {
        "author": authors,
        "unnamed_speakers": unnamed,
        "year": sorted(
            ({"value": y, "count": n} for y, n in counts["year"].items() if y is not None), key=lambda r: r["value"]
        ),
        # no date and no year known, neither for the argument nor for its document
        "undated": sum(1 for i in ids if times[i].undated),
        "document": [
            {"id": d, "title": title_of(graph.corpus.documents[d]), "count": counts["document"][d]}
            for d in graph.corpus.documents
            if counts["document"][d]
        ],
        "origin": [{"value": o, "count": n} for o, n in sorted(origins.items())],
        "once": len(once),
        "restating": origins.get("extracted", 0) - extracted_once,
        "every": len(every),
        "known_people": len(people),
    }


def graph_elements(
    graph: ArgumentGraph, ids: list[str], kinds: tuple[str, ...] = (), off: tuple[str, ...] = ()
) -> dict:
    """Cytoscape.js elements for the arguments `ids` and the relations among them; with
    arguments switched `off`, the grounded labels are those of the map without them."""
    labels = acceptability(graph.g, off) if off else None
    edges = edges_within(graph, ids, kinds)
    nodes = []
    for arg_id in ids:
        data = argument_summary(graph, arg_id)
        if labels is not None:
            data["grounded"] = labels.get(arg_id)
            data["tally"] = tally(graph, arg_id, labels)
            data["tally_text"] = tally_text(data["tally"])
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
        "from": str(filters.year_from) if filters.year_from is not None else None,
        "to": str(filters.year_to) if filters.year_to is not None else None,
        "asof": filters.asof,
        "asof_name": asof_phrase(graph, filters.asof) if filters.asof else None,
        "document": filters.document,
        "origin": filters.origin,
        "kinds": list(filters.kinds),
    }


def filters_phrase(graph: ArgumentGraph, filters: Filters) -> str:
    """The filters in words, for titles and previews: "by Fred · 2011 · curated only"
    ("" when there are none)."""
    parts = []
    if filters.authors:
        parts.append(
            gettext("by %(names)s", names=", ".join(graph.corpus.person_name(a) or a for a in filters.authors))
        )
    if filters.years:
        parts.append(", ".join(str(y) for y in filters.years))
    if filters.year_from is not None or filters.year_to is not None:
        parts.append(
            " ".join(
                p
                for p in (
                    gettext("from %(year)s", year=filters.year_from) if filters.year_from is not None else "",
                    gettext("to %(year)s", year=filters.year_to) if filters.year_to is not None else "",
                )
                if p
            )
        )
    if filters.document:
        parts.append(gettext("in %(document)s", document=title_of(graph.corpus.documents[filters.document])))
    if filters.origin in ("curated", "extracted"):
        parts.append(gettext("%(origin)s only", origin=origin_name(filters.origin)))
    elif filters.origin == "all":
        parts.append(gettext("extracted twins included"))
    if filters.kinds:
        parts.append(gettext("relations: %(kinds)s", kinds=", ".join(filters.kinds)))
    if filters.asof:
        parts.append(gettext("as of %(moment)s", moment=asof_phrase(graph, filters.asof)))
    return " · ".join(parts)


def asof_phrase(graph: ArgumentGraph, asof: str) -> str:
    """A moment of the debate in words: "comment 3 of Révélation exclusive…", or the date."""
    document, _, k = asof.partition("#")
    if not k:
        return asof
    title = title_of(graph.corpus.documents[document])
    if k == "0":
        return gettext("the post “%(title)s”", title=title)
    return gettext("comment %(k)s of “%(title)s”", k=k, title=title)


def corpus_view(graph: ArgumentGraph) -> dict:
    """What the corpus is, in the reader's language, as the home page and its card say it:
    `topic` (its question, None when documents.yaml names none); `sources`, what argues
    ("5 documents in French (2011; 2 undated) and 8 comments"); `voices`, how many documents
    and comments that is; `language`, the documents' one language (None when they have
    several)."""
    corpus = graph.corpus
    documents = corpus.documents.values()
    comments = sum(len(d.comments) for d in documents)
    languages = {d.language for d in documents}
    language = _language_name(next(iter(languages))) if len(languages) == 1 else None
    sources = ngettext("%(num)s document", "%(num)s documents", len(documents))
    if language:
        sources = gettext("%(documents)s in %(language)s", documents=sources, language=language)
    dated = [start.year if start else None for start, _ in map(document_span, documents)]
    years = sorted(set(dated) - {None})
    if years:
        span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])
        undated = dated.count(None)
        if undated:  # what the data does not say is not guessed: the span is the dated ones'
            span = ngettext("%(years)s; %(num)s undated", "%(years)s; %(num)s undated", undated, years=span)
        sources += f" ({span})"
    if comments:
        sources = gettext(
            "%(documents)s and %(comments)s",
            documents=sources,
            comments=ngettext("%(num)s comment", "%(num)s comments", comments),
        )
    return {
        "topic": pick(corpus.topic, corpus.topic_fr) if corpus.topic else None,
        "sources": sources,
        "voices": len(documents) + comments,
        "language": language,
    }


def _language_name(code: str) -> str:
    """A language's name in the reader's language ("French", "français"); the code itself
    when Babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_language_name(current()) or code
    except (ValueError, UnknownLocaleError):
        return code


def title_of(document: Document) -> str:
    """A document's title, or its opening words when it has none, in the reader's language."""
    if document.title:
        return document.title
    return gettext("Untitled: “%(words)s…”", words=document.opening)


def origin_name(origin: str) -> str:
    """An origin filter's value in words: curated, extracted, all."""
    names = {"curated": gettext("curated"), "extracted": gettext("extracted"), "all": gettext("all")}
    return names.get(origin, origin)


def document_summary(graph: ArgumentGraph, doc_id: str) -> dict:
    d = graph.corpus.documents[doc_id]
    ids = graph.by_document.get(doc_id, frozenset()) & graph.once
    return {
        "id": d.id,
        "title": title_of(d),
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
        "original": d.original,
        "comments": len(d.comments),
        "arguments": len(ids),
        "url": f"/documents/{d.id}",
    }


PART_CHARS = 50_000  # characters of a document shown on one page: a long one reads in parts


@functools.lru_cache(maxsize=256)
def document_parts(document: Document) -> tuple[tuple[int, int], ...]:
    """(start, end) of each part of a document's text: cut at the first paragraph break
    (else line break) after every PART_CHARS characters; one part when it is short."""
    text, cuts, at = document.text, [0], PART_CHARS
    while at < len(text):
        cut = text.find("\n\n", at)
        cut = cut if cut != -1 else text.find("\n", at)
        if cut == -1 or len(text) - cut < PART_CHARS // 10:  # no break left, or only a crumb after it
            break
        cuts.append(cut + 1)
        at = cut + 1 + PART_CHARS
    cuts.append(len(text))
    return tuple(zip(cuts, cuts[1:]))


def document_part(document: Document, offset: int) -> int:
    """The 1-based number of the part holding character `offset`."""
    return next((k for k, (_, end) in enumerate(document_parts(document), 1) if offset < end), 1)


def document_url(graph: ArgumentGraph, arg_id: str) -> str:
    """Where an argument reads in context: its document's page (the right part of a long
    one) at its anchor."""
    a = graph.node(arg_id)
    document = graph.corpus.documents[a["document"]]
    part = document_part(document, a["start"])
    return f"/documents/{a['document']}" + (f"?part={part}" if part > 1 else "") + f"#arg-{arg_id}"


def document_detail(graph: ArgumentGraph, doc_id: str, filters: Filters, part: int = 1) -> dict:
    """A document's metadata, and the segments (body, comments) of one part of its text
    as runs, each run listing the arguments whose span covers it (for highlighting and
    anchors); `parts` says how many parts there are. `part` must exist."""
    d = graph.corpus.documents[doc_id]
    ids = select(graph, Filters(**{**filters.__dict__, "document": doc_id}))
    spans = [(graph.node(i)["start"], graph.node(i)["end"], i) for i in ids]
    parts = document_parts(d)
    lo, hi = parts[part - 1]
    segments = []
    for segment in d.segments:
        start, end = max(segment.start, lo), min(segment.end, hi)
        if start >= end:
            continue
        inside = [s for s in spans if start <= s[0] and s[1] <= end]
        segments.append(
            {
                "id": segment.id,
                "number": segment.number,
                "speaker": segment.speaker,
                "speaker_name": graph.corpus.person_name(segment.speaker),
                "speaker_note": segment.speaker_note,
                "replies_to": list(segment.replies_to),
                "replies_note": segment.replies_note,
                "continued": start > segment.start,
                "runs": _with_twin_anchors(graph, text_runs(d.text, start, end, inside), set(ids)),
            }
        )
    return {
        **document_summary(graph, doc_id),
        "segments": segments,
        "parts": {"count": len(parts), "current": part, "start": lo, "end": hi},
        "argument_ids": ids,
    }


def _with_twin_anchors(graph: ArgumentGraph, runs: list[dict], shown: set[str]) -> list[dict]:
    """Give each run an `anchors` list: the arguments opening there, and the folded
    twins of those (not shown themselves), so that every argument's #arg- link lands."""
    for run in runs:
        run["anchors"] = run["opens"] + [
            t
            for i in run["opens"]
            for t in graph.twins.get(i, ())
            if t not in shown and graph.node(t)["origin"] == "extracted"
        ]
    return runs


def text_runs(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> list[dict]:
    """Split text[start:end] at every span boundary.

    Returns runs {"text", "start": its offset in `text`, "ids": covering argument ids,
    "opens": ids starting here}.
    """
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update((s, e))
    points = sorted(c for c in cuts if start <= c <= end)
    runs = []
    for lo, hi in zip(points, points[1:]):
        covering = [i for s, e, i in spans if s <= lo and hi <= e]
        opens = [i for s, _, i in spans if s == lo]
        runs.append({"text": text[lo:hi], "start": lo, "ids": covering, "opens": opens})
    return runs


def map_layout(
    graph: ArgumentGraph,
    ids: list[str],
    viewport: tuple[float, float],
    *,
    debate: str | None = None,
    around_id: str | None = None,
    kinds: tuple[str, ...] = (),
    unfold: tuple[str, ...] | None = None,
    fold: tuple[str, ...] = (),
    reveal: str | None = None,
    whole: bool = False,
) -> layout.Result:
    """Where each argument of `ids` goes on a map drawn in `viewport` (CSS pixels): the
    debates' trees (or one argument's neighbourhood, centred), folded to what fits
    readably unless `unfold` says what to show, or everything unfolded if `whole`."""
    chosen = set(ids)
    labels = {i: label_of(graph.g.nodes[i]) for i in ids}
    nodes = {i: {"origin": graph.g.nodes[i]["origin"], "confidence": graph.g.nodes[i].get("confidence")} for i in ids}
    edges = [(s, t, attrs["kind"]) for s, t, _, attrs in edges_within(graph, ids, kinds)]
    claims = {c for d in graph.debates for side in d.sides for c in side.claims}
    main = {i for i in ids if graph.g.nodes[i].get("main") or i in claims}
    above: dict[str, list[str]] = {}
    if around_id is not None:
        groups = [layout.Group("around", "", (around_id,))]
        above["around"] = [t for t in dict.fromkeys(graph.g.successors(around_id)) if t in chosen and t != around_id]
    else:
        debates = [d for d in graph.debates if debate is None or d.id == debate]
        groups = [
            layout.Group(
                d.id,
                "" if debate else debate_title(d),
                tuple(c for side in d.sides for c in side.claims if c in chosen),
            )
            for d in debates
        ]
    forest = layout.build_forest(groups, labels, main, edges, above, rest_title=gettext("Other arguments"))
    if around_id is not None:
        forest.beyond = answers_beyond(graph, chosen, kinds)
    planner = layout.Planner(forest, nodes, viewport)
    if whole:
        return planner.plan({*forest.children, *(f"group:{g.id}" for g in forest.groups)})
    return planner.plan(set(unfold) if unfold is not None else None, set(fold), reveal if reveal in chosen else None)


def answers_beyond(graph: ArgumentGraph, ids: set[str], kinds: tuple[str, ...] = ()) -> dict[str, dict]:
    """For each argument of `ids`, how many arguments outside `ids` support, attack or
    restate it: the next ring of a neighbourhood, shown as badges that re-centre the map.
    An extracted twin folded into its curated argument is that argument, not an answer."""
    out: dict[str, dict] = {}
    for arg_id in ids:
        counts = {"for": 0, "against": 0, "same": 0}
        for source, _, kind in graph.g.in_edges(arg_id, data="kind"):
            if source in ids or (kinds and kind not in kinds) or source not in graph.once:
                continue
            counts["same" if kind == "same_as" else "for" if kind == "support" else "against"] += 1
        if any(counts.values()):
            out[arg_id] = counts
    return out


def _curated_kinds(graph: ArgumentGraph, source: str, target: str) -> list[str]:
    """The kinds of the hand-made relations from `source` to `target`."""
    edges = graph.g.get_edge_data(source, target, default={})
    return sorted({attrs["kind"] for attrs in edges.values() if attrs.get("origin") == "curated"})


def suggestions_view(graph: ArgumentGraph, arg_id: str) -> list[dict]:
    """The relations proposed to the curator for this argument, each with the other argument,
    the direction ("out": this one would support or attack it; "in": the reverse), and whether
    the curated map already has it."""
    out = []
    for s in graph.suggestions.get(arg_id, ()):
        other = s.target if s.source == arg_id else s.source
        if other not in graph:
            continue
        out.append(
            {
                "direction": "out" if s.source == arg_id else "in",
                "kind": s.kind,
                "confidence": s.confidence,
                "evidence": list(s.evidence),
                # the map may link the two already, as this kind of relation or as another
                "in_map": bool(kinds := _curated_kinds(graph, s.source, s.target)),
                "map_kinds": kinds,
                "argument": argument_summary(graph, other),
            }
        )
    return out


def timeline_view(
    graph: ArgumentGraph, filters: Filters, asof: AsOf | None = None, within: set[str] | None = None
) -> list[dict]:
    """The documents in time order (undated ones last, said to be undated), each with its
    post and every comment of its thread in order, and the arguments made in each that pass
    `filters` (and are `within` a debate when given). At a moment `asof`, what came later is
    left out: comments after it, documents known to be later."""
    shown = set(select(graph, filters, within=within))
    rows = []
    for document in in_time_order(graph.corpus.documents.values()):
        earliest, latest = document_span(document)
        if asof is not None and asof.date is not None and earliest is not None and earliest > asof.date:
            continue
        made: dict[int, list[str]] = {}
        for arg_id in sorted(graph.by_document.get(document.id, ()) & shown, key=lambda n: graph.node(n)["rank"]):
            made.setdefault(graph.times[arg_id].position, []).append(arg_id)
        if within is not None and not made:
            continue
        steps = []
        for segment in document.segments:
            position = segment.number or 0
            if asof is not None and asof.document == document.id and position > (asof.position or 0):
                break
            steps.append(
                {
                    "position": position,
                    "speaker": segment.speaker,
                    "speaker_name": graph.corpus.person_name(segment.speaker),
                    "date": segment.date.isoformat() if segment.date else None,
                    "replies_to": list(segment.replies_to),
                    "asof": f"{document.id}#{position}",
                    "url": f"/documents/{document.id}#{segment.id}",
                    "arguments": [argument_summary(graph, i) for i in made.get(position, ())],
                }
            )
        rows.append({**document_summary(graph, document.id), "when": when(earliest, latest), "steps": steps})
    return rows
