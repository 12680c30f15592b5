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

Comments, front matter, headings, bold/italic marks and escapes are handled;
anything malformed raises `DataError` naming the line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import networkx as nx
import yaml

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

DATA_FIELDS = ("quote", "speaker", "label_fr", "document", "source_file", "start", "end", "segment",
               "year", "main", "origin", "confidence")


def _json_value(value: object) -> str:
    # JSON is YAML; braces inside strings are escaped so Argdown's data block ends where it should
    return json.dumps(value, ensure_ascii=False).replace("{", "\\u007b").replace("}", "\\u007d")


def data_block(fields: dict) -> str:
    items = [f"{json.dumps(k)}: {_json_value(v)}" for k, v in fields.items()]
    return "{" + ", ".join(items) + "}"


def inference_title(premise: str, conclusion: str) -> str:
    return f"{premise} \u21d2 {conclusion}"


def write(g: nx.MultiDiGraph) -> str:
    out = ["===", "title: Argmap", "===", ""]
    out.append("# Statements")
    out.append("")
    for arg_id, attrs in nodes_in_order(g):
        fields = {k: attrs[k] for k in DATA_FIELDS if attrs.get(k) not in (None, False, "", [])}
        tags = " ".join(tag(t) for t in attrs.get("tags") or ())
        text = escape(attrs.get("label") or arg_id)
        out.append(f"[{arg_id}]: {text}" + (f" {tags}" if tags else "") + f" {data_block(fields)}")
        out.append("")

    undercut = undercut_inferences(g)
    reified = {key for targets in undercut.values() for _, _, key, _ in targets}
    by_target: dict[str, list[str]] = {}
    for source, target, key, attrs in edges_in_order(g):
        if attrs.get("kind") in ("support", "attack") and key not in reified:
            sign = "+" if attrs["kind"] == "support" else "-"
            fields = {k: attrs[k] for k in ("note", "origin", "evidence", "confidence") if attrs.get(k) is not None}
            by_target.setdefault(target, []).append(
                f"  {sign} [{source}]" + (f" {data_block(fields)}" if fields else ""))
    if by_target:
        out += ["# Relations", ""]
        for arg_id, _ in nodes_in_order(g):
            if arg_id in by_target:
                out.append(f"[{arg_id}]")
                out += by_target[arg_id]
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
            title = inference_title(source, target)
            fields = {k: attrs[k] for k in ("note", "origin", "evidence", "confidence") if attrs.get(k) is not None}
            out.append(f"<{title}>" + (f" {data_block(fields)}" if fields else ""))
            if attrs["kind"] == "support":
                out += ["", f"(1) [{source}]", "----", f"(2) [{target}]", "", f"<{title}>"]
            else:
                out += [f"  <+ [{source}]", f"  -> [{target}]"]
            for u, u_attrs in undercutters[key]:
                note = {k: u_attrs[k] for k in ("note", "origin") if u_attrs.get(k) is not None}
                out.append(f"  <_ [{u}]" + (f" {data_block(note)}" if note else ""))
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- reading

RELATION = re.compile(r"^([ \t]*)(\+>|->|<\+|<-|><|_>|<_|\+|-)(?=[ \t])[ \t]+(.*)$")
PCS_STATEMENT = re.compile(r"^[ \t]*\((\d+)\)[ \t]*(.*)$")
INFERENCE_LINE = re.compile(r"^[ \t]*-{2,}(.*?)(-{2,}[ \t]*)?$")
ELEMENT = re.compile(r"^(?:(\[)(?P<st>[^\]]+)\]|(<)(?P<arg>[^>]+)>)(?P<def>:)?[ \t]*(?P<rest>.*)$")
FRONT_MATTER = re.compile(r"^\s*===+(?P<yaml>[^=]*)===+")
OPERATORS = {"+": ("in", "support"), "<+": ("in", "support"), "-": ("in", "attack"), "<-": ("in", "attack"),
             "+>": ("out", "support"), "->": ("out", "attack"), "<_": ("in", "undercut"),
             "_>": ("out", "undercut"), "><": ("both", "attack")}


@dataclass
class Element:
    kind: str  # "statement" or "argument"
    title: str
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    line: int = 0


@dataclass
class Model:
    statements: dict[str, Element] = field(default_factory=dict)
    arguments: dict[str, Element] = field(default_factory=dict)
    pcs: dict[str, list[tuple[list[str], str]]] = field(default_factory=dict)  # arg -> [(premises, conclusion)]
    relations: list[tuple[tuple[str, str], str, tuple[str, str], dict, int]] = field(default_factory=list)


# ---------------------------------------------------------------- lexical pass

def _clean(text: str, source: str) -> list[str]:
    """Drop comments and front matter; put each data block on one line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    front = FRONT_MATTER.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end():]
    out: list[str] = []
    i, n, depth, quote = 0, len(text), 0, None
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            out.append(text[i:i + 2])
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
            out.append("\n" * text.count("\n", i, end))
            i = end + len(end_mark)
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
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
        title = text
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

def _read(text: str, source: str) -> Model:
    model = Model()
    stack: list[tuple[int, tuple[str, str]]] = []  # (indent, element ref) of the open tree
    last_argument: str | None = None   # an argument title that a following PCS belongs to
    pcs_arg: str | None = None
    pcs_premises: list[str] = []
    anonymous = 0

    def define(el: Element) -> tuple[str, str]:
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

    for number, line in enumerate(_clean(text, source), start=1):
        if not line.strip():
            stack = []
            continue
        relation = RELATION.match(line)
        pcs = PCS_STATEMENT.match(line)
        inference = INFERENCE_LINE.match(line) if not relation or line.strip().startswith("--") else None
        if inference and line.strip().startswith("--"):
            if pcs_arg is None:
                fail(source, "inference line outside an argument reconstruction", line=number)
            model.pcs[pcs_arg].append((pcs_premises[:], ""))
            pcs_premises.clear()
            continue
        if pcs:
            if pcs_arg is None:
                if last_argument is None:
                    anonymous += 1
                    last_argument = f"Untitled argument {anonymous}"
                    define(Element("argument", last_argument, line=number))
                pcs_arg = last_argument
                model.pcs.setdefault(pcs_arg, [])
            ref = define(_element(pcs.group(2), number, source))
            steps = model.pcs[pcs_arg]
            if steps and steps[-1][1] == "":
                steps[-1] = (steps[-1][0], ref[1])
                pcs_premises.append(ref[1])  # an intermediate conclusion is a premise of the next step
            else:
                pcs_premises.append(ref[1])
            stack = []
            continue
        if relation:
            indent = len(relation.group(1).expandtabs(4))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                fail(source, f"relation '{relation.group(2)}' has nothing to relate to",
                     "indent it under a statement or an argument", line=number)
            parent = stack[-1][1]
            el = _element(relation.group(3), number, source)
            ref = define(el)
            direction, kind = OPERATORS[relation.group(2)]
            if direction in ("in", "both"):
                model.relations.append((ref, kind, parent, el.data, number))
            if direction in ("out", "both"):
                model.relations.append((parent, kind, ref, el.data, number))
            stack.append((indent, ref))
            continue
        stripped = line.strip()
        if re.match(r"^#+ ", stripped) or re.match(r"^(\*|\d+\.)[ \t]", stripped) and not line[0].isspace():
            continue  # a heading or a list marker line of prose
        pcs_arg = None
        pcs_premises = []
        el = _element(stripped, number, source)
        ref = define(el)
        last_argument = el.title if el.kind == "argument" else None
        stack = [(len(line) - len(line.lstrip()), ref)]
    for title, steps in model.pcs.items():
        for premises, conclusion in steps:
            if not conclusion:
                fail(source, f"the reconstruction of <{title}> ends with an inference line and no conclusion")
    return model


# ---------------------------------------------------------------- records

def read(text: str, source: str = "Argdown input", notes: Notes | None = None):
    """Argdown text → (arguments, relations); the front matter's title goes to `notes`."""
    notes = notes if notes is not None else Notes()
    notes.title = _title(text) or notes.title
    model = _read(text, source)

    inferences: dict[str, list[tuple[str, str, str]]] = {}  # argument -> [(premise, kind, conclusion)]
    for title, steps in model.pcs.items():
        inferences[title] = [(p, "support", c) for premises, c in steps for p in premises if p != c]
    structural: set[str] = set()
    for title, el in model.arguments.items():
        if title in model.pcs or el.text:
            continue
        premises = [a[1] for a, kind, b, _, _ in model.relations
                    if b == ("argument", title) and kind == "support" and a[0] == "statement"]
        conclusions = [(kind, b[1]) for a, kind, b, _, _ in model.relations
                       if a == ("argument", title) and kind in ("support", "attack") and b[0] == "statement"]
        other = [r for r in model.relations if ("argument", title) in (r[0], r[2])
                 and not (r[1] == "undercut" and r[2] == ("argument", title))
                 and not (r[2] == ("argument", title) and r[1] == "support" and r[0][0] == "statement")
                 and not (r[0] == ("argument", title) and r[1] in ("support", "attack") and r[2][0] == "statement")]
        if premises and conclusions and not other:
            inferences[title] = [(p, kind, c) for p in premises for kind, c in conclusions]
            structural.add(title)

    ids = Ids()
    node_id: dict[tuple[str, str], str] = {}
    arguments = []
    for kind, table in (("statement", model.statements), ("argument", model.arguments)):
        for title, el in table.items():
            if kind == "argument" and title in inferences:
                continue
            data = el.data
            quote = data.get("quote")
            speaker = data.get("speaker")
            arg_id = ids.take(title, title)
            node_id[(kind, title)] = arg_id
            arguments.append(make_argument(
                arg_id, el.text or title, quote if isinstance(quote, str) else None,
                speaker=str(speaker) if speaker not in (None, "") else None,
                label_fr=data.get("label_fr") if isinstance(data.get("label_fr"), str) else None,
                tags=el.tags, main=data.get("main") is True,
                year=data.get("year") if isinstance(data.get("year"), int) else None, source=source))

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
    for a, kind, b, data, line in model.relations:
        note = data.get("note") if isinstance(data.get("note"), str) else None
        if kind == "undercut":
            if b[0] != "argument" or b[1] not in inferences:
                fail(source, f"undercut of {'<%s>' % b[1] if b[0] == 'argument' else '[%s]' % b[1]}, "
                             "which is not an inference", "an undercut targets an argument with premises "
                             "and a conclusion", line=line)
            source_id = conclusion_of(a, line)
            for p, _, c in inferences[b[1]]:
                p_id, c_id = node_id[("statement", p)], node_id[("statement", c)]
                relations.append(Relation(source_id, "undercut", c_id, note, f"{p_id}->{c_id}"))
            continue
        if b[0] == "argument" and b[1] in structural or a[0] == "argument" and a[1] in structural:
            continue  # premises and conclusions of a structural inference, already counted
        ends = conclusion_of(a, line), conclusion_of(b, line)
        if ends[0] == ends[1] and kind == "support" and "argument" in (a[0], b[0]):
            continue  # an argument supporting its own conclusion says nothing new
        relations.append(Relation(ends[0], kind, ends[1], note))
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
