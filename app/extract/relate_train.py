"""Training the pair model (`argmap relate --train`) on the curated map, held out by document.

Examples are ordered pairs of curated arguments, each text encoded by `encoder.Encoder`:

- positives: the curated relations, source → target (an undercut bears on the conclusion
  of the inference it attacks, and counts as an attack);
- negatives: for each argument, `NEGATIVES` other arguments the map does not link to it in
  either direction, picked by a hash of the two ids (deterministic, no random state);
- a pair whose reverse is curated is left out (its content is related; only the direction
  is wrong, which the vectors cannot tell).

Held out by document: the model used for document D is trained without any relation or
pair that touches D (cross-document relations with one end in D included), and its
threshold is chosen by leave-one-document-out inside the remaining documents. The model
for new text ("all") is trained on everything. scikit-learn's `LogisticRegression` (lbfgs)
is deterministic and the weights are rounded, so re-training writes the same file.

Polarity is measured the same way, against the rule (`relate.POLARITY_RULE`); the learned
regression is used only when its held-out balanced accuracy is higher.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from app.extract.relate import Linear, PairModel, PairModels, cue_row, pair_features
from app.records import Argument, Records

NEGATIVES = 12
C = 0.05  # strong L2: a few hundred relations for 2,059 features
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(2, 19))  # 0.10 … 0.90


@dataclass
class PairData:
    """Every labelled pair of the curated map, as feature rows."""

    documents: tuple[str, ...]  # the curated documents, sorted
    x: np.ndarray
    linked: np.ndarray  # 1 = curated relation source → target
    attack: np.ndarray  # 1 = that relation is an attack or undercut
    ends: list[tuple[str, str]]  # the documents of each pair's two arguments
    ids: list[tuple[str, str]]


def _hash(*parts: str) -> str:
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def labelled_pairs(curated: Records, encoder) -> PairData:
    """The positive and negative pairs of the curated map, with their features."""
    arguments = sorted(curated.arguments, key=lambda a: a.id)
    by_id: dict[str, Argument] = {a.id: a for a in arguments}
    vectors = dict(zip([a.id for a in arguments], encoder.encode([a.quote for a in arguments])))
    kind: dict[tuple[str, str], str] = {}
    for r in curated.relations:
        if r.source in by_id and r.target in by_id:
            kind.setdefault((r.source, r.target), "attack" if r.kind in ("attack", "undercut") else "support")
    linked_either = set(kind) | {(b, a) for a, b in kind}
    pairs: list[tuple[str, str]] = sorted(kind)
    for a in arguments:
        others = sorted(
            (_hash(a.id, b.id), b.id) for b in arguments if b.id != a.id and (a.id, b.id) not in linked_either
        )
        pairs += [(a.id, b) for _, b in others[:NEGATIVES]]
    u = np.stack([vectors[s] for s, _ in pairs])
    v = np.stack([vectors[t] for _, t in pairs])
    similarity = np.sum(u.astype(np.float64) * v, axis=1)
    cues = np.vstack([cue_row(by_id[s].quote, by_id[t].quote, sim) for (s, t), sim in zip(pairs, similarity.tolist())])
    return PairData(
        documents=tuple(sorted({a.document for a in arguments})),
        x=pair_features(u, v, cues),
        linked=np.array([(s, t) in kind for s, t in pairs], dtype=np.int64),
        attack=np.array([kind.get((s, t)) == "attack" for s, t in pairs], dtype=np.int64),
        ends=[(by_id[s].document, by_id[t].document) for s, t in pairs],
        ids=pairs,
    )


def without(data: PairData, excluded: set[str]) -> np.ndarray:
    """Row mask: the pairs with no end in an excluded document."""
    return np.array([a not in excluded and b not in excluded for a, b in data.ends], dtype=bool)


def touching(data: PairData, document: str) -> np.ndarray:
    return np.array([document in ends for ends in data.ends], dtype=bool)


def _fit(x: np.ndarray, y: np.ndarray) -> Linear:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        rate = min(max(float(np.mean(y)) if len(y) else 0.0, 1e-3), 1 - 1e-3)
        return Linear(float(np.log(rate / (1 - rate))), np.zeros(x.shape[1]))
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs", class_weight="balanced")
    model.fit(x, y)
    return Linear(round(float(model.intercept_[0]), 6), np.round(model.coef_[0].astype(np.float64), 6))


def fit_pair_model(data: PairData, documents: list[str], threshold: float | None = None) -> PairModel:
    """Link and attack regressions on the pairs within `documents`."""
    rows = without(data, set(data.documents) - set(documents))
    link = _fit(data.x[rows], data.linked[rows])
    positive = rows & (data.linked == 1)
    attack = _fit(data.x[positive], data.attack[positive])
    if threshold is None:
        threshold = choose_threshold(data, documents)
    return PairModel(link, attack, threshold, tuple(sorted(documents)))


def choose_threshold(data: PairData, documents: list[str]) -> float:
    """The p(link) threshold with the best link F1 on pairs touching a left-out document,
    each scored by a model trained on the other documents of `documents`."""
    if len(documents) < 2:
        return 0.5
    scores, labels = [], []
    for held in documents:
        rest = [d for d in documents if d != held]
        rows = without(data, set(data.documents) - set(documents)) & touching(data, held)
        link = _fit(*_training(data, rest))
        scores.append(link.probability(data.x[rows]))
        labels.append(data.linked[rows])
    p, y = np.concatenate(scores), np.concatenate(labels)

    def f1(t: float) -> float:
        chosen = p >= t
        tp = int((chosen & (y == 1)).sum())
        return 2 * tp / (int(chosen.sum()) + int(y.sum())) if tp else 0.0

    return max(THRESHOLDS, key=lambda t: (round(f1(t), 9), -t))


def _training(data: PairData, documents: list[str]) -> tuple[np.ndarray, np.ndarray]:
    rows = without(data, set(data.documents) - set(documents))
    return data.x[rows], data.linked[rows]


def train_pair_models(data: PairData) -> PairModels:
    """The model for new text and, for each curated document, the one trained without it."""
    documents = list(data.documents)
    held = {d: fit_pair_model(data, [o for o in documents if o != d]) for d in documents}
    return PairModels(fit_pair_model(data, documents), held)


def held_out_figures(data: PairData, models: PairModels) -> dict:
    """Link ROC AUC and polarity balanced accuracy (learned and rule) on the pairs touching each
    document, scored by the models trained without it."""
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    from app.extract.relate import rule_attack

    p_link, y_link, learned, rule, y_attack = [], [], [], [], []
    for document, model in sorted(models.held_out.items()):
        rows = touching(data, document)
        p_link.append(model.link.probability(data.x[rows]))
        y_link.append(data.linked[rows])
        linked = rows & (data.linked == 1)
        learned.append(model.attack.probability(data.x[linked]) >= 0.5)
        rule.append(rule_attack(data.x[linked]) > 0)
        y_attack.append(data.attack[linked])
    y_a = np.concatenate(y_attack)
    return {
        "link_roc_auc": round(float(roc_auc_score(np.concatenate(y_link), np.concatenate(p_link))), 3),
        "polarity_balanced_accuracy": {
            "learned": round(float(balanced_accuracy_score(y_a, np.concatenate(learned))), 3),
            "rules": round(float(balanced_accuracy_score(y_a, np.concatenate(rule))), 3),
        },
        "relations": int(data.linked.sum()),
        "pairs": len(data.linked),
    }


def train_and_evaluate(curated: Records, encoder) -> PairModels:
    """Every pair model, their held-out figures, and the polarity choice (the rule unless the
    learned regression beats it held out)."""
    data = labelled_pairs(curated, encoder)
    models = train_pair_models(data)
    figures = held_out_figures(data, models)
    accuracy = figures["polarity_balanced_accuracy"]
    polarity = "learned" if accuracy["learned"] > accuracy["rules"] else "rules"
    return PairModels(models.all, models.held_out, polarity, figures)
