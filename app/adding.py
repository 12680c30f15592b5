"""Adding a document to the seeds: its files, its entry in documents.yaml, its people and
its first extraction, in one change of the store: all of it or none of it.

    plan = plan_addition(seeds_dir, ingested)        # ids and file names; Duplicate when known
    extraction = extract_document(plan.document, plan.people)  # slow: the pipeline, outside the lock
    change = store.change(summary, writer(plan, extraction))

`add_document` runs the three steps with a progress callback (the command line and the
background job both use it). The extraction is the pipeline's own map and reduce steps
(`app.extract.pipeline.extract_part`, `reduce_parts`) over the new document alone, so
the arguments of the other documents, their ids and their relations stay as they are;
its arguments and relations are merged into extracted.json in the file's own order.
suggestions.json proposes relations for curated arguments, and a new document has none
yet: it is left as it is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.corpus import ORIGINALS
from app.formats.reading import slugify
from app.i18n import N_, Phrase
from app.ingest import Ingested
from app.records import Document, Person, Segment
from app.seeds import DOCUMENTS_DIR, DOCUMENTS_YAML, EXTRACTED_JSON
from app.store import Change, Conflict, Staged, Store
from app.yamledit import dump_roundtrip, load_roundtrip
from app.yamlio import load_yaml

RESERVED_IDS = {"new"}  # /documents/new is the "Add a document" page
Progress = Callable[[str, int], None]  # (stage, percent)


class Duplicate(Exception):
    """The file is already a document of the corpus (same content)."""

    def __init__(self, document_id: str):
        super().__init__(f"this file is already the document '{document_id}'")
        self.document_id = document_id


# What a job page says an addition is doing, in order (marked for the catalog: the page
# shows them in the reader's language).
STAGES = (
    N_("Reading the file"),
    N_("Loading the French model"),
    N_("Finding arguments and relations"),
    N_("Relating comments to the text"),
    N_("Saving"),
    N_("Done"),
)


@dataclass(frozen=True)
class Plan:
    """Where the new document goes: its id, file names, people and record."""

    ingested: Ingested
    document: Document  # as the loader will read it (for the extraction)
    people: tuple[Person, ...]  # the people it names, new ones and known ones
    new_people: tuple[str, ...]  # ids of the people to add to documents.yaml

    @property
    def original(self) -> str | None:
        return self.document.original


@dataclass(frozen=True)
class Added:
    document_id: str
    arguments: int
    relations: int
    comments: int
    language: str
    extracted: bool  # False: not French, added for manual curation
    change: Change


def content_hashes(seeds_dir: Path) -> dict[str, str]:
    """sha256 of each document's files (text and original) → the document's id."""
    entries = _entries(seeds_dir)
    out = {}
    for entry in entries:
        for rel in _files_of(entry):
            path = seeds_dir / DOCUMENTS_DIR / rel
            if path.is_file():
                out[hashlib.sha256(path.read_bytes()).hexdigest()] = entry["id"]
    return out


def find_duplicate(seeds_dir: Path, ingested: Ingested) -> str | None:
    """The id of the document this file already is (its bytes, or its text), or None."""
    hashes = content_hashes(seeds_dir)
    for digest in (ingested.sha256, hashlib.sha256(ingested.text.encode("utf-8")).hexdigest()):
        if digest in hashes:
            return hashes[digest]
    return None


def plan_addition(seeds_dir: Path, ingested: Ingested) -> Plan:
    """Ids and file names for the new document; `Duplicate` when its content is known."""
    known = find_duplicate(seeds_dir, ingested)
    if known is not None:
        raise Duplicate(known)
    data, _ = load_yaml(seeds_dir / DOCUMENTS_YAML, DOCUMENTS_YAML)
    entries = [e for e in (data or {}).get("documents") or [] if isinstance(e, dict)]
    people = {p["id"]: p for p in (data or {}).get("people") or [] if isinstance(p, dict) and "id" in p}
    taken = {e.get("id") for e in entries} | RESERVED_IDS
    doc_id = _free_id(slugify(ingested.title or "document", fallback="document"), taken)
    stem = f"{len(entries):03d}_{ingested.sha256[:16]}"
    file = stem + (ingested.extension if ingested.text_is_original else ".txt")
    original = None if ingested.text_is_original else stem + ingested.extension

    by_name = {p.get("name"): pid for pid, p in people.items()}
    chosen: dict[str, Person] = {}
    new: list[str] = []

    def person(name: str | None, note: str) -> str | None:
        if not name:
            return None
        if name in by_name:
            pid = by_name[name]
            chosen.setdefault(pid, Person(pid, name, people.get(pid, {}).get("note")))
            return pid
        pid = _free_id(slugify(name, fallback="person"), set(people) | set(chosen))
        by_name[name] = pid
        chosen[pid] = Person(pid, name, note)
        new.append(pid)
        return pid

    author = person(ingested.author, f"Author of {doc_id}.")
    segments = [Segment("body", *ingested.body, author)]
    for c in ingested.comments:
        speaker = person(c.author, f"Comments on {doc_id}.")
        segments.append(
            Segment(
                f"comment-{c.number}",
                c.start,
                c.end,
                speaker,
                c.number,
                c.replies_to,
                _speaker_note(c.posted) if c.author else None,
                "Nested under it in the page's comment thread." if c.replies_to else None,
            )
        )
    date = ingested.date
    document = Document(
        id=doc_id,
        file=file,
        text=ingested.text,
        segments=tuple(segments),
        title=ingested.title,
        title_note=ingested.title_note,
        authors=(author,) if author else (),
        authors_note=ingested.authors_note,
        date=date,
        year=date.year if date else None,
        year_note=ingested.year_note,
        language=ingested.language,
        language_note=ingested.language_note,
        original=original,
        original_note=ingested.original_note,
        source=ingested.source,
        source_note=ingested.source_note,
    )
    return Plan(ingested, document, tuple(chosen.values()), tuple(new))


def extract_document(document: Document, people: tuple[Person, ...], progress: Progress = lambda *_: None):
    """The pipeline's map and reduce steps over this one document: its extraction."""
    from app.extract.pipeline import extract_part, load_model, reduce_parts
    from app.records import Corpus

    progress("Loading the French model", 15)
    nlp = load_model()
    corpus = Corpus(documents={document.id: document}, people={p.id: p for p in people})
    progress("Finding arguments and relations", 35)
    part = extract_part(corpus, [document.id], nlp)
    progress("Relating comments to the text", 75)
    return reduce_parts(corpus, [part])


def writer(plan: Plan, extraction) -> Callable[[Staged], None]:
    """The change: document file(s), documents.yaml entry and people, extracted.json."""

    def make(files: Staged) -> None:
        document = plan.document
        docs = f"{DOCUMENTS_DIR}/"
        if files.exists(docs + document.file) or (plan.original and files.exists(f"{docs}{ORIGINALS}/{plan.original}")):
            raise Conflict(f"a document file named {document.file} already exists")
        text = files.read_text(DOCUMENTS_YAML)
        files.write_text(DOCUMENTS_YAML, with_document(text, plan))
        if plan.original:
            files.write_bytes(f"{docs}{ORIGINALS}/{plan.original}", plan.ingested.original)
            files.write_text(docs + document.file, document.text)
        else:
            files.write_bytes(docs + document.file, plan.ingested.original)
        if extraction is not None and extraction.arguments:
            files.write_text(EXTRACTED_JSON, merged_extracted(files.read_text(EXTRACTED_JSON), extraction))

    return make


def add_document(
    store: Store,
    ingested: Ingested,
    progress: Progress = lambda *_: None,
    extract=extract_document,
    commit: Callable[[str, list[str], Callable[[Staged], None]], Change] | None = None,
) -> Added:
    """Plan, extract (French documents only) and write the new document in one change.

    `commit(summary, targets, make)` writes the change (the web's `apply_change`, which
    also records it); by default the store's own `change`."""
    progress("Reading the file", 5)
    plan = plan_addition(store.seeds_dir, ingested)
    french = plan.document.language == "fr"
    extraction = extract(plan.document, plan.people, progress) if french else None
    progress("Saving", 90)
    summary = Phrase(N_("Add document '%(id)s'"), id=plan.document.id)
    make = writer(plan, extraction)
    change = commit(summary, [f"document:{plan.document.id}"], make) if commit else store.change(summary, make)
    progress("Done", 100)
    return Added(
        document_id=plan.document.id,
        arguments=len(extraction.arguments) if extraction else 0,
        relations=len(extraction.relations) if extraction else 0,
        comments=len(ingested.comments),
        language=plan.document.language,
        extracted=french,
        change=change,
    )


def with_document(text: str, plan: Plan) -> str:
    """documents.yaml with the new people and document appended, the rest as written."""
    data = load_roundtrip(text)
    if data.get("people") is None:
        data["people"] = CommentedSeq()
    for pid in plan.new_people:
        p = next(p for p in plan.people if p.id == pid)
        data["people"].append(CommentedMap([("id", p.id), ("name", p.name), ("note", p.note)]))
    documents = data["documents"]
    documents.append(_entry(plan.document))
    if len(documents) > 1:  # a blank line between documents, as the file is written
        documents.yaml_set_comment_before_after_key(len(documents) - 1, before="\n", indent=2)
    return _blank_comment_lines(dump_roundtrip(data))


def _entry(d: Document) -> CommentedMap:
    def flow(pairs) -> CommentedMap:
        m = CommentedMap(pairs)
        m.fa.set_flow_style()
        return m

    def flow_list(items) -> CommentedSeq:
        s = CommentedSeq(items)
        s.fa.set_flow_style()
        return s

    fields = [
        ("id", d.id),
        ("file", d.file),
        ("original", d.original),
        ("original_note", d.original_note),
        ("title", d.title),
        ("title_note", d.title_note),
        ("authors", flow_list(d.authors)),
        ("authors_note", d.authors_note),
        ("date", d.date),
        ("year", d.year),
        ("year_note", d.year_note),
        ("language", d.language),
        ("language_note", d.language_note),
        ("source", d.source),
        ("source_note", d.source_note),
        ("body", flow([("start", d.body.start), ("end", d.body.end)])),
    ]
    required = {"id", "file", "title", "authors", "date", "year", "language", "source", "body"}
    entry = CommentedMap((k, v) for k, v in fields if k in required or v is not None)
    comments = CommentedSeq()
    for s in d.segments[1:]:
        c = CommentedMap([("number", s.number), ("speaker", s.speaker)])
        if s.speaker_note:
            c["speaker_note"] = s.speaker_note
        c["start"], c["end"] = s.start, s.end
        c["replies_to"] = flow_list(s.replies_to)
        if s.replies_note:
            c["replies_note"] = s.replies_note
        comments.append(c)
    entry["comments"] = comments if comments else flow_list([])
    return entry


def _blank_comment_lines(text: str) -> str:
    """ruamel writes the blank line asked for as a line holding only indentation: strip it."""
    return "\n".join(line if line.strip() else "" for line in text.split("\n"))


def merged_extracted(current: str | None, extraction) -> str:
    """extracted.json with the new document's arguments and relations added, in the file's
    order (the same sort keys and layout as `app.extract.store.dump_extracted`); what the
    file held stays as it was, its model and retired ids included."""
    from app.extract.store import FORMAT, dump_extracted

    new = json.loads(dump_extracted(extraction.arguments, extraction.relations))
    data = json.loads(current) if current else {"format": FORMAT, "model": None, "arguments": [], "relations": []}
    data["arguments"] = sorted(
        data["arguments"] + new["arguments"], key=lambda a: (a["document"], a["start"], a["end"], a["id"])
    )
    data["relations"] = sorted(data["relations"] + new["relations"], key=lambda r: (r["from"], r["kind"], r["to"]))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _speaker_note(posted: str | None) -> str:
    when = f", posted {posted}" if posted else ""
    return f"From the comment's author line in the saved page{when}."


def _free_id(wanted: str, taken: set) -> str:
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def _entries(seeds_dir: Path) -> list[dict]:
    path = seeds_dir / DOCUMENTS_YAML
    if not path.is_file():
        return []
    data, _ = load_yaml(path, DOCUMENTS_YAML)
    return [e for e in (data or {}).get("documents") or [] if isinstance(e, dict) and isinstance(e.get("id"), str)]


def _files_of(entry: dict) -> list[str]:
    out = []
    if isinstance(entry.get("file"), str):
        out.append(entry["file"])
    if isinstance(entry.get("original"), str):
        out.append(f"{ORIGINALS}/{PurePath(entry['original']).name}")
    return out
