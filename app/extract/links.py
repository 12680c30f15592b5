"""Stage 3b: the learned link classifier (argument-structure parsing within a text).

Hand rules find relations that a connective, a list or a bracket marks, but curated maps
also link premises to distant or unmarked conclusions. Following Stab & Gurevych (2017) and
Peldszus & Stede (2015), every ordered pair of argumentative units of one segment (a post
body or one comment) is a candidate link source → target, described by generic features
(`PAIR_FEATURES`):

- distance in units (binned, signed), same sentence, same paragraph, paragraph distance;
- discourse connectives opening the source or the target, crossed with the direction
  ("car" opening the unit right after its target, "donc" opening the unit right after its
  premise, "mais" right after what it contrasts with), "donc" inside a clause;
- roles and stage-2 confidences, whether either unit is the segment's main-claim
  candidate, its place in its paragraph, questions, brackets, list and series items;
- cosine similarity of the units' content-word vectors;
- what the hand rules of stage 3 say about the pair (connective, list or bracket, the
  paragraph default), in either direction.

A logistic regression gives p(link); the decoder keeps, for each unit, at most one outgoing
target: the most probable, when p reaches the model's threshold. A second logistic
regression (`KIND_FEATURES`: contrast and concession connectives, negation on one side,
antonyms, disagreement markers, questions) says support or attack.

Weights are not learnt at run time: they are read from `link_model.json` (next to this
file), a deterministic, human-readable file written by `argmap extract --train`
(`train_models`). It holds the model trained on every curated document ("all", used for new
text) and, for each curated document, a model trained on the other documents only
("held-out"), which `argmap extract` uses for that document so that `argmap eval` measures
every relation on a document its model never saw. The decision threshold of each model is
itself chosen by leave-one-document-out inside that model's training documents.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from app.extract.claims import ScoredUnit
from app.extract.lexicon import (
    ANTONYM_PAIRS,
    CONCESSION,
    CONCLUSION,
    CONTRAST,
    EXAMPLE,
    INNER_CONCLUSION_RE,
    PREMISE,
    connective_function,
)
from app.extract.relations import Key, Link, _paragraphs, reply_marker
from app.text import lexicon_fold

MODEL_FILE = Path(__file__).with_name("link_model.json")
FORMAT = "argmap-link-model/1"
ALL = "all"

UNIT_FEATURES = (
    "claim",
    "confidence",
    "question",
    "negated",
    "paren",
    "item",
    "opens_sentence",
    "stance",
    "main",
    "first_in_paragraph",
    "last_in_paragraph",
    "first_in_segment",
    "lead_premise",
    "lead_conclusion",
    "lead_contrast",
    "lead_concession",
    "inner_conclusion",
    "list_head",
)

PAIR_FEATURES = (
    # distance and place
    "d=-1",
    "d=-2",
    "d=-3..-5",
    "d<=-6",
    "d=+1",
    "d=+2",
    "d=+3..+5",
    "d>=+6",
    "log_distance",
    "same_sentence",
    "same_paragraph",
    "paragraph_distance",
    # the target
    "t_main",
    "t_claim",
    "t_confidence",
    "t_question",
    "t_paren",
    "t_item",
    "t_first_in_paragraph",
    "t_last_in_paragraph",
    "t_first_in_segment",
    "t_lead_premise",
    "t_lead_conclusion",
    "t_list_head",
    "t_stance",
    "t_opens_sentence",
    # the source
    "s_main",
    "s_claim",
    "s_confidence",
    "s_question",
    "s_paren",
    "s_item",
    "s_stance",
    "s_opens_sentence",
    "s_first_in_paragraph",
    # connectives with direction
    "s_lead_premise&t_before",
    "s_lead_premise&d=-1",
    "s_lead_contrast&t_before",
    "s_lead_contrast&d=-1",
    "s_lead_concession&t_after",
    "s_lead_conclusion&t_before",
    "t_lead_conclusion&d=+1",
    "t_inner_conclusion&d=+1",
    "t_lead_contrast&d=+1",
    "t_lead_concession&d=-1",
    "confidence_gain",
    # the unit a clause hangs on
    "t_heads_previous_sentence",
    "t_heads_same_sentence",
    "t_nearest_claim_before",
    "t_nearest_sentence_head_before",
    "t_strongest_in_paragraph",
    # meaning
    "similarity",
    "shared_lemmas",
    # the hand rules
    "rule_marked",
    "rule_list",
    "rule_default",
    "rule_reverse",
    "rule_attack",
)

KIND_FEATURES = (
    "s_lead_contrast",
    "s_lead_concession",
    "t_lead_contrast",
    "negation_one_side",
    "antonyms",
    "rule_attack",
    "s_question",
    "t_question",
    "s_disagreement",
    "s_agreement",
)

_LIST_EVIDENCE = ("list item", "item of", "bracketed")
_DEFAULT_EVIDENCE = ("no connective",)


# ---------------------------------------------------------------- features


def unit_table(units: list[ScoredUnit], text: str, offset: int, main: ScoredUnit | None) -> np.ndarray:
    """Per-unit features of one segment (rows in segment order, columns `UNIT_FEATURES`)."""
    n = len(units)
    paragraphs = _paragraphs(units, text, offset) if n else []
    heads = {u.unit.item_of for u in units if u.unit.item_of is not None}
    table = np.zeros((n, len(UNIT_FEATURES)), dtype=np.float64)
    for k, s in enumerate(units):
        u = s.unit
        function = connective_function(s.lead)
        table[k] = (
            s.role == "claim",
            s.confidence,
            s.question,
            s.negated,
            u.paren,
            u.item_of is not None or u.opened_by in ("enum", "item"),
            u.opened_by in ("start", "sentence", "line", "address"),
            "stance" in s.features,
            main is not None and main.unit.key == u.key,
            k == 0 or paragraphs[k - 1] != paragraphs[k],
            k == n - 1 or paragraphs[k + 1] != paragraphs[k],
            k == 0,
            function in (PREMISE, EXAMPLE),
            function == CONCLUSION,
            function == CONTRAST,
            function == CONCESSION,
            function is None and not s.question and INNER_CONCLUSION_RE.search(lexicon_fold(u.text)) is not None,
            u.index in heads,
        )
    return table


@dataclass(frozen=True)
class SegmentPairs:
    """Every ordered pair (source, target) of a segment's units with its features."""

    units: tuple[ScoredUnit, ...]
    source: np.ndarray  # index into units
    target: np.ndarray
    features: np.ndarray  # (pairs, PAIR_FEATURES)
    rules: dict[tuple[int, int], Link]  # hand-rule link between units i → j


def segment_pairs(
    units: list[ScoredUnit],
    text: str,
    offset: int,
    main: ScoredUnit | None,
    vectors: dict[Key, np.ndarray],
    rules: list[Link],
    lemmas: dict[Key, frozenset[str]] | None = None,
) -> SegmentPairs:
    """The candidate pairs of one segment and their features (`PAIR_FEATURES`, vectorised)."""
    n = len(units)
    col = {name: k for k, name in enumerate(UNIT_FEATURES)}
    table = unit_table(units, text, offset, main)
    src, tgt = np.nonzero(~np.eye(n, dtype=bool))
    position = {s.unit.key: k for k, s in enumerate(units)}
    rule_at: dict[tuple[int, int], Link] = {}
    for link in rules:
        i, j = position.get(link.source), position.get(link.target)
        if i is not None and j is not None and (i, j) not in rule_at:
            rule_at[(i, j)] = link
    f = np.zeros((len(src), len(PAIR_FEATURES)), dtype=np.float64)
    if not len(src):
        return SegmentPairs(tuple(units), src, tgt, f, rule_at)
    name = {n_: k for k, n_ in enumerate(PAIR_FEATURES)}
    d = tgt - src
    sentence = np.array([s.unit.sentence for s in units])
    paragraph = np.array(_paragraphs(units, text, offset))
    S, T = table[src], table[tgt]

    def put(feature: str, values) -> None:
        f[:, name[feature]] = values

    put("d=-1", d == -1)
    put("d=-2", d == -2)
    put("d=-3..-5", (d <= -3) & (d >= -5))
    put("d<=-6", d <= -6)
    put("d=+1", d == 1)
    put("d=+2", d == 2)
    put("d=+3..+5", (d >= 3) & (d <= 5))
    put("d>=+6", d >= 6)
    put("log_distance", np.log1p(np.abs(d)) / np.log(50.0))
    put("same_sentence", sentence[src] == sentence[tgt])
    put("same_paragraph", paragraph[src] == paragraph[tgt])
    put("paragraph_distance", np.minimum(np.abs(paragraph[src] - paragraph[tgt]), 4) / 4)
    for prefix, side in (("t_", T), ("s_", S)):
        for feature in (
            "main",
            "claim",
            "confidence",
            "question",
            "paren",
            "item",
            "first_in_paragraph",
            "last_in_paragraph",
            "first_in_segment",
            "lead_premise",
            "lead_conclusion",
            "list_head",
            "stance",
            "opens_sentence",
        ):
            if prefix + feature in name:
                put(prefix + feature, side[:, col[feature]])
    before, after = d < 0, d > 0
    put("s_lead_premise&t_before", S[:, col["lead_premise"]] * before)
    put("s_lead_premise&d=-1", S[:, col["lead_premise"]] * (d == -1))
    put("s_lead_contrast&t_before", S[:, col["lead_contrast"]] * before)
    put("s_lead_contrast&d=-1", S[:, col["lead_contrast"]] * (d == -1))
    put("s_lead_concession&t_after", S[:, col["lead_concession"]] * after)
    put("s_lead_conclusion&t_before", S[:, col["lead_conclusion"]] * before)
    put("t_lead_conclusion&d=+1", T[:, col["lead_conclusion"]] * (d == 1))
    put("t_inner_conclusion&d=+1", T[:, col["inner_conclusion"]] * (d == 1))
    put("t_lead_contrast&d=+1", T[:, col["lead_contrast"]] * (d == 1))
    put("t_lead_concession&d=-1", T[:, col["lead_concession"]] * (d == -1))
    put("confidence_gain", T[:, col["confidence"]] - S[:, col["confidence"]])
    # sentence heads: the first unit of each sentence
    head = np.zeros(n, dtype=bool)
    seen: set[int] = set()
    for k, s_ in enumerate(units):
        if s_.unit.sentence not in seen:
            seen.add(s_.unit.sentence)
            head[k] = True
    put("t_heads_previous_sentence", head[tgt] & (sentence[tgt] == sentence[src] - 1))
    put("t_heads_same_sentence", head[tgt] & (sentence[tgt] == sentence[src]) & (d < 0))
    claim = table[:, col["claim"]] > 0
    nearest_claim = np.full(n, -1)
    nearest_head = np.full(n, -1)
    last_claim = last_head = -1
    for k in range(n):
        nearest_claim[k], nearest_head[k] = last_claim, last_head
        if claim[k]:
            last_claim = k
        if head[k] and table[k, col["opens_sentence"]]:
            last_head = k
    put("t_nearest_claim_before", nearest_claim[src] == tgt)
    put("t_nearest_sentence_head_before", nearest_head[src] == tgt)
    confidence = table[:, col["confidence"]]
    strongest = np.zeros(n, dtype=bool)
    for p_ in set(paragraph.tolist()):
        members = np.nonzero(paragraph == p_)[0]
        strongest[members[int(np.argmax(confidence[members]))]] = True
    put("t_strongest_in_paragraph", strongest[tgt] & (paragraph[src] == paragraph[tgt]))
    if lemmas:
        content = [lemmas.get(s_.unit.key, frozenset()) for s_ in units]
        shared = np.array(
            [
                len(content[i] & content[j]) / max(1, min(len(content[i]), len(content[j])))
                for i, j in zip(src.tolist(), tgt.tolist())
            ]
        )
        put("shared_lemmas", shared)
    # cosine similarity of content-word vectors (0 when a unit has none)
    dim = next((v.shape[0] for v in vectors.values()), 0)
    if dim:
        matrix = np.zeros((n, dim), dtype=np.float32)
        for k, s in enumerate(units):
            v = vectors.get(s.unit.key)
            if v is not None:
                matrix[k] = v
        put("similarity", (matrix @ matrix.T)[src, tgt])
    if rule_at:
        index = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(src.tolist(), tgt.tolist()))}
        for (i, j), link in rule_at.items():
            k = index[(i, j)]
            if link.evidence.startswith(_LIST_EVIDENCE):
                f[k, name["rule_list"]] = 1
            elif link.evidence.endswith(_DEFAULT_EVIDENCE):
                f[k, name["rule_default"]] = 1
            else:
                f[k, name["rule_marked"]] = 1
            if link.kind == "attack":
                f[k, name["rule_attack"]] = 1
            f[index[(j, i)], name["rule_reverse"]] = 1
    return SegmentPairs(tuple(units), src, tgt, f, rule_at)


def kind_features(
    source: ScoredUnit, target: ScoredUnit, lemmas: dict[Key, frozenset[str]], rule: Link | None
) -> np.ndarray:
    """Features of a decided link for the support/attack classifier (`KIND_FEATURES`)."""
    fs, ft = connective_function(source.lead), connective_function(target.lead)
    la, lb = lemmas.get(source.unit.key, frozenset()), lemmas.get(target.unit.key, frozenset())
    antonyms = any(frozenset((x, y)) in ANTONYM_PAIRS for x in la for y in lb if x != y) if la and lb else False
    marker = reply_marker(source.unit.text)
    return np.array(
        [
            fs == CONTRAST,
            fs == CONCESSION,
            ft == CONTRAST,
            source.negated != target.negated,
            antonyms,
            rule is not None and rule.kind == "attack",
            source.question,
            target.question,
            marker is not None and marker[0] == "attack",
            marker is not None and marker[0] == "support",
        ],
        dtype=np.float64,
    )


# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Logistic:
    intercept: float
    coef: np.ndarray

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def as_json(self, names: tuple[str, ...]) -> dict:
        return {
            "intercept": round(float(self.intercept), 6),
            "coef": {n: round(float(c), 6) for n, c in zip(names, self.coef)},
        }

    @classmethod
    def from_json(cls, data: dict, names: tuple[str, ...]) -> "Logistic":
        coef = data["coef"]
        missing = [n for n in names if n not in coef]
        if missing:
            raise ValueError(f"link model: missing weights for {', '.join(missing)}")
        return cls(float(data["intercept"]), np.array([float(coef[n]) for n in names], dtype=np.float64))


@dataclass(frozen=True)
class LinkModel:
    link: Logistic
    kind: Logistic
    threshold: float
    trained_on: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "link": self.link.as_json(PAIR_FEATURES),
            "kind": self.kind.as_json(KIND_FEATURES),
            "threshold": round(float(self.threshold), 3),
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def from_json(cls, data: dict) -> "LinkModel":
        return cls(
            Logistic.from_json(data["link"], PAIR_FEATURES),
            Logistic.from_json(data["kind"], KIND_FEATURES),
            float(data["threshold"]),
            tuple(data["trained_on"]),
        )


@dataclass(frozen=True)
class LinkModels:
    """The model for new text ("all") and, per curated document, the one that never saw it.

    `enabled`: whether the pipeline uses the model instead of the hand rules; set by
    training, true only when the model's held-out relation F1 beats the rules' (`evaluation`)."""

    all: LinkModel
    held_out: dict[str, LinkModel]
    enabled: bool = False
    evaluation: dict | None = None

    def for_document(self, document: str, held_out: bool) -> LinkModel:
        if held_out and document in self.held_out:
            return self.held_out[document]
        return self.all


def dump_models(models: LinkModels) -> str:
    """The weights file's text: deterministic (sorted keys, rounded numbers, one trailing newline)."""
    data = {
        "format": FORMAT,
        "features": list(PAIR_FEATURES),
        "kind_features": list(KIND_FEATURES),
        "enabled": models.enabled,
        "evaluation": models.evaluation or {},
        "models": {
            ALL: models.all.as_json(),
            **{f"held-out:{d}": m.as_json() for d, m in sorted(models.held_out.items())},
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def parse_models(text: str) -> LinkModels:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"link model: expected format {FORMAT}, got {data.get('format')!r}")
    if tuple(data.get("features", ())) != PAIR_FEATURES or tuple(data.get("kind_features", ())) != KIND_FEATURES:
        raise ValueError("link model: its features are not the pipeline's: re-run `argmap extract --train`")
    models = data["models"]
    held = {name.split(":", 1)[1]: LinkModel.from_json(m) for name, m in models.items() if name.startswith("held-out:")}
    return LinkModels(
        LinkModel.from_json(models[ALL]), held, bool(data.get("enabled", False)), data.get("evaluation") or None
    )


@lru_cache(maxsize=4)
def load_models(path: Path = MODEL_FILE) -> LinkModels | None:
    """The stored link models, or None when the file does not exist (then the hand rules alone)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_models(text)


# ---------------------------------------------------------------- decoding


def decode(pairs: SegmentPairs, probabilities: np.ndarray, threshold: float) -> list[tuple[int, int, float]]:
    """For each source unit, at most one target: the most probable, if p ≥ threshold.
    Ties go to the nearer target, then the earlier one. Returns (source, target, p) by source."""
    best: dict[int, tuple[float, int, int]] = {}
    for i, j, p in zip(pairs.source.tolist(), pairs.target.tolist(), probabilities.tolist()):
        if p < threshold:
            continue
        key = (p, -abs(j - i), -j)
        if i not in best or key > best[i]:
            best[i] = key
    return [(i, -key[2], key[0]) for i, key in sorted(best.items())]


def _cue(pairs: SegmentPairs, i: int, j: int) -> str:
    """The plainest reason to show with a link: the hand rule's evidence, else the connective, else the distance."""
    rule = pairs.rules.get((i, j))
    if rule is not None:
        return rule.evidence
    source = pairs.units[i]
    if source.lead:
        return f"connective “{source.lead}”"
    return f"{abs(j - i)} unit{'s' if abs(j - i) > 1 else ''} {'before' if j < i else 'after'}, no connective"


def model_links(
    model: LinkModel, pairs: SegmentPairs, lemmas: dict[Key, frozenset[str]], main: ScoredUnit | None = None
) -> list[Link]:
    """The links the model decides in one segment, each with its evidence and confidence."""
    if not len(pairs.source):
        return []
    probabilities = model.link.probability(pairs.features)
    links = []
    for i, j, p in decode(pairs, probabilities, model.threshold):
        source, target = pairs.units[i], pairs.units[j]
        rule = pairs.rules.get((i, j))
        p_attack = float(model.kind.probability(kind_features(source, target, lemmas, rule)[None, :])[0])
        kind = "attack" if p_attack >= 0.5 else "support"
        cue = _cue(pairs, i, j)
        if main is not None and target.unit.key == main.unit.key:
            cue += "; target is the text's main claim"
        links.append(
            Link(
                source.unit.key,
                kind,
                target.unit.key,
                round(p, 3),
                f"link model p={p:.2f}, {kind} p={max(p_attack, 1 - p_attack):.2f}; {cue}",
            )
        )
    return links
