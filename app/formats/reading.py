"""What the readers share: ids, argument records and the checks an imported map must pass."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from app.problems import DataError, Problem
from app.records import SLUG, Argument, Relation
from app.text import unsafe_character

SLUG_RE = re.compile(SLUG)
MAX_LABEL = 300
MAX_ID = 60


def fail(source: str, message: str, hint: str = "", line: int | None = None):
    raise DataError([Problem(source, line, message, hint)])


@dataclass
class Notes:
    """What a reader says besides the records: the map's title when it has one, who answers
    whom (a dialogue's replies), the parts it left out and why, and warnings. Strict (the
    default) refuses the whole map on the first part that cannot be imported; lenient
    imports what is sound and lists the rest."""

    strict: bool = True
    title: str | None = None
    left_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replies: dict[str, list[str]] = field(default_factory=dict)  # argument id -> the arguments it answers

    def leave_out(self, source: str, where: str, why: str, hint: str = "") -> None:
        """Refuse the map (strict), or note that `where` is left out because of `why`."""
        if self.strict:
            fail(source, f"{where} {why}", hint)
        self.left_out.append(f"{where} {why}")


def slugify(text: str, fallback: str = "argument") -> str:
    """A lowercase ASCII slug of at most MAX_ID characters, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > MAX_ID:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or (words[0][:MAX_ID] if words else fallback)


class Ids:
    """Hands out unique slugs: a wanted id when it is a free slug, else a slug of a fallback text."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, wanted: str, text: str = "") -> str:
        base = (
            wanted
            if SLUG_RE.match(wanted or "") and not wanted.isdigit() and len(wanted) <= 80
            else slugify(text or wanted)
        )
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def make_argument(
    arg_id: str,
    text: str,
    quote: str | None = None,
    *,
    speaker: str | None = None,
    label_fr: str | None = None,
    tags=(),
    main: bool = False,
    year: int | None = None,
    said_on: dt.date | None = None,
    source: str = "",
) -> Argument:
    """An imported argument: no source document yet (`document` is empty and the
    offsets span the quote alone, until `import_map` places it in a document)."""
    label = one_line(text)
    if len(label) > MAX_LABEL:
        label = label[: MAX_LABEL - 1].rstrip() + "…"
    quote = quote if quote and quote.strip() else one_line(text)
    return Argument(
        id=arg_id,
        label=label,
        quote=quote,
        document="",
        start=0,
        end=len(quote),
        speaker=speaker,
        year=year if isinstance(year, int) else None,
        said_on=said_on,
        label_fr=label_fr,
        tags=tuple(str(t) for t in tags),
        main=bool(main),
        origin="curated",
        defined_at=source,
    )


def day_of(value: object) -> dt.date | None:
    """The day of a timestamp ("2013-05-02 10:00:00", "2013-05-02T10:00:00Z", a date),
    None when it is not one."""
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    found = re.match(r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})", value) if isinstance(value, str) else None
    try:
        return dt.date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def checked(
    arguments: list[Argument], relations: list[Relation], source: str, notes: Notes | None = None
) -> tuple[tuple, tuple]:
    """Drop duplicate relations (with a warning in `notes`); refuse text no page can show,
    self-relations and circular support."""
    for a in arguments:
        for name, value in (
            ("label", a.label),
            ("quote", a.quote),
            ("speaker", a.speaker),
            ("label_fr", a.label_fr),
            *(("tag", t) for t in a.tags),
        ):
            found = unsafe_character(value) if isinstance(value, str) else None
            if found is not None:
                fail(source, f"argument '{a.id}': its {name} contains {found[1]}", "remove it: no text may hold it")
    for r in relations:
        found = unsafe_character(r.note) if r.note else None
        if found is not None:
            fail(source, f"relation {r.source} {r.kind} {r.target}: its note contains {found[1]}")
    ids = {a.id for a in arguments}
    seen: set[tuple] = set()
    out: list[Relation] = []
    for r in relations:
        for end in (r.source, r.target):
            if end not in ids:
                fail(source, f"relation {r.source} {r.kind} {r.target} names unknown argument '{end}'")
        if r.source == r.target and r.kind != "undercut":
            fail(source, f"argument '{r.source}' cannot {r.kind} itself")
        key = (r.source, r.kind, r.undercuts or r.target)
        if key not in seen:
            seen.add(key)
            out.append(r)
        elif notes is not None:
            notes.warnings.append(f"duplicate relation {r.source} {r.kind} {r.undercuts or r.target}: kept once")
    support = nx.DiGraph((r.source, r.target) for r in out if r.kind == "support")
    for component in sorted(nx.strongly_connected_components(support), key=lambda c: sorted(c)):
        if len(component) > 1:
            cycle = nx.find_cycle(support.subgraph(component))
            path = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
            fail(
                source,
                f"circular support: {path}",
                "Argmap maps cannot hold a chain of supports that comes back to its start; remove one",
            )
    return tuple(arguments), tuple(out)


def group(pairs):
    out = defaultdict(list)
    for k, v in pairs:
        out[k].append(v)
    return out
