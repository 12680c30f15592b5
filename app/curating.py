"""Edits of the curated map, as a curator makes them in the browser.

Each operation takes the staged seeds folder (`app.store.Staged`) first and edits the
curated YAML files in place through `app.yamledit`, so that comments, key order and
quoting survive; each is a `make` for `Store.change`, which validates the result with
the loader before anything is written:

    store.change("Add argument", lambda files: create_argument(files, document, 10, 42, "…"))

Where things go: an argument into the curated file of its document (`document:` at its
top; `curated/<document>.yaml` is created when there is none); a relation into that
file when both ends quote the same document, else into `curated/cross-document.yaml`;
debates into `curated/debates.yaml`; ids that no longer name an argument (an extracted
argument accepted, an argument deleted) into `curated/retired.yaml`, so that their
permalinks keep answering; suggestions turned down into `curated/rejected.yaml`, by
passage or by pair, so that no later extraction proposes them again.

Ids are readable slugs of the label, never one that any argument had before.
Arguments and debates carry a `version` (`app.curation.entry_version`): an edit based
on an older version raises `store.Conflict` with the current one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from app.curation import RELATION_KINDS, _plain, entry_version, passage_key, topic_version
from app.records import Document
from app.store import Conflict, Staged
from app.text import id_key
from app.yamledit import dump_roundtrip, load_roundtrip

CURATED = "curated"
CROSS_DOCUMENT = "curated/cross-document.yaml"
DEBATES = "curated/debates.yaml"
RETIRED = "curated/retired.yaml"
DOCUMENTS = "documents.yaml"
REJECTED = "curated/rejected.yaml"
EXTRACTED = "extracted.json"
EDITABLE = ("label", "label_fr", "speaker", "tags", "main")

HEADERS = {
    RETIRED: "# Ids that named an argument once and no longer do: extracted arguments a curator\n"
    "# accepted (their links lead to the curated argument on the same passage) and arguments\n"
    "# a curator deleted (`deleted: true`: their links say so), and debates a curator deleted\n"
    "# (`debate:` and its title). An id is never reused.\n",
    REJECTED: "# Suggestions a curator turned down, never proposed again: extracted passages (by\n"
    "# document and quote, whatever id a later extraction gives them) and suggested relations.\n",
    CROSS_DOCUMENT: "# Relations between arguments of different documents.\n",
    DEBATES: "# The debates: the home page's entry points into the map.\n",
}


class NotFound(LookupError):
    """The edit names something the curated map does not have."""


class Refused(ValueError):
    """The edit cannot be made as asked (the message says why); nothing was changed."""


class NeedsConfirmation(Exception):
    """Deleting the argument would delete relations or debate claims too: `links` lists
    them, and the deletion is made only when confirmed."""

    def __init__(self, message: str, links: list[dict]):
        super().__init__(message)
        self.links = links


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SEGMENT_SPEAKER = object()  # the speaker of the segment the quote sits in


# ---------------------------------------------------------------- arguments


def create_argument(
    files: Staged,
    document: Document,
    start: int,
    end: int,
    label: str,
    *,
    label_fr: str | None = None,
    speaker=SEGMENT_SPEAKER,
    tags: tuple[str, ...] = (),
    main: bool = False,
) -> str:
    """Add an argument quoting exactly `document.text[start:end]`; returns its new id."""
    if not (0 <= start < end <= len(document.text)):
        raise Refused(f"{start}:{end} is not a passage of '{document.id}'")
    segment = document.segment_at(start, end)
    if segment is None:
        raise Refused("select a passage of the text or of one comment, not across them")
    quote = document.text[start:end]
    if not quote.strip():
        raise Refused("the passage is empty")
    # a selection often takes the spaces around the words with it: the quote is the words
    start += len(quote) - len(quote.lstrip())
    end -= len(quote) - len(quote.rstrip())
    quote = document.text[start:end]
    entry = CommentedMap()
    entry["id"] = fresh_id(files, label)
    entry["label"] = _text(label)
    if label_fr:
        entry["label_fr"] = _text(label_fr)
    entry["quote"] = _text(quote)
    if speaker is not SEGMENT_SPEAKER and speaker != segment.speaker:
        entry["speaker"] = speaker  # the loader takes the segment's speaker when none is written
    if tags:
        entry["tags"] = _flow(CommentedSeq(tags))
    if main:
        entry["main"] = True
    path, data = _document_file(files, document.id)
    if data.get("document") != document.id:
        entry.insert(1, "document", document.id)
    _append(data, "arguments", entry)
    _write(files, path, data)
    return entry["id"]


def edit_argument(files: Staged, arg_id: str, version: str | None, changes: dict) -> None:
    """Change the fields `changes` names (label, label_fr, speaker, tags, main; None
    removes an optional one) of a curated argument, if `version` is still current."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Refused(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE)}")
    found = find_argument(files, arg_id)
    _check_version(found.entry, version, arg_id)
    for key, value in changes.items():
        if key == "label":
            if not value or not str(value).strip():
                raise Refused("an argument needs a label")
            found.entry["label"] = _text(value)
        elif key == "tags":
            if value:
                found.entry["tags"] = _flow(CommentedSeq(value))
            else:
                found.entry.pop("tags", None)
        elif key == "main":
            if value:
                found.entry["main"] = True
            else:
                found.entry.pop("main", None)
        elif key == "speaker":
            found.entry["speaker"] = value  # written even when null: "nobody", not "the segment's"
        elif value is None or value == "":
            found.entry.pop(key, None)
        else:
            found.entry[key] = _text(value)
    _write(files, found.path, found.data)


def delete_argument(files: Staged, arg_id: str, version: str | None, start: int, end: int, confirm: bool) -> list[dict]:
    """Delete a curated argument, remembering its id and span so that its permalink says
    it is gone. The relations from, to or undercutting it and the debate claims naming
    it go with it only when `confirm`; else `NeedsConfirmation` lists them. Returns what
    was deleted with it."""
    found = find_argument(files, arg_id)
    _check_version(found.entry, version, arg_id)
    links = links_of(files, arg_id)
    if links and not confirm:
        raise NeedsConfirmation(f"'{arg_id}' is named by {len(links)} relation(s) or debate(s)", links)
    for path in sorted({found.path, *_curated_paths(files, naming=arg_id)}):
        data = found.data if path == found.path else _read(files, path)
        changed = _drop_links(data, arg_id)
        if path == found.path:
            _remove(data["arguments"], found.entry)
            changed = True
        if changed:
            _write(files, path, data)
    _retire(files, arg_id, found.document, start, end, str(found.entry["quote"]), deleted=True)
    return links


def links_of(files: Staged, arg_id: str) -> list[dict]:
    """The relations from, to or undercutting through `arg_id` and the debates naming it."""
    links = []
    for path in _curated_paths(files, naming=arg_id):
        data = _read(files, path)
        for rel in data.get("relations") or ():
            if arg_id in _ends(rel):
                links.append({"from": str(rel["from"]), "kind": str(rel["kind"]), "to": str(rel["to"]), "file": path})
        for debate in data.get("debates") or ():
            if any(arg_id in (side.get("claims") or ()) for side in debate.get("sides") or ()):
                links.append({"debate": str(debate["id"]), "title": str(debate["title"]), "file": path})
    return links


# ---------------------------------------------------------------- relations


def add_relation(files: Staged, source: str, kind: str, target: str, note: str | None = None) -> None:
    """Add `source kind target` (for an undercut, `target` is "premise->conclusion"): in
    the file of their document when every argument named quotes the same one, else in
    the cross-document file."""
    if kind not in RELATION_KINDS:
        raise Refused(f"unknown relation kind '{kind}'; use support, attack or undercut")
    named = [source, *target.split("->")] if kind == "undercut" else [source, target]
    documents = {find_argument(files, arg_id).document for arg_id in named}
    relation = _flow(CommentedMap([("from", source), ("kind", kind), ("to", target)]))
    if note:
        relation["note"] = note
    if len(documents) == 1:
        path, data = _document_file(files, documents.pop())
    else:
        path, data = CROSS_DOCUMENT, _read(files, CROSS_DOCUMENT, create=True)
    _append(data, "relations", relation)
    _write(files, path, data)


def delete_relation(files: Staged, source: str, kind: str, target: str) -> None:
    """Remove the curated relation `source kind target`, wherever it is written."""
    for path in _curated_paths(files, naming=source):
        data = _read(files, path)
        for rel in list(data.get("relations") or ()):
            if (str(rel["from"]), str(rel["kind"]), str(rel["to"])) == (source, kind, target):
                _remove(data["relations"], rel)
                _write(files, path, data)
                return
    raise NotFound(f"there is no relation {source} {kind} {target}")


# ---------------------------------------------------------------- suggestions


def accept_extracted(
    files: Staged, extracted_id: str, label: str | None = None, *, label_fr: str | None = None, tags=()
) -> str:
    """Make an extracted argument curated: same passage and speaker, a readable id (its
    extracted id then leads there). Returns the new id."""
    found = _extracted(files, extracted_id)
    entry = CommentedMap()
    entry["id"] = fresh_id(files, label or found["label"])
    entry["label"] = _text(label or found["label"])
    if label_fr:
        entry["label_fr"] = _text(label_fr)
    entry["quote"] = _text(found["quote"])
    entry["speaker"] = found["speaker"]
    if tags:
        entry["tags"] = _flow(CommentedSeq(tags))
    path, data = _document_file(files, found["document"])
    if data.get("document") != found["document"]:
        entry.insert(1, "document", found["document"])
    _append(data, "arguments", entry)
    _write(files, path, data)
    _retire(files, extracted_id, found["document"], found["start"], found["end"], found["quote"])
    return entry["id"]


def reject_extracted(files: Staged, extracted_id: str) -> None:
    """Turn an extracted argument down: its passage is never proposed again."""
    found = _extracted(files, extracted_id)
    entry = CommentedMap([("document", found["document"]), ("quote", found["quote"]), ("id", extracted_id)])
    _append_unique(files, REJECTED, entry)


def accept_suggestion(files: Staged, source: str, kind: str, target: str) -> None:
    """Make a suggested relation part of the curated map."""
    add_relation(files, source, kind, target)


def reject_suggestion(files: Staged, source: str, kind: str, target: str) -> None:
    """Turn a suggested relation down: it is never suggested again."""
    for arg_id in (source, target):
        find_argument(files, arg_id)
    entry = _flow(CommentedMap([("from", source), ("kind", kind), ("to", target)]))
    _append_unique(files, REJECTED, entry)


# ---------------------------------------------------------------- debates


def create_debate(
    files: Staged,
    title: str,
    question: str,
    sides: list[dict],
    title_fr: str | None = None,
    question_fr: str | None = None,
) -> str:
    """Add a debate (sides: [{"name", "name_fr" (optional), "claims": [argument ids]}]),
    with its title and question in French too when given; returns its id."""
    data = _read(files, DEBATES, create=True)
    taken = debate_ids_ever(files)
    entry = CommentedMap([("id", _unique(slug(title), taken)), ("title", _text(title))])
    if title_fr:
        entry["title_fr"] = _text(title_fr)
    entry["question"] = _text(question)
    if question_fr:
        entry["question_fr"] = _text(question_fr)
    entry["sides"] = _sides(sides)
    _append(data, "debates", entry)
    _write(files, DEBATES, data)
    return entry["id"]


def edit_debate(files: Staged, debate_id: str, version: str | None, changes: dict) -> None:
    """Change a debate's title, question (either in French too) or sides, if `version` is
    still current; an empty French text removes it."""
    unknown = set(changes) - set(DEBATE_FIELDS)
    if unknown:
        raise Refused(f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(DEBATE_FIELDS)}")
    for path in _curated_paths(files, naming=debate_id):
        data = _read(files, path)
        for entry in data.get("debates") or ():
            if entry.get("id") == debate_id:
                _check_version(entry, version, debate_id)
                for key, value in changes.items():
                    if key.endswith("_fr") and not value:
                        entry.pop(key, None)
                    else:
                        entry[key] = _sides(value) if key == "sides" else _text(value)
                _write(files, path, data)
                return
    raise NotFound(f"there is no debate '{debate_id}'")


DEBATE_FIELDS = ("title", "title_fr", "question", "question_fr", "sides")


def delete_debate(files: Staged, debate_id: str, version: str | None) -> None:
    """Remove a debate, if `version` is still current; its arguments stay. Its id is
    retired: its permalink then says it is gone, and no later debate is given it."""
    for path in _curated_paths(files, naming=debate_id):
        data = _read(files, path)
        items = data.get("debates") or ()
        for entry in items:
            if entry.get("id") == debate_id:
                _check_version(entry, version, debate_id)
                title = str(entry["title"])
                _remove(items, entry)
                _write(files, path, data)
                _append_unique(files, RETIRED, _flow(CommentedMap([("debate", debate_id), ("title", _text(title))])))
                return
    raise NotFound(f"there is no debate '{debate_id}'")


def set_topic(files: Staged, version: str | None, topic: str, topic_fr: str | None) -> None:
    """Name what the documents argue about (the home page's heading), in French too when
    `topic_fr` is given, if `version` is still current; an empty topic removes both."""
    data = _read(files, DOCUMENTS)
    was = {key: str(data[key]) if data.get(key) else None for key in ("topic", "topic_fr")}
    current = topic_version(was["topic"], was["topic_fr"])
    if version is not None and version != current:
        raise Conflict("the topic was changed by someone else since you opened it", {"version": current, "entry": was})
    wanted = {"topic": topic, "topic_fr": topic_fr if topic else None}
    for key in ("topic_fr", "topic"):
        if not wanted[key]:
            _pop_keeping_comments(data, key)
    for key in ("topic", "topic_fr"):
        if key in data and wanted[key]:
            data[key] = _text(wanted[key])
        elif wanted[key]:  # at the top of the file, before the lists, as the format shows it
            data.insert(list(data).index("topic") + 1 if key == "topic_fr" else 0, key, _text(wanted[key]))
    _write(files, DOCUMENTS, data)


def _pop_keeping_comments(data: CommentedMap, key: str) -> None:
    """Remove `key` from `data`; the comment lines after it (a blank line before the next
    key) go to the key before it, where they were read."""
    if key not in data:
        return
    keys = list(data)
    after = data.ca.items.pop(key, None)
    del data[key]
    at = keys.index(key)
    if after and after[2] is not None and at > 0:
        slot = data.ca.items.setdefault(keys[at - 1], [None, None, None, None])
        slot[2] = slot[2] or after[2]


def debate_ids_ever(files: Staged) -> set[str]:
    """Every debate id the curated files name: the current debates and the deleted ones."""
    taken: set[str] = set()
    for path in _curated_paths(files):
        data = yaml.load(files.read_text(path) or "", Loader=_FAST_LOADER) or {}
        taken.update(str(d["id"]) for d in data.get("debates") or () if "id" in d)
        taken.update(str(r["debate"]) for r in data.get("retired") or () if "debate" in r)
    return taken


def _sides(sides: list[dict]) -> CommentedSeq:
    out = CommentedSeq()
    for side in sides:
        item = CommentedMap([("name", _text(side["name"]))])
        if side.get("name_fr"):
            item["name_fr"] = _text(side["name_fr"])
        item["claims"] = CommentedSeq(str(c) for c in side["claims"])
        out.append(item)
    return out


# ---------------------------------------------------------------- ids


def slug(text: str, words: int = 6) -> str:
    """A readable id from a label: its first words, lower case, without accents."""
    ascii_text = unicodedata.normalize("NFKD", id_key(text)).encode("ascii", "ignore").decode()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_text) if p]
    out = "-".join(parts[:words])[:60].strip("-")
    return out or "argument"


def fresh_id(files: Staged, label: str) -> str:
    """A slug of `label` that no argument has, had, or was retired with."""
    return _unique(slug(label), ids_ever(files))


def ids_ever(files: Staged) -> set[str]:
    """Every argument id the folder names: curated, retired and extracted."""
    taken: set[str] = set()
    for path in _curated_paths(files):
        # read only: the C parser, many times faster than the round trip
        data = yaml.load(files.read_text(path) or "", Loader=_FAST_LOADER) or {}
        for key in ("arguments", "retired"):
            taken.update(str(e["id"]) for e in data.get(key) or () if "id" in e)
    extracted = json.loads(files.read_text(EXTRACTED) or "{}")
    taken.update(a["id"] for key in ("arguments", "retired") for a in extracted.get(key, ()))
    return taken


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ---------------------------------------------------------------- finding things


@dataclass
class Found:
    """A curated argument's entry, the file data holding it, and its document."""

    path: str
    data: CommentedMap
    entry: CommentedMap
    document: str


def find_argument(files: Staged, arg_id: str) -> Found:
    for path in _curated_paths(files, naming=arg_id):
        data = _read(files, path)
        for entry in data.get("arguments") or ():
            if entry.get("id") == arg_id:
                return Found(path, data, entry, str(entry.get("document") or data.get("document")))
    raise NotFound(f"there is no curated argument '{arg_id}'")


def _extracted(files: Staged, extracted_id: str) -> dict:
    data = json.loads(files.read_text(EXTRACTED) or "{}")
    for a in data.get("arguments", ()):
        if a["id"] == extracted_id:
            rejected = {
                passage_key(str(e["document"]), str(e["quote"]))
                for e in _read(files, REJECTED, create=True).get("rejected") or ()
                if "quote" in e
            }
            if passage_key(a["document"], a["quote"]) in rejected:
                raise NotFound(f"the extracted argument '{extracted_id}' was rejected")
            if extracted_id in _retired_ids(files):
                raise NotFound(f"the extracted argument '{extracted_id}' was accepted already")
            return a
    raise NotFound(f"there is no extracted argument '{extracted_id}'")


def _retired_ids(files: Staged) -> set[str]:
    return {str(e["id"]) for e in _read(files, RETIRED, create=True).get("retired") or ()}


def _ends(rel) -> set[str]:
    return {str(rel["from"]), *str(rel["to"]).split("->")}


def _drop_links(data, arg_id: str) -> bool:
    """Remove from one file's data the relations and debate claims naming `arg_id`."""
    changed = False
    for rel in list(data.get("relations") or ()):
        if arg_id in _ends(rel):
            _remove(data["relations"], rel)
            changed = True
    for debate in data.get("debates") or ():
        for side in debate.get("sides") or ():
            claims = side.get("claims") or []
            while arg_id in claims:
                claims.remove(arg_id)
                changed = True
    return changed


def _check_version(entry, version: str | None, name: str) -> None:
    current = entry_version(entry)
    if version is not None and version != current:
        raise Conflict(
            f"'{name}' was changed by someone else since you opened it",
            {"version": current, "entry": _plain(entry)},
        )


# ---------------------------------------------------------------- files


def _curated_paths(files: Staged, naming: str | None = None) -> list[str]:
    """The curated files, or only those whose text holds the id `naming`: ids are slugs,
    written as they are, so a file that does not hold the id as text cannot name it, and
    only the files that can are parsed round trip (the slow parse, at 10,000 arguments)."""
    paths = [f"{CURATED}/{name}" for name in sorted(files.listdir(CURATED)) if name.endswith(".yaml")]
    if naming is None:
        return paths
    return [path for path in paths if naming in (files.read_text(path) or "")]


def _read(files: Staged, path: str, create: bool = False) -> CommentedMap:
    text = files.read_text(path)
    if text is None:
        if not create:
            raise NotFound(f"there is no file {path}")
        text = HEADERS.get(path, "")
    data = load_roundtrip(text) if text.strip() and not _only_comments(text) else None
    if data is None:
        data = CommentedMap()
        if text.strip():
            data.yaml_set_start_comment(_comment_text(text))
    return data


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _comment_text(text: str) -> str:
    return "\n".join(line.lstrip("# ").rstrip() for line in text.splitlines() if line.strip())


def _write(files: Staged, path: str, data) -> None:
    files.write_text(path, dump_roundtrip(data))


def _document_file(files: Staged, doc_id: str) -> tuple[str, CommentedMap]:
    """The curated file of a document (its `document:` key), created when there is none."""
    for path in _curated_paths(files, naming=doc_id):
        data = _read(files, path)
        if data.get("document") == doc_id:
            return path, data
    path = f"{CURATED}/{doc_id}.yaml"
    if files.exists(path):
        return path, _read(files, path)
    data = CommentedMap([("document", doc_id)])
    data.yaml_set_start_comment(f"Curated map of the document {doc_id}.")
    return path, data


def _append(data: CommentedMap, key: str, entry) -> None:
    """Add `entry` at the end of the list `data[key]`, in the style of its neighbours."""
    items = data.get(key)
    if items is None:
        data[key] = items = CommentedSeq()
    if items and hasattr(items[-1], "fa") and hasattr(entry, "fa"):
        if items[-1].fa.flow_style():
            entry.fa.set_flow_style()
        else:
            entry.fa.set_block_style()
    items.append(entry)


def _append_unique(files: Staged, path: str, entry) -> None:
    key = "retired" if path == RETIRED else "rejected"
    data = _read(files, path, create=True)
    if any(_plain(e) == _plain(entry) for e in data.get(key) or ()):
        return
    _append(data, key, entry)
    _write(files, path, data)


def _remove(items: CommentedSeq, entry) -> None:
    """Remove `entry` from `items`, keeping the comment lines written above it: they
    introduce a part of the list, which goes on with the next entry."""
    index = next(i for i, e in enumerate(items) if e is entry)
    above = items.ca.items.get(index)
    del items[index]  # ruamel shifts the comments of the entries below
    if above and above[1] and index < len(items):
        slot = items.ca.items.setdefault(index, [None, None, None, None])
        slot[1] = [*above[1], *(slot[1] or [])]


def _retire(files: Staged, arg_id: str, document: str, start: int, end: int, quote: str, deleted=False) -> None:
    entry = _flow(CommentedMap([("id", arg_id), ("document", document), ("start", start), ("end", end)]))
    entry["quote"] = _text(quote)
    if deleted:
        entry["deleted"] = True
    _append_unique(files, RETIRED, entry)


def _text(value: str) -> str:
    """A free text as written to YAML: quoted when a YAML 1.1 reader (the loader's) would
    read it plain as something else ("No" as false, "12" as a number, ": " as a mapping)."""
    text = str(value).strip()
    try:
        plain = yaml.safe_load(text) == text and "\n" not in text
    except yaml.YAMLError:
        plain = False
    return text if plain else DoubleQuotedScalarString(text)


def _flow(node):
    node.fa.set_flow_style()
    return node
