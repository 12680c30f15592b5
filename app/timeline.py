"""When each argument was made, and the map as it stood at a moment of the debate.

An argument's `Moment` is where it sits in time: its document's date (or year), and its
place in that document, the post itself (position 0) or comment k of its thread
(position k). A comment that gives no date of its own is placed at its post's date:
it came after the post, how long after is unknown, and the note says so.

A moment of the debate (`asof=`) is either a thread position, "revelation-exclusive#3"
(the post and its first three comments), or a date, "2011-11-29" or "2011". The map as
it stood then leaves out only what is known to have been said later: the later comments
of that thread, or the arguments whose earliest possible date is after the date.
Arguments whose time is unknown are kept, since nothing places them after that moment.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable

from app.records import Argument, Document

if TYPE_CHECKING:
    from app.graph import ArgumentGraph

_POSITION = re.compile(r"^(?P<document>[a-z0-9]+(?:-[a-z0-9]+)*)#(?P<k>[0-9]{1,6})$")
_YEAR = re.compile(r"^[0-9]{4}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Moment:
    """When one argument was made: the span of dates it may have been made in
    (`earliest`..`latest`, both None when unknown), its place in its document (0 the
    post, k its k-th comment) and how that was inferred."""

    document: str
    position: int
    earliest: dt.date | None
    latest: dt.date | None
    note: str

    @property
    def undated(self) -> bool:
        return self.earliest is None

    def view(self) -> dict:
        return {
            "document": self.document,
            "comment": self.position or None,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "when": when(self.earliest, self.latest),
            "note": self.note,
        }


def when(earliest: dt.date | None, latest: dt.date | None) -> str | None:
    """A date span in words: "2011-11-29", "2011" for a whole year, None when unknown."""
    if earliest is None or latest is None:
        return None
    if earliest == latest:
        return earliest.isoformat()
    if (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31) and earliest.year == latest.year:
        return str(earliest.year)
    return f"{earliest.isoformat()} – {latest.isoformat()}"


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def moment(argument: Argument, document: Document) -> Moment:
    """The moment of one argument, from its comment's date, else its document's date, else
    the year given for it (or its document), else undated."""
    segment = document.segment_at(argument.start, argument.end) or document.body
    position = segment.number or 0
    where = f"comment {position}" if position else "the post"
    if segment.date is not None:
        return Moment(document.id, position, segment.date, segment.date, segment.date_note or f"The date of {where}.")
    after = f"; {where} gives no date of its own and came after the post" if position else ""
    if document.date is not None and argument.year in (None, document.date.year):
        return Moment(document.id, position, document.date, document.date, f"The document's date{after}.")
    year = argument.year if argument.year is not None else document.year
    if year is not None:
        source = document.year_note or "The year given for the document."
        if argument.year is not None and argument.year != document.year:
            source = "The year given for the argument."
        return Moment(document.id, position, *year_span(year), f"{source.rstrip('.')}{after}.")
    return Moment(document.id, position, None, None, document.year_note or "The text gives no date.")


# ---------------------------------------------------------------- moments of the debate


@dataclass(frozen=True)
class AsOf:
    """A moment of the debate: a thread position (`document`, `position`) or a `date`."""

    text: str
    document: str | None = None
    position: int | None = None
    date: dt.date | None = None


class BadMoment(ValueError):
    pass


def parse_bound(text: str, last: bool) -> dt.date:
    """A year ("2011") or an ISO date ("2011-11-29") as a date: a year is its first day,
    or its last when `last`. Raises ValueError."""
    text = text.strip()
    if _YEAR.match(text):
        year = int(text)
        if year < 1000:
            raise ValueError(text)
        return year_span(year)[1 if last else 0]
    if not _DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def parse_asof(text: str, documents: Iterable[str]) -> AsOf:
    """`asof=` as a moment: "document#k" (k = 0 is the post alone) or a year or date, as of
    its last day. Raises BadMoment with a message for the reader."""
    found = _POSITION.match(text.strip())
    if found:
        document, k = found.group("document"), int(found.group("k"))
        if document not in set(documents):
            raise BadMoment(f"There is no document “{document}”: the Documents page lists them all.")
        return AsOf(f"{document}#{k}", document=document, position=k)
    try:
        return AsOf(text.strip(), date=parse_bound(text, last=True))
    except ValueError:
        raise BadMoment(
            "“As of” must be a comment position like revelation-exclusive#3, a year like 2011 "
            "or a date like 2011-11-29."
        ) from None


def said_later(graph: ArgumentGraph, asof: AsOf) -> set[str]:
    """The arguments known to have been said after the moment `asof`."""
    if asof.document is not None:
        return {
            a for a in graph.by_document.get(asof.document, ()) if graph.times[a].position > (asof.position or 0)
        }
    return {a for a, m in graph.times.items() if m.earliest is not None and m.earliest > asof.date}


_CUTS: OrderedDict[tuple[int, str], tuple[ArgumentGraph, ArgumentGraph]] = OrderedDict()
_CUTS_LOCK = threading.Lock()
CUTS_KEPT = 64  # graphs as they stood, kept for the next request at the same moment


def as_of(graph: ArgumentGraph, asof: AsOf) -> ArgumentGraph:
    """The graph as it stood at `asof`: without what was said later, which arguments stand
    judged again. The last few are kept, for the next request at the same moment."""
    from app.graph import without

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


def history(graph: ArgumentGraph, arg_id: str) -> list[dict]:
    """How an argument stood along its document's thread: one entry each time its grounded
    label changed, from the step where it was made, with the comment that changed it
    (`after`: 0 the post, k comment k), its speaker and the arguments of that comment that
    bear on it directly (`by`). Empty for arguments not judged (extracted ones) and for
    documents without a thread."""
    moment_ = graph.times[arg_id]
    document = graph.corpus.documents[moment_.document]
    if not document.comments or graph.node(arg_id).get("grounded") is None:
        return []
    changes: list[dict] = []
    last = None
    for step in thread_positions(graph, document.id):
        if step["position"] < moment_.position:
            continue
        cut = as_of(graph, AsOf(step["asof"], document=document.id, position=step["position"]))
        label = cut.node(arg_id).get("grounded")
        if label == last:
            continue
        near = set(cut.g.predecessors(arg_id)) | set(cut.g.successors(arg_id))
        by = [
            {"id": n, "label": cut.node(n)["label"], "url": f"/arguments/{n}"}
            for n in sorted(near, key=lambda n: cut.node(n)["rank"])
            if last is not None
            and cut.node(n).get("grounded") is not None  # judged ones: extracted arguments change nothing
            and cut.times[n].document == document.id
            and cut.times[n].position == step["position"]
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
