"""Learned target choice beyond the segment, measured held out against what the rules do.

The hand rules link units within a segment and a reply to the text it answers; the curated
map also links units to claims of other comments and other documents. This module asks
whether a learned scorer finds those links: every unit (source) is paired with every claim
or main claim of another segment (target), described by `FEATURES` (sentence-vector
similarity and its rank among the source's candidates, reply structure, main claims, roles
and confidences, negation, shared lemmas, whether the rules already linked the source), and
a logistic regression trained leave one document out (the model scoring the sources of a
document never saw a pair with an end in it) ranks the targets.

`held_out_comparison` gives the figures `argmap extract --train` prints: how often the
curated target is the first choice, against raw similarity, and how many curated relations
the most confident decisions hold. The pipeline adds these links only if that would raise
relation F1; on the seeds it would not (docs/extraction.md), so the rules stay.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.extract.claims import ScoredUnit
from app.extract.relations import Key, Link, reply_marker

FEATURES = (
    "similarity",
    "similarity_rank_1",
    "similarity_rank_2_3",
    "same_document",
    "answers",
    "answered_by",
    "t_main",
    "t_body_main",
    "s_main",
    "s_claim",
    "t_claim",
    "s_confidence",
    "t_confidence",
    "negation_one_side",
    "shared_lemmas",
    "s_linked_by_rules",
    "s_reply_marker",
    "s_in_comment",
    "t_in_comment",
    "segment_distance",
)
C = 0.3
TOP = (10, 20, 40, 80)  # the most confident decisions whose curated relations are counted


@dataclass(frozen=True)
class Candidates:
    """Every (source unit, target claim of another segment) pair, with its features."""

    units: tuple[ScoredUnit, ...]
    source: np.ndarray
    target: np.ndarray
    features: np.ndarray


def candidate_pairs(
    units: list[ScoredUnit],
    embeddings: dict[Key, np.ndarray],
    mains: set[Key],
    segments: dict[tuple[str, str], tuple[int | None, tuple[int, ...]]],
    lemmas: dict[Key, frozenset[str]],
    rule_links: list[Link],
) -> Candidates:
    """The candidate pairs and their `FEATURES`. `segments`: (document, segment) → (comment
    number, None for a body; the comment numbers it replies to)."""
    n = len(units)
    where = [(s.unit.document, s.unit.segment) for s in units]
    rows = [
        (i, j)
        for i in range(n)
        for j in range(n)
        if where[i] != where[j] and (units[j].role == "claim" or units[j].unit.key in mains)
    ]
    source = np.array([i for i, _ in rows], dtype=np.int64)
    target = np.array([j for _, j in rows], dtype=np.int64)
    f = np.zeros((len(rows), len(FEATURES)))
    if not rows:
        return Candidates(tuple(units), source, target, f)
    matrix = np.stack([embeddings[s.unit.key] for s in units]).astype(np.float64)
    sims = matrix @ matrix.T
    rank = np.zeros(len(rows), dtype=np.int64)
    by_source: dict[int, list[int]] = {}
    for k, i in enumerate(source.tolist()):
        by_source.setdefault(i, []).append(k)
    for i, ks in by_source.items():
        for r, k in enumerate(sorted(ks, key=lambda k: (-round(float(sims[i, target[k]]), 9), int(target[k])))):
            rank[k] = r + 1
    linked = {link.source for link in rule_links}
    markers = [reply_marker(s.unit.text) is not None for s in units]
    for k, (i, j) in enumerate(rows):
        s, t = units[i], units[j]
        same = s.unit.document == t.unit.document
        number_s, replies_s = segments.get(where[i], (None, ()))
        number_t, replies_t = segments.get(where[j], (None, ()))
        answers = same and number_s is not None and (number_t in replies_s or (number_t is None and not replies_s))
        answered_by = same and number_t is not None and (number_s in replies_t or (number_s is None and not replies_t))
        ls, lt = lemmas.get(s.unit.key, frozenset()), lemmas.get(t.unit.key, frozenset())
        distance = abs((number_s or 0) - (number_t or 0)) if same else 50
        f[k] = (
            sims[i, j],
            rank[k] == 1,
            2 <= rank[k] <= 3,
            same,
            answers,
            answered_by,
            t.unit.key in mains,
            t.unit.key in mains and t.unit.segment == "body",
            s.unit.key in mains,
            s.role == "claim",
            t.role == "claim",
            s.confidence,
            t.confidence,
            s.negated != t.negated,
            len(ls & lt) / max(1, min(len(ls), len(lt))),
            s.unit.key in linked,
            markers[i],
            number_s is not None,
            number_t is not None,
            math.log1p(distance) / math.log(51),
        )
    return Candidates(tuple(units), source, target, f)


def held_out_scores(candidates: Candidates, labels: np.ndarray) -> np.ndarray:
    """p(link) of every pair, the pairs whose source is in document D scored by a model
    trained on the labelled pairs with no end in D (`labels`: 1, 0, or -1 for unknown)."""
    from sklearn.linear_model import LogisticRegression

    documents = np.array([s.unit.document for s in candidates.units])
    src, tgt = documents[candidates.source], documents[candidates.target]
    scores = np.zeros(len(labels))
    for document in sorted(set(documents.tolist())):
        train = (src != document) & (tgt != document) & (labels >= 0)
        mine = src == document
        if len(set(labels[train].tolist())) < 2 or not mine.any():
            continue
        model = LogisticRegression(C=C, max_iter=5000).fit(candidates.features[train], labels[train])
        scores[mine] = model.predict_proba(candidates.features[mine])[:, 1]
    return scores


def ranking_figures(candidates: Candidates, labels: np.ndarray, scores: np.ndarray) -> dict:
    """Sources with a curated target; how often it is the first choice and in the first five;
    curated relations among the most confident first choices (`TOP`)."""
    with_target = sorted(set(candidates.source[labels == 1].tolist()))
    first = five = 0
    best: dict[int, int] = {}
    for k, i in enumerate(candidates.source.tolist()):
        if i not in best or (scores[k], -k) > (scores[best[i]], -best[i]):
            best[i] = k
    for i in with_target:
        ks = np.nonzero(candidates.source == i)[0]
        order = ks[np.lexsort((ks, -scores[ks]))]
        first += int(labels[order[0]] == 1)
        five += int((labels[order[:5]] == 1).any())
    confident = sorted(best.values(), key=lambda k: (-scores[k], k))
    return {
        "sources_with_a_curated_target": len(with_target),
        "first_choice": first,
        "in_first_five": five,
        "curated_among_most_confident": {str(n): int(sum(labels[k] == 1 for k in confident[:n])) for n in TOP},
    }


def held_out_comparison(corpus, curated, nlp, encoder) -> dict:
    """The learned scorer against raw similarity, both held out, on the seeds' cross-segment pairs."""
    from types import SimpleNamespace

    from app.extract.evaluate import match_units
    from app.extract.pipeline import analyse_corpus, document_links, join_documents, segment_links, unit_embeddings

    by_document = analyse_corpus(corpus, nlp)
    links: list[Link] = []
    mains: set[Key] = set()
    for doc_id, analyses in by_document.items():
        links += document_links(corpus.documents[doc_id], analyses, corpus, None)
        for a in analyses:
            main = segment_links(corpus.documents[doc_id], a, with_pairs=False).main
            if main is not None:
                mains.add(main.unit.key)
    analyses = [a for group in by_document.values() for a in group]
    links += join_documents(analyses, links, {d: i for i, d in enumerate(corpus.documents)})
    units = [s for a in analyses for s in a.scored]
    candidates = candidate_pairs(
        units,
        unit_embeddings(analyses, encoder),
        mains,
        {(a.ref.document, a.ref.segment): (a.ref.number, a.ref.replies_to) for a in analyses},
        {k: v for a in analyses for k, v in a.lemmas.items()},
        links,
    )
    spans = [
        SimpleNamespace(id=str(n), document=s.unit.document, start=s.unit.start, end=s.unit.end)
        for n, s in enumerate(units)
    ]
    matched = match_units(curated.arguments, spans)
    ends = [matched.get(str(n)) for n in range(len(units))]
    gold = {(r.source, r.target) for r in curated.relations}
    labels = np.array(
        [
            -1 if not (ends[i] and ends[j]) else int((ends[i], ends[j]) in gold)
            for i, j in zip(candidates.source.tolist(), candidates.target.tolist())
        ],
        dtype=np.int64,
    )
    return {
        "pairs": len(labels),
        "labelled": int((labels >= 0).sum()),
        "curated": int((labels == 1).sum()),
        "learned": ranking_figures(candidates, labels, held_out_scores(candidates, labels)),
        "similarity": ranking_figures(candidates, labels, candidates.features[:, FEATURES.index("similarity")]),
    }


def cross_document_limit(curated, extracted, vc: np.ndarray, vx: np.ndarray) -> dict:
    """What bounds cross-document recall: the curated relations between two documents, how
    many have both ends among the extracted units (`evaluate.match_units`), and where the
    curated target ranks by sentence-vector similarity among the units of the other
    documents, for the extracted units (`vx`, rows of `extracted.arguments`) and for the
    curated arguments themselves (`vc`, rows of `curated.arguments`: perfect units)."""
    from app.extract.evaluate import match_units

    def ranks(arguments, vectors, pairs) -> list[int]:
        index = {a.id: k for k, a in enumerate(arguments)}
        sims = vectors.astype(np.float64) @ vectors.astype(np.float64).T
        out = []
        for source, target in pairs:
            i, j = index[source], index[target]
            others = [k for k, a in enumerate(arguments) if a.document != arguments[i].document]
            out.append(1 + sum(1 for k in others if (-sims[i, k], k) < (-sims[i, j], j)))
        return out

    document = {a.id: a.document for a in curated.arguments}
    across = [(r.source, r.target) for r in curated.relations if document[r.source] != document[r.target]]
    matched = {c: x for x, c in match_units(curated.arguments, extracted.arguments).items()}
    extractable = [(matched[s], matched[t]) for s, t in across if s in matched and t in matched]

    def summary(found: list[int]) -> dict:
        return {"first": sum(r == 1 for r in found), "first_five": sum(r <= 5 for r in found)}

    return {
        "relations": len(across),
        "extractable": len(extractable),
        "extracted_units": summary(ranks(list(extracted.arguments), vx, extractable)),
        "curated_arguments": summary(ranks(list(curated.arguments), vc, across)),
    }
