"""The documents: original texts plus their metadata from seeds/documents.yaml.

`load_corpus(seeds_dir)` reads `documents.yaml` and every file it names and
returns a `Corpus`; any problem (missing file, range outside the text,
unknown person) raises `DataError` listing them all. `read_corpus` is its
lenient form: the documents that load, the problems, and the ids of the
documents left out, so that what refers to those is not reported again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from app.filecache import Session, key_of
from app.problems import DataError, Problem, display_path
from app.records import SLUG, Corpus, Document, Person, Segment
from app.text import unsafe_problem, vouch_printable
from app.yamlio import LineDict, load_yaml, parse_mapping


class _Range(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class _CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int = Field(ge=1)
    speaker: str | None = None
    speaker_note: str | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    replies_to: list[int] = []
    replies_note: str | None = None
    date: dt.date | None = None
    date_note: str | None = None


class _PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=SLUG)
    name: str = Field(min_length=1)
    note: str | None = None


class _CorpusIn(BaseModel):
    """documents.yaml itself: what it may hold beside its lists (checked entry by entry)."""

    model_config = ConfigDict(extra="forbid")
    topic: str | None = Field(default=None, min_length=1, max_length=300)
    topic_fr: str | None = Field(default=None, min_length=1, max_length=300)
    people: list | None = None
    documents: list


class _DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=SLUG)
    file: str = Field(min_length=1)
    title: str | None
    title_note: str | None = None
    authors: list[str] = []
    authors_note: str | None = None
    date: dt.date | None = None
    year: int | None = Field(default=None, ge=1000, le=9999)
    year_note: str | None = None
    language: str = "fr"
    language_note: str | None = None
    original: str | None = None  # the file as it was added, in documents/originals/, when `file` is derived from it
    original_note: str | None = None
    source: str | None = None
    source_note: str | None = None
    body: _Range
    comments: list[_CommentIn] = []


ORIGINALS = "originals"  # documents/originals/: files kept as they were added, beside the text read


def _original_found(name: str, texts_dir: Path) -> bool:
    return Path(name).name == name and (texts_dir / ORIGINALS / name).is_file()


def load_corpus(seeds_dir: Path) -> Corpus:
    """Read seeds_dir/documents.yaml and the texts it names; raise DataError on any problem."""
    corpus, problems, _ = read_corpus(seeds_dir)
    if problems:
        raise DataError(problems)
    return corpus


def document_ids(seeds_dir: Path) -> set[str]:
    """The ids documents.yaml gives its documents, read without their texts (none when
    there is no documents.yaml); DataError when it cannot be read."""
    path = seeds_dir / "documents.yaml"
    if not path.exists():
        return set()
    data, problems = load_yaml(path, display_path(path, seeds_dir.parent))
    if problems:
        raise DataError(problems)
    entries = data.get("documents") if isinstance(data, dict) else None
    return {e["id"] for e in entries or () if isinstance(e, dict) and isinstance(e.get("id"), str)}


def read_corpus(seeds_dir: Path, cache: Session | None = None) -> tuple[Corpus, list[Problem], frozenset[str]]:
    """The documents of seeds_dir that load, every problem found, and the ids of the
    documents described but left out because of a problem of their own (a text that is
    not UTF-8, a range outside it…). Raises DataError only when documents.yaml itself
    cannot be read: then nothing else can be checked against it.

    With a `cache`, a corpus read before from the same files is used again."""
    path = seeds_dir / "documents.yaml"
    shown = display_path(path, seeds_dir.parent)
    key = _corpus_key(seeds_dir, shown) if cache is not None else None
    known = cache.get(key) if key is not None else None
    if known is not None:  # read before, from files the reader checked
        return vouch_printable(known), [], frozenset()
    corpus, problems, left_out = _read_corpus(seeds_dir, path, shown)
    # kept only if no file changed while it was read: it is then what the key names
    if key is not None and not problems and _corpus_key(seeds_dir, shown) == key:
        cache.put(key, corpus)
    return corpus, problems, left_out


def _corpus_key(seeds_dir: Path, shown: str) -> str | None:
    """What the corpus is read from: documents.yaml and every file of documents/, byte
    for byte (None when documents.yaml cannot be read: then it is read to report it)."""
    try:
        parts = [(seeds_dir / "documents.yaml").read_bytes()]
        texts = seeds_dir / "documents"
        for name in sorted(os.listdir(texts)) if texts.is_dir() else ():
            parts.append(name)
            parts.append(_file_digest(texts / name))
        originals = texts / ORIGINALS
        parts += sorted(os.listdir(originals)) if originals.is_dir() else []
    except OSError:
        return None
    return key_of("corpus", shown, *parts)


def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"folder"


def _read_corpus(seeds_dir: Path, path: Path, shown: str) -> tuple[Corpus, list[Problem], frozenset[str]]:
    data, problems = load_yaml(path, shown)
    if problems:
        raise DataError(problems)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise DataError(
            [
                Problem(
                    shown,
                    getattr(data, "line", 1),
                    "expected a mapping with a 'documents' list",
                    "see docs/data-format.md",
                )
            ]
        )

    top, problems = parse_mapping(_CorpusIn, data, shown, getattr(data, "line", 1))
    people: dict[str, Person] = {}
    for entry in data.get("people") or []:
        person, found = parse_mapping(_PersonIn, entry, shown, getattr(entry, "line", None))
        problems += found
        if person is None:
            continue
        if person.id in people:
            problems.append(Problem(shown, entry.line, f"duplicate person id '{person.id}'"))
        people[person.id] = Person(person.id, person.name, person.note)

    documents: dict[str, Document] = {}
    left_out: set[str] = set()
    for entry in data["documents"]:
        doc_in, found = parse_mapping(_DocumentIn, entry, shown, getattr(entry, "line", None))
        problems += found
        if doc_in is None:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                left_out.add(entry["id"])
            continue
        document, found = _document(doc_in, entry, seeds_dir / "documents", shown, people)
        problems += found
        if doc_in.id in documents:
            problems.append(Problem(shown, entry.line, f"duplicate document id '{doc_in.id}'"))
        elif document is not None:
            documents[doc_in.id] = document
        else:
            left_out.add(doc_in.id)
    topic, topic_fr = (top.topic, top.topic_fr) if top is not None else (None, None)
    corpus = Corpus(documents=documents, people=people, topic=topic, topic_fr=topic_fr)
    vouch_printable(corpus)  # the YAML and the texts were checked
    return corpus, problems, frozenset(left_out - set(documents))


def _document(
    doc_in: _DocumentIn, entry: LineDict, texts_dir: Path, shown: str, people: dict[str, Person]
) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    line = entry.line
    text_path = texts_dir / doc_in.file
    if Path(doc_in.file).name != doc_in.file:
        return None, [Problem(shown, entry.line_of("file"), f"file '{doc_in.file}' must be a bare file name")]
    try:
        text = text_path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, [
            Problem(
                shown,
                entry.line_of("file"),
                f"document file '{doc_in.file}' not found",
                f"put the original file in {texts_dir.name}/",
            )
        ]
    except UnicodeDecodeError as exc:
        return None, [
            Problem(shown, entry.line_of("file"), f"document file '{doc_in.file}' is not UTF-8 ({exc.reason})")
        ]
    if doc_in.original is not None and not _original_found(doc_in.original, texts_dir):
        return None, [
            Problem(
                shown,
                entry.line_of("original"),
                f"original file '{doc_in.original}' not found",
                f"put it in {texts_dir.name}/{ORIGINALS}/, byte for byte",
            )
        ]
    found = unsafe_problem(text)
    if found is not None:
        return None, [
            Problem(
                f"{texts_dir.name}/{doc_in.file}",
                found[0],
                found[1],
                "remove it from the document: no text may hold it",
            )
        ]

    for author in doc_in.authors:
        if author not in people:
            problems.append(
                Problem(shown, entry.line_of("authors"), f"unknown person '{author}'", "add them to 'people' first")
            )
    if doc_in.date and doc_in.year and doc_in.date.year != doc_in.year:
        problems.append(Problem(shown, entry.line_of("year"), f"year {doc_in.year} disagrees with date {doc_in.date}"))

    def check_range(start: int, end: int, what: str, at: int) -> None:
        if not (0 <= start < end <= len(text)):
            problems.append(Problem(shown, at, f"{what} range {start}:{end} is outside the text (length {len(text)})"))

    check_range(doc_in.body.start, doc_in.body.end, "body", entry.line_of("body"))
    author = doc_in.authors[0] if doc_in.authors else None
    segments = [Segment("body", doc_in.body.start, doc_in.body.end, author)]
    numbers = set()
    comment_lines = entry.get("comments") or []
    for comment, raw in zip(doc_in.comments, comment_lines):
        at = getattr(raw, "line", line)
        check_range(comment.start, comment.end, f"comment {comment.number}", at)
        if comment.speaker is not None and comment.speaker not in people:
            problems.append(
                Problem(
                    shown,
                    raw.line_of("speaker"),
                    f"unknown person '{comment.speaker}'",
                    "add them to 'people' first, or use null for an unnamed commenter",
                )
            )
        if comment.number in numbers:
            problems.append(Problem(shown, at, f"duplicate comment number {comment.number}"))
        numbers.add(comment.number)
        segments.append(
            Segment(
                f"comment-{comment.number}",
                comment.start,
                comment.end,
                comment.speaker,
                comment.number,
                tuple(comment.replies_to),
                comment.speaker_note,
                comment.replies_note,
                comment.date,
                comment.date_note,
            )
        )
    for comment, raw in zip(doc_in.comments, comment_lines):
        for target in comment.replies_to:
            if target not in numbers or target == comment.number:
                problems.append(
                    Problem(
                        shown,
                        raw.line_of("replies_to"),
                        f"comment {comment.number} replies to unknown comment {target}",
                    )
                )
    ordered = sorted(segments, key=lambda s: s.start)
    for before, after in zip(ordered, ordered[1:]):
        if after.start < before.end:
            problems.append(Problem(shown, line, f"segments {before.id} and {after.id} overlap"))
    if problems:
        return None, problems
    return Document(
        id=doc_in.id,
        file=doc_in.file,
        text=text,
        title=doc_in.title,
        title_note=doc_in.title_note,
        authors=tuple(doc_in.authors),
        authors_note=doc_in.authors_note,
        date=doc_in.date,
        year=doc_in.year,
        year_note=doc_in.year_note,
        language=doc_in.language,
        language_note=doc_in.language_note,
        original=doc_in.original,
        original_note=doc_in.original_note,
        source=doc_in.source,
        source_note=doc_in.source_note,
        segments=tuple(segments),
    ), []
