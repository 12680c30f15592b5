"""Query parameters shared by pages and API: the filters that live in the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from pydantic import Field

from app.graph import ArgumentGraph, Filters
from app.i18n import gettext
from app.moments import AsOf, BadMoment, parse_asof, parse_bound
from app.timeline import as_of
from app.web.errors import BadParameter

MAX_VALUES = 50  # repeated parameters beyond this are a client bug, not a filter
FILTER_KEYS = ("author", "year", "from", "to", "document", "origin", "kind", "asof")  # what `filters` reads
REPEATED_FILTERS = ("author", "year", "kind")  # the keys that may come more than once

AuthorParam = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Query(description="Speaker id (repeatable: any of them)", max_length=MAX_VALUES),
]
Year = Annotated[int, Field(ge=1000, le=9999)]
YearParam = Annotated[list[Year], Query(description="Year (repeatable: any of them)", max_length=MAX_VALUES)]
KindParam = Annotated[
    list[Literal["support", "attack", "undercut", "same_as"]],
    Query(description="Relation kinds to keep (repeatable)", max_length=4),
]


TIME_BOUND = r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$"
AsOfParam = Annotated[
    str | None,
    Query(
        max_length=120,
        description="Show the debate as it stood at a moment: after a comment of a thread "
        "(`revelation-exclusive#3`; `#0` is the post alone), or by a year or date (`2011`, `2011-11-29`). "
        "Only what had been said by then is shown, and which arguments stand is judged again at that point. "
        "A moment past the end of the debate shows all of it.",
    ),
]


def whole_graph(request: Request) -> ArgumentGraph:
    """The graph the app serves, the whole debate."""
    return request.app.state.graph


def moment(request: Request, asof: AsOfParam = None) -> AsOf | None:
    """`asof=` parsed (None without it); a malformed or unknown moment is a 422."""
    if asof is None or not asof.strip():
        return None
    try:
        return parse_asof(asof, whole_graph(request).corpus.documents)
    except BadMoment as exc:
        raise BadParameter("asof", asof, str(exc)) from None


def get_graph(request: Request, asof: Annotated[AsOf | None, Depends(moment)] = None) -> ArgumentGraph:
    """The graph as it stood at `asof=` (see app.timeline), else the whole graph."""
    graph = whole_graph(request)
    return graph if asof is None else as_of(graph, asof)


def _time_bound(name: str, value: str | None, last: bool) -> int | dt.date | None:
    """A `from`/`to` value: a year stays a year, an ISO date becomes a date."""
    if value is None or not value.strip():
        return None
    try:
        bound = parse_bound(value, last)
    except ValueError:
        raise BadParameter(
            name, value, f"{'“From”' if name == 'from' else '“To”'} must be a year like 2011 or a date like 2011-11-29."
        ) from None
    return bound.year if len(value.strip()) == 4 else bound


def filters(
    request: Request,
    graph: Annotated[ArgumentGraph, Depends(get_graph)],
    author: AuthorParam = [],
    year: YearParam = [],
    from_: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=10,
            description="Earliest year (`2011`) or date (`2011-11-29`): keeps the arguments known to have been "
            "made then or later; undated arguments are left out",
        ),
    ] = None,
    to: Annotated[
        str | None,
        Query(
            max_length=10,
            description="Latest year (`2011`) or date (`2011-11-29`): keeps the arguments known to have been "
            "made then or before; undated arguments are left out",
        ),
    ] = None,
    document: Annotated[str | None, Query(max_length=100, description="Document id")] = None,
    origin: Annotated[
        Literal["curated", "extracted", "all", ""] | None,
        Query(
            description="Which arguments: empty, each argument once (an extracted twin of a "
            "curated argument folded into it); `all`, every record; or only "
            "`curated` or `extracted` ones"
        ),
    ] = None,
    kind: KindParam = [],
    asof: Annotated[AsOf | None, Depends(moment)] = None,
) -> Filters:
    """Filters from the query string; unknown author or document ids are a 422."""
    document = document or None  # a form's "All documents" choice submits `document=`
    unknown = [a for a in author if a not in graph.corpus.people]
    if unknown:
        raise BadParameter(
            "author",
            unknown[0],
            gettext("There is no author “%(id)s”: the Authors page lists everyone in the corpus.", id=unknown[0]),
        )
    if document is not None and document not in graph.corpus.documents:
        raise BadParameter(
            "document",
            document,
            gettext("There is no document “%(id)s”: the Documents page lists them all.", id=document),
        )
    lo, hi = _time_bound("from", from_, last=False), _time_bound("to", to, last=True)
    chosen = Filters(year_from=lo, year_to=hi)
    if lo is not None and hi is not None and chosen.date_range()[0] > chosen.date_range()[1]:
        raise BadParameter(
            "from",
            str(from_),
            gettext("“From” (%(from)s) is after “to” (%(to)s): swap them.", **{"from": from_, "to": to}),
        )
    return Filters(
        authors=tuple(dict.fromkeys(author)),
        years=tuple(sorted(set(year))),
        year_from=lo,
        year_to=hi,
        asof=asof.text if asof else None,
        document=document,
        origin=origin or None,
        kinds=tuple(dict.fromkeys(kind)),
    )


OffParam = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Query(
        description="Argument to switch off before judging which arguments stand (repeatable)", max_length=MAX_VALUES
    ),
]


def off_ids(
    request: Request, graph: Annotated[ArgumentGraph, Depends(get_graph)], off: OffParam = []
) -> tuple[str, ...]:
    """Arguments switched off (`?off=`), in URL order; unknown ids are a 422, and an argument
    not yet said at `asof=` is not there to switch off."""
    unknown = [a for a in off if a not in whole_graph(request)]
    if unknown:
        raise BadParameter("off", unknown[0], gettext("There is no argument “%(id)s” to switch off.", id=unknown[0]))
    return tuple(a for a in dict.fromkeys(off) if a in graph)


@dataclass(frozen=True)
class MapView:
    """How the map is drawn: the room it has on screen and what the reader unfolded."""

    viewport: tuple[float, float]
    expand: tuple[str, ...] | None
    fold: tuple[str, ...]
    reveal: str | None


def map_view(
    vw: Annotated[int, Query(ge=200, le=20000, description="Width of the map on screen, CSS pixels")] = 1000,
    vh: Annotated[int, Query(ge=200, le=20000, description="Height of the map on screen, CSS pixels")] = 700,
    expand: Annotated[
        list[Annotated[str, Field(max_length=120)]],
        Query(
            description="Unfolded argument or `group:` id (repeatable); when given, exactly these are unfolded",
            max_length=500,
        ),
    ] = [],
    fold: Annotated[
        list[Annotated[str, Field(max_length=120)]],
        Query(description="Argument or group kept folded in the overview (repeatable)", max_length=500),
    ] = [],
    reveal: Annotated[
        str | None, Query(max_length=120, description="Argument to show, unfolding what leads to it")
    ] = None,
) -> MapView:
    """The layout parameters of /api/graph and the whole-map exports."""
    return MapView((float(vw), float(vh)), tuple(expand) if expand else None, tuple(fold), reveal)


def page_limit(
    request: Request,
    limit: Annotated[
        int, Query(ge=1, description="Items a page (at most the server's ARGMAP_MAX_PAGE_SIZE, 500 by default)")
    ] = 50,
) -> int:
    """How many items an API page holds, within the configured maximum."""
    most = request.app.state.settings.max_page_size
    if limit > most:
        raise BadParameter(
            "limit",
            str(limit),
            gettext("A page holds at most %(most)s items: ask for fewer, and page with offset.", most=most),
        )
    return limit


# The dependencies every router declares, defined once.
GraphDep = Annotated[ArgumentGraph, Depends(get_graph)]
WholeGraphDep = Annotated[ArgumentGraph, Depends(whole_graph)]  # the whole debate, whatever `asof=` says
AsOfDep = Annotated[AsOf | None, Depends(moment)]
FiltersDep = Annotated[Filters, Depends(filters)]
OffDep = Annotated[tuple[str, ...], Depends(off_ids)]
LayoutDep = Annotated[MapView, Depends(map_view)]
LimitDep = Annotated[int, Depends(page_limit)]
