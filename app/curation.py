"""The hand-curated map: seeds/curated/*.yaml → validated arguments, relations, debates.

`load_curated(seeds_dir, corpus)` reads every YAML file in seeds/curated/,
locates each quote in its document and returns its `Records`. All problems
(unknown or duplicate ids, quotes not found or ambiguous, bad kinds, support
cycles, …) are collected and raised together as one `DataError`.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Literal, NamedTuple

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from app.filecache import Session, key_of
from app.problems import DataError, Problem, display_path
from app.records import (
    SLUG,
    Argument,
    Corpus,
    Debate,
    Records,
    RejectedPassage,
    RejectedRelation,
    Relation,
    Retired,
    RetiredDebate,
    Side,
)
from app.text import id_key, locate, normalise, unsafe_problem, vouch_printable
from app.yamlio import LineDict, load_yaml, parse_mapping

RelationKind = Literal["support", "attack", "undercut"]
RELATION_KINDS = ("support", "attack", "undercut")


class _ArgumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=SLUG, max_length=80)
    label: str = Field(min_length=1, max_length=300)
    label_fr: str | None = Field(default=None, max_length=300)
    quote: str = Field(min_length=1)
    document: str | None = None
    speaker: str | None = None
    year: int | None = Field(default=None, ge=1000, le=9999)
    tags: list[str] = []
    main: bool = False


class _RelationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from", min_length=1)
    kind: RelationKind
    target: str = Field(alias="to", min_length=1)
    note: str | None = None


class _SideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    name_fr: str | None = Field(default=None, min_length=1)
    claims: list[str] = Field(min_length=1)


class _DebateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)
    title_fr: str | None = Field(default=None, min_length=1)
    question: str = Field(min_length=1)
    question_fr: str | None = Field(default=None, min_length=1)
    sides: list[_SideIn] = Field(min_length=2)


class _RetiredIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^(x-[0-9a-f]{10}|[a-z0-9]+(?:-[a-z0-9]+)*)$", max_length=80)
    document: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(min_length=1)
    deleted: bool = False


class _RetiredDebateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    debate: str = Field(pattern=SLUG)
    title: str = Field(min_length=1)


class _RejectedPassageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    quote: str = Field(min_length=1)
    id: str | None = None  # the id it had when it was rejected, for the reader of the file


class _RejectedRelationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from", min_length=1)
    kind: Literal["support", "attack"]
    target: str = Field(alias="to", min_length=1)


TOP_LEVEL_KEYS = ("document", "arguments", "relations", "debates", "retired", "rejected")


def entry_version(entry: Mapping) -> str:
    """The version of a curated entry (an argument or a debate as written in its file): a
    digest of its fields, the same whether the file was read for display or for an edit."""
    text = json.dumps(_plain(entry), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def topic_version(topic: str | None, topic_fr: str | None) -> str:
    """The version of the corpus's topic (documents.yaml's `topic` and `topic_fr`)."""
    return entry_version({"topic": topic, "topic_fr": topic_fr})


def _plain(value):
    """YAML data of either reader (line-numbered or round-trip) as plain JSON data."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def passage_key(document: str, quote: str) -> tuple[str, str]:
    """What identifies a passage across extractions: its document and its words."""
    return document, id_key(quote)


def settled(extracted: Records | None, curated: Records) -> Records | None:
    """The extraction without what curators settled: the extracted arguments they accepted
    (their ids are retired by the curated map) or rejected (by passage), and the relations
    of those. Their permalinks are answered through `curated.retired`."""
    if extracted is None:
        return None
    retired = {r.id for r in curated.retired}
    rejected = {passage_key(r.document, r.quote) for r in curated.rejected if isinstance(r, RejectedPassage)}
    dropped = {a.id for a in extracted.arguments if a.id in retired or passage_key(a.document, a.quote) in rejected}
    if not dropped:
        return extracted
    return Records(
        tuple(a for a in extracted.arguments if a.id not in dropped),
        tuple(r for r in extracted.relations if r.source not in dropped and r.target not in dropped),
        extracted.debates,
        tuple(r for r in extracted.retired if r.id not in retired),
    )


def rejected_relations(curated: Records) -> frozenset[tuple[str, str, str]]:
    """The suggested relations curators turned down, as (source, kind, target)."""
    return frozenset((r.source, r.kind, r.target) for r in curated.rejected if isinstance(r, RejectedRelation))


# ---------------------------------------------------------------- loading


def load_curated(
    seeds_dir: Path, corpus: Corpus, left_out: frozenset[str] = frozenset(), cache: Session | None = None
) -> Records:
    """Read every seeds_dir/curated/*.yaml file; raise DataError listing every problem.

    `left_out` names documents already reported as broken: arguments quoting them are
    not checked, and neither they nor what refers to them is reported again. With a
    `cache`, a file read before is taken from it when its bytes, and the documents and
    people it refers to, are unchanged; what lies between files is checked every time."""
    curated_dir = seeds_dir / "curated"
    digests = _DocumentDigests(corpus)
    paths = sorted(curated_dir.glob("*.yaml"))
    # display_path resolves a file's folder: once for the folder they all share
    folder_shown = display_path(curated_dir / "-", seeds_dir.parent)[:-1]
    files = [
        _curated_file(path, folder_shown + path.name, corpus, left_out, digests, cache if not left_out else None)
        for path in paths
    ]
    records = _merged(files)
    # every string came from YAML the reader checked, but for the file names in `defined_at`
    if all(unsafe_problem(path.name) is None for path in paths):
        vouch_printable(records)
    return records


@dataclasses.dataclass(frozen=True)
class _CuratedFile:
    """One curated file read and checked on its own: what it holds, in file order, as
    steps (("problem", Problem), ("argument", id, shown, line, Argument or None),
    ("broken", id), ("relation", _Pending, shown, line), ("debate", Debate, shown,
    id line, sides line), ("retired", Retired, shown, line), ("rejected", record)), and
    what it refers to outside itself: documents (id, digest) and speakers."""

    steps: tuple[tuple, ...]
    documents: tuple[tuple[str, str], ...] = ()
    speakers: frozenset[str] = frozenset()

    @property
    def clean(self) -> bool:
        """Nothing to report and nothing left out: such a result may be used again (an
        argument that could not be read always comes with its problem)."""
        return all(step[0] not in ("problem", "broken") for step in self.steps)


class _Pending(NamedTuple):
    """A relation as its file writes it, before the arguments it names are known, and the
    record it makes if they are (None: an undercut whose target is not "premise->conclusion")."""

    source: str
    kind: str
    target: str
    note: str | None
    record: Relation | None


def _pending(rel: _RelationIn) -> _Pending:
    if rel.kind != "undercut":
        return _Pending(
            rel.source, rel.kind, rel.target, rel.note, Relation(rel.source, rel.kind, rel.target, rel.note)
        )
    match = _RELATION_REF.match(rel.target)
    record = Relation(rel.source, rel.kind, match[2], rel.note, f"{match[1]}->{match[2]}") if match else None
    return _Pending(rel.source, rel.kind, rel.target, rel.note, record)


class _DocumentDigests:
    """A digest of what an argument takes from each document (its text, segments and
    year), computed once per load and only for the documents asked about."""

    def __init__(self, corpus: Corpus):
        self._corpus = corpus
        self._digests: dict[str, str] = {}

    def __getitem__(self, doc_id: str) -> str | None:
        if doc_id not in self._digests:
            document = self._corpus.documents.get(doc_id)
            if document is None:
                return None
            digest = hashlib.sha256(document.text.encode("utf-8", "surrogatepass"))
            digest.update(repr((document.segments, document.year)).encode("utf-8", "surrogatepass"))
            self._digests[doc_id] = digest.hexdigest()
        return self._digests[doc_id]


def _curated_file(
    path: Path, shown: str, corpus: Corpus, left_out: frozenset[str], digests: _DocumentDigests, cache: Session | None
) -> _CuratedFile:
    """The file read and checked, or the same result kept in `cache` when the file's bytes
    and what it refers to are unchanged."""
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    key = key_of("curated", shown, raw) if cache is not None and raw is not None else None
    known = cache.get(key) if key is not None else None
    if known is not None and _still_holds(known, corpus, digests):
        return known
    found = _read_curated_file(path, raw, shown, corpus, left_out, digests)  # the bytes the key was made of
    if key is not None and found.clean:
        cache.put(key, found)
    return found


def _still_holds(known: _CuratedFile, corpus: Corpus, digests: _DocumentDigests) -> bool:
    return all(digests[doc_id] == digest for doc_id, digest in known.documents) and all(
        speaker in corpus.people for speaker in known.speakers
    )


def _read_curated_file(
    path: Path, raw: bytes | None, shown: str, corpus: Corpus, left_out: frozenset[str], digests: _DocumentDigests
) -> _CuratedFile:
    steps: list[tuple] = []
    problems = _ProblemSteps(steps)
    data, found = load_yaml(path, shown, raw)
    problems += found
    if data is None:
        if not found:
            problems.append(Problem(shown, 1, "file is empty"))
        # Its arguments exist, only unreadable for now: relations to them are not errors too.
        steps += [("broken", arg_id) for arg_id in sorted(_ids_written_in(path))]
        return _CuratedFile(tuple(steps))
    if not isinstance(data, dict):
        problems.append(
            Problem(shown, 1, "expected a mapping with 'arguments' and/or 'relations'", "see docs/data-format.md")
        )
        return _CuratedFile(tuple(steps))
    unknown = set(data) - set(TOP_LEVEL_KEYS)
    for key in sorted(unknown, key=str):
        problems.append(
            Problem(
                shown,
                data.line_of(key),
                f"unknown top-level key '{key}'",
                "expected " + ", ".join(TOP_LEVEL_KEYS[:-1]) + " or " + TOP_LEVEL_KEYS[-1],
            )
        )
    documents: set[str] = set()
    speakers: set[str] = set()
    default_doc = data.get("document")
    if default_doc in left_out:
        pass  # reported with the document; its arguments are skipped below
    elif default_doc is not None and default_doc not in corpus.documents:
        problems.append(
            Problem(
                shown,
                data.line_of("document"),
                f"unknown document '{default_doc}'",
                _did_you_mean(default_doc, corpus.documents),
            )
        )
        default_doc = None
    elif default_doc is not None:
        documents.add(default_doc)

    folded_texts: dict[str, tuple] = {}
    for entry in _list(data, "arguments", shown, problems):
        arg_in, found = parse_mapping(_ArgumentIn, entry, shown, getattr(entry, "line", None))
        problems += found
        if arg_in is None:
            continue
        if (arg_in.document or default_doc) in left_out:
            steps.append(("broken", arg_in.id))
            continue
        argument, found = _argument(arg_in, entry, default_doc, corpus, folded_texts, shown)
        problems += found
        if argument is not None:
            argument = dataclasses.replace(argument, version=entry_version(entry))
            documents.add(argument.document)
            if argument.speaker is not None:
                speakers.add(argument.speaker)
        steps.append(("argument", arg_in.id, shown, entry.line_of("id"), argument))

    for entry in _list(data, "relations", shown, problems):
        rel_in, found = parse_mapping(_RelationIn, entry, shown, getattr(entry, "line", None))
        if found and isinstance(entry, dict) and entry.get("kind") not in (None, *RELATION_KINDS):
            found = [
                Problem(
                    shown,
                    entry.line_of("kind"),
                    f"unknown relation kind '{entry.get('kind')}'",
                    "use support, attack or undercut",
                )
            ]
        problems += found
        if rel_in is not None:
            steps.append(("relation", _pending(rel_in), shown, entry.line))

    for entry in _list(data, "debates", shown, problems):
        debate_in, found = parse_mapping(_DebateIn, entry, shown, getattr(entry, "line", None))
        problems += found
        if debate_in is not None:
            debate = Debate(
                debate_in.id,
                debate_in.title,
                debate_in.question,
                tuple(Side(s.name, tuple(s.claims), s.name_fr) for s in debate_in.sides),
                version=entry_version(entry),
                title_fr=debate_in.title_fr,
                question_fr=debate_in.question_fr,
            )
            steps.append(("debate", debate, shown, entry.line_of("id"), entry.line_of("sides")))

    for entry in _list(data, "retired", shown, problems):
        if isinstance(entry, dict) and "debate" in entry:
            debate_gone, found = parse_mapping(_RetiredDebateIn, entry, shown, getattr(entry, "line", None))
            problems += found
            if debate_gone is not None:
                steps.append(
                    ("retired-debate", RetiredDebate(debate_gone.debate, debate_gone.title), shown, entry.line)
                )
            continue
        gone, found = parse_mapping(_RetiredIn, entry, shown, getattr(entry, "line", None))
        problems += found
        if gone is None:
            continue
        if gone.document not in corpus.documents and gone.document not in left_out:
            problems.append(Problem(shown, entry.line_of("document"), f"unknown document '{gone.document}'"))
        else:
            documents.add(gone.document)
            record = Retired(gone.id, gone.document, gone.start, gone.end, gone.quote, gone.deleted)
            steps.append(("retired", record, shown, entry.line))

    for entry in _list(data, "rejected", shown, problems):
        model = _RejectedRelationIn if isinstance(entry, dict) and "from" in entry else _RejectedPassageIn
        turned_down, found = parse_mapping(model, entry, shown, getattr(entry, "line", None))
        problems += found
        if isinstance(turned_down, _RejectedPassageIn):
            steps.append(("rejected", RejectedPassage(turned_down.document, turned_down.quote)))
        elif turned_down is not None:
            steps.append(("rejected", RejectedRelation(turned_down.source, turned_down.kind, turned_down.target)))
    return _CuratedFile(
        tuple(steps),
        tuple(sorted((doc_id, digests[doc_id]) for doc_id in documents if digests[doc_id] is not None)),
        frozenset(speakers),
    )


class _ProblemSteps:
    """The problems of a file, kept as steps in the order they are found (`+=`, `append`)."""

    def __init__(self, steps: list[tuple]):
        self._steps = steps

    def __iadd__(self, problems: list[Problem]) -> _ProblemSteps:
        self._steps += [("problem", p) for p in problems]
        return self

    def append(self, problem: Problem) -> None:
        self._steps.append(("problem", problem))


def _merged(files: list[_CuratedFile]) -> Records:
    """The records of every file, checked against one another (duplicate ids, relations
    and debates naming arguments, support cycles, retired ids); DataError listing every
    problem, each file's own in its place."""
    problems: list[Problem] = []
    arguments: dict[str, Argument] = {}
    pending_relations: list[tuple[_Pending, str, int]] = []
    debates: list[tuple[Debate, str, int, int]] = []
    broken_ids: set[str] = set()  # defined but invalid: already reported, so relations to them are not
    retired: dict[str, tuple[Retired, str, int]] = {}
    retired_debates: dict[str, tuple[RetiredDebate, str, int]] = {}
    rejected: list = []
    for found in files:
        for step in found.steps:
            kind = step[0]
            if kind == "problem":
                problems.append(step[1])
            elif kind == "argument":
                _, arg_id, shown, id_line, argument = step
                if arg_id in arguments:
                    problems.append(
                        Problem(
                            shown,
                            id_line,
                            f"duplicate argument id '{arg_id}'",
                            f"first defined at {arguments[arg_id].defined_at}; ids must be unique",
                        )
                    )
                elif argument is not None:
                    arguments[arg_id] = argument
                else:
                    broken_ids.add(arg_id)
            elif kind == "broken":
                broken_ids.add(step[1])
            elif kind == "relation":
                pending_relations.append(step[1:])
            elif kind == "debate":
                debates.append(step[1:])
            elif kind in ("retired", "retired-debate"):
                _, record, shown, line = step
                seen = retired if kind == "retired" else retired_debates
                if record.id in seen:
                    named = f"'{record.id}'" if kind == "retired" else f"debate '{record.id}'"
                    problems.append(Problem(shown, line, f"{named} is retired twice"))
                else:
                    seen[record.id] = (record, shown, line)
            else:
                rejected.append(step[1])

    relations, found = _relations(pending_relations, arguments, broken_ids)
    problems += found
    problems += _support_cycles(relations, arguments)
    debate_records, found = _debates(debates, arguments, broken_ids)
    problems += found
    for arg_id, (_, shown, line) in retired.items():
        if arg_id in arguments:
            problems.append(
                Problem(shown, line, f"retired id '{arg_id}' names a current argument", "an id is never reused")
            )
    current_debates = {d.id for d in debate_records}
    for debate_id, (_, shown, line) in retired_debates.items():
        if debate_id in current_debates:
            problems.append(
                Problem(shown, line, f"retired debate '{debate_id}' names a current debate", "an id is never reused")
            )
    if problems:
        raise DataError(problems)
    records = Records(
        tuple(arguments.values()),
        tuple(relations),
        tuple(debate_records),
        tuple(r for r, _, _ in retired.values()),
        tuple(rejected),
        retired_debates=tuple(r for r, _, _ in retired_debates.values()),
    )
    return records


def argument_ids(seeds_dir: Path) -> dict[str, str]:
    """Every argument id the curated files define, with the file that defines it, read
    without locating a quote; DataError when a file cannot be read."""
    ids: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted((seeds_dir / "curated").glob("*.yaml")):
        shown = display_path(path, seeds_dir.parent)
        data, found = load_yaml(path, shown)
        problems += found
        entries = data.get("arguments") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ids.setdefault(entry["id"], shown)
    if problems:
        raise DataError(problems)
    return ids


def _list(data: LineDict, key: str, shown: str, problems: list[Problem]) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(shown, data.line_of(key), f"'{key}' must be a list"))
        return []
    return value


def _did_you_mean(name: str, choices) -> str:
    close = difflib.get_close_matches(str(name), list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else ""


def _argument(
    arg_in: _ArgumentIn, entry: LineDict, default_doc: str | None, corpus: Corpus, folded_texts: dict, shown: str
) -> tuple[Argument | None, list[Problem]]:
    doc_id = arg_in.document or default_doc
    if doc_id is None:
        return None, [
            Problem(
                shown,
                entry.line,
                f"argument '{arg_in.id}' has no document",
                "set 'document:' at the top of the file or on the argument",
            )
        ]
    document = corpus.documents.get(doc_id)
    if document is None:
        return None, [
            Problem(
                shown,
                entry.line_of("document"),
                f"unknown document '{doc_id}'",
                _did_you_mean(doc_id, corpus.documents),
            )
        ]
    if doc_id not in folded_texts:
        folded_texts[doc_id] = normalise(document.text)
    spans = locate(arg_in.quote, document, folded_texts[doc_id])
    at = entry.line_of("quote")
    if not spans:
        return None, [
            Problem(
                shown,
                at,
                f"quote of '{arg_in.id}' not found in document '{doc_id}'",
                f"copy the span verbatim from seeds/documents/{document.file} "
                "(body or comments only); only quotes, apostrophes and spaces may differ",
            )
        ]
    if len(spans) > 1:
        offsets = ", ".join(f"{s}:{e}" for s, e in spans)
        return None, [
            Problem(
                shown,
                at,
                f"quote of '{arg_in.id}' found {len(spans)} times in '{doc_id}' (at {offsets})",
                "lengthen the quote until it is unique",
            )
        ]
    start, end = spans[0]
    segment = document.segment_at(start, end)
    speaker = arg_in.speaker if "speaker" in entry else segment.speaker
    if speaker is not None and speaker not in corpus.people:
        return None, [
            Problem(
                shown,
                entry.line_of("speaker"),
                f"unknown speaker '{speaker}'",
                _did_you_mean(speaker, corpus.people) or "add them to people in seeds/documents.yaml",
            )
        ]
    return Argument(
        id=arg_in.id,
        label=arg_in.label.strip(),
        label_fr=arg_in.label_fr,
        quote=document.text[start:end],
        document=doc_id,
        start=start,
        end=end,
        speaker=speaker,
        year=arg_in.year if arg_in.year is not None else document.year,
        tags=tuple(arg_in.tags),
        main=arg_in.main,
        segment=segment.id,
        defined_at=f"{shown}:{entry.line}",
    ), []


_ID_LINE = re.compile(r"^\s*-?\s*id:\s*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)", re.M)


def _ids_written_in(path: Path) -> set[str]:
    """The argument ids a file spells out (`id: ...` lines), read as text: what a file
    that does not parse would define."""
    try:
        return set(_ID_LINE.findall(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return set()


_RELATION_REF = re.compile(r"^\s*([^\s>-][^\s>]*?)\s*->\s*(\S+)\s*$")


def _relations(
    pending: list[tuple[_Pending, str, int]], arguments: dict[str, Argument], broken_ids: set[str]
) -> tuple[list[Relation], list[Problem]]:
    problems: list[Problem] = []
    relations: list[Relation] = []
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    inferences = {(r.source, r.target) for r, _, _ in pending if r.kind != "undercut"}
    for rel, shown, line in pending:
        target = rel.target
        undercuts = None
        for end_name, end in (("from", rel.source), ("to", rel.target)):
            if rel.kind == "undercut" and end_name == "to":
                continue
            if end not in arguments and end not in broken_ids:
                problems.append(
                    Problem(shown, line, f"relation {end_name} unknown argument '{end}'", _did_you_mean(end, arguments))
                )
        if rel.kind == "undercut":
            if rel.record is None:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"undercut target '{rel.target}' is not a relation",
                        'write it as "premise-id->conclusion-id"',
                    )
                )
                continue
            premise, _, conclusion = rel.record.undercuts.partition("->")  # a premise id holds no ">"
            if premise in broken_ids or conclusion in broken_ids:
                continue
            if (premise, conclusion) not in inferences:
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"undercut target '{rel.target}' is not an existing relation",
                        "an undercut attacks a support or attack relation defined elsewhere",
                    )
                )
                continue
            undercuts, target = rel.record.undercuts, rel.record.target
        if rel.source in broken_ids or target in broken_ids:
            continue
        if rel.source == target and rel.kind != "undercut":
            problems.append(Problem(shown, line, f"argument '{rel.source}' cannot {rel.kind} itself"))
            continue
        key = (rel.source, rel.kind, undercuts or target)
        if key in seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"duplicate relation {rel.source} {rel.kind} {rel.target}",
                    "already defined at {}:{}".format(*seen[key]),
                )
            )
            continue
        seen[key] = (shown, line)
        relations.append(rel.record)
    return relations, problems


def _support_cycles(relations: list[Relation], arguments: dict[str, Argument]) -> list[Problem]:
    """A chain of supports that comes back to its start is circular reasoning."""
    pairs = [(r.source, r.target) for r in relations if r.kind == "support"]
    if _acyclic(pairs):  # the usual case, told apart at a fraction of the cost of the components
        return []
    support = nx.DiGraph(pairs)
    problems = []
    for component in nx.strongly_connected_components(support):
        if len(component) > 1:
            cycle = nx.find_cycle(support.subgraph(component))
            path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
            first = arguments.get(cycle[0][0])
            file, _, line = (first.defined_at if first else "seeds/curated:0").rpartition(":")
            problems.append(
                Problem(
                    file,
                    int(line or 0) or None,
                    f"circular support: {path}",
                    "an argument cannot support itself through a chain; one of these should go",
                )
            )
    return problems


def _acyclic(pairs: list[tuple[str, str]]) -> bool:
    """Whether the arrows `pairs` make no cycle (Kahn: repeatedly take away what nothing
    points to; a cycle is what is left)."""
    targets: dict[str, list[str]] = defaultdict(list)
    pointed: Counter = Counter()
    for source, target in pairs:
        targets[source].append(target)
        pointed[target] += 1
    free = [n for n in targets if not pointed[n]]
    left = len(set(targets) | set(pointed))
    while free:
        node = free.pop()
        left -= 1
        for target in targets.get(node, ()):
            pointed[target] -= 1
            if not pointed[target]:
                free.append(target)
    return left == 0


def _debates(
    debates: list[tuple[Debate, str, int, int]], arguments: dict[str, Argument], broken_ids: set[str]
) -> tuple[list[Debate], list[Problem]]:
    problems: list[Problem] = []
    records: list[Debate] = []
    ids: set[str] = set()
    for debate, shown, id_line, sides_line in debates:
        if debate.id in ids:
            problems.append(Problem(shown, id_line, f"duplicate debate id '{debate.id}'"))
        ids.add(debate.id)
        for side in debate.sides:
            for claim in side.claims:
                if claim not in arguments and claim not in broken_ids:
                    problems.append(
                        Problem(
                            shown,
                            sides_line,
                            f"debate '{debate.id}' names unknown argument '{claim}'",
                            _did_you_mean(claim, arguments),
                        )
                    )
        records.append(debate)
    return records, problems
