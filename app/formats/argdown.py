"""Argdown (https://argdown.org), the plain-text syntax for argument maps: `write(g)`
and `read(text, source)`, with Argdown's escapes and tags written once for both.

Writing.
* Every argument is a statement whose title is its id, so that ids survive a
  round trip: ``[presence-imperative]: Being present … #presence {…}``. The
  text is the English label; tags are Argdown ``#tags`` (``#(tag text)`` when
  not a single word); everything else (quote, speaker, document, offsets,
  French label, year, main, origin) is the statement's YAML data block, written
  as JSON (a subset of YAML).
* Supports and attacks are listed under their target: ``+ [premise]``,
  ``- [attacker]``.
* An undercut attacks an inference, and in Argdown only arguments have
  inferences, so an undercut inference p → c becomes an argument
  ``<p ⇒ c>`` with the premise-conclusion structure ``(1) [p] ---- (2) [c]``
  for a support (for an attack, the argument has premise ``<+ [p]`` and
  attacks ``-> [c]``); the undercutter is listed under it as ``<_ [u]``.
* Text special to Argdown (``[ ] < > # @ * _ { } / \\``) is escaped with a backslash.

Reading → (arguments, relations), pure. What becomes what:

* A statement ``[Title]: text`` is an argument: its id is the title when that is
  a slug (so Argmap's own exports round-trip), else a slug of the title; the
  label is its text; quote, speaker, label_fr, main and year come from its data
  block ``{…}`` when given (the quote defaults to the text); ``#tags`` are tags.
  An untitled statement (a line of plain text) gets a slug of its text.
* Relations in the indented tree: ``+ [x]``/``<+`` x supports the parent,
  ``- [x]``/``<-`` x attacks it, ``+> [x]``/``-> [x]`` the parent supports /
  attacks x, ``>< [x]`` contradiction (attacks both ways), ``<_ [x]`` x
  undercuts the parent argument, ``_> <x>`` the parent undercuts argument x.
* An argument with a premise-conclusion structure (``(1) … ---- (2) …``) is an
  inference: each premise supports the conclusion that follows the inference
  line. An argument without one whose only relations are premises (statements
  supporting it) and conclusions (statements it supports or attacks) is an
  inference too (the form Argmap writes for an undercut attack). An undercut of
  either undercuts each of its premise → conclusion links. Relations to or from
  such an argument count for its conclusion.
* Any other argument ``<Title>: text`` (argument-map style, no statements) is
  an argument of its own, like a statement.
* An untitled statement that nothing relates to is prose around the map and is left
  out, as Argdown's own map leaves it out.

Comments, front matter, headings, bold/italic marks and escapes are handled;
anything malformed raises `DataError` naming the line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import networkx as nx
import yaml

from app.formats.context import Context
from app.formats.ordering import edges_in_order, nodes_in_order, undercut_inferences
from app.formats.reading import Ids, Notes, checked, fail, make_argument, one_line
from app.records import Relation

# ---------------------------------------------------------------- grammar (both directions)

SPECIAL = r"\\\[\]<>#@*_{}/"  # characters that are Argdown syntax inside a statement's text
TAG_WORD = r"[A-Za-z0-9\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF-]+"  # a #tag written without parentheses
_ESCAPABLE = re.compile(f"([{SPECIAL}])")
_ESCAPED = re.compile(r"\\(.)")
_BARE_TAG = re.compile(f"^{TAG_WORD}$")
TAG = re.compile(rf"(?<!\\)#(?:\(((?:\\.|[^)\\])*)\)|({TAG_WORD}))")


def escape(text: str) -> str:
    """Argdown text on one line with its special characters escaped."""
    return _ESCAPABLE.sub(r"\\\1", " ".join(str(text).split()))


def unescape(text: str) -> str:
    """The text an escaped Argdown string stands for."""
    return _ESCAPED.sub(r"\1", text)


def tag(name: str) -> str:
    """`#word`, or `#(several words)` with parentheses escaped."""
    name = " ".join(str(name).split())
    if _BARE_TAG.match(name):
        return f"#{name}"
    return "#(" + escape(name).replace("(", "\\(").replace(")", "\\)") + ")"


# ---------------------------------------------------------------- writing

DATA_FIELDS = ("speaker", "year", "main", "quote")  # who said it, when, and in their words
_PLAIN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _yaml_value(value: object) -> str:
    """A YAML flow value: ids and numbers plain, text double-quoted (JSON strings are YAML),
    with braces escaped so that Argdown's data block ends where it should."""
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str) and _PLAIN.match(value) and not value.isdigit():
        return value
    return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def _title_value(title: str) -> str:
    """The title as plain YAML when it reads as such, else double-quoted (with '=' escaped, as
    '===' would end the front matter)."""
    title = " ".join(title.split())
    if re.match(r"^[A-Za-z0-9À-ÿ][^:#{}\[\]\"'=`|>&*!%@]*$", title):
        return title
    return json.dumps(title, ensure_ascii=False).replace("=", "\\u003d")


def data_block(fields: dict) -> str:
    return "{" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in fields.items()) + "}"


def inference_title(premise: str, conclusion: str) -> str:
    return f"{premise} \u21d2 {conclusion}"


def _relation_data(attrs: dict) -> str:
    return f" {{note: {_yaml_value(attrs['note'])}}}" if attrs.get("note") else ""


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The map as Argdown a person would write: a title, each argument as a statement
    `[id]: label #tags` with who said it on the next line, and under it the references
    that support (+) or attack (-) it."""
    title = context.title if context else None
    out = ["===", f"title: {_title_value(title or 'Argmap')}", "===", ""]
    undercut = undercut_inferences(g)
    reified = {key for targets in undercut.values() for _, _, key, _ in targets}
    by_target: dict[str, list[str]] = {}
    for source, target, key, attrs in edges_in_order(g):
        if attrs.get("kind") in ("support", "attack") and key not in reified:
            sign = "+" if attrs["kind"] == "support" else "-"
            by_target.setdefault(target, []).append(f"  {sign} [{source}]{_relation_data(attrs)}")
    for arg_id, attrs in nodes_in_order(g):
        fields = {k: attrs[k] for k in DATA_FIELDS if attrs.get(k) not in (None, False, "", [])}
        tags = " ".join(tag(t) for t in attrs.get("tags") or ())
        out.append(f"[{arg_id}]: {escape(attrs.get('label') or arg_id)}" + (f" {tags}" if tags else ""))
        if fields:
            out.append(f"  {data_block(fields)}")
        out += by_target.get(arg_id, [])
        out.append("")

    if reified:
        out += ["# Undercut inferences", ""]
        undercutters: dict[str, list[tuple[str, dict]]] = {}
        for source, _, key, attrs in edges_in_order(g):
            if attrs.get("kind") == "undercut":
                for _, _, inference_key, _ in undercut.get(key, ()):
                    undercutters.setdefault(inference_key, []).append((source, attrs))
        for source, target, key, attrs in edges_in_order(g):
            if key not in reified:
                continue
            name = inference_title(source, target)
            out.append(f"<{name}>{_relation_data(attrs)}")
            if attrs["kind"] == "support":
                out += ["", f"(1) [{source}]", "----", f"(2) [{target}]", "", f"<{name}>"]
            else:
                out += [f"  <+ [{source}]", f"  -> [{target}]"]
            out += [f"  <_ [{u}]{_relation_data(u_attrs)}" for u, u_attrs in undercutters[key]]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- reading

RELATION = re.compile(r"^([ \t]*)(\+>|->|<\+|<-|><|_>|<_|\+|-)(?=[ \t])[ \t]+(.*)$")
PCS_STATEMENT = re.compile(r"^[ \t]*\((\d+)\)[ \t]*(.*)$")
INFERENCE_LINE = re.compile(r"^[ \t]*-{2,}(.*?)(-{2,}[ \t]*)?$")
ELEMENT = re.compile(r"^(?:(\[)(?P<st>[^\]]+)\]|(<)(?P<arg>[^>]+)>)(?P<def>:)?[ \t]*(?P<rest>.*)$")
COMMENT = "\ue000"  # where a comment was: its line is not blank (blank lines end a relation tree)
DASHES = re.compile(r"^[ \t]*-{2,}[ \t]*$")  # an inference line, or the start or end of a multi-line one
FRONT_MATTER = re.compile(r"^\s*===+(?P<yaml>[^=]*)===+")
OPERATORS = {
    "+": ("in", "support"),
    "<+": ("in", "support"),
    "-": ("in", "attack"),
    "<-": ("in", "attack"),
    "+>": ("out", "support"),
    "->": ("out", "attack"),
    "<_": ("in", "undercut"),
    "_>": ("out", "undercut"),
    "><": ("both", "attack"),
}


@dataclass
class Element:
    kind: str  # "statement" or "argument"
    title: str
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    line: int = 0
    untitled: bool = False  # each untitled statement is a statement of its own, even when worded alike


@dataclass
class Model:
    statements: dict[str, Element] = field(default_factory=dict)
    arguments: dict[str, Element] = field(default_factory=dict)
    pcs: dict[str, list[tuple[list[str], str]]] = field(default_factory=dict)  # arg -> [(premises, conclusion)]
    relations: list[tuple[tuple[str, str], str, tuple[str, str], dict, int]] = field(default_factory=list)


# ---------------------------------------------------------------- lexical pass


def _clean(text: str, source: str) -> list[str]:
    """Drop comments (leaving COMMENT on each line they covered) and front matter; put each
    data block on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").replace(COMMENT, "")
    front = FRONT_MATTER.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]
    out: list[str] = []
    i, n, depth, quote = 0, len(text), 0, None
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i : i + 2])
            i += 2
            continue
        if depth:
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            out.append(" " if ch == "\n" else ch)
            i += 1
            continue
        if text.startswith("<!--", i) or text.startswith("/*", i):
            end_mark = "-->" if ch == "<" else "*/"
            end = text.find(end_mark, i)
            if end == -1:
                fail(source, "unterminated comment", line=text.count("\n", 0, i) + 1)
            out.append(COMMENT + ("\n" + COMMENT) * text.count("\n", i, end))
            i = end + len(end_mark)
            continue
        if text.startswith("//", i) and not text.startswith(":", i - 1):  # not the // of a URL
            end = text.find("\n", i)
            out.append(COMMENT)
            i = n if end == -1 else end
            continue
        if ch == "{":
            depth = 1
        out.append(ch)
        i += 1
    if depth:
        fail(source, "unterminated data block: a '{' is never closed")
    return "".join(out).split("\n")


def _element(raw: str, line: int, source: str) -> Element:
    """`[T]: text #tag {data}`, `<T>`, or plain text (an untitled statement)."""
    raw = raw.strip()
    data: dict = {}
    brace = _data_start(raw)
    if brace is not None:
        block = raw[brace:]
        raw = raw[:brace].rstrip()
        try:
            data = yaml.safe_load(block)
        except yaml.YAMLError as exc:
            fail(source, f"data block is not valid YAML: {one_line(str(exc))[:200]}", line=line)
        if not isinstance(data, dict):
            fail(source, "data block must be a mapping {key: value}", line=line)
    match = ELEMENT.match(raw)
    if match:
        kind = "statement" if match.group(1) else "argument"
        title = (match.group("st") or match.group("arg")).strip()
        rest = match.group("rest") if match.group("def") else ""
    else:
        kind, title, rest = "statement", "", raw
    tags = [unescape(a or b).strip() for a, b in TAG.findall(rest)]
    text = TAG.sub("", rest)
    text = re.sub(r"(?<!\\)(\*\*|__|\*|_)", "", text)  # bold and italic marks
    text = one_line(unescape(text))
    if not title:
        if not text:
            fail(source, "empty statement", line=line)
        return Element(kind, "", text, tags, data, line, untitled=True)
    return Element(kind, title, text, tags, data, line)


def _data_start(raw: str) -> int | None:
    """Index of a trailing {…} data block that closes at the end of the line."""
    if not raw.rstrip().endswith("}"):
        return None
    depth, quote, start = 0, None, None
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and depth == 0:
            i += 2
            continue
        if depth and quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif depth and ch in "\"'":
            quote = ch
        elif ch == "{":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        i += 1
    return start if depth == 0 else None


# ---------------------------------------------------------------- structure


@dataclass
class Line:
    """One logical line: an element with its hard-wrapped continuation lines joined."""

    kind: str  # "element", "relation", "pcs", "inference", "blank", "prose"
    number: int  # where it starts, for messages
    indent: int = 0
    text: str = ""
    operator: str = ""


def _logical_lines(lines: list[str]) -> list[Line]:
    """Group physical lines into logical ones. A line continues the element above it unless
    it starts something of its own (a relation, a numbered statement, an inference line, a
    heading, a list item) or follows a blank line: Argdown text may be hard-wrapped."""
    out: list[Line] = []
    current: Line | None = None  # the element that a continuation line extends
    i = 0
    while i < len(lines):
        raw, number = lines[i], i + 1
        i += 1
        line = raw.replace(COMMENT, "")
        stripped = line.strip()
        if not stripped:
            if COMMENT not in raw:
                out.append(Line("blank", number))
                current = None
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        relation, pcs = RELATION.match(line), PCS_STATEMENT.match(line)
        if DASHES.match(line) or stripped.startswith("--") and INFERENCE_LINE.match(line):
            following = next((nxt.replace(COMMENT, "") for nxt in lines[i:] if nxt.replace(COMMENT, "").strip()), "")
            if DASHES.match(line) and not PCS_STATEMENT.match(following):
                while i < len(lines) and not DASHES.match(lines[i].replace(COMMENT, "")):
                    i += 1  # a multi-line inference rule: its text names the rule, which Argmap does not keep
                i += 1
            out.append(Line("inference", number, indent))
            current = None
        elif relation:
            current = Line(
                "relation", number, len(relation.group(1).expandtabs(4)), relation.group(3), relation.group(2)
            )
            out.append(current)
        elif pcs:
            current = Line("pcs", number, indent, pcs.group(2))
            out.append(current)
        elif current is not None:
            current.text += " " + stripped
        elif re.match(r"^#+ ", stripped) or re.match(r"^(\*|\d+\.)[ \t]", stripped) and not indent:
            current = Line("prose", number, indent, stripped)  # a heading or a list item of prose
            out.append(current)
        else:
            current = Line("element", number, indent, stripped)
            out.append(current)
    return out


def read_model(text: str, source: str) -> Model:
    """The Argdown document as Argdown sees it: statements, arguments, premise-conclusion
    structures and relations (before they become Argmap records)."""
    model = Model()
    stack: list[tuple[int, tuple[str, str]]] = []  # (indent, element ref) of the open tree
    last_argument: str | None = None  # an argument title that a following PCS belongs to
    pcs_arg: str | None = None
    pcs_premises: list[str] = []
    anonymous = 0

    def define(el: Element) -> tuple[str, str]:
        if el.untitled:
            el.title = f"untitled]{len(model.statements) + len(model.arguments) + 1}"  # "]" ends a title
        table = model.statements if el.kind == "statement" else model.arguments
        known = table.get(el.title)
        if known is None:
            table[el.title] = el
        else:
            if el.text and not known.text:
                known.text = el.text
            known.tags += [t for t in el.tags if t not in known.tags]
            for k, v in el.data.items():
                known.data.setdefault(k, v)
        return (el.kind, el.title)

    for item in _logical_lines(_clean(text, source)):
        number = item.number
        if item.kind == "blank":
            stack = []
        elif item.kind == "inference":
            if pcs_arg is None:
                fail(source, "inference line outside an argument reconstruction", line=number)
            model.pcs[pcs_arg].append((pcs_premises[:], ""))
            pcs_premises.clear()
            stack = []
        elif item.kind == "pcs":
            if pcs_arg is None:
                if last_argument is None:
                    anonymous += 1
                    last_argument = f"Untitled argument {anonymous}"
                    define(Element("argument", last_argument, line=number))
                pcs_arg = last_argument
                model.pcs.setdefault(pcs_arg, [])
            ref = define(_element(item.text, number, source))
            steps = model.pcs[pcs_arg]
            if steps and steps[-1][1] == "":
                steps[-1] = (steps[-1][0], ref[1])
            pcs_premises.append(ref[1])  # an intermediate conclusion is a premise of the next step
            stack = [(item.indent, ref)]  # relations indented under a numbered statement are its own
        elif item.kind == "relation":
            while stack and stack[-1][0] >= item.indent:
                stack.pop()
            if not stack:
                fail(
                    source,
                    f"relation '{item.operator}' has nothing to relate to",
                    "indent it under a statement or an argument",
                    line=number,
                )
            parent = stack[-1][1]
            el = _element(item.text, number, source)
            ref = define(el)
            direction, kind = OPERATORS[item.operator]
            if direction in ("in", "both"):
                model.relations.append((ref, kind, parent, el.data, number))
            if direction in ("out", "both"):
                model.relations.append((parent, kind, ref, el.data, number))
            stack.append((item.indent, ref))
        elif item.kind == "element":
            pcs_arg = None
            pcs_premises = []
            el = _element(item.text, number, source)
            ref = define(el)
            last_argument = el.title if el.kind == "argument" else None
            stack = [(item.indent, ref)]
        else:
            stack = []
    for title, steps in model.pcs.items():
        for premises, conclusion in steps:
            if not conclusion:
                fail(source, f"the reconstruction of <{title}> ends with an inference line and no conclusion")
    # `<A> +> [C]` where C is A's own conclusion states the conclusion again: not a relation
    model.relations = [
        r
        for r in model.relations
        if not (
            r[1] == "support"
            and r[0][0] == "argument"
            and r[2][0] == "statement"
            and model.pcs.get(r[0][1])
            and model.pcs[r[0][1]][-1][1] == r[2][1]
        )
    ]
    return model


# ---------------------------------------------------------------- records


def read(text: str, source: str = "Argdown input", notes: Notes | None = None):
    """Argdown text → (arguments, relations); the front matter's title goes to `notes`."""
    notes = notes if notes is not None else Notes()
    notes.title = _title(text) or notes.title
    model = read_model(text, source)

    inferences: dict[str, list[tuple[str, str, str]]] = {}  # argument -> [(premise, kind, conclusion)]
    for title, steps in model.pcs.items():
        inferences[title] = [(p, "support", c) for premises, c in steps for p in premises if p != c]
    structural: set[str] = set()
    for title, el in model.arguments.items():
        if title in model.pcs or el.text:
            continue
        premises = [
            a[1]
            for a, kind, b, _, _ in model.relations
            if b == ("argument", title) and kind == "support" and a[0] == "statement"
        ]
        conclusions = [
            (kind, b[1])
            for a, kind, b, _, _ in model.relations
            if a == ("argument", title) and kind in ("support", "attack") and b[0] == "statement"
        ]
        other = [
            r
            for r in model.relations
            if ("argument", title) in (r[0], r[2])
            and not (r[1] == "undercut" and r[2] == ("argument", title))
            and not (r[2] == ("argument", title) and r[1] == "support" and r[0][0] == "statement")
            and not (r[0] == ("argument", title) and r[1] in ("support", "attack") and r[2][0] == "statement")
        ]
        if premises and conclusions and not other:
            inferences[title] = [(p, kind, c) for p in premises for kind, c in conclusions]
            structural.add(title)

    ids = Ids()
    node_id: dict[tuple[str, str], str] = {}
    arguments = []
    related = {end for a, _, b, _, _ in model.relations for end in (a, b)}
    related |= {("statement", s) for steps in model.pcs.values() for premises, c in steps for s in (*premises, c)}
    for kind, table in (("statement", model.statements), ("argument", model.arguments)):
        for title, el in table.items():
            if kind == "argument" and title in inferences:
                continue
            if el.untitled and (kind, title) not in related:
                continue  # a paragraph of prose around the map, as Argdown's own map leaves it out
            data = el.data
            quote = data.get("quote")
            speaker = data.get("speaker")
            arg_id = ids.take(title, el.text if el.untitled else title)
            node_id[(kind, title)] = arg_id
            arguments.append(
                make_argument(
                    arg_id,
                    el.text or title,
                    quote if isinstance(quote, str) else None,
                    speaker=str(speaker) if speaker not in (None, "") else None,
                    label_fr=data.get("label_fr") if isinstance(data.get("label_fr"), str) else None,
                    tags=el.tags,
                    main=data.get("main") is True,
                    year=data.get("year") if isinstance(data.get("year"), int) else None,
                    source=source,
                )
            )

    def conclusion_of(ref, line):
        if ref in node_id:
            return node_id[ref]
        steps = inferences.get(ref[1])
        if ref[0] == "argument" and steps:
            return node_id[("statement", steps[-1][2])]
        fail(source, f"<{ref[1]}> has no conclusion to relate to", line=line)

    relations = []
    for title, links in inferences.items():
        note_data = model.arguments[title].data if title in model.arguments else {}
        note = note_data.get("note") if isinstance(note_data.get("note"), str) else None
        for p, kind, c in links:
            relations.append(Relation(node_id[("statement", p)], kind, node_id[("statement", c)], note))
    undercuts = []
    for a, kind, b, data, line in model.relations:
        note = data.get("note") if isinstance(data.get("note"), str) else None
        if kind == "undercut":
            undercuts.append((a, b, note, line))
            continue
        if b[0] == "argument" and b[1] in structural or a[0] == "argument" and a[1] in structural:
            continue  # premises and conclusions of a structural inference, already counted
        ends = conclusion_of(a, line), conclusion_of(b, line)
        if ends[0] == ends[1] and kind == "support" and "argument" in (a[0], b[0]):
            continue  # an argument supporting its own conclusion says nothing new
        relations.append(Relation(ends[0], kind, ends[1], note))
    for a, b, note, line in undercuts:
        if b[0] == "argument" and b[1] in inferences:
            links = [(node_id[("statement", p)], node_id[("statement", c)]) for p, _, c in inferences[b[1]]]
        else:  # an argument of its own: its inferences are its supports and attacks
            own = node_id.get(b)
            links = [(r.source, r.target) for r in relations if r.source == own and r.kind in ("support", "attack")]
        if not links:
            notes.leave_out(
                source,
                f"line {line}: undercut of {'<%s>' % b[1] if b[0] == 'argument' else '[%s]' % b[1]},",
                "which is not an inference",
                "an undercut targets an argument that supports or attacks something, or has premises and a conclusion",
            )
            continue
        source_id = conclusion_of(a, line)
        relations += [Relation(source_id, "undercut", c_id, note, f"{p_id}->{c_id}") for p_id, c_id in links]
    return checked(arguments, relations, source, notes)


def _title(text: str) -> str | None:
    """The `title:` of the document's front matter (`=== title: … ===`), if any."""
    front = FRONT_MATTER.match(text.lstrip("\ufeff"))
    try:
        data = yaml.safe_load(front.group("yaml")) if front else None
    except yaml.YAMLError:
        return None
    title = data.get("title") if isinstance(data, dict) else None
    return one_line(title) if isinstance(title, str) and title.strip() else None
