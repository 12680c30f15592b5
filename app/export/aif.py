"""AIF JSON, as AIFdb and OVA read it (Argument Interchange Format, Chesñevar et al. 2006).

Every argument is an I-node (its text is the English label; its nodeID is the
argument id). A support is an RA-node (premise → RA → conclusion), an attack a
CA-node (attacker → CA → attacked); an undercut is a CA-node whose conclusion
is the RA/CA node of the inference it attacks. Who said it: each argument's
quote is an L-node ("speaker: quote" when the speaker is known) anchored to its
I-node by a YA-node ("Asserting"), with an entry in `locutions` (personID,
source document, character offsets) and the speakers in `participants`. An
extracted argument linked to a curated one (same_as) is an MA-node ("Default
Rephrase").
"""

from __future__ import annotations

import json

import networkx as nx

from app.export.common import edges_in_order, nodes_in_order, undercut_inferences

SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict", "MA": "Default Rephrase", "YA": "Asserting"}
KIND_TYPE = {"support": "RA", "attack": "CA", "undercut": "CA", "same_as": "MA"}


def data(g: nx.MultiDiGraph) -> dict:
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    speakers: set[str] = set()

    def edge(source: str, target: str) -> None:
        edges.append({"edgeID": f"E{len(edges) + 1}", "fromID": source, "toID": target})

    for arg_id, attrs in nodes_in_order(g):
        nodes.append({"nodeID": arg_id, "text": attrs.get("label") or "", "type": "I"})
    for arg_id, attrs in nodes_in_order(g):
        quote = attrs.get("quote")
        if not quote:
            continue
        speaker = attrs.get("speaker")
        l_id, ya_id = f"L_{arg_id}", f"YA_{arg_id}"
        nodes.append({"nodeID": l_id, "text": f"{speaker}: {quote}" if speaker else quote, "type": "L"})
        nodes.append({"nodeID": ya_id, "text": SCHEME_TEXT["YA"], "type": "YA"})
        edge(l_id, ya_id)
        edge(ya_id, arg_id)
        locution = {"nodeID": l_id, "personID": speaker, "source": attrs.get("document"),
                    "start": attrs.get("start"), "end": attrs.get("end")}
        locutions.append({k: v for k, v in locution.items() if v is not None})
        if speaker:
            speakers.add(speaker)

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
    participants = [{"participantID": s, "firstname": s, "surname": ""} for s in sorted(speakers)]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def render(g: nx.MultiDiGraph) -> str:
    return json.dumps(data(g), ensure_ascii=False, indent=1) + "\n"
