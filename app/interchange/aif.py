"""Read AIF JSON (AIFdb, OVA) into Argmap records.

`parse(text)` → (arguments, relations), pure. I-nodes become arguments (their
text the label; the quote is the text of the L-node anchored to them by a
YA-node, without its "Speaker: " prefix, else the I-node text). An RA-node
with premises P1…Pn and conclusion C gives n supports Pi → C (a linked
argument becomes convergent supports); a CA-node gives attacks; a CA-node whose
conclusion is an RA- or CA-node undercuts each of that node's inferences. MA
(rephrase), PA (preference) and TA (transition) nodes, and the dialogue part
(L, YA), carry no support or attack and are not imported as relations.
"""

from __future__ import annotations

import json

from app.interchange.common import Ids, checked, fail, group, make_argument, one_line
from app.records import Relation

KNOWN_TYPES = {"I", "L", "RA", "CA", "MA", "PA", "YA", "TA"}


def parse(text: str, source: str = "AIF input"):
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        fail(source, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", line=exc.lineno)
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        fail(source, "not an AIF map: expected a JSON object with 'nodes' and 'edges' lists")

    nodes: dict[str, dict] = {}
    for i, node in enumerate(data["nodes"]):
        if not isinstance(node, dict) or node.get("nodeID") in (None, ""):
            fail(source, f"node #{i + 1} has no nodeID")
        node_id = str(node["nodeID"])
        kind = node.get("type")
        if kind not in KNOWN_TYPES:
            fail(source, f"node '{node_id}' has unknown type {kind!r}",
                 f"AIF node types are {', '.join(sorted(KNOWN_TYPES))}")
        if node_id in nodes:
            fail(source, f"duplicate nodeID '{node_id}'")
        nodes[node_id] = node

    ins, outs = group(()), group(())
    for i, edge in enumerate(data["edges"]):
        if not isinstance(edge, dict):
            fail(source, f"edge #{i + 1} is not an object")
        a, b = str(edge.get("fromID")), str(edge.get("toID"))
        for end in (a, b):
            if end not in nodes:
                fail(source, f"edge '{edge.get('edgeID', i + 1)}' refers to unknown node '{end}'")
        outs[a].append(b)
        ins[b].append(a)

    def kind(n):
        return nodes[n]["type"]

    # who said it: L --YA--> I, with the speaker from the locutions/participants
    people = {str(p.get("participantID")): one_line(f"{p.get('firstname') or ''} {p.get('surname') or ''}")
              for p in data.get("participants") or [] if isinstance(p, dict)}
    locutions = {str(loc.get("nodeID")): loc for loc in data.get("locutions") or [] if isinstance(loc, dict)}

    def said(i_node):
        for ya in ins[i_node]:
            if kind(ya) != "YA":
                continue
            for l_node in ins[ya]:
                if kind(l_node) != "L":
                    continue
                text = str(nodes[l_node].get("text") or "")
                person = locutions.get(l_node, {}).get("personID")
                speaker = None
                if person not in (None, ""):
                    person = str(person)
                    speaker = people.get(person) or person
                    for name in (person, speaker):
                        for sep in (": ", " : "):
                            if name and text.startswith(name + sep):
                                text = text[len(name) + len(sep):]
                return text, speaker
        return None, None

    ids = Ids()
    arg_of: dict[str, str] = {}
    arguments = []
    for node_id, node in nodes.items():
        if node["type"] != "I":
            continue
        quote, speaker = said(node_id)
        text = node.get("text")
        if not isinstance(text, str) or not text.strip():
            if not quote:
                fail(source, f"I-node '{node_id}' has no text", "every claim needs its text")
            text = quote
        arg_id = ids.take(node_id, text)
        arg_of[node_id] = arg_id
        arguments.append(make_argument(arg_id, text, quote, speaker=speaker, source=source))

    def ends(node_id):
        """(premise I-nodes, conclusion) of an RA/CA node, checked."""
        premises = [n for n in ins[node_id] if kind(n) == "I"]
        others = [n for n in ins[node_id] if kind(n) == "RA"]  # an incoming CA is an undercut
        if others:
            fail(source, f"{kind(node_id)}-node '{node_id}' has a premise '{others[0]}' of type "
                         f"{kind(others[0])}", "premises of an inference or conflict are I-nodes")
        conclusions = [n for n in outs[node_id] if kind(n) in ("I", "RA", "CA")]
        if not premises:
            fail(source, f"{kind(node_id)}-node '{node_id}' has no premise")
        if len(conclusions) != 1:
            fail(source, f"{kind(node_id)}-node '{node_id}' has {len(conclusions)} conclusions",
                 "an RA or CA node points to exactly one conclusion")
        return premises, conclusions[0]

    relations = []
    inferences: dict[str, list[tuple[str, str]]] = {}  # RA/CA node -> [(premise id, conclusion id)]
    for node_id in nodes:
        if kind(node_id) in ("RA", "CA"):
            premises, conclusion = ends(node_id)
            if kind(conclusion) == "I":
                inferences[node_id] = [(arg_of[p], arg_of[conclusion]) for p in premises]
                rel_kind = "support" if kind(node_id) == "RA" else "attack"
                if kind(node_id) == "RA" and len(premises) > 1:
                    note = "linked premises: " + ", ".join(arg_of[p] for p in premises)
                else:
                    note = None
                relations += [Relation(p, rel_kind, c, note) for p, c in inferences[node_id]]
            elif kind(node_id) == "RA":
                fail(source, f"RA-node '{node_id}' concludes {kind(conclusion)}-node '{conclusion}'",
                     "an inference concludes a claim (I-node); only a CA-node can attack an inference")
    for node_id in nodes:
        if kind(node_id) == "CA":
            premises, conclusion = ends(node_id)
            if kind(conclusion) in ("RA", "CA"):
                for p in premises:
                    for premise, target in inferences.get(conclusion, ()):
                        relations.append(Relation(arg_of[p], "undercut", target, None, f"{premise}->{target}"))
                if conclusion not in inferences:
                    fail(source, f"CA-node '{node_id}' attacks '{conclusion}', which is not an inference "
                                 "between claims", "undercuts of undercuts are not supported")
    return checked(arguments, relations, source)
