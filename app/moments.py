"""When each argument was made (`Moment`), and how a moment of the debate is written in
a URL (`AsOf`, `parse_asof`, `parse_bound`).

An argument's `Moment` is where it sits in time: its document's date (or year), and its
place in that document, the post itself (position 0) or comment k of its thread
(position k). A comment that gives no date of its own is placed at its post's date:
it came after the post, how long after is unknown, and the note says so.

A moment of the debate (`asof=`) is either a thread position, "revelation-exclusive#3"
(the post and its first three comments), or a date, "2011-11-29" or "2011" (its last day).
What the graph looks like at such a moment is app.timeline's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterable

from app.i18n import N_, Phrase
from app.records import Argument, Document

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
    note: Phrase  # how it was inferred, said in the reader's language (data notes as written)

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
            "note": self.note.said(),
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
    if argument.said_on is not None:
        day = argument.said_on
        return Moment(document.id, position, day, day, Phrase(N_("The timestamp of its locution in the imported map.")))
    if segment.date is not None:
        of = Phrase(N_("The date of comment %(k)s."), k=position) if position else Phrase(N_("The date of the post."))
        note = _as_written(segment.date_note) or of
        return Moment(document.id, position, segment.date, segment.date, note)
    if document.date is not None and argument.year in (None, document.date.year):
        source = _as_written(document.year_note) or Phrase(N_("The document's date."))
        return Moment(document.id, position, document.date, document.date, _inferred(source, position))
    year = argument.year if argument.year is not None else document.year
    if year is not None:
        source = _as_written(document.year_note) or Phrase(N_("The year given for the document."))
        if argument.year is not None and argument.year != document.year:
            source = Phrase(N_("The year given for the argument."))
        return Moment(document.id, position, *year_span(year), _inferred(source, position))
    note = _as_written(document.year_note) or Phrase(N_("The text gives no date."))
    return Moment(document.id, position, None, None, note)


def _as_written(note: str | None) -> Phrase | None:
    """A note of the data, said as its curator wrote it, or as the catalog translates it
    when it is one of the interface's own (the notes `argmap add` writes)."""
    return Phrase(note) if note else None


def _inferred(source: Phrase, position: int) -> Phrase:
    """The note of a date taken from `source`; a comment, moreover, gives no date of its
    own and came after the post."""
    if not position:
        return source
    return Phrase(
        N_("%(source)s Comment %(k)s gives no date of its own and came after the post."), source=source, k=position
    )


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
