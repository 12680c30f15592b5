"""Stage 2: units → argumentative units (claims and premises) with a confidence.

A unit must be able to carry a proposition (a verb, or a question, and three words);
it is then scored from linguistic cues, each recorded as a feature:

- discourse connective opening the unit (car, donc, mais, pourtant, certes, …)
- first-person stance (je pense, selon moi, je suis persuadé, à mon sens, …)
- modality and necessity (il faut, doit, peut, nécessaire, impératif, …)
- evaluative vocabulary (pertinent, désastreux, formidable, difficile, …)
- negation, comparison, exclamation, rhetorical question
- list items and clauses in brackets (premises given for a head claim)

and penalised for meta-discourse ("cet article", "je vous propose") and first-person
narration in the past. Units under the threshold are not arguments.

The role is "premise" when the unit is given as a reason (opened by a reason or example
connective, a list item, a bracketed clause), else "claim".
"""

from __future__ import annotations

from dataclasses import dataclass

from app.extract.lexicon import (
    CONCLUSION,
    CONTRAST,
    EVALUATIVE,
    EXAMPLE,
    META_RE,
    MODALITY_LEMMAS,
    MODALITY_RE,
    NEGATION_CORE,
    PREMISE,
    RHETORICAL_RE,
    STANCE_RE,
    connective_function,
    lead_connective,
)
from app.extract.segment import Unit
from app.text import lexicon_fold

THRESHOLD = 0.3  # = BASE: a unit with a verb is kept unless cues mark it as meta-discourse or narration
BASE = 0.3


@dataclass(frozen=True)
class ScoredUnit:
    unit: Unit
    role: str  # "claim" | "premise"
    confidence: float
    lead: str | None  # connective opening the unit
    features: tuple[str, ...]
    question: bool
    negated: bool


def score_unit(doc, unit: Unit, is_comment: bool) -> ScoredUnit | None:
    """Score one unit; None when it cannot be an argument at all. `doc` is the parsed
    segment or the list of its tokens (anything sliced by token index)."""
    tokens = [t for t in doc[unit.tok_start : unit.tok_end] if not t.is_space]
    words = [t for t in tokens if t.is_alpha]
    question = unit.text.rstrip().endswith("?") or unit.text.rstrip().endswith("?)")
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
    if len(words) < 3 or not (has_verb or question):
        return None
    text = lexicon_fold(unit.text)
    features: list[str] = []
    score = BASE

    lead = lead_connective(unit.text)
    function = connective_function(lead)
    if function:
        features.append(f"connective:{lead}")
        score += 0.15
    if STANCE_RE.search(text):
        features.append("stance")
        score += 0.15
    if MODALITY_RE.search(text) or any(t.lemma_ in MODALITY_LEMMAS for t in tokens if t.pos_ in ("VERB", "AUX")):
        features.append("modality")
        score += 0.12
    evaluative = sum(1 for t in tokens if t.lemma_.lower() in EVALUATIVE)
    if evaluative:
        features.append("evaluative")
        score += 0.1 + (0.05 if evaluative > 1 else 0.0)
    negated = any(t.lower_ in NEGATION_CORE for t in tokens)
    if negated:
        features.append("negation")
        score += 0.08
    if any(t.lower_ in ("plus", "moins", "mieux", "pire", "trop") for t in tokens):
        features.append("comparison")
        score += 0.05
    if "!" in unit.text:
        features.append("exclamation")
        score += 0.05
    if question:
        if RHETORICAL_RE.search(text) or not is_comment:
            features.append("rhetorical-question")
            score += 0.1
        else:
            features.append("question")
    if unit.item_of is not None:
        features.append("list-item")
        score += 0.1
    if unit.paren:
        features.append("bracketed")
        score += 0.05
    if any(t.pos_ in ("VERB", "AUX") and "Fut" in t.morph.get("Tense") for t in tokens):
        features.append("prediction")
        score += 0.05
    if META_RE.search(text):
        features.append("meta-discourse")
        score -= 0.25
    first_person = any(t.lower_ in ("je", "j'", "j’", "nous") for t in tokens)
    past = any(
        t.pos_ in ("VERB", "AUX")
        and ("Imp" in t.morph.get("Tense") or "Past" in t.morph.get("Tense"))
        and "Fin" in t.morph.get("VerbForm")
        for t in tokens
    )
    if first_person and past and "stance" not in features:
        features.append("narration")
        score -= 0.15
    if not has_verb:
        score -= 0.1

    role = "premise" if function in (PREMISE, EXAMPLE) or unit.item_of is not None or unit.paren else "claim"
    if function in (CONCLUSION, CONTRAST):
        role = "claim"
    confidence = round(min(0.95, max(0.05, score)), 3)
    return ScoredUnit(unit, role, confidence, lead, tuple(features), question, negated)


def score_units(doc, units: list[Unit], is_comment: bool = False, threshold: float = THRESHOLD) -> list[ScoredUnit]:
    """The units of one segment that pass the threshold, in order."""
    kept = []
    for unit in units:
        scored = score_unit(doc, unit, is_comment)
        if scored is not None and scored.confidence >= threshold:
            kept.append(scored)
    return kept
