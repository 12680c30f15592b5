"""same_as from meaning: extracted units that restate a curated argument.

The graph folds an extracted argument into a curated one (a `same_as` edge) when their
spans overlap by half the shorter (`graph.same_as_pairs`). A restatement whose span differs
is found by meaning instead: an extracted unit's closest curated argument of the same
document (cosine of the sentence vectors) is its twin when the similarity reaches
`threshold` and nothing in the pair says the unit answers rather than repeats the argument
(a negation on one side, a disagreement marker, a question: `BLOCKING`).

The threshold is chosen on the curated map: the twins that span overlap gives are the
examples, and the threshold is the lowest at which the rule "closest curated argument, at
or above it, not blocked" folds none of the examples wrongly (a wrong fold hides an argument
behind another; a missed one leaves both on the map). `held_out` measures that rule leave one document out: each
document's twins are predicted with the threshold chosen on the other documents only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.extract.relate import text_cues
from app.records import Argument
from app.text import same_passage

BLOCKING = ("negation_one_side", "a_disagrees", "a_question", "b_question")


@dataclass(frozen=True)
class Closest:
    """An extracted unit, its closest curated argument of the same document, and whether
    their spans overlap (the twins span overlap gives)."""

    extracted: str
    curated: str
    document: str
    similarity: float
    overlaps: bool
    blocked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Twin:
    extracted: str
    curated: str
    similarity: float


def overlap_twins(curated: list[Argument], extracted: list[Argument]) -> set[tuple[str, str]]:
    """(extracted id, curated id) of every pair whose spans overlap (the graph's rule)."""
    return {
        (x.id, c.id)
        for x in extracted
        for c in curated
        if x.document == c.document and same_passage(x.start, x.end, c.start, c.end)
    }


def closest(curated: list[Argument], extracted: list[Argument], vc: np.ndarray, vx: np.ndarray) -> list[Closest]:
    """For each extracted unit (rows of `vx`), its closest curated argument (rows of `vc`)
    of the same document; ties go to the smaller id."""
    twins = overlap_twins(curated, extracted)
    sims = vx.astype(np.float64) @ vc.astype(np.float64).T
    out = []
    for i, x in enumerate(extracted):
        mine = [j for j, c in enumerate(curated) if c.document == x.document]
        if not mine:
            continue
        j = min(mine, key=lambda j: (-round(float(sims[i, j]), 9), curated[j].id))
        c = curated[j]
        out.append(Closest(x.id, c.id, x.document, round(float(sims[i, j]), 6), (x.id, c.id) in twins, blocked(x, c)))
    return out


def scores(pairs: list[Closest], gold: set[tuple[str, str]], threshold: float) -> dict:
    """Precision and recall of "closest at or above `threshold`, not blocked" against the
    overlap twins `gold`."""
    chosen = [p for p in pairs if p.similarity >= threshold and not p.blocked]
    hits = sum((p.extracted, p.curated) in gold for p in chosen)
    precision = hits / len(chosen) if chosen else 0.0
    recall = hits / len(gold) if gold else 0.0
    return {
        "twins": len(gold),
        "predicted": len(chosen),
        "correct": hits,
        "precision": precision,
        "recall": recall,
        "wrong": len(chosen) - hits,
    }


def choose_threshold(pairs: list[Closest], gold: set[tuple[str, str]]) -> float:
    """The lowest similarity at which the rule folds no pair wrongly among the examples (a
    wrong fold hides an argument behind another, a missed one leaves both on the map); 1.0
    when there is no example."""
    wrong = [p.similarity for p in pairs if not p.blocked and (p.extracted, p.curated) not in gold]
    right = [p.similarity for p in pairs if not p.blocked and (p.extracted, p.curated) in gold]
    if not right:
        return 1.0
    above = [s for s in right if s > max(wrong, default=-1.0)]
    return min(above) if above else 1.0


def held_out(pairs: list[Closest], gold: set[tuple[str, str]]) -> dict:
    """Leave one document out: each document's twins predicted with the threshold chosen on
    the others; per document and overall precision/recall, and the thresholds."""
    documents = sorted({p.document for p in pairs})
    doc_of = {p.extracted: p.document for p in pairs}
    rows = {}
    total = {"twins": 0, "predicted": 0, "correct": 0}
    for d in documents:
        others = [p for p in pairs if p.document != d]
        t = choose_threshold(others, {g for g in gold if doc_of.get(g[0]) != d})
        mine_gold = {g for g in gold if doc_of.get(g[0]) == d}
        s = scores([p for p in pairs if p.document == d], mine_gold, t)
        rows[d] = {**s, "threshold": t}
        for k in total:
            total[k] += s[k]
    p = total["correct"] / total["predicted"] if total["predicted"] else 0.0
    r = total["correct"] / total["twins"] if total["twins"] else 0.0
    return {"documents": rows, "overall": {**total, "precision": p, "recall": r}}


def blocked(x: Argument, c: Argument) -> tuple[str, ...]:
    """The cues saying `x` answers `c` rather than repeats it (`BLOCKING`)."""
    cues = text_cues(x.quote, c.quote)
    return tuple(name for name in BLOCKING if cues[name])


def meaning_twins(
    curated: list[Argument], extracted: list[Argument], vc: np.ndarray, vx: np.ndarray, threshold: float
) -> list[Twin]:
    """The twins that meaning adds to span overlap: extracted units that overlap no curated
    span, whose closest curated argument is at `threshold` or more and not `blocked`."""
    folded = {x for x, _ in overlap_twins(curated, extracted)}
    by_id = {a.id: a for a in (*curated, *extracted)}
    return [
        Twin(p.extracted, p.curated, p.similarity)
        for p in closest(curated, extracted, vc, vx)
        if p.extracted not in folded and p.similarity >= threshold and not blocked(by_id[p.extracted], by_id[p.curated])
    ]


def nearest_misses(
    curated: list[Argument], extracted: list[Argument], vc: np.ndarray, vx: np.ndarray, top: int = 3
) -> list[dict]:
    """The `top` closest pairs among extracted units that overlap no curated span: what a
    lower threshold would fold, with the cues that would block them."""
    folded = {x for x, _ in overlap_twins(curated, extracted)}
    by_id = {a.id: a for a in (*curated, *extracted)}
    loose = sorted(
        (p for p in closest(curated, extracted, vc, vx) if p.extracted not in folded),
        key=lambda p: (-p.similarity, p.extracted),
    )
    return [
        {
            "similarity": p.similarity,
            "extracted": p.extracted,
            "curated": p.curated,
            "extracted_quote": by_id[p.extracted].quote,
            "curated_quote": by_id[p.curated].quote,
            "blocked_by": list(p.blocked),
        }
        for p in loose[:top]
    ]
