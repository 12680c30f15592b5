"""Relation suggestions for a curator: for each curated argument, the five most likely
relations to or from other arguments (across documents too).

Target choice: every ordered pair of curated arguments is scored, both ways, by a small
logistic regression over `CONTEXT` (sentence-vector similarity, where the two stand, the
reply structure, negation, shared words, main-claim flags), whether the extraction's hand
rules relate the two (`rule_links`) and the pair model's p(related) (`related`); an argument's suggestions are
its five best-scored pairs (ties: the smaller ids). Kind and evidence come from the pair
model (`relate.decide`). Held out by document: the arguments of a document are ranked by a
target model trained on the pairs of the other documents only, and their kinds by the pair
model that never saw that document's relations, so `evaluate.precision_at` measures what a curator
of a new document would be shown.

`argmap extract` writes them to seeds/suggestions.json (`suggestion_store`); the site shows
them, marked as suggestions, on the argument page and at /api/arguments/{id}/suggestions.
"""

from __future__ import annotations

import math

import numpy as np

from app.extract.relate import CUES, PairModel, PairModels, cue_row, decide, pair_features
from app.records import Argument, Corpus, Records, Suggestion

TOP = 5


CONTEXT = (
    "similarity",
    "same_document",
    "same_segment",
    "distance",
    "before",
    "just_before",
    "just_after",
    "answers",
    "negation_one_side",
    "shared_words",
    "target_main",
    "source_main",
    "similarity_same_document",
)
C = 0.1


def context_features(arguments: list[Argument], corpus: Corpus, vectors: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """(n, n, CONTEXT) features of every ordered pair: similarity of the sentence vectors and
    where the two stand (same document or segment, distance in arguments, the comment the
    source answers), a negation on one side, shared words (from `cues`, the pair model's cue
    rows of `cue_rows`), and the curated main-claim flags."""
    negation, shared = CUES.index("negation_one_side"), CUES.index("shared_words")
    n = len(arguments)
    order = {a.id: k for k, a in enumerate(sorted(arguments, key=lambda a: (a.document, a.start, a.id)))}
    segments = {(d.id, s.id): s for d in corpus.documents.values() for s in d.segments}
    sims = vectors @ vectors.T
    f = np.zeros((n, n, len(CONTEXT)))
    for i, a in enumerate(arguments):
        sa = segments.get((a.document, a.segment))
        for j, b in enumerate(arguments):
            if i == j:
                continue
            same = a.document == b.document
            sb = segments.get((b.document, b.segment))
            d = order[b.id] - order[a.id]
            answers = (
                same
                and sa is not None
                and sb is not None
                and sa.number is not None
                and (sb.number in sa.replies_to or (sb.number is None and not sa.replies_to))
            )
            f[i, j] = (
                sims[i, j],
                same,
                same and a.segment == b.segment,
                math.log1p(abs(d)) / math.log(50) if same else 1.0,
                same and d < 0,
                same and d == -1,
                same and d == 1,
                answers,
                cues[i, j, negation],
                cues[i, j, shared],
                b.main,
                a.main,
                sims[i, j] * same,
            )
    return f


def cue_rows(arguments: list[Argument], vectors: np.ndarray) -> np.ndarray:
    """(n, n, CUES) the pair model's cues of every ordered pair."""
    n = len(arguments)
    sims = vectors @ vectors.T
    out = np.zeros((n, n, len(CUES)))
    for i, a in enumerate(arguments):
        for j, b in enumerate(arguments):
            if i != j:
                out[i, j] = cue_row(a.quote, b.quote, float(sims[i, j]))
    return out


def related(model: PairModel, vectors: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """(n, n) the pair model's p(related) of every ordered pair, one source at a time."""
    n = len(vectors)
    out = np.zeros((n, n))
    for i in range(n):
        out[i] = model.link.probability(pair_features(np.repeat(vectors[i : i + 1], n, axis=0), vectors, cues[i]))
    return out


def _fit(x: np.ndarray, y: np.ndarray):
    """Unweighted, so that p is the chance that the map has the relation (what a curator is shown)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    return np.round(model.coef_[0], 6), round(float(model.intercept_[0]), 6)


def rule_links(arguments: list[Argument], curated: Records, extracted: Records | None) -> np.ndarray:
    """(n, n, 2): whether the hand rules of the extraction relate the units that stand for the
    two arguments (`evaluate.match_units`), A → B and B → A. The rules are not trained on
    the curated map, so this holds nothing of a held-out document's relations."""
    from app.extract.evaluate import match_units

    n = len(arguments)
    out = np.zeros((n, n, 2))
    if extracted is None:
        return out
    index = {a.id: k for k, a in enumerate(arguments)}
    stands_for = match_units(arguments, extracted.arguments)
    for r in extracted.relations:
        a, b = index.get(stands_for.get(r.source, "")), index.get(stands_for.get(r.target, ""))
        if a is not None and b is not None and a != b:
            out[a, b, 0] = out[b, a, 1] = 1.0
    return out


def suggest(
    arguments: list[Argument],
    corpus: Corpus,
    vectors: np.ndarray,
    curated: Records,
    models: PairModels,
    extracted: Records | None = None,
    top: int = TOP,
) -> dict[str, list[Suggestion]]:
    """argument id → its `top` suggestions, each document's arguments ranked by a target model
    trained on the pairs of the other documents only (`vectors`: one row per argument;
    `extracted`: the extraction whose hand-rule relations are a feature)."""
    vectors = vectors.astype(np.float64)
    pair_cues = cue_rows(arguments, vectors)
    f = np.concatenate(
        [context_features(arguments, corpus, vectors, pair_cues), rule_links(arguments, curated, extracted)], axis=2
    )
    index = {a.id: k for k, a in enumerate(arguments)}
    y = np.zeros((len(arguments), len(arguments)), dtype=np.int64)
    for r in curated.relations:
        if r.source in index and r.target in index:
            y[index[r.source], index[r.target]] = 1
    documents = np.array([a.document for a in arguments])
    out: dict[str, list[Suggestion]] = {}
    for document in sorted(set(documents.tolist())):
        rest = documents != document
        if not rest.any():
            continue
        model = models.for_document(document)
        fd = np.concatenate([f, related(model, vectors, pair_cues)[..., None]], axis=2)
        width = fd.shape[2]
        coef, intercept = _fit(fd[np.ix_(rest, rest)].reshape(-1, width), y[np.ix_(rest, rest)].reshape(-1))
        score = fd @ coef + intercept
        for i in np.nonzero(~rest)[0].tolist():
            # each pair once, in its more probable direction
            candidates = [
                (score[i, j], i, j) if score[i, j] >= score[j, i] else (score[j, i], j, i)
                for j in range(len(arguments))
                if j != i
            ]
            candidates.sort(key=lambda c: (-round(float(c[0]), 9), arguments[c[1]].id, arguments[c[2]].id))
            chosen = candidates[:top]
            u = vectors[[c[1] for c in chosen]]
            v = vectors[[c[2] for c in chosen]]
            cues = np.vstack(
                [cue_row(arguments[s].quote, arguments[t].quote, float(vectors[s] @ vectors[t])) for _, s, t in chosen]
            )
            verdicts = decide(model, pair_features(u, v, cues), models.polarity)
            out[arguments[i].id] = [
                Suggestion(
                    arguments[s].id,
                    kind,
                    arguments[t].id,
                    float(1 / (1 + np.exp(-sc))),
                    _evidence(f[s, t], verdict, kind, models.polarity),
                )
                for (sc, s, t), verdict in zip(chosen, verdicts)
                for kind in ["attack" if verdict.attack >= 0.5 else "support"]
            ]
    return out


def _evidence(row: np.ndarray, verdict, kind: str, polarity: str) -> tuple[str, ...]:
    """What to show with a suggestion: similarity, where the two stand, the cues, why this kind."""
    where = dict(zip(CONTEXT, row.tolist()))
    said = [f"similarity {where['similarity']:.2f}"]
    if where["same_segment"]:
        said.append("same passage" if where["distance"] < 0.2 else "same text")
    elif where["same_document"]:
        said.append("same thread")
    else:
        said.append("another document")
    if where["answers"]:
        said.append("in a reply to it")
    if row[len(CONTEXT)]:
        said.append("the extraction's rules link them too")
    elif row[len(CONTEXT) + 1]:
        said.append("the extraction's rules link them, the other way round")
    # the pair model says "A" and "B"; on an argument's page the two are the attacker (or
    # supporter) and the argument it bears on
    roles = {
        "A ": f"the {'attacker' if kind == 'attack' else 'supporter'} ",
        "B ": f"the {'attacked' if kind == 'attack' else 'supported'} argument ",
    }
    said += [
        roles.get(e[:2], e[:2]) + e[2:] for e in verdict.evidence if not e.startswith(("similarity", "p(", "polarity"))
    ]
    if polarity == "learned":
        said.append(f"p(attack) {verdict.attack:.2f}")
    else:
        said.append(
            "polarity rule: attack"
            if kind == "attack"
            else "polarity rule: support (no negation, antonym, contrast or disagreement)"
        )
    return tuple(said)
