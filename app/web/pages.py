"""HTML pages, each with a JSON twin (see rendering.page)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.graph import ArgumentGraph, Filters, around, debate_ids, most_contested, relation_counts, select
from app.i18n import debate_question, debate_title, gettext, label_of, ngettext, side_name
from app.outline import ids_in, outline
from app.search import search, where_matched
from app.timeline import history, thread_positions
from app.web import views
from app.web.cards import Card, render_card
from app.web.lookup import debate_or_404, document_or_404, graph_ids, person_or_404, require_argument
from app.web.params import FILTER_KEYS, AsOfDep, FiltersDep, GraphDep, OffDep, WholeGraphDep
from app.web.rendering import page
from app.web.urls import absolute_url, with_query

router = APIRouter()
MAX_EMBEDDED = 30  # arguments in the map embedded in an argument's page
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _listing(request: Request, graph: ArgumentGraph, ids: list[str], offset: int) -> dict:
    limit = request.app.state.settings.page_size
    shown = ids[offset : offset + limit]
    return {
        "total": len(ids),
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if offset + limit < len(ids) else None,
        "prev_offset": max(0, offset - limit) if offset else None,
        "arguments": [views.argument_summary(graph, i) for i in shown],
    }


def _every(graph: ArgumentGraph, filters: Filters) -> list[str]:
    """The selection of `filters` with every record, extracted twins included."""
    return select(graph, dataclasses.replace(filters, origin="all"))


def _common(graph: ArgumentGraph, filters: Filters, ids: list[str], every: list[str] | None = None) -> dict:
    return {
        "filters": views.filters_view(graph, filters),
        "has_filters": not filters.is_empty,
        "facets": views.facets(graph, ids, every if every is not None else _every(graph, filters)),
    }


SHOWN_CLAIMS = 12  # main claims a debate card or page lists by side; the outline lists them all


def _debate_view(graph: ArgumentGraph, debate) -> dict:
    sides = [
        {
            "name": side_name(side),
            "claims": [views.argument_summary(graph, c) for c in side.claims[:SHOWN_CLAIMS]],
            "more": max(0, len(side.claims) - SHOWN_CLAIMS),
        }
        for side in debate.sides
    ]
    return {
        "id": debate.id,
        "title": debate_title(debate),
        "question": debate_question(debate),
        "sides": sides,
        "arguments": len(debate_ids(graph, debate)),
        "url": f"/debates/{debate.id}",
        "map_url": f"/map?debate={debate.id}",
        "version": graph.versions.get(f"debate:{debate.id}"),
    }


def _corpus_counts(graph: ArgumentGraph, ids: list[str]) -> dict:
    """What the shown arguments are and how they are linked, in the tally's vocabulary."""
    origins = {o: 0 for o in ("curated", "extracted")}
    for i in ids:
        origins[graph.node(i)["origin"]] += 1
    relations = relation_counts(graph, ids)
    return {
        "arguments": len(ids),
        "curated": origins["curated"],
        "extracted": origins["extracted"],
        "relations": sum(relations.values()),
        "tally": {"supports": relations["support"], "attacks": relations["attack"], "undercuts": relations["undercut"]},
    }


@page(router, "/", "home.html", section="home")
def home(request: Request, graph: GraphDep, filters: FiltersDep) -> dict:
    ids = select(graph, filters)
    return {
        "debates": [_debate_view(graph, d) for d in graph.debates],
        "documents": [views.document_summary(graph, d) for d in graph.corpus.documents],
        "most_contested": [views.argument_summary(graph, i) for i in most_contested(graph, ids, limit=8)],
        "total": len(ids),
        "counts": _corpus_counts(graph, ids),
        "corpus": views.corpus_view(graph),
        "card_url": absolute_url(request, "/card.png"),
        **_common(graph, filters, ids),
    }


@page(router, "/arguments", "arguments.html", section="arguments")
def arguments(request: Request, graph: GraphDep, filters: FiltersDep, offset: Offset = 0) -> dict:
    ids = select(graph, filters)
    return {**_listing(request, graph, ids, offset), **_common(graph, filters, ids)}


@page(router, "/arguments/{arg_id}", "argument.html", section="arguments")
def argument(request: Request, graph: GraphDep, whole: WholeGraphDep, arg_id: str) -> dict:
    require_argument(whole, arg_id)
    if arg_id not in graph:
        raise HTTPException(
            404, f"The argument '{arg_id}' had not been made yet as of {views.asof_phrase(whole, graph.asof)}."
        )
    # Two relations out when that stays readable; a hub's first ring is map enough.
    depth = 2 if len(around(graph, [arg_id], 2)) <= MAX_EMBEDDED else 1
    detail = views.argument_detail(graph, arg_id, depth=depth)
    detail["permalink"] = absolute_url(request, f"/arguments/{arg_id}")
    detail["suggestions"] = views.suggestions_view(graph, arg_id)
    detail["history"] = history(whole, arg_id)
    return {"argument": detail}


@page(router, "/documents", "documents.html", section="documents")
def documents(request: Request, graph: GraphDep) -> dict:
    return {"documents": [views.document_summary(graph, d) for d in graph.corpus.documents]}


@page(router, "/documents/{doc_id}", "document.html", section="documents")
def document(
    request: Request,
    graph: GraphDep,
    filters: FiltersDep,
    doc_id: str,
    offset: Offset = 0,
    part: Annotated[int, Query(ge=1, le=100_000, description="Part of a long document")] = 1,
) -> dict:
    count = len(views.document_parts(document_or_404(graph, doc_id)))
    if part > count:
        raise HTTPException(
            404,
            ngettext(
                "The document '%(id)s' has %(num)s part, not %(part)s.",
                "The document '%(id)s' has %(num)s parts, not %(part)s.",
                count,
                id=doc_id,
                part=part,
            ),
        )
    detail = views.document_detail(graph, doc_id, filters, part)
    # the list of its arguments is paged like every list: a long imported map has thousands
    listing = _listing(request, graph, detail.pop("argument_ids"), offset)
    detail["arguments_list"] = listing.pop("arguments")
    detail["listing"] = listing
    for segment in detail["segments"]:
        for run in segment["runs"]:
            run.update(_passage(graph, run["ids"]))
    return {"document": detail, "filters": views.filters_view(graph, filters), "has_filters": not filters.is_empty}


def _passage(graph: ArgumentGraph, ids: list[str]) -> dict:
    """Where a highlighted run of a document leads, and its shade: the innermost curated
    argument covering it (else the innermost extracted one); curated when any covers it."""
    curated = [i for i in ids if graph.node(i)["origin"] == "curated"]
    target = (curated or ids)[-1] if ids else None
    return {
        "target": target,
        "target_label": label_of(graph.node(target)) if target else None,
        "shade": ("curated" if curated else "extracted") if ids else None,
    }


@page(router, "/authors", "authors.html", section="authors")
def authors(request: Request, graph: GraphDep) -> dict:
    rows = []
    for person in graph.corpus.people.values():
        rows.append(
            {
                "id": person.id,
                "name": person.name,
                "note": person.note,
                "arguments": len(select(graph, Filters(authors=(person.id,)))),
                "documents": [d.id for d in graph.corpus.documents.values() if person.id in d.authors],
                "url": f"/authors/{person.id}",
            }
        )
    rows.sort(key=lambda r: (-r["arguments"], r["name"].lower()))
    return {"authors": rows, "unnamed_arguments": len(graph.by_author.get(None, frozenset()) & graph.once)}


@page(router, "/authors/{person_id}", "author.html", section="authors")
def author(request: Request, graph: GraphDep, filters: FiltersDep, person_id: str, offset: Offset = 0) -> dict:
    person = person_or_404(graph, person_id)
    own = Filters(**{**filters.__dict__, "authors": (person_id,)})
    ids = select(graph, own)
    attacked_by = set()
    for i in ids:
        for _, target, kind in graph.g.out_edges(i, data="kind"):
            speaker = graph.node(target)["speaker"]
            if kind == "attack" and speaker not in (None, person_id):
                attacked_by.add(speaker)
    return {
        "author": {
            "id": person.id,
            "name": person.name,
            "note": person.note,
            "url": f"/authors/{person.id}",
            "documents": [
                views.document_summary(graph, d.id) for d in graph.corpus.documents.values() if person.id in d.authors
            ],
            "argues_against": [{"id": p, "name": graph.corpus.person_name(p)} for p in sorted(attacked_by)],
        },
        **_listing(request, graph, ids, offset),
        **_common(graph, own, ids),
    }


@page(router, "/search", "search.html")
def search_page(
    request: Request,
    graph: GraphDep,
    filters: FiltersDep,
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Offset = 0,
) -> dict:
    index = request.app.state.search_index
    ids = search(index, q, select(graph, filters)) if q.strip() else []
    every = search(index, q, _every(graph, filters)) if q.strip() else []
    listing = _listing(request, graph, ids, offset)
    for row in listing["arguments"]:
        row["match"] = where_matched(graph, row["id"], q)  # label, quote and speaker as marked HTML
    return {"q": q, **listing, **_common(graph, filters, ids, every)}


@page(router, "/debates/{debate_id}", "debate.html", section="home")
def debate(request: Request, graph: GraphDep, whole: WholeGraphDep, debate_id: str) -> dict:
    whole_debate = debate_or_404(whole, debate_id)
    view = _debate_view(graph, debate_or_404(graph, debate_id))
    view["card_url"] = absolute_url(request, f"/debates/{debate_id}/card.png")
    view["timeline_url"] = f"/debates/{debate_id}/timeline"
    view["not_yet"] = sum(len(s.claims) for s in whole_debate.sides) - sum(
        len(s.claims) for s in debate_or_404(graph, debate_id).sides
    )
    threads = _threads(whole, debate_ids(whole, whole_debate), graph.asof)
    return {"debate": view, "threads": threads, "asof": graph.asof}


def _threads(whole: ArgumentGraph, ids: list[str], asof: str | None) -> list[dict]:
    """The comment threads the arguments `ids` were made in: for each of their documents
    that has comments, its steps (the post, then each comment), and which step `asof` is
    at (the last one when `asof` names no step of it)."""
    threads = []
    for doc_id in dict.fromkeys(whole.node(i)["document"] for i in ids):
        if not whole.corpus.documents[doc_id].comments:
            continue
        steps = thread_positions(whole, doc_id)
        at = next((k for k, step in enumerate(steps) if step["asof"] == asof), len(steps) - 1)
        threads.append(
            {
                "document": doc_id,
                "title": whole.corpus.documents[doc_id].display_title,
                "steps": steps,
                "at": at,
                "at_end": at == len(steps) - 1,
            }
        )
    return threads


@page(router, "/timeline", "timeline.html", section="documents")
def timeline(request: Request, graph: GraphDep, filters: FiltersDep, asof: AsOfDep = None) -> dict:
    ids = select(graph, filters)
    return {
        "title": "Timeline",
        "documents": views.timeline_view(graph, filters, asof),
        "undated": sum(1 for i in ids if graph.times[i].undated),
        "total": len(ids),
        "debate": None,
        **_common(graph, filters, ids),
    }


@page(router, "/debates/{debate_id}/timeline", "timeline.html", section="home")
def debate_timeline(
    request: Request, graph: GraphDep, filters: FiltersDep, debate_id: str, asof: AsOfDep = None
) -> dict:
    found = debate_or_404(graph, debate_id)
    within = set(debate_ids(graph, found))
    ids = select(graph, filters, within=within)
    return {
        "title": debate_title(found),
        "documents": views.timeline_view(graph, filters, asof, within=within),
        "undated": sum(1 for i in ids if graph.times[i].undated),
        "total": len(ids),
        "debate": {"id": found.id, "title": debate_title(found), "url": f"/debates/{found.id}"},
        **_common(graph, filters, ids),
    }


@page(router, "/debates/{debate_id}/outline", "outline.html", section="home")
def debate_outline(request: Request, graph: GraphDep, debate_id: str) -> dict:
    found = debate_or_404(graph, debate_id)
    # One outline for both sides, so that an argument answering both is shown in full once.
    everything = outline(graph, [c for side in found.sides for c in side.claims])
    by_root = {item["id"]: item for item in everything}
    sides = [
        {
            "name": side_name(side),
            "claims": [_outline_row(graph, found.id, by_root.pop(c)) for c in side.claims if c in by_root],
        }
        for side in found.sides
    ]
    return {
        "debate": {
            "id": found.id,
            "title": debate_title(found),
            "question": debate_question(found),
            "url": f"/debates/{found.id}",
            "map_url": f"/map?debate={found.id}",
            "arguments": len(ids_in(everything)),
        },
        "sides": sides,
    }


def _outline_row(graph: ArgumentGraph, debate_id: str, item: dict) -> dict:
    """An outline item with what its line shows, and how many answers of each kind it has."""
    children = [_outline_row(graph, debate_id, c) for c in item["children"]]
    a = views.argument_summary(graph, item["id"])
    return {
        "id": a["id"],
        "label": a["label"],
        "speaker": a["speaker"],
        "speaker_name": a["speaker_name"],
        "year": a["year"],
        "origin": a["origin"],
        "grounded": a["grounded"],
        "main": a["main"],
        "url": a["url"],
        "map_url": with_query("/map", [("debate", debate_id), ("focus", a["id"])]),
        "relation": item["relation"],
        "inference": item["inference"],
        "repeat": item["repeat"],
        "counts": {k: sum(1 for c in children if c["relation"] == k) for k in ("support", "attack", "undercut")},
        "children": children,
    }


@page(router, "/map", "map.html", section="map")
def map_page(
    request: Request,
    graph: GraphDep,
    whole: WholeGraphDep,
    filters: FiltersDep,
    focus: Annotated[str | None, Query(max_length=100, description="Argument to select")] = None,
    debate: Annotated[str | None, Query(max_length=100, description="Debate to show")] = None,
    around_id: Annotated[
        str | None, Query(alias="around", max_length=100, description="Show only this argument's neighbourhood")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=5, description="Neighbourhood depth for `around`")] = 1,
    off: OffDep = (),
) -> dict:
    for wanted in (focus, around_id):
        if wanted is not None and wanted not in graph:
            raise HTTPException(404, gettext("There is no argument '%(id)s'.", id=wanted))
    ids = graph_ids(graph, filters, debate, around_id, depth)
    found = next((d for d in graph.debates if d.id == debate), None)
    query = [
        (k, v) for k, v in request.query_params.multi_items() if k in {*FILTER_KEYS, "debate", "around", "depth", "off"}
    ]
    every_moment = graph_ids(whole, dataclasses.replace(filters, asof=None), debate, around_id, depth)
    return {
        "filters": views.filters_view(graph, filters),
        "has_filters": not filters.is_empty,
        "facets": views.facets(
            graph, ids, graph_ids(graph, dataclasses.replace(filters, origin="all"), debate, around_id, depth)
        ),
        "threads": _threads(whole, every_moment, graph.asof),
        "focus": focus,
        "debate": {"id": found.id, "title": debate_title(found), "question": debate_question(found)} if found else None,
        "around": {
            "id": around_id,
            "label": label_of(graph.g.nodes[around_id]),
            "depth": depth,
            "whole_url": with_query(
                "/map", [(k, v) for k, v in request.query_params.multi_items() if k not in {"around", "depth"}]
            ),
        }
        if around_id
        else None,
        "off": off,
        "export_url": with_query("/export", [(k, v) for k, v in query if k not in {"around", "depth", "off"}]),
        "share_url": absolute_url(request, with_query("/map", query)),
        "card_url": absolute_url(request, with_query("/map/card.png", [(k, v) for k, v in query if k != "off"])),
        "summary": views.filters_phrase(graph, filters),
        "map_exports": {ext: with_query(f"/map.{ext}", query) for ext in ("png", "svg", "pdf")},
        "all_on_url": with_query("/map", [(k, v) for k, v in request.query_params.multi_items() if k != "off"]),
        "graph_url": with_query("/api/graph", query),
        "list_url": with_query("/arguments", filters.query()),
        "total": len(ids),
        "arguments": [views.argument_summary(graph, i) for i in ids],
        "people": [{"id": p.id, "name": p.name} for p in graph.corpus.people.values()],
        "years": graph.years,
    }


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, "api_docs.html", {"section": "api"})


# ---------------------------------------------------------------- preview cards (og:image)


def _png(card: Card) -> Response:
    return Response(render_card(card), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"})


def _tally_pairs(counts: dict) -> tuple[tuple[str, str], ...]:
    return tuple((p["kind"], p["text"]) for p in views.tally_parts(counts))


def argument_card(graph: ArgumentGraph, arg_id: str) -> Card:
    """The preview card of an argument's permalink."""
    a = views.argument_summary(graph, arg_id)
    byline = f"{a['speaker_name'] or gettext('An unnamed author')}, {a['year'] or gettext('year unknown')}"
    return Card(gettext("Argmap · argument"), a["label"], a["quote"], byline, _tally_pairs(a["tally"]), quoted=True)


def debate_card(graph: ArgumentGraph, debate) -> Card:
    """The preview card of a debate page."""
    ids = debate_ids(graph, debate)
    sides = gettext(" vs ").join(side_name(side) for side in debate.sides)
    return Card(
        gettext("Argmap · debate"),
        debate_title(debate),
        debate_question(debate),
        ngettext("%(num)s argument", "%(num)s arguments", len(ids)) + f" · {sides}",
        _tally_pairs(_corpus_counts(graph, ids)["tally"]),
    )


def home_card(graph: ArgumentGraph) -> Card:
    """The preview card of the home page."""
    counts = _corpus_counts(graph, select(graph, Filters()))
    corpus = views.corpus_view(graph)
    return Card(
        "Argmap",
        corpus["topic"] or gettext("Debates"),
        ngettext(
            "%(num)s argument from %(sources)s, mapped",
            "%(num)s arguments from %(sources)s, mapped",
            counts["arguments"],
            sources=corpus["sources"],
        )
        + gettext(": who claims what, why, and who answers whom."),
        ngettext("%(num)s debate", "%(num)s debates", len(graph.debates))
        + " · "
        + ngettext("%(num)s document", "%(num)s documents", len(graph.corpus.documents)),
        _tally_pairs(counts["tally"]),
    )


def map_card(graph: ArgumentGraph, filters: Filters, debate, around_id: str | None, ids: list[str]) -> Card:
    """The preview card of a map link: what it shows and with which filters."""
    if around_id is not None:
        title = gettext("Around: %(label)s", label=label_of(graph.node(around_id)))
    else:
        title = debate_title(debate) if debate is not None else gettext("Argument map")
    body = views.filters_phrase(graph, filters) or (
        debate_question(debate)
        if debate is not None
        else gettext("Every debate of the corpus: who supports or attacks whom.")
    )
    return Card(
        gettext("Argmap · argument map"),
        title,
        body,
        ngettext("%(num)s argument", "%(num)s arguments", len(ids)),
        _tally_pairs(_corpus_counts(graph, ids)["tally"]),
    )


@router.api_route("/arguments/{arg_id}/card.png", methods=["GET", "HEAD"], include_in_schema=False)
def argument_card_png(request: Request, graph: GraphDep, arg_id: str) -> Response:
    require_argument(graph, arg_id, suffix="/card.png")
    return _png(argument_card(graph, arg_id))


@router.api_route("/debates/{debate_id}/card.png", methods=["GET", "HEAD"], include_in_schema=False)
def debate_card_png(request: Request, graph: GraphDep, debate_id: str) -> Response:
    return _png(debate_card(graph, debate_or_404(graph, debate_id)))


@router.api_route("/card.png", methods=["GET", "HEAD"], include_in_schema=False)
def home_card_png(request: Request, graph: GraphDep) -> Response:
    return _png(home_card(graph))


@router.api_route("/map/card.png", methods=["GET", "HEAD"], include_in_schema=False)
def map_card_png(
    request: Request,
    graph: GraphDep,
    filters: FiltersDep,
    debate: Annotated[str | None, Query(max_length=100)] = None,
    around_id: Annotated[str | None, Query(alias="around", max_length=100)] = None,
    depth: Annotated[int, Query(ge=1, le=5)] = 1,
) -> Response:
    ids = graph_ids(graph, filters, debate, around_id, depth)
    found = debate_or_404(graph, debate) if debate else None
    return _png(map_card(graph, filters, found, around_id, ids))
