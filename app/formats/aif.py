"""AIF JSON, as AIFdb and OVA read and write it (Argument Interchange Format,
Chesñevar et al. 2006): `write(g)` and `read(text, source)`.

Writing. Every argument is an I-node (its text is the English label; its nodeID is the
argument id). A support is an RA-node (premise → RA → conclusion), an attack a
CA-node (attacker → CA → attacked); an undercut is a CA-node whose conclusion
is the RA/CA node of the inference it attacks. Who said it: each argument's
quote is an L-node ("speaker: quote" when the speaker is known) anchored to its
I-node by a YA-node ("Asserting"), with an entry in `locutions` (personID,
source document, character offsets) and the speakers, by name, in `participants`. A
comment answering another is a TA-node ("Default Transition") from the answered
comment's last locution to the answer's first, as AIFdb and OVA link turns. An
extracted argument linked to a curated one (same_as) is an MA-node ("Default
Rephrase").

Reading → (arguments, relations), pure. I-nodes become arguments (their
text the label; the quote is the text of the L-node anchored to them by a
YA-node, without its "Speaker: " prefix, else the I-node text). An RA-node
with premises P1…Pn and conclusion C gives n supports Pi → C (a linked
argument becomes convergent supports); a CA-node gives attacks; a CA-node whose
conclusion is an RA- or CA-node undercuts each of that node's inferences. MA
(rephrase), PA (preference) and TA (transition) nodes, and the dialogue part
(L, YA), carry no support or attack and are not imported as relations; a transition
between two locutions is a reply, kept in `notes.replies`.
"""

from __future__ import annotations

import json
import re

import networkx as nx

from app.formats.context import Context
from app.formats.ordering import edges_in_order, nodes_in_order, undercut_inferences
from app.formats.reading import Ids, Notes, checked, day_of, fail, group, make_argument, one_line
from app.records import Relation
from app.text import unsafe_character

SCHEME_TEXT = {
    "RA": "Default Inference",
    "CA": "Default Conflict",
    "MA": "Default Rephrase",
    "YA": "Asserting",
    "TA": "Default Transition",
}
KIND_TYPE = {"support": "RA", "attack": "CA", "undercut": "CA", "same_as": "MA"}


def data(g: nx.MultiDiGraph, context: Context | None = None) -> dict:
    context = context or Context()
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    speakers: set[str] = set()

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": f"E{len(edges) + 1}", "fromID": source, "toID": target})

    for arg_id, attrs in nodes_in_order(g):
        nodes.append({"nodeID": arg_id, "text": attrs.get("label") or "", "type": "I"})
    said_in: dict[tuple[str, str], list[str]] = {}  # (document, segment) -> its L-nodes, in reading order
    for arg_id, attrs in nodes_in_order(g):
        quote = attrs.get("quote")
        if not quote:
            continue
        speaker = attrs.get("speaker")
        l_id, ya_id = f"L_{arg_id}", f"YA_{arg_id}"
        text = f"{context.name(speaker)}: {quote}" if speaker else quote
        nodes.append({"nodeID": l_id, "text": text, "type": "L"})
        nodes.append({"nodeID": ya_id, "text": SCHEME_TEXT["YA"], "type": "YA"})
        edge(l_id, ya_id)
        edge(ya_id, arg_id)
        locution = {
            "nodeID": l_id,
            "personID": speaker,
            "source": attrs.get("document"),
            "start": attrs.get("start"),
            "end": attrs.get("end"),
        }
        locutions.append({k: v for k, v in locution.items() if v is not None})
        said_in.setdefault((attrs.get("document"), attrs.get("segment")), []).append(l_id)
        if speaker:
            speakers.add(speaker)
    # a reply is a transition from the last locution of the answered part to the first of the answer
    for (document, segment), answered in sorted(context.replies.items()):
        for other in answered:
            if (document, segment) in said_in and (document, other) in said_in:
                ta_id = f"TA_{document}_{other}_{segment}"
                nodes.append({"nodeID": ta_id, "text": SCHEME_TEXT["TA"], "type": "TA"})
                edge(said_in[(document, other)][-1], ta_id)
                edge(ta_id, said_in[(document, segment)][0])

    scheme_of_edge: dict[str, str] = {}
    for source, target, key, attrs in edges_in_order(g):
        kind = attrs.get("kind")
        if kind not in KIND_TYPE or kind == "undercut":
            continue
        node_id = f"{KIND_TYPE[kind]}_{key}"
        scheme_of_edge[key] = node_id
        nodes.append({"nodeID": node_id, "text": SCHEME_TEXT[KIND_TYPE[kind]], "type": KIND_TYPE[kind]})
        edge(source, node_id)
        edge(node_id, target)
    for undercut_key, targets in undercut_inferences(g).items():
        source = undercut_key.split("|", 1)[0]
        for _, _, key, _ in targets:
            node_id = f"CA_{undercut_key}_{key}" if len(targets) > 1 else f"CA_{undercut_key}"
            nodes.append({"nodeID": node_id, "text": SCHEME_TEXT["CA"], "type": "CA"})
            edge(source, node_id)
            edge(node_id, scheme_of_edge[key])
    participants = [_participant(s, context.name(s)) for s in sorted(speakers)]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def _participant(person_id: str, name: str) -> dict:
    first, _, rest = name.partition(" ")
    return {"participantID": person_id, "firstname": first, "surname": rest}


def write(g: nx.MultiDiGraph, context: Context | None = None) -> str:
    """The map as AIF JSON; with a `context`, speakers by name and replies as transitions."""
    return json.dumps(data(g, context), ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- reading

KNOWN_TYPES = {"I", "L", "RA", "CA", "MA", "PA", "YA", "TA"}
MAX_DEPTH = 64  # an AIF file is a few levels deep; deeper nesting is an attack on the parser
_NAME_PREFIX = re.compile(r"^(?P<name>[^:\n]{1,80}?)\s?:\s+(?P<rest>\S.*)$", re.S)


def read(text: str, source: str = "AIF input", notes: Notes | None = None):
    """AIF JSON (or OVA3's xAIF wrapper) → (arguments, relations); parts that cannot be
    imported refuse the map, or, when `notes` is lenient, are listed there and left out."""
    notes = notes if notes is not None else Notes()
    data = _aif_object(_json(text, source), source)
    _refuse_unsafe_text(data, source)
    nodes = _nodes(data["nodes"], source)
    ins, outs = group(()), group(())
    for i, edge in enumerate(data["edges"]):
        if not isinstance(edge, dict):
            fail(source, f"edge #{i + 1} is not an object")
        a, b = (
            _node_id(edge.get(end), f"edge '{edge.get('edgeID', i + 1)}': {end}", source) for end in ("fromID", "toID")
        )
        unknown = [end for end in (a, b) if end not in nodes]
        if unknown:
            notes.leave_out(source, f"edge '{edge.get('edgeID', i + 1)}'", f"refers to unknown node '{unknown[0]}'")
            continue
        outs[a].append(b)
        ins[b].append(a)

    def kind(n):
        return nodes[n]["type"]

    said = _speakers(data, nodes, ins, kind)
    ids = Ids()
    arg_of: dict[str, str] = {}
    arguments = []
    for node_id, node in nodes.items():
        if node["type"] != "I":
            continue
        quote, speaker, said_on = said(node_id)
        text = node.get("text")
        if not isinstance(text, str) or not text.strip():
            if not quote:
                notes.leave_out(source, f"I-node '{node_id}'", "has no text", "every claim needs its text")
                continue
            text = quote
        arg_id = ids.take(node_id, text)
        arg_of[node_id] = arg_id
        arguments.append(make_argument(arg_id, text, quote, speaker=speaker, said_on=said_on, source=source))

    _replies(nodes, ins, outs, kind, arg_of, notes)

    def ends(node_id):
        """(premise I-nodes, conclusion) of an RA/CA node, or None when it is left out."""
        where = f"{kind(node_id)}-node '{node_id}'"
        premises = []
        for n in ins[node_id]:
            if kind(n) == "I" and n in arg_of:
                premises.append(n)
            elif kind(n) in ("L", "RA", "MA", "PA", "TA"):  # an incoming CA is an undercut; YA anchors it
                notes.leave_out(
                    source,
                    f"{where}: premise '{n}'",
                    f"is an {kind(n)}-node",
                    "premises of an inference or conflict are I-nodes",
                )
        conclusions = [n for n in outs[node_id] if kind(n) in ("I", "RA", "CA")]
        if not premises:
            notes.leave_out(source, where, "has no premise")
            return None
        if len(conclusions) != 1:
            notes.leave_out(
                source,
                where,
                f"has {len(conclusions)} conclusions",
                "an RA or CA node points to exactly one conclusion",
            )
            return None
        if kind(conclusions[0]) == "I" and conclusions[0] not in arg_of:
            notes.leave_out(source, where, f"concludes I-node '{conclusions[0]}', which is left out")
            return None
        return premises, conclusions[0]

    relations = []
    inferences: dict[str, list[tuple[str, str]]] = {}  # RA/CA node -> [(premise id, conclusion id)]
    for node_id in nodes:
        if kind(node_id) in ("RA", "CA"):
            found = ends(node_id)
            if found is None:
                continue
            premises, conclusion = found
            if kind(conclusion) == "I":
                inferences[node_id] = [(arg_of[p], arg_of[conclusion]) for p in premises]
                rel_kind = "support" if kind(node_id) == "RA" else "attack"
                if kind(node_id) == "RA" and len(premises) > 1:
                    note = "linked premises: " + ", ".join(arg_of[p] for p in premises)
                else:
                    note = None
                relations += [Relation(p, rel_kind, c, note) for p, c in inferences[node_id]]
            elif kind(node_id) == "RA":
                notes.leave_out(
                    source,
                    f"RA-node '{node_id}'",
                    f"concludes {kind(conclusion)}-node '{conclusion}'",
                    "an inference concludes a claim (I-node); only a CA-node can attack an inference",
                )
    for node_id in nodes:
        if kind(node_id) == "CA":
            found = ends(node_id) if node_id not in inferences else None
            if found is None or kind(found[1]) not in ("RA", "CA"):
                continue
            premises, conclusion = found
            if conclusion not in inferences:
                notes.leave_out(
                    source,
                    f"CA-node '{node_id}'",
                    f"attacks '{conclusion}', which is not an inference between claims",
                    "undercuts of undercuts are not supported",
                )
                continue
            for p in premises:
                for premise, target in inferences[conclusion]:
                    relations.append(Relation(arg_of[p], "undercut", target, None, f"{premise}->{target}"))
    return checked(arguments, relations, source, notes)


def _replies(nodes: dict, ins, outs, kind, arg_of: dict[str, str], notes: Notes) -> None:
    """A transition L1 → TA → L2 says that L2 answers L1: the argument L2 asserts answers the
    one L1 asserts (through their YA-nodes)."""

    def asserted(l_node):
        return next((arg_of[i] for ya in outs[l_node] if kind(ya) == "YA" for i in outs[ya] if i in arg_of), None)

    for ta in (n for n in nodes if kind(n) == "TA"):
        for before in (n for n in ins[ta] if kind(n) == "L"):
            for after in (n for n in outs[ta] if kind(n) == "L"):
                answer, answered = asserted(after), asserted(before)
                if answer and answered and answer != answered and answered not in notes.replies.get(answer, []):
                    notes.replies.setdefault(answer, []).append(answered)


def _json(text: str, source: str) -> object:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(source, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", line=exc.lineno)
    except RecursionError:
        fail(source, "not an AIF map: JSON nested too deeply to read")
    if _depth_over(data, MAX_DEPTH):
        fail(source, f"not an AIF map: JSON nested more than {MAX_DEPTH} levels deep")
    return data


def _depth_over(value: object, limit: int) -> bool:
    """Whether `value` nests lists and objects more than `limit` levels deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack += [(v, depth + 1) for v in (item.values() if isinstance(item, dict) else item)]
    return False


def _aif_object(data: object, source: str) -> dict:
    """The AIF map itself: the top-level object, or the `AIF` member of an xAIF file (OVA3)."""
    if isinstance(data, dict) and isinstance(data.get("AIF"), dict):
        data = data["AIF"]
    if isinstance(data, dict) and _is_sadface(data):
        fail(source, "this is SADFace, not AIF", "export the map from its tool as AIF JSON, then import that")
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        fail(
            source,
            "not an AIF map: expected a JSON object with 'nodes' and 'edges' lists",
            'an xAIF file (OVA3) holds them under "AIF"',
        )
    return data


def _is_sadface(data: dict) -> bool:
    """SADFace keeps its version under metadata.core and names nodes `id` with types atom/scheme."""
    core = data.get("metadata", {}).get("core") if isinstance(data.get("metadata"), dict) else None
    nodes = data.get("nodes") if isinstance(data.get("nodes"), list) else []
    return isinstance(core, dict) or any(
        isinstance(n, dict) and n.get("type") in ("atom", "scheme") and "nodeID" not in n for n in nodes
    )


def _node_id(value: object, where: str, source: str) -> str:
    """A node id as text; AIF ids are strings or whole numbers."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        fail(source, f"{where} must be a string or a whole number, not {json.dumps(value)[:40]}")
    return str(value)


def _nodes(entries: list, source: str) -> dict[str, dict]:
    nodes: dict[str, dict] = {}
    for i, node in enumerate(entries):
        if not isinstance(node, dict) or node.get("nodeID") in (None, ""):
            fail(source, f"node #{i + 1} has no nodeID")
        node_id = _node_id(node["nodeID"], f"node #{i + 1}: its nodeID", source)
        kind = node.get("type")
        if not isinstance(kind, str) or kind not in KNOWN_TYPES:
            fail(
                source,
                f"node '{node_id}' has unknown type {repr(kind)[:40]}",
                f"AIF node types are {', '.join(sorted(KNOWN_TYPES))}",
            )
        if node_id in nodes:
            fail(source, f"duplicate nodeID '{node_id}'")
        nodes[node_id] = node
    return nodes


def _speakers(data: dict, nodes: dict, ins, kind):
    """said(i_node) → (quote, speaker, day): the text of the L-node anchoring it through a
    YA-node, without its "Name: " prefix, the speaker's name (from participants, else the
    prefix) and the day of the locution's timestamp (from `locutions`, else the L-node)."""
    people: dict[str, str] = {}
    for p in data.get("participants") or []:
        if isinstance(p, dict) and isinstance(p.get("participantID"), (str, int)):
            name = one_line(f"{p.get('firstname') or ''} {p.get('surname') or ''}")
            if name:
                people[str(p["participantID"])] = name
    locutions = {str(loc.get("nodeID")): loc for loc in data.get("locutions") or [] if isinstance(loc, dict)}

    def said(i_node):
        for ya in ins[i_node]:
            if kind(ya) != "YA":
                continue
            for l_node in ins[ya]:
                if kind(l_node) == "L":
                    locution = locutions.get(l_node, {})
                    person = locution.get("personID")
                    name = people.get(str(person)) if isinstance(person, (str, int)) else None
                    day = day_of(locution.get("timestamp")) or day_of(nodes[l_node].get("timestamp"))
                    return (
                        *_without_speaker(
                            str(nodes[l_node].get("text") or ""), name, str(nodes[i_node].get("text") or "")
                        ),
                        day,
                    )
        return None, None, None

    return said


def _without_speaker(text: str, name: str | None, claim: str) -> tuple[str, str | None]:
    """(quote, speaker) of an L-node's text: AIFdb writes "Name: what they said"; the prefix is
    a speaker when it is the participant's name, or when no participant is known and the prefix
    reads as a name (a few capitalised words) or the rest is the claim itself."""
    found = _NAME_PREFIX.match(text)
    if found:
        prefix, rest = found.group("name").strip(), found.group("rest")
        words = prefix.split()
        looks_like_name = 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
        if (
            name is not None
            and (prefix == name or prefix in name.split())
            or name is None
            and (looks_like_name or one_line(rest) == one_line(claim))
        ):
            return rest, name or prefix
    return text, name


def _refuse_unsafe_text(data: dict, source: str) -> None:
    """Fail on the first string of a node, edge, locution or participant that holds a
    character no text may hold (written as a JSON escape such as \\u0000 or \\ud800)."""
    for part, items in data.items():
        for i, item in enumerate(items if isinstance(items, list) else ()):
            for key, value in item.items() if isinstance(item, dict) else ():
                found = unsafe_character(value) if isinstance(value, str) else None
                if found is not None:
                    where = f"node '{item.get('nodeID')}'" if part == "nodes" else f"{part} #{i + 1}"
                    fail(source, f"{where}: its {key} contains {found[1]}", "remove it: no text may hold it")
