"""The JSON API under /api (documented at /docs)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from app.curation import topic_version
from app.graph import Filters, acceptability, preferred_extensions, select, select_page
from app.i18n import label_of
from app.semantics import LABELS, TooManyUndecided
from app.web import views
from app.web.lookup import debate_or_404, document_or_404, graph_ids, person_or_404, require_argument
from app.web.params import FiltersDep, GraphDep, LayoutDep, LimitDep, OffDep


class ParameterErrorOut(BaseModel):
    """One bad query parameter, with the value given and what is wrong, in plain words."""

    parameter: str
    value: str | int | float | None
    message: str


class ErrorOut(BaseModel):
    """Every 4xx/5xx answer of the API (see app/web/errors.py)."""

    status: int
    error: str
    detail: str | list[str]
    errors: list[ParameterErrorOut] | None = None


router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        400: {"model": ErrorOut, "description": "Too many query parameters"},
        404: {"model": ErrorOut, "description": "Unknown id"},
        414: {"model": ErrorOut, "description": "Query string too long"},
        422: {"model": ErrorOut, "description": "Invalid parameters"},
    },
)


@router.get("/arguments", summary="Arguments, filtered and paginated")
async def api_arguments(
    graph: GraphDep,
    filters: FiltersDep,
    limit: LimitDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict:
    ids, total = select_page(graph, filters, offset, limit)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "filters": views.filters_view(graph, filters),
        "items": [views.argument_summary(graph, i) for i in ids],
    }


@router.get(
    "/arguments/{arg_id}",
    summary="One argument with its neighbourhood",
    responses={
        301: {"description": "A retired id (an earlier extraction's): moved to the argument now covering its span"},
        410: {"model": ErrorOut, "description": "A retired id whose passage no argument covers any more"},
    },
)
async def api_argument(
    graph: GraphDep, arg_id: str, depth: Annotated[int, Query(ge=1, le=5, description="Chain depth")] = 1
) -> dict:
    require_argument(graph, arg_id, prefix="/api/arguments/")
    return views.argument_detail(graph, arg_id, depth)


@router.get("/arguments/{arg_id}/suggestions", summary="Relations proposed to the curator for one argument")
async def api_argument_suggestions(graph: GraphDep, arg_id: str) -> dict:
    """Up to five relations to or from this argument that the pair model proposes (held out by
    document), with kind, confidence and evidence; not part of the map."""
    require_argument(graph, arg_id, prefix="/api/arguments/", suffix="/suggestions")
    return {"id": arg_id, "suggestions": views.suggestions_view(graph, arg_id)}


@router.get("/documents", summary="Documents of the corpus")
async def api_documents(graph: GraphDep) -> dict:
    return {"items": [views.document_summary(graph, d) for d in graph.corpus.documents]}


@router.get("/documents/{doc_id}", summary="One document with its segments and argument spans")
async def api_document(graph: GraphDep, filters: FiltersDep, doc_id: str) -> dict:
    document_or_404(graph, doc_id)
    return views.document_detail(graph, doc_id, filters)


@router.get("/authors", summary="People who speak in the corpus")
async def api_authors(graph: GraphDep) -> dict:
    return {
        "items": [
            {"id": p.id, "name": p.name, "note": p.note, "arguments": len(select(graph, Filters(authors=(p.id,))))}
            for p in graph.corpus.people.values()
        ]
    }


@router.get("/authors/{person_id}", summary="One author and their arguments")
async def api_author(graph: GraphDep, filters: FiltersDep, person_id: str) -> dict:
    person = person_or_404(graph, person_id)
    ids = select(graph, Filters(**{**filters.__dict__, "authors": (person_id,)}))
    return {
        "id": person.id,
        "name": person.name,
        "note": person.note,
        "arguments": [views.argument_summary(graph, i) for i in ids],
    }


@router.get("/corpus", summary="What the documents argue about (its topic), with the version an edit names")
async def api_corpus(graph: GraphDep) -> dict:
    corpus = graph.corpus
    return {
        "topic": corpus.topic,
        "topic_fr": corpus.topic_fr,
        "documents": len(corpus.documents),
        "version": topic_version(corpus.topic, corpus.topic_fr),
    }


@router.get("/debates", summary="The debates: entry points of the map")
async def api_debates(graph: GraphDep) -> dict:
    return {"items": [_debate_record(graph, d) for d in graph.debates]}


@router.get("/debates/{debate_id}", summary="One debate as curators edit it, with its version and claims' labels")
async def api_debate(graph: GraphDep, debate_id: str) -> dict:
    debate = debate_or_404(graph, debate_id)
    claims = dict.fromkeys(c for side in debate.sides for c in side.claims)
    return {
        **_debate_record(graph, debate),
        "labels": {c: label_of(graph.node(c)) for c in claims if c in graph},
    }


def _debate_record(graph, debate) -> dict:
    """A debate as `debates.yaml` states it, in both languages, and the version an edit
    (PATCH /api/debates/{id}) must name."""
    return {
        "id": debate.id,
        "title": debate.title,
        "title_fr": debate.title_fr,
        "question": debate.question,
        "question_fr": debate.question_fr,
        "sides": [{"name": s.name, "name_fr": s.name_fr, "claims": list(s.claims)} for s in debate.sides],
        "url": f"/debates/{debate.id}",
        "version": graph.versions.get(f"debate:{debate.id}"),
    }


@router.get("/graph", summary="Map elements (Cytoscape.js) for the current filters")
async def api_graph(
    request: Request,
    graph: GraphDep,
    filters: FiltersDep,
    debate: Annotated[
        str | None, Query(max_length=100, description="Only this debate's claims and what supports or attacks them")
    ] = None,
    around_id: Annotated[
        str | None, Query(alias="around", max_length=100, description="Only this argument's neighbourhood")
    ] = None,
    depth: Annotated[int, Query(ge=1, le=5, description="Neighbourhood depth for `around` and `debate`")] = 1,
    off: OffDep = (),
    layout: LayoutDep = None,
) -> dict:
    all_ids = graph_ids(graph, filters, debate, around_id, depth)
    total = len(all_ids)
    ids = all_ids[: request.app.state.settings.max_map_nodes]  # the first, in reading order
    elements = views.graph_elements(graph, ids, filters.kinds, off)
    placed = views.map_layout(
        graph,
        ids,
        layout.viewport,
        debate=debate,
        around_id=around_id,
        kinds=filters.kinds,
        unfold=layout.expand,
        fold=layout.fold,
        reveal=layout.reveal,
    )
    return {
        "version": graph.version,
        "filters": views.filters_view(graph, filters),
        "off": list(off),
        "count": {"nodes": len(elements["nodes"]), "edges": len(elements["edges"])},
        "total": total,
        "truncated": total > len(ids),
        "elements": elements,
        # counts over everything that matched; origins over every record, as choosing one lists them
        "facets": views.facets(
            graph, all_ids, graph_ids(graph, dataclasses.replace(filters, origin="all"), debate, around_id, depth)
        ),
        "layout": placed.as_dict(layout.viewport),
    }


@router.get(
    "/acceptability",
    summary="Which arguments stand: grounded labels, what switching arguments off "
    "changes, and the preferred extensions",
)
async def api_acceptability(
    graph: GraphDep,
    off: OffDep = (),
    preferred: Annotated[bool, Query(description="Also compute the preferred extensions")] = False,
) -> dict:
    """Grounded labelling of the hand-made map (extracted arguments are hypotheses and
    are not judged), with `off` arguments removed first."""
    before = {arg_id: label for arg_id, label in graph.g.nodes(data="grounded") if label is not None}
    labels = acceptability(graph.g, off) if off else before  # labels without `off` are computed at load
    counts = {label: 0 for label in LABELS}
    for label in labels.values():
        counts[label] += 1
    answer = {
        "version": graph.version,
        "semantics": "grounded",
        "asof": graph.asof,
        "off": list(off),
        "counts": counts,
        "labels": labels,
        "changed": {a: {"before": before[a], "after": labels[a]} for a in labels if before[a] != labels[a]},
    }
    if preferred:
        try:
            answer["preferred"] = [sorted(e) for e in preferred_extensions(graph.g, off)]
        except TooManyUndecided as exc:
            raise HTTPException(422, str(exc)) from None
    return answer
