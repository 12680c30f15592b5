"""The records every source produces and the graph is built from: documents and
people (`Corpus`), arguments, relations, debates and retired ids (`Records`).

The curated loader (`app.curation`), the extraction (`app.extract`) and the
imports (`app.formats`) each return `Records`; `app.graph.build_graph` turns
them into one graph. Plain frozen dataclasses: no loading, no validation here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # every id: lower-case words joined by hyphens


@dataclass(frozen=True)
class Argument:
    """One argument: a claim or premise anchored to a verbatim span of a document."""

    id: str
    label: str
    quote: str
    document: str
    start: int
    end: int
    speaker: str | None
    year: int | None
    label_fr: str | None = None
    tags: tuple[str, ...] = ()
    main: bool = False
    segment: str = "body"
    origin: str = "curated"
    confidence: float | None = None
    said_on: dt.date | None = None  # when its source says it was said (an imported locution's timestamp)
    defined_at: str = ""  # file:line, for messages
    version: str | None = None  # digest of its curated entry (optimistic concurrency)


@dataclass(frozen=True)
class Relation:
    """An arrow from a supporting/attacking argument to its target.

    For an undercut, `target` is the conclusion of the attacked inference and
    `undercuts` names the inference as "premise->conclusion".
    """

    source: str
    kind: str
    target: str
    note: str | None = None
    undercuts: str | None = None
    origin: str = "curated"
    evidence: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Suggestion:
    """A relation the pair model proposes for a curator to accept or reject (never part of the map)."""

    source: str
    kind: str  # support | attack
    target: str
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Side:
    name: str
    claims: tuple[str, ...]
    name_fr: str | None = None


@dataclass(frozen=True)
class Debate:
    id: str
    title: str
    question: str
    sides: tuple[Side, ...]
    document: str | None = None  # a debate that is a whole imported map: every argument of this document
    version: str | None = None  # digest of its curated entry (optimistic concurrency)
    title_fr: str | None = None  # the title and question in French, when the map has them
    question_fr: str | None = None


@dataclass(frozen=True)
class Retired:
    """An id that once named an argument and no longer does: an earlier extraction's, an
    extracted argument a curator accepted (its permalink leads to what covers its span
    now), or an argument a curator deleted (`deleted`: its permalink says it is gone and
    links to the nearest argument that is not)."""

    id: str
    document: str
    start: int
    end: int
    quote: str
    deleted: bool = False


@dataclass(frozen=True)
class RetiredDebate:
    """A debate a curator deleted: its permalink says it is gone, under its title, and its
    id is never given to another debate."""

    id: str
    title: str


@dataclass(frozen=True)
class RejectedPassage:
    """An extracted passage a curator turned down: never proposed again, whatever id a
    later extraction gives it."""

    document: str
    quote: str


@dataclass(frozen=True)
class RejectedRelation:
    """A suggested relation a curator turned down: never suggested again."""

    source: str
    kind: str
    target: str


@dataclass(frozen=True)
class Records:
    """What one source holds: the hand-curated map, an extraction or an imported map."""

    arguments: tuple[Argument, ...]
    relations: tuple[Relation, ...]
    debates: tuple[Debate, ...] = ()
    retired: tuple[Retired, ...] = ()
    rejected: tuple[RejectedPassage | RejectedRelation, ...] = ()
    # an extraction's twins found by meaning: (extracted id, curated id, similarity)
    twins: tuple[tuple[str, str, float], ...] = ()
    retired_debates: tuple[RetiredDebate, ...] = ()


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    note: str | None = None


@dataclass(frozen=True)
class Segment:
    """A contiguous part of a document: its body, or one comment of its thread."""

    id: str  # "body" or "comment-N"
    start: int
    end: int
    speaker: str | None
    number: int | None = None
    replies_to: tuple[int, ...] = ()
    speaker_note: str | None = None
    replies_note: str | None = None
    date: dt.date | None = None  # when the comment gives its own date
    date_note: str | None = None

    @property
    def is_comment(self) -> bool:
        return self.number is not None


@dataclass(frozen=True)
class Document:
    """A text and what is known of it; what is not known is None (every `_note` says how a
    value was inferred, or why it is unknown)."""

    id: str
    file: str
    text: str = field(repr=False)
    segments: tuple[Segment, ...]
    title: str | None = None
    title_note: str | None = None
    authors: tuple[str, ...] = ()
    authors_note: str | None = None
    date: dt.date | None = None
    year: int | None = None
    year_note: str | None = None
    language: str = "fr"
    language_note: str | None = None
    original: str | None = None  # documents/originals/ file the text was derived from
    original_note: str | None = None
    source: str | None = None
    source_note: str | None = None
    imported: bool = False  # a map read from another tool (seeds/imported/): no original file

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return f"Untitled: “{self.opening}…”"

    @property
    def opening(self) -> str:
        """The first words of the text: what stands for a missing title."""
        return " ".join(self.body_text.split()[:7])

    @property
    def body(self) -> Segment:
        return self.segments[0]

    @property
    def body_text(self) -> str:
        return self.text[self.body.start : self.body.end]

    @property
    def comments(self) -> tuple[Segment, ...]:
        return self.segments[1:]

    def segment_at(self, start: int, end: int) -> Segment | None:
        """The segment that wholly contains text[start:end], if any."""
        for segment in self.segments:
            if segment.start <= start and end <= segment.end:
                return segment
        return None


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, Document]
    people: dict[str, Person]
    topic: str | None = None  # what the documents argue about, as a question
    topic_fr: str | None = None

    def person_name(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        person = self.people.get(person_id)
        return person.name if person else person_id
