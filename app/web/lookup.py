"""Ids from the URL → what they name, or the HTTP answer that says they name nothing:
404 for an unknown id, 301 to its successor or 410 for a retired one. Every router
looks ids up here, so that they never import each other and `views` stays pure.
"""

from __future__ import annotations

from fastapi import HTTPException

from app.graph import ArgumentGraph, Filters, around, debate_ids, select
from app.i18n import gettext
from app.records import Debate, Document, Person
from app.web.errors import Gone, Moved


def require_argument(graph: ArgumentGraph, arg_id: str, prefix: str = "/arguments/", suffix: str = "") -> None:
    """Nothing if `arg_id` names an argument. A retired id (an earlier extraction's, or
    an extracted argument a curator accepted) moves permanently to the argument now
    covering its span, or is gone (410); a deleted one is gone, with a link to the
    nearest argument left or its document; any other id is not found (404)."""
    if arg_id in graph:
        return
    if arg_id in graph.deleted:
        nearest, doc_id = graph.deleted[arg_id]
        if nearest is not None:
            see = {"url": f"/arguments/{nearest}", "label": graph.node(nearest)["label"]}
        else:
            document = graph.corpus.documents[doc_id]
            see = {"url": f"/documents/{doc_id}", "label": document.display_title}
        raise Gone(gettext("The argument '%(id)s' was deleted by a curator.", id=arg_id), see)
    if arg_id in graph.moved:
        successor = graph.moved[arg_id]
        if successor is not None:
            raise Moved(prefix + successor + suffix)
        raise HTTPException(
            410,
            gettext(
                "The extractor no longer finds the argument '%(id)s', and nothing in its "
                "document covers that passage any more.",
                id=arg_id,
            ),
        )
    raise HTTPException(404, gettext("There is no argument '%(id)s'.", id=arg_id))


def debate_or_404(graph: ArgumentGraph, debate_id: str) -> Debate:
    """The debate `debate_id` names; gone (410, with a link to the debates) when a curator
    deleted it, else not found (404)."""
    found = next((d for d in graph.debates if d.id == debate_id), None)
    if found is not None:
        return found
    if debate_id in graph.retired_debates:
        raise Gone(
            gettext("The debate “%(title)s” was deleted by a curator.", title=graph.retired_debates[debate_id]),
            {"url": "/", "label": gettext("Debates")},
        )
    raise HTTPException(404, gettext("There is no debate '%(id)s'.", id=debate_id))


def document_or_404(graph: ArgumentGraph, doc_id: str) -> Document:
    if doc_id not in graph.corpus.documents:
        raise HTTPException(404, gettext("There is no document '%(id)s'.", id=doc_id))
    return graph.corpus.documents[doc_id]


def person_or_404(graph: ArgumentGraph, person_id: str) -> Person:
    person = graph.corpus.people.get(person_id)
    if person is None:
        raise HTTPException(404, gettext("There is no author '%(id)s'.", id=person_id))
    return person


def graph_ids(
    graph: ArgumentGraph, filters: Filters, debate: str | None, around_id: str | None, depth: int
) -> list[str]:
    """The arguments the map shows: the filtered set, narrowed to a debate or to the
    neighbourhood of one argument when asked."""
    if around_id is not None:
        require_argument(graph, around_id)
        # a neighbourhood is found first and filtered after: the cost grows with it, not the graph
        return select(graph, filters, within=around(graph, [around_id], depth))
    if debate is not None:
        return debate_ids(graph, debate_or_404(graph, debate), filters, depth)
    return select(graph, filters)
