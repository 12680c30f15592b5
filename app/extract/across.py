"""Target choice across documents: a ranker learned on the curated map, held out by document.

The curated relations between documents are an annotator's reading of how one post's claim
bears on another's (`seeds/curated/cross-document.yaml`): comments and posts attacking or
backing a few central claims of other posts. So besides the similarity of the two sentence
vectors, a candidate target (an extracted unit of another document) is described by what the
curated map of the *other* documents says of it, through the curated argument it stands for
(`evaluate.match_units`): how many relations point to it, how many of them come from yet
another document, whether it is a main claim; and by where the two stand: how central each
is in its document (cosine to the document's centroid), whether the source is a claim, in a
comment, answering another comment, or opens with a reply or contrast marker, and the
content words they share (`FEATURES`).

Held out by document: the sources of document D are ranked by models trained on the sources
of the other documents, and every count of the map a feature reads leaves out every relation
with an end in D (and, for a training row, every relation with an end in the source's own
document, so that training rows look like held-out ones). Two models are fitted: a pairwise
ranker (a logistic regression on the differences between a source's curated target and each
of its other candidates), which picks each source's target, and a pointwise regression, whose
p(link) of that choice orders the decisions. `held_out` compares both with raw similarity;
`argmap eval` prints the figures, and the extraction adds no link across documents while the
most confident held-out decisions hold too few curated relations to raise recall across
documents or relation F1 (docs/extraction.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from app.extract.relate import POLARITY_RULE, _stems, _words, text_cues
from app.extract.relations import reply_marker
from app.records import Argument, Corpus, Records

FEATURES = (
    "similarity",
    "similarity_rank_1",
    "similarity_log_rank",
    "t_in_degree",
    "t_in_degree_across",
    "t_main",
    "s_claim",
    "s_confidence",
    "s_centrality",
    "t_centrality",
    "s_in_comment",
    "s_answers_a_comment",
    "t_in_comment",
    "s_reply_marker",
    "s_contrast",
    "shared_words",
    "analogy",
)
MAP_FEATURES = ("t_in_degree", "t_in_degree_across", "t_main", "analogy")  # read from the curated map
C = 0.3
TOP = (10, 20, 40, 80)  # the most confident held-out decisions whose curated relations are counted


@dataclass(frozen=True)
class Candidates:
    """Every (source, target of another document) pair of units, with the features that do
    not read the curated map (those columns are filled per fold by `with_map`)."""

    source: np.ndarray
    target: np.ndarray
    features: np.ndarray


def centrality(arguments: list[Argument], vectors: np.ndarray) -> np.ndarray:
    """Cosine of each unit's vector to the centroid of its document's units."""
    documents = np.array([a.document for a in arguments])
    out = np.zeros(len(arguments))
    for document in sorted(set(documents.tolist())):
        mine = documents == document
        centroid = vectors[mine].mean(axis=0)
        out[mine] = vectors[mine] @ centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    return out


def candidates(
    arguments: list[Argument], corpus: Corpus, vectors: np.ndarray, roles: dict[str, tuple[str, float]]
) -> Candidates:
    """The pairs and their map-free features (`roles`: unit id → (role, confidence) from the extraction)."""
    vectors = vectors.astype(np.float64)
    n = len(arguments)
    sims = vectors @ vectors.T
    central = centrality(arguments, vectors)
    documents = [a.document for a in arguments]
    segments = {(d.id, s.id): s for d in corpus.documents.values() for s in d.segments}
    cues = [text_cues(a.quote, "") for a in arguments]
    words = [_content(a.quote) for a in arguments]
    rows, features = [], []
    for i, a in enumerate(arguments):
        others = [j for j in range(n) if documents[j] != a.document]
        order = sorted(others, key=lambda j: (-round(float(sims[i, j]), 9), j))
        rank = {j: r + 1 for r, j in enumerate(order)}
        seg_a = segments.get((a.document, a.segment))
        role, confidence = roles.get(a.id, ("premise", 0.0))
        source = {
            "s_claim": role == "claim",
            "s_confidence": confidence,
            "s_centrality": central[i],
            "s_in_comment": a.segment != "body",
            "s_answers_a_comment": bool(seg_a and seg_a.replies_to),
            "s_reply_marker": reply_marker(a.quote) is not None,
            "s_contrast": cues[i]["a_contrast"] or cues[i]["a_concession"],
        }
        for j in others:
            row = {
                **source,
                "similarity": sims[i, j],
                "similarity_rank_1": rank[j] == 1,
                "similarity_log_rank": math.log(rank[j]),
                "t_centrality": central[j],
                "t_in_comment": arguments[j].segment != "body",
                "shared_words": len(words[i] & words[j]) / max(1, min(len(words[i]), len(words[j]))),
            }
            rows.append((i, j))
            features.append([float(row.get(name, 0.0)) for name in FEATURES])  # MAP_FEATURES: 0 until `with_map`
    pairs = np.array(rows, dtype=np.int64).reshape(-1, 2)
    return Candidates(pairs[:, 0], pairs[:, 1], np.array(features, dtype=np.float64).reshape(-1, len(FEATURES)))


def _content(text: str) -> set[str]:
    """The content-word stems of a text (as the pair model's shared words)."""
    return {w for w in _stems(_words(text)) if len(w) >= 4}


def with_map(
    c: Candidates,
    arguments: list[Argument],
    vectors: np.ndarray,
    stands_for: dict[str, str],
    curated: Records,
    curated_vectors: dict[str, np.ndarray],
    left_out: dict[int, frozenset[str]],
) -> np.ndarray:
    """The features with `MAP_FEATURES` filled from the curated relations that have no end in
    a document of `left_out[i]` (i: the row's source): the in-degrees and main flag of the
    curated argument the target stands for (`stands_for`: unit id → curated id), and the
    analogy: the best, over those relations a → b, of min(similarity(source, a),
    similarity(target, b)), high when an argument like the source already bears on an
    argument like the target."""
    f = c.features.copy()
    document = {a.id: a.document for a in curated.arguments}
    twins = [stands_for.get(u.id) for u in arguments]
    mains = {a.id for a in curated.arguments if a.main}
    main = np.array([t in mains for t in twins], dtype=float)
    cols = [FEATURES.index(name) for name in MAP_FEATURES]
    vectors = vectors.astype(np.float64)
    for docs in sorted(set(left_out.values()), key=sorted):
        kept = [
            r
            for r in curated.relations
            if r.source in document and r.target in document and not {document[r.source], document[r.target]} & docs
        ]
        into: dict[str, int] = {}
        across: dict[str, int] = {}
        for r in kept:
            into[r.target] = into.get(r.target, 0) + 1
            if document[r.source] != document[r.target]:
                across[r.target] = across.get(r.target, 0) + 1
        # per unit, as a target
        into_of = np.log1p([into.get(t, 0) for t in twins])
        across_of = np.log1p([across.get(t, 0) for t in twins])
        if kept:
            like_source = vectors @ np.stack([curated_vectors[r.source] for r in kept]).T
            like_target = vectors @ np.stack([curated_vectors[r.target] for r in kept]).T
        for i in sorted(i for i, d in left_out.items() if d == docs):
            ks = np.nonzero(c.source == i)[0]
            targets = c.target[ks]
            f[ks, cols[0]] = into_of[targets]
            f[ks, cols[1]] = across_of[targets]
            f[ks, cols[2]] = main[targets]
            if kept:
                f[ks, cols[3]] = np.minimum(like_source[i][None, :], like_target[targets]).max(axis=1)
    return f


def labels(c: Candidates, arguments: list[Argument], stands_for: dict[str, str], curated: Records) -> np.ndarray:
    """1 when the curated map relates the two units' curated arguments source → target, 0 when
    it does not, -1 when an end stands for no curated argument (not known)."""
    gold = {(r.source, r.target) for r in curated.relations}
    out = np.zeros(len(c.source), dtype=np.int64)
    for k, (i, j) in enumerate(zip(c.source.tolist(), c.target.tolist())):
        s, t = stands_for.get(arguments[i].id), stands_for.get(arguments[j].id)
        out[k] = -1 if s is None or t is None else int((s, t) in gold)
    return out


def fit_ranker(x: np.ndarray, y: np.ndarray, source: np.ndarray) -> np.ndarray:
    """Weights of a pairwise ranker: a logistic regression, without intercept, on the
    differences between each curated target of a source and each of its other candidates."""
    from sklearn.linear_model import LogisticRegression

    diffs = []
    for i in sorted(set(source[y == 1].tolist())):
        mine = (source == i) & (y >= 0)
        positive, negative = x[mine & (y == 1)], x[mine & (y == 0)]
        diffs += [p - negative for p in positive]
    if not diffs:
        return np.zeros(x.shape[1])
    d = np.vstack(diffs)
    model = LogisticRegression(C=C, max_iter=5000, fit_intercept=False)
    model.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))])
    return model.coef_[0]


def fit_regression(x: np.ndarray, y: np.ndarray):
    """p(link) of a pair: a logistic regression on the labelled rows."""
    from sklearn.linear_model import LogisticRegression

    known = y >= 0
    return LogisticRegression(C=C, max_iter=5000).fit(x[known], y[known])


def _scale(x: np.ndarray, train: np.ndarray) -> np.ndarray:
    """Standardised on the training rows, so the regularisation weighs every feature alike."""
    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
    return (x - mean) / np.where(std > 0, std, 1.0)


@dataclass(frozen=True)
class Scored:
    """The candidate pairs of a corpus, their labels and each ranking's held-out scores."""

    candidates: Candidates
    labels: np.ndarray
    stands_for: dict[str, str]
    scores: dict[str, np.ndarray]


def held_out_scores(
    arguments: list[Argument],
    corpus: Corpus,
    vectors: np.ndarray,
    curated: Records,
    curated_vectors: dict[str, np.ndarray],
    roles: dict[str, tuple[str, float]],
) -> Scored:
    """Every pair scored by the ranker, the regression, raw similarity and the analogy alone,
    the pairs whose source is in document D by models trained on the sources of the other
    documents, with every count of the map leaving out D's relations (`with_map`)."""
    from app.extract.evaluate import match_units

    stands_for = match_units(curated.arguments, arguments)
    c = candidates(arguments, corpus, vectors, roles)
    y = labels(c, arguments, stands_for, curated)
    documents = np.array([a.document for a in arguments])
    scores = {name: np.zeros(len(y)) for name in ("ranker", "regression", "analogy")}
    for held in sorted(set(documents.tolist())):
        mine = documents[c.source] == held
        train = ~mine & (documents[c.target] != held)
        if not mine.any() or not (y[train] == 1).any():
            continue
        # a training row is described as a held-out one would be: without its source's document
        left_out = {i: frozenset({held, d}) for i, d in enumerate(documents.tolist())}
        x = _scale(with_map(c, arguments, vectors, stands_for, curated, curated_vectors, left_out), train)
        scores["ranker"][mine] = x[mine] @ fit_ranker(x[train], y[train], c.source[train])
        scores["regression"][mine] = fit_regression(x[train], y[train]).predict_proba(x[mine])[:, 1]
        scores["analogy"][mine] = x[mine, FEATURES.index("analogy")]
    scores["similarity"] = c.features[:, FEATURES.index("similarity")]
    return Scored(c, y, stands_for, scores)


def held_out(
    arguments: list[Argument],
    corpus: Corpus,
    vectors: np.ndarray,
    curated: Records,
    curated_vectors: dict[str, np.ndarray],
    extracted: Records,
) -> dict:
    """The figures of `held_out_scores` on the extracted units (`arguments`, one row of
    `vectors` each): for the sources whose curated target lies in another document, how often
    each ranking puts it first and in the first five; and, for the ranker's choices ordered by
    the regression's p(link), how many curated relations (and of the right kind, the kind by
    `POLARITY_RULE`) the most confident hold."""
    scored = held_out_scores(arguments, corpus, vectors, curated, curated_vectors, _roles(extracted))
    c, y = scored.candidates, scored.labels
    figures: dict = {name: _ranking(c, y, s) for name, s in scored.scores.items()}
    figures["decisions"] = _decisions(
        c, y, arguments, scored.stands_for, curated, scored.scores["ranker"], scored.scores["regression"]
    )
    document = {a.id: a.document for a in curated.arguments}
    figures["relations"] = sum(1 for r in curated.relations if document.get(r.source) != document.get(r.target))
    return figures


def _roles(extracted: Records) -> dict[str, tuple[str, float]]:
    """Unit id → (role, confidence) as the extraction gave them ("claim" or "premise")."""
    return {
        a.id: ("premise" if "premise" in a.tags else "claim", float(a.confidence or 0.0)) for a in extracted.arguments
    }


def _ranking(c: Candidates, y: np.ndarray, score: np.ndarray) -> dict:
    """Sources with a curated target in another document: first choice, in the first five."""
    first = five = 0
    sources = sorted(set(c.source[y == 1].tolist()))
    for i in sources:
        ks = np.nonzero(c.source == i)[0]
        order = ks[np.lexsort((ks, -np.round(score[ks], 9)))]
        first += int(y[order[0]] == 1)
        five += int((y[order[:5]] == 1).any())
    return {"sources": len(sources), "first": first, "first_five": five}


def _decisions(c, y, arguments, stands_for, curated, rank_score, confidence) -> dict:
    """Each source's first choice by the ranker, ordered by the regression's p(link): curated
    relations among the most confident (any kind, and with the polarity rule's kind)."""
    kinds = {(r.source, r.target): r.kind for r in curated.relations}
    best: dict[int, int] = {}
    for k, i in enumerate(c.source.tolist()):
        if i not in best or (round(rank_score[k], 9), -k) > (round(rank_score[best[i]], 9), -best[i]):
            best[i] = k
    chosen = sorted(best.values(), key=lambda k: (-round(float(confidence[k]), 9), k))
    found, right = [], []
    for k in chosen:
        s, t = arguments[c.source[k]], arguments[c.target[k]]
        cues = text_cues(s.quote, t.quote)
        kind = "attack" if any(cues[name] for name in POLARITY_RULE) else "support"
        found.append(int(y[k] == 1))
        right.append(int(y[k] == 1 and kinds.get((stands_for.get(s.id), stands_for.get(t.id))) == kind))
    return {
        str(n): {"links": min(n, len(chosen)), "curated": sum(found[:n]), "kind_right": sum(right[:n])} for n in TOP
    }
