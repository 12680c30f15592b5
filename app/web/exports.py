"""Downloads of the map in the interchange formats, with the filters of the page
they are asked from: `/export` lists the formats, `/export/{format}` answers a file."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response

from app.formats import FORMATS, context_of
from app.graph import ArgumentGraph, Filters, subgraph
from app.web import views
from app.web.api import graph_ids
from app.web.params import FILTER_KEYS, get_graph
from app.web.params import filters as get_filters
from app.web.rendering import page

router = APIRouter()
FiltersDep = Annotated[Filters, Depends(get_filters)]
GraphDep = Annotated[ArgumentGraph, Depends(get_graph)]
DebateParam = Annotated[str | None, Query(max_length=100, description="Only this debate")]
SCOPE = (*FILTER_KEYS, "debate")


def _scope_query(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k in SCOPE]


@page(router, "/export", "export.html", section="map")
def export_page(request: Request, graph: GraphDep, filters: FiltersDep, debate: DebateParam = None) -> dict:
    ids = graph_ids(graph, filters, debate, None, 1)
    query = urlencode(_scope_query(request))
    found = next((d for d in graph.debates if d.id == debate), None)
    return {
        "debate": {"id": found.id, "title": found.title, "url": f"/debates/{found.id}"} if found else None,
        "filters": views.filters_view(graph, filters),
        "has_filters": not filters.is_empty,
        "arguments": len(ids),
        "formats": [{"name": f.name, "description": f.description, "extension": f.extension,
                     "media_type": f.media_type, "url": f"/export/{f.name}" + (f"?{query}" if query else "")}
                    for f in FORMATS.values()],
    }


@router.api_route("/export/{fmt}", methods=["GET", "HEAD"], include_in_schema=False)
def export_file(request: Request, graph: GraphDep, filters: FiltersDep, fmt: str,
                debate: DebateParam = None) -> Response:
    """One of node-link, aif, argdown, graphml, cytoscape, dot; an attachment named
    after the debate (or `argmap`)."""
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise HTTPException(404, f"There is no export format '{fmt}'. Formats: {', '.join(FORMATS)}.")
    ids = graph_ids(graph, filters, debate, None, 1)
    found = next((d for d in graph.debates if d.id == debate), None)
    text = chosen.write(subgraph(graph, ids, filters.kinds), context_of(graph.corpus, found.title if found else None))
    name = (f"argmap-{debate}" if debate else "argmap") + f"-{fmt}"
    return Response(text, media_type=chosen.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{chosen.extension}"'})
