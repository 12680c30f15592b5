"""Training the link classifier (`argmap extract --train`) on the curated map.

The labels are the curated relations: a candidate pair of extracted units (source, target)
of one segment is a link when the curated arguments the two units match (the `argmap eval`
rule) are linked by a curated relation, whatever its kind, and not a link when they are
not; a pair with an end that matches no curated argument has no label and is left out of
training. A link's kind (support, or attack for attacks and undercuts) is the label of the
second classifier.

Nothing is evaluated on what it was trained on:

- the model used for a curated document D is trained on the pairs of the other documents
  only (`training_set(data, exclude=D)`), and its decision threshold is chosen by
  leave-one-document-out inside those other documents;
- the model for new text is trained on every curated document, its threshold chosen the
  same way (leave-one-document-out over all of them).

scikit-learn's `LogisticRegression` (L2, C = `C`, lbfgs) is deterministic; the weights are
rounded and written as JSON, so re-training gives a byte-identical file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.extract.evaluate import match_units
from app.extract.links import KIND_FEATURES, PAIR_FEATURES, LinkModel, LinkModels, Logistic, decode, kind_features
from app.records import Corpus, Records

UNDEFINED = -1  # a pair with an end that matches no curated argument: no label, not trained on
C = 0.3  # inverse L2 strength: few documents, many correlated features
THRESHOLDS = tuple(round(0.02 * k, 2) for k in range(1, 46))  # 0.02 … 0.90


@dataclass
class DocumentData:
    """The labelled candidate pairs of one curated document."""

    document: str
    segments: list  # (SegmentPairs, labels: 1 link, 0 no link, UNDEFINED)
    kind_x: np.ndarray  # features of the curated links among the pairs
    kind_y: np.ndarray  # 1 = attack
    gold: int  # curated relations inside the document (the recall denominator)


@dataclass(frozen=True)
class _Span:
    id: str
    document: str
    start: int
    end: int


def label_documents(corpus: Corpus, curated: Records, segment_links: dict[str, list]) -> dict[str, DocumentData]:
    """`segment_links`: document id → its `pipeline.SegmentLinks`. Returns the labelled pairs."""
    spans = [
        _Span(f"{s.unit.document}|{s.unit.segment}|{s.unit.index}", s.unit.document, s.unit.start, s.unit.end)
        for segs in segment_links.values()
        for seg in segs
        for s in seg.pairs.units
    ]
    matched = match_units(curated.arguments, spans)
    documents = {a.id: a.document for a in curated.arguments}
    gold: dict[tuple[str, str], str] = {}
    for r in curated.relations:
        gold.setdefault((r.source, r.target), "attack" if r.kind in ("attack", "undercut") else "support")
    out: dict[str, DocumentData] = {}
    for doc_id, segs in segment_links.items():
        segments, kx, ky = [], [], []
        for seg in segs:
            pairs = seg.pairs
            cur = [matched.get(f"{s.unit.document}|{s.unit.segment}|{s.unit.index}") for s in pairs.units]
            labels = np.full(len(pairs.source), UNDEFINED, dtype=np.int64)
            for k, (i, j) in enumerate(zip(pairs.source.tolist(), pairs.target.tolist())):
                if not (cur[i] and cur[j]):
                    continue
                labels[k] = 0
                kind = gold.get((cur[i], cur[j]))
                if kind is not None:
                    labels[k] = 1
                    kx.append(
                        kind_features(pairs.units[i], pairs.units[j], seg.analysis.lemmas, pairs.rules.get((i, j)))
                    )
                    ky.append(kind == "attack")
            segments.append((pairs, labels))
        n_gold = sum(
            1 for r in curated.relations if documents.get(r.source) == doc_id and documents.get(r.target) == doc_id
        )
        out[doc_id] = DocumentData(
            doc_id,
            segments,
            np.array(kx, dtype=np.float64).reshape(-1, len(KIND_FEATURES)),
            np.array(ky, dtype=np.int64),
            n_gold,
        )
    return out


def training_set(data: dict[str, DocumentData], exclude: str | None = None):
    """(X, y, document of each row) over every document but `exclude`: the pairs whose two
    ends match curated arguments (elsewhere the curated map says nothing about the pair)."""
    xs, ys, origin = [], [], []
    for doc_id in sorted(data):
        if doc_id == exclude:
            continue
        for pairs, labels in data[doc_id].segments:
            defined = labels != UNDEFINED
            xs.append(pairs.features[defined])
            ys.append(labels[defined])
            origin += [doc_id] * int(defined.sum())
    if not xs:
        return np.zeros((0, len(PAIR_FEATURES))), np.zeros(0, dtype=np.int64), []
    return np.vstack(xs), np.concatenate(ys), origin


def _fit(x: np.ndarray, y: np.ndarray) -> Logistic:
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        rate = float(np.mean(y)) if len(y) else 0.0
        rate = min(max(rate, 1e-3), 1 - 1e-3)
        return Logistic(float(np.log(rate / (1 - rate))), np.zeros(x.shape[1]))
    model = LogisticRegression(C=C, max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    return Logistic(float(model.intercept_[0]), model.coef_[0].astype(np.float64))


def _rounded(model: Logistic) -> Logistic:
    return Logistic(round(model.intercept, 6), np.round(model.coef, 6))


def decoded_counts(link: Logistic, document: DocumentData, threshold: float) -> tuple[int, int]:
    """(links decided, links that are curated) on one document."""
    predicted = correct = 0
    for pairs, labels in document.segments:
        if not len(labels):
            continue
        probabilities = link.probability(pairs.features)
        position = {(i, j): k for k, (i, j) in enumerate(zip(pairs.source.tolist(), pairs.target.tolist()))}
        for i, j, _ in decode(pairs, probabilities, threshold):
            predicted += 1
            correct += int(labels[position[(i, j)]] == 1)
    return predicted, correct


def choose_threshold(data: dict[str, DocumentData], documents: list[str]) -> float:
    """The threshold that maximises link F1 (target right, kind aside) of the decoder, each
    document predicted by a model trained on the others in `documents` (leave one out)."""
    if len(documents) < 2:
        return 0.5
    sub = {d: data[d] for d in documents}
    totals = {t: [0, 0] for t in THRESHOLDS}
    gold = sum(data[d].gold for d in documents)
    for held in documents:
        x, y, _ = training_set(sub, exclude=held)
        link = _rounded(_fit(x, y))
        for t in THRESHOLDS:
            predicted, correct = decoded_counts(link, data[held], t)
            totals[t][0] += predicted
            totals[t][1] += correct

    def f1(t: float) -> float:
        predicted, correct = totals[t]
        if not predicted or not gold or not correct:
            return 0.0
        p, r = correct / predicted, correct / gold
        return 2 * p * r / (p + r)

    return max(THRESHOLDS, key=lambda t: (round(f1(t), 9), t))


def fit_model(data: dict[str, DocumentData], documents: list[str]) -> LinkModel:
    """A link model trained on `documents` only (threshold by leave-one-out inside them)."""
    sub = {d: data[d] for d in documents}
    x, y, _ = training_set(sub)
    link = _rounded(_fit(x, y))
    kx = np.vstack([data[d].kind_x for d in sorted(documents)])
    ky = np.concatenate([data[d].kind_y for d in sorted(documents)])
    kind = _rounded(_fit(kx, ky))
    return LinkModel(link, kind, choose_threshold(data, sorted(documents)), tuple(sorted(documents)))


def train_models(data: dict[str, DocumentData]) -> LinkModels:
    """The model for new text (every document) and, per document, the one trained without it."""
    documents = sorted(data)
    held_out = {d: fit_model(data, [o for o in documents if o != d]) for d in documents}
    return LinkModels(fit_model(data, documents), held_out)


def train_and_evaluate(corpus: Corpus, curated: Records, nlp) -> LinkModels:
    """Train every model on the curated map, then measure, leave-one-document-out, the relations
    of the link model against those of the hand rules (`argmap eval`'s overall relation row).
    The models are enabled in the pipeline only if their held-out F1 is higher."""
    from app.extract.evaluate import evaluate
    from app.extract.pipeline import analyse_corpus, extract_corpus, segment_links

    by_document = analyse_corpus(corpus, nlp)
    links = {d: [segment_links(corpus.documents[d], a) for a in analyses] for d, analyses in by_document.items()}
    data = label_documents(corpus, curated, links)
    models = train_models(data)
    with_model = extract_corpus(corpus, nlp, models=models, held_out=True)
    with_rules = extract_corpus(corpus, nlp, models=None)
    evaluation = {}
    for name, extraction in (("link model, held out", with_model), ("hand rules", with_rules)):
        report = evaluate(corpus, curated, extraction.as_map())
        evaluation[name] = {
            "overall": report["overall"]["relations"],
            **{row["document"]: row["relations"]["f1"] for row in report["documents"]},
        }
    enabled = evaluation["link model, held out"]["overall"]["f1"] > evaluation["hand rules"]["overall"]["f1"]
    return LinkModels(models.all, models.held_out, enabled, evaluation)
