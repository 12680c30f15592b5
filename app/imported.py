"""Maps imported from other tools, stored as curated-style YAML under seeds/imported/.

`import_map(fmt, path, seeds_dir)` reads a file with one of the readers of
`app.formats` and writes it as seeds/imported/NAME.yaml; `merge_imported`
reads them all back and adds them to the corpus and the hand-made records.

Imported arguments have no source document, so each import gets a synthetic
one: its text is the arguments' quotes, one paragraph each, in file order, and
each argument's offsets point at its paragraph; in a dialogue (a map whose arguments
answer one another) each paragraph is a turn, shown as a comment with what it replies
to. Nothing of it is stored but the
YAML map itself (the text is rebuilt from the quotes), so `seeds/imported/NAME.yaml`
is the single file an import writes.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import yaml

from app.corpus import document_ids
from app.curation import argument_ids
from app.filecache import Session, key_of
from app.formats import FORMATS, READABLE
from app.formats.reading import SLUG_RE, Notes, checked, day_of, slugify
from app.problems import DataError, Problem, display_path
from app.records import Argument, Corpus, Debate, Document, Person, Records, Relation, Segment, Side
from app.text import unsafe_problem, vouch_printable, vouched
from app.yamlio import load_yaml

IMPORTED_DIR = "imported"


def import_map(fmt: str, path: Path, seeds_dir: Path, strict: bool = False) -> tuple[Path, Notes]:
    """Read `path` in format `fmt` and write the map as seeds_dir/imported/<name>.yaml.

    <name> is a slug of the file name. Argument and people ids are prefixed with it
    so they cannot collide with the curated map's (an imported "Steph" is the map's
    own, not the curated author `steph`). Parts the reader cannot import are left out
    and listed in the returned notes, or, when `strict`, refuse the whole file.
    Refuses to overwrite; writes to a temporary file first and checks it there
    (`check_new_map`), so a failed import leaves nothing behind; the file's mode
    follows the umask.
    """
    if fmt not in READABLE:
        raise DataError(
            [Problem(str(path), None, f"unknown import format '{fmt}'", f"use one of: {', '.join(READABLE)}")]
        )
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(shown, None, f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise DataError([Problem(shown, None, f"cannot read file: {exc.strerror}")]) from None
    found = unsafe_problem(text)
    if found is not None:
        raise DataError([Problem(shown, found[0], found[1], "remove it: no text may hold it")])
    notes = Notes(strict=strict)
    arguments, relations = FORMATS[fmt].read(text, shown, notes)
    name = slugify(Path(path).stem, fallback="map")
    target = seeds_dir / IMPORTED_DIR / f"{name}.yaml"
    if target.exists():
        raise DataError(
            [
                Problem(
                    display_path(target),
                    None,
                    "an imported map of that name already exists",
                    "remove it first, or import the file under another name",
                )
            ]
        )
    document = render_map(fmt, Path(path).name, name, arguments, relations, notes)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        # os.open with 0o666 lets the umask decide the mode, as for any other file
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w", encoding="utf-8") as out:
            out.write(document)
        check_new_map(tmp, target, seeds_dir)
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrite
    except FileExistsError:
        raise DataError([Problem(display_path(target), None, "an imported map of that name already exists")]) from None
    finally:
        tmp.unlink(missing_ok=True)
    return target, notes


def check_new_map(path: Path, target: Path, seeds_dir: Path) -> None:
    """Check the map written at `path`, to become `target` in seeds_dir/imported/, for
    everything it can break: its own consistency and text (as `load_imported` reads it)
    and its ids against the documents, the curated map and the other imported maps.
    DataError on any problem. The rest of the seeds is not loaded: its ids are read
    without locating quotes, the other imported maps' by a scan of their text, so the
    check costs what the new map costs (the rest is checked when it is loaded)."""
    shown = display_path(target, seeds_dir.parent)
    document, _, arguments, _ = read_map(path, target.name, shown)
    taken = {doc_id: display_path(seeds_dir / "documents.yaml", seeds_dir.parent) for doc_id in document_ids(seeds_dir)}
    arguments_taken = argument_ids(seeds_dir)
    for other in sorted((seeds_dir / IMPORTED_DIR).glob("*.yaml")):
        if other.name == target.name:
            continue
        doc_id, ids = ids_written_in(other)
        other_shown = display_path(other, seeds_dir.parent)
        if doc_id:
            taken.setdefault(doc_id, other_shown)
        for arg_id in ids:
            arguments_taken.setdefault(arg_id, other_shown)
    problems = (
        [
            Problem(
                shown,
                None,
                f"document id '{document.id}' already exists in {taken[document.id]}",
                "import the file under another name",
            )
        ]
        if document.id in taken
        else []
    )
    problems += [
        Problem(
            shown,
            None,
            f"imported argument id '{a.id}' is already in {arguments_taken[a.id]}",
            "import the file under another name",
        )
        for a in arguments
        if a.id in arguments_taken
    ]
    if problems:
        raise DataError(problems)


# How `render_map` writes a map: the document's id under `imported: document:`, each
# argument a top-level list item opening with its id. A scan for them is some fifty
# times faster than parsing the YAML.
_DOCUMENT_ID_LINE = re.compile(r"^    id: ['\"]?([^'\"\n]+?)['\"]?$", re.M)
_ARGUMENT_ID_LINE = re.compile(r"^- id: ['\"]?([^'\"\n]+?)['\"]?$", re.M)


def ids_written_in(path: Path) -> tuple[str | None, set[str]]:
    """The document id and argument ids of an imported map as `render_map` writes it,
    read as text (nothing when the file cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, set()
    head, _, body = text.partition("\narguments:\n")
    document = _DOCUMENT_ID_LINE.search(head)
    return (document[1] if document else None), set(_ARGUMENT_ID_LINE.findall(body))


def render_map(fmt: str, source_name: str, name: str, arguments, relations, notes: Notes | None = None) -> str:
    """The curated-style YAML of an imported map (argument and people ids prefixed with `name`),
    with the map's title and what the reader left out or warned about."""
    notes = notes or Notes()

    def pid(arg_id: str) -> str:
        return f"{name}-{arg_id}"

    people: dict[str, str] = {}
    args_out = []
    for a in arguments:
        entry = {"id": pid(a.id), "label": a.label}
        if a.label_fr:
            entry["label_fr"] = a.label_fr
        entry["quote"] = a.quote
        if a.speaker:
            speaker_id = pid(slugify(a.speaker, fallback="speaker"))
            people.setdefault(speaker_id, a.speaker)
            entry["speaker"] = speaker_id
        if a.tags:
            entry["tags"] = list(a.tags)
        if a.main:
            entry["main"] = True
        if a.year is not None:
            entry["year"] = a.year
        if a.said_on is not None:
            entry["said_on"] = a.said_on.isoformat()
        if notes.replies.get(a.id):
            entry["replies_to"] = [pid(x) for x in notes.replies[a.id]]
        args_out.append(entry)
    rels_out = []
    for r in relations:
        entry = {"from": pid(r.source), "kind": r.kind}
        if r.kind == "undercut":
            p, _, c = r.undercuts.partition("->")
            entry["to"] = f"{pid(p)}->{pid(c)}"
        else:
            entry["to"] = pid(r.target)
        if r.note:
            entry["note"] = r.note
        rels_out.append(entry)
    data = {
        "imported": {
            "format": fmt,
            "source": source_name,
            "document": {"id": f"imported-{name}", "title": notes.title or f"Imported map: {source_name}"},
            "people": [{"id": k, "name": v} for k, v in sorted(people.items())],
            **({"left_out": notes.left_out} if notes.left_out else {}),
            **({"warnings": notes.warnings} if notes.warnings else {}),
        },
        "arguments": args_out,
        "relations": rels_out,
    }
    header = (
        f"# Imported from {source_name} ({FORMATS[fmt].title}) by `argmap import`.\n"
        "# These arguments have no source document: their quotes, one paragraph each and in\n"
        "# this order, make up the synthetic document named below.\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


@dataclass(frozen=True)
class Imported:
    documents: dict[str, Document]
    people: dict[str, Person]
    map: Records


def load_imported(seeds_dir: Path, cache: Session | None = None) -> Imported:
    """Every seeds_dir/imported/*.yaml map, with its synthetic document; DataError on any
    problem. With a `cache`, a map read before from the same bytes is used again (a map
    refers to nothing outside itself)."""
    documents: dict[str, Document] = {}
    people: dict[str, Person] = {}
    arguments: list[Argument] = []
    relations: list[Relation] = []
    problems: list[Problem] = []
    for path in sorted((seeds_dir / IMPORTED_DIR).glob("*.yaml")):
        shown = display_path(path, seeds_dir.parent)
        try:
            doc, found_people, found_args, found_rels = _read_map_cached(path, shown, cache)
        except DataError as exc:
            problems += exc.problems
            continue
        if doc.id in documents:
            problems.append(Problem(shown, None, f"duplicate imported document '{doc.id}'"))
            continue
        documents[doc.id] = doc
        people.update(found_people)
        arguments += found_args
        relations += found_rels
    if problems:
        raise DataError(problems)
    imported = Imported(documents, people, Records(tuple(arguments), tuple(relations)))
    # every string came from YAML the reader checked, but for the file names
    if all(unsafe_problem(d.file) is None for d in documents.values()):
        vouch_printable(imported)
    return imported


def _read_map_cached(path: Path, shown: str, cache: Session | None):
    """`read_map`, or its result for the same bytes kept in `cache`."""
    key = _map_key(path, shown) if cache is not None else None
    found = cache.get(key) if key is not None else None
    if found is None:
        found = read_map(path, path.name, shown)
        if key is not None and _map_key(path, shown) == key:  # unchanged while it was read
            cache.put(key, found)
    return found


def _map_key(path: Path, shown: str) -> str | None:
    try:
        return key_of("imported", shown, path.read_bytes())
    except OSError:
        return None


def read_map(path: Path, file_name: str, shown: str):
    """One imported map's (document, people, arguments, relations); DataError on any problem."""
    data, found = load_yaml(path, shown)
    if found:
        raise DataError(found)
    try:
        return _one_map(data, file_name, shown)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(
            [
                Problem(
                    shown, None, f"not a valid imported map: {exc}", "re-import the original file with `argmap import`"
                )
            ]
        ) from None


def _one_map(data: dict, file_name: str, shown: str):
    head = data["imported"]
    doc_id = head["document"]["id"]
    if not SLUG_RE.match(doc_id):
        raise ValueError(f"document id '{doc_id}' is not a slug")
    people = {p["id"]: Person(p["id"], p["name"], f"imported from {head['source']}") for p in head.get("people") or []}
    entries = data.get("arguments") or []
    text = "\n\n".join(e["quote"] for e in entries)
    dialogue = any(e.get("replies_to") for e in entries)  # then each argument is a turn of its own
    number = {e["id"]: i for i, e in enumerate(entries, start=1)}
    arguments, segments, offset = [], [Segment("body", 0, 0 if dialogue else len(text), None)], 0
    for e in entries:
        quote = e["quote"]
        if not SLUG_RE.match(e["id"]):
            raise ValueError(f"argument id '{e['id']}' is not a slug")
        start, end = offset, offset + len(quote)
        segment = f"comment-{number[e['id']]}" if dialogue else "body"
        if dialogue:
            answered = tuple(number[x] for x in e.get("replies_to") or () if x in number)
            segments.append(Segment(segment, start, end, e.get("speaker"), number[e["id"]], answered))
        arguments.append(
            Argument(
                id=e["id"],
                label=e["label"],
                quote=quote,
                document=doc_id,
                start=start,
                end=end,
                speaker=e.get("speaker"),
                year=e.get("year"),
                said_on=day_of(e.get("said_on")),
                label_fr=e.get("label_fr"),
                tags=tuple(e.get("tags") or ()),
                main=bool(e.get("main")),
                segment=segment,
                defined_at=shown,
            )
        )
        offset = end + 2
    relations = []
    for r in data.get("relations") or []:
        if r["kind"] == "undercut":
            p, _, c = r["to"].partition("->")
            relations.append(Relation(r["from"], "undercut", c, r.get("note"), f"{p}->{c}"))
        else:
            relations.append(Relation(r["from"], r["kind"], r["to"], r.get("note")))
    checked(arguments, relations, shown)
    document = Document(
        id=doc_id,
        file=file_name,
        text=text,
        title=head["document"].get("title"),
        language="und",
        source=head.get("source"),
        source_note=f"imported {_format_title(head.get('format'))} map; "
        "the text is the imported quotes, one paragraph each",
        segments=tuple(segments),
        imported=True,
    )
    return document, people, arguments, relations


def _format_title(name: object) -> str:
    found = FORMATS.get(name) if isinstance(name, str) else None
    return found.title if found else ""


def merge_imported(corpus: Corpus, curated: Records, seeds_dir: Path) -> tuple[Corpus, Records]:
    """The corpus and curated map with every imported map added; DataError on clashing ids."""
    return add_imported(corpus, curated, load_imported(seeds_dir))


def add_imported(corpus: Corpus, curated: Records, imported: Imported) -> tuple[Corpus, Records]:
    """The corpus and curated map with the imported maps added; DataError on clashing ids."""
    if not imported.documents:
        return corpus, curated
    known = {a.id for a in curated.arguments}
    clashes = [a for a in imported.map.arguments if a.id in known]
    clashes_doc = [d for d in imported.documents if d in corpus.documents]
    if clashes or clashes_doc:
        raise DataError(
            [
                Problem(a.defined_at, None, f"imported argument id '{a.id}' is already in the curated map")
                for a in clashes
            ]
            + [Problem("seeds/imported", None, f"document id '{d}' already exists") for d in clashes_doc]
        )
    checked = vouched(corpus) and vouched(curated) and vouched(imported)
    corpus = dataclasses.replace(
        corpus, documents={**corpus.documents, **imported.documents}, people={**imported.people, **corpus.people}
    )
    curated = dataclasses.replace(
        curated,
        arguments=curated.arguments + imported.map.arguments,
        relations=curated.relations + imported.map.relations,
        debates=curated.debates + imported_debates(imported),
    )
    if checked:  # made of records known printable, and of titles made from them
        vouch_printable(corpus), vouch_printable(curated)
    return corpus, curated


def imported_debates(imported: Imported) -> tuple[Debate, ...]:
    """One debate per imported map, so that each shows as its own entry point: its main
    claims are those marked so, else those that support or attack nothing; the debate
    itself is the whole map."""
    debates = []
    for doc in imported.documents.values():
        own = [a for a in imported.map.arguments if a.document == doc.id]
        answering = {r.source for r in imported.map.relations if r.kind in ("support", "attack")}
        claims = [a.id for a in own if a.main] or [a.id for a in own if a.id not in answering] or [a.id for a in own]
        debates.append(
            Debate(
                id=doc.id,
                title=doc.display_title,
                question=f"An argument map imported from {doc.source or doc.file}.",
                sides=(Side("Main claims", tuple(claims)),),
                document=doc.id,
            )
        )
    return tuple(debates)
