"""Downloads of the map in the interchange formats, with the filters of the page
they are asked from: `/export` lists the formats, `/export/{format}` answers a file."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from app import mapsvg
from app.formats import FORMATS, context_of
from app.graph import ArgumentGraph, Filters, subgraph
from app.i18n import day, debate_question, debate_title, gettext, label_of, ngettext
from app.web import views
from app.web.lookup import graph_ids
from app.web.params import FILTER_KEYS, FiltersDep, GraphDep, OffDep
from app.web.rendering import page
from app.web.urls import absolute_url, with_query

router = APIRouter()
DebateParam = Annotated[str | None, Query(max_length=100, description="Only this debate")]
SCOPE = (*FILTER_KEYS, "debate")


def _scope_query(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k in SCOPE]


@page(router, "/export", "export.html", section="map")
def export_page(request: Request, graph: GraphDep, filters: FiltersDep, debate: DebateParam = None) -> dict:
    ids = graph_ids(graph, filters, debate, None, 1)
    found = next((d for d in graph.debates if d.id == debate), None)
    return {
        "debate": {"id": found.id, "title": debate_title(found), "url": f"/debates/{found.id}"} if found else None,
        "filters": views.filters_view(graph, filters),
        "has_filters": not filters.is_empty,
        "arguments": len(ids),
        "formats": [
            {
                "name": f.name,
                "description": f.description,
                "extension": f.extension,
                "media_type": f.media_type,
                "url": with_query(f"/export/{f.name}", _scope_query(request)),
            }
            for f in FORMATS.values()
        ],
    }


@router.api_route("/export/{fmt}", methods=["GET", "HEAD"], include_in_schema=False)
def export_file(
    request: Request, graph: GraphDep, filters: FiltersDep, fmt: str, debate: DebateParam = None
) -> Response:
    """One of node-link, aif, argdown, graphml, cytoscape, dot; an attachment named
    after the debate (or `argmap`)."""
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise HTTPException(404, f"There is no export format '{fmt}'. Formats: {', '.join(FORMATS)}.")
    ids = graph_ids(graph, filters, debate, None, 1)
    found = next((d for d in graph.debates if d.id == debate), None)
    text = chosen.write(
        subgraph(graph, ids, filters.kinds), context_of(graph.corpus, debate_title(found) if found else None)
    )
    name = (f"argmap-{debate}" if debate else "argmap") + f"-{fmt}"
    return Response(
        text,
        media_type=chosen.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{chosen.extension}"'},
    )


PICTURES = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}
AroundParam = Annotated[str | None, Query(alias="around", max_length=100, description="Only this neighbourhood")]
PAGE_WIDTH = 1600  # CSS px: the picture is laid out for a landscape page about this wide


@router.api_route("/map.{ext}", methods=["GET", "HEAD"], include_in_schema=False)
def map_picture(
    request: Request,
    graph: GraphDep,
    filters: FiltersDep,
    ext: str,
    off: OffDep = (),
    debate: DebateParam = None,
    around_id: AroundParam = None,
    depth: Annotated[int, Query(ge=1, le=5)] = 1,
) -> Response:
    """The whole map of the current selection (every argument unfolded) as SVG, PNG or
    PDF, with a caption: what is shown, how many arguments, the date and the page's URL."""
    if ext not in PICTURES:
        raise HTTPException(404, f"There is no map picture '.{ext}'. Pictures: {', '.join(PICTURES)}.")
    ids = graph_ids(graph, filters, debate, around_id, depth)[: request.app.state.settings.max_map_nodes]
    placed = views.map_layout(
        graph,
        ids,
        (PAGE_WIDTH, PAGE_WIDTH / math.sqrt(2)),
        debate=debate,
        around_id=around_id,
        kinds=filters.kinds,
        whole=True,
    )
    elements = views.graph_elements(graph, ids, filters.kinds, off)
    caption = _caption(request, graph, filters, debate, around_id, len(ids), len(elements["edges"]))
    svg = mapsvg.write_svg(
        placed, {n["data"]["id"]: n["data"] for n in elements["nodes"]}, [e["data"] for e in elements["edges"]], caption
    )
    body = {
        "svg": lambda: svg.encode(),
        "png": lambda: mapsvg.to_png(svg, *mapsvg.size(placed, caption)),
        "pdf": lambda: mapsvg.to_pdf(svg),
    }[ext]()
    name = "argmap" + (f"-{debate}" if debate else "") + (f"-around-{around_id}" if around_id else "")
    return Response(
        body, media_type=PICTURES[ext], headers={"Content-Disposition": f'attachment; filename="{name}.{ext}"'}
    )


def _caption(
    request: Request,
    graph: ArgumentGraph,
    filters: Filters,
    debate: str | None,
    around_id: str | None,
    count: int,
    relations: int,
) -> mapsvg.Caption:
    found = next((d for d in graph.debates if d.id == debate), None)
    if around_id is not None:
        title = gettext("Around: %(label)s", label=label_of(graph.g.nodes[around_id]))
    else:
        title = debate_title(found) if found else gettext("Argument map")
    said = views.filters_phrase(graph, filters)
    url = absolute_url(
        request,
        with_query(
            "/map",
            [
                (k, v)
                for k, v in request.query_params.multi_items()
                if k in (*FILTER_KEYS, "debate", "around", "depth", "off")
            ],
        ),
    )
    lines = [
        ngettext("%(num)s argument", "%(num)s arguments", count)
        + " · "
        + ngettext("%(num)s relation", "%(num)s relations", relations)
        + f" · {day(date.today())}",
        *([gettext("Filters: %(filters)s", filters=said)] if said else []),
        url,
    ]
    if found and around_id is None:
        lines.insert(0, debate_question(found))
    return mapsvg.Caption(title, tuple(lines))
