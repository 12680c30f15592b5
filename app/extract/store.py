"""seeds/extracted.json ↔ records.

`load_extracted(path, corpus)` returns the extracted arguments and relations as
a `Records` of records with origin "extracted", or None when the file does
not exist. Malformed content, unknown documents or speakers, spans that no longer
match the document text, and relations to unknown arguments raise `DataError`
with every problem found (file, place, hint).

`dump_extracted(arguments, relations, corpus)` gives the file's text: deterministic and
byte-identical for the same records (sorted keys and records, floats rounded to 3
decimals, UTF-8, one trailing newline).

Permalinks are forever: when a new extraction no longer finds an argument that the
previous file had, `write_extracted` keeps its id, document and span under `retired`,
and the site sends its old link to the argument that now covers that span.

`same_as` lists the extracted arguments that restate a curated one by meaning though their
spans differ (`twins.py`); the graph folds them like the twins of span overlap.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.problems import DataError, Problem, display_path
from app.records import Argument, Corpus, Records, Relation, Retired

FORMAT = "argmap-extracted/1"
ID_PATTERN = r"^x-[0-9a-f]{10}$"
HINT = "re-run `argmap extract` to regenerate the file"


class _ArgumentOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID_PATTERN)
    document: str
    segment: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str = Field(min_length=1)
    label: str = Field(min_length=1)
    speaker: str | None
    role: Literal["claim", "premise"]
    confidence: float = Field(ge=0.0, le=1.0)


class _RelationOut(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from")
    kind: Literal["support", "attack"]
    target: str = Field(alias="to")
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: str = Field(min_length=1)


class _TwinOut(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    source: str = Field(alias="from", pattern=ID_PATTERN)
    target: str = Field(alias="to", min_length=1)
    similarity: float = Field(ge=-1.0, le=1.0)


class _RetiredOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=ID_PATTERN)
    document: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str


class _FileIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["argmap-extracted/1"]
    model: str | None = None
    arguments: list[dict]
    relations: list[dict]
    retired: list[_RetiredOut] = []
    same_as: list[_TwinOut] = []


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def dump_extracted(
    arguments: Iterable[Argument],
    relations: Iterable[Relation],
    model: str | None = None,
    retired: Iterable[Retired] = (),
    twins: Iterable[tuple[str, str, float]] = (),
) -> str:
    """The JSON text of seeds/extracted.json for these records (deterministic). `twins`:
    (extracted id, curated id, similarity) of the restatements found by meaning."""
    args = sorted(arguments, key=lambda a: (a.document, a.start, a.end, a.id))
    rels = sorted(relations, key=lambda r: (r.source, r.kind, r.target))
    data = {
        "format": FORMAT,
        "model": model,
        "arguments": [
            {
                "id": a.id,
                "document": a.document,
                "segment": a.segment,
                "start": a.start,
                "end": a.end,
                "quote": a.quote,
                "label": a.label,
                "speaker": a.speaker,
                "role": "premise" if "premise" in a.tags else "claim",
                "confidence": _round(a.confidence),
            }
            for a in args
        ],
        "relations": [
            {
                "from": r.source,
                "kind": r.kind,
                "to": r.target,
                "confidence": _round(r.confidence),
                "evidence": r.evidence or "",
            }
            for r in rels
        ],
    }
    gone = sorted(retired, key=lambda r: r.id)
    if gone:
        data["retired"] = [
            {"id": r.id, "document": r.document, "start": r.start, "end": r.end, "quote": r.quote} for r in gone
        ]
    same = sorted(twins)
    if same:
        data["same_as"] = [{"from": x, "to": c, "similarity": _round(sim)} for x, c, sim in same]
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def retired_since(path: Path, arguments: Iterable[Argument]) -> list[Retired]:
    """What the file at `path` names (arguments, and ids retired before) that `arguments`
    no longer do; nothing when there is no readable previous file."""
    try:
        previous = _FileIn.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return []
    now = {a.id for a in arguments}
    gone = {r.id: Retired(r.id, r.document, r.start, r.end, r.quote) for r in previous.retired}
    for entry in previous.arguments:
        try:
            a = _ArgumentOut.model_validate(entry)
        except ValidationError:
            continue
        gone[a.id] = Retired(a.id, a.document, a.start, a.end, a.quote)
    return [r for arg_id, r in gone.items() if arg_id not in now]


def write_extracted(
    path: Path,
    arguments: Iterable[Argument],
    relations: Iterable[Relation],
    model: str | None = None,
    twins: Iterable[tuple[str, str, float]] = (),
) -> str:
    """Write the file atomically, keeping the ids that this extraction no longer finds."""
    arguments = list(arguments)
    text = dump_extracted(arguments, relations, model, retired_since(path, arguments), twins)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(path)
    return text


def _pydantic_problems(exc: ValidationError, shown: str, where: str) -> list[Problem]:
    out = []
    for err in exc.errors():
        field = ".".join(str(x) for x in err["loc"])
        out.append(Problem(shown, None, f"{where}: {field}: {err['msg']}", HINT))
    return out


def load_extracted(path: Path, corpus: Corpus) -> Records | None:
    """The extracted records of `path`, or None when there is no such file."""
    if not path.exists():
        return None
    shown = display_path(path, path.parent.parent)
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(shown, None, f"not UTF-8 ({exc.reason} at byte {exc.start})", HINT)]) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(shown, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})", HINT)]) from None
    try:
        top = _FileIn.model_validate(data)
    except ValidationError as exc:
        raise DataError(_pydantic_problems(exc, shown, "top level")) from None

    problems: list[Problem] = []
    arguments: dict[str, Argument] = {}
    for n, entry in enumerate(top.arguments):
        where = f"arguments[{n}]"
        try:
            a = _ArgumentOut.model_validate(entry)
        except ValidationError as exc:
            problems += _pydantic_problems(exc, shown, where)
            continue
        where = f"{where} ({a.id})"
        document = corpus.documents.get(a.document)
        if document is None:
            problems.append(Problem(shown, None, f"{where}: unknown document '{a.document}'", HINT))
            continue
        if not (a.start < a.end <= len(document.text)):
            problems.append(
                Problem(
                    shown,
                    None,
                    f"{where}: span {a.start}:{a.end} is outside document '{a.document}' (length {len(document.text)})",
                    HINT,
                )
            )
            continue
        if document.text[a.start : a.end] != a.quote:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"{where}: span {a.start}:{a.end} no longer matches the text of "
                    f"'{a.document}' (the document changed since extraction)",
                    HINT,
                )
            )
            continue
        segment = document.segment_at(a.start, a.end)
        if segment is None or segment.id != a.segment:
            problems.append(
                Problem(shown, None, f"{where}: span is not inside segment '{a.segment}' of '{a.document}'", HINT)
            )
            continue
        if a.speaker is not None and a.speaker not in corpus.people:
            problems.append(Problem(shown, None, f"{where}: unknown speaker '{a.speaker}'", HINT))
            continue
        if a.id in arguments:
            problems.append(Problem(shown, None, f"{where}: duplicate id '{a.id}'", HINT))
            continue
        arguments[a.id] = Argument(
            id=a.id,
            label=a.label,
            quote=a.quote,
            document=a.document,
            start=a.start,
            end=a.end,
            speaker=a.speaker,
            year=document.year,
            tags=(a.role,),
            segment=a.segment,
            origin="extracted",
            confidence=a.confidence,
            defined_at=f"{shown}:{where}",
        )
    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for n, entry in enumerate(top.relations):
        where = f"relations[{n}]"
        try:
            r = _RelationOut.model_validate(entry)
        except ValidationError as exc:
            problems += _pydantic_problems(exc, shown, where)
            continue
        missing = [end for end in (r.source, r.target) if end not in arguments]
        if missing:
            problems.append(Problem(shown, None, f"{where}: unknown argument '{missing[0]}'", HINT))
            continue
        if r.source == r.target:
            problems.append(Problem(shown, None, f"{where}: '{r.source}' cannot {r.kind} itself", HINT))
            continue
        key = (r.source, r.kind, r.target)
        if key in seen:
            problems.append(Problem(shown, None, f"{where}: duplicate relation {r.source} {r.kind} {r.target}", HINT))
            continue
        seen.add(key)
        relations.append(
            Relation(
                source=r.source,
                kind=r.kind,
                target=r.target,
                origin="extracted",
                evidence=r.evidence,
                confidence=r.confidence,
            )
        )
    retired = []
    for n, r in enumerate(top.retired):
        if r.id in arguments:
            problems.append(Problem(shown, None, f"retired[{n}]: '{r.id}' is also a current argument", HINT))
        elif r.document in corpus.documents:  # a retired link into a removed document just stays dead
            retired.append(Retired(r.id, r.document, r.start, r.end, r.quote))
    twins = []
    for n, t in enumerate(top.same_as):
        if t.source not in arguments:
            problems.append(Problem(shown, None, f"same_as[{n}]: unknown argument '{t.source}'", HINT))
        else:  # the curated end is checked by the graph, which drops a twin of an argument no longer curated
            twins.append((t.source, t.target, t.similarity))
    if problems:
        raise DataError(problems)
    return Records(tuple(arguments.values()), tuple(relations), retired=tuple(retired), twins=tuple(twins))
