"""Does claim A support or attack claim B? The learned pair model over sentence vectors.

For an ordered pair A → B, `pair_features` gives the pair's sentence vectors (u, v,
|u − v|, u ⊙ v; `encoder.Encoder`) and cues that vectors blur: cosine similarity, a
negation on one side only, contrast or concession connectives, antonyms, disagreement or
agreement markers, questions, shared words. Two logistic regressions read them:

- `link`: p(A bears on B): the curated relations against pairs of curated arguments that
  the map leaves unlinked;
- `attack`: p(attack | A bears on B) (an undercut counts as an attack).

`decide` turns them into a kind ("support", "attack" or "none" under the threshold chosen
held out), a confidence and the evidence to show. Polarity comes from the learned `attack`
regression only when it beats the polarity rules held out (`POLARITY_RULE`: a negation on
one side, antonyms, a contrast connective or a disagreement marker make an attack);
training records both figures and the choice (`PairModels.polarity`). Nothing in it depends on the
seeds: any French pair can be asked (`argmap relate`).

Weights are read from `relate_model.json` (next to this file), written by
`argmap relate --train` from the curated map (`relate_train.py`), deterministic and
human-readable.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from app.extract.encoder import DIM
from app.extract.lexicon import (
    AGREE_RE,
    ANTONYM_PAIRS,
    CONCESSION,
    CONTRAST,
    DISAGREE_RE,
    NEGATION_CORE,
    PARTIAL_RE,
    connective_function,
    lead_connective,
)
from app.text import lexicon_fold

MODEL_FILE = Path(__file__).with_name("relate_model.json")
FORMAT = "argmap-relate-model/1"
KINDS = ("support", "attack", "none")
POLARITY_RULE = ("negation_one_side", "antonyms", "a_contrast", "a_disagrees")  # any of them: an attack

CUES = (
    "similarity",
    "negation_one_side",
    "a_contrast",
    "a_concession",
    "b_contrast",
    "antonyms",
    "a_disagrees",
    "a_agrees",
    "a_question",
    "b_question",
    "shared_words",
)
CUE_TEXT = {
    "negation_one_side": "negation on one side only",
    "a_contrast": "A opens with a contrast connective",
    "a_concession": "A opens with a concession",
    "b_contrast": "B opens with a contrast connective",
    "antonyms": "antonyms across the pair",
    "a_disagrees": "A voices disagreement",
    "a_agrees": "A voices agreement",
    "a_question": "A is a question",
    "b_question": "B is a question",
}
BLOCKS = ("u", "v", "|u-v|", "u*v")
N_FEATURES = 4 * DIM + len(CUES)

_WORD = re.compile(r"[0-9a-zàâäçéèêëîïôöùûüœ'-]+")
_NEGATION_RE = re.compile(r"(?<![\w])(?:n'|ne\s)")
STEM = 5


def _words(text: str) -> list[str]:
    return _WORD.findall(lexicon_fold(text))


def _stems(words: list[str]) -> set[str]:
    return {w[:STEM] for w in words if len(w) >= 3}


_ANTONYM_STEMS = [(a[:STEM], b[:STEM]) for pair in ANTONYM_PAIRS for a, b in [tuple(sorted(pair))]]


def negated(text: str) -> bool:
    """A clause negation ("ne … pas", "jamais", "aucun", "n'…")."""
    folded = lexicon_fold(text)
    return bool(_NEGATION_RE.search(folded)) or any(w in NEGATION_CORE for w in _WORD.findall(folded))


def text_cues(a: str, b: str) -> dict[str, float]:
    """The pair's cues that the vectors blur (`CUES`, similarity left at 0)."""
    wa, wb = _words(a), _words(b)
    sa, sb = _stems(wa), _stems(wb)
    fa, fb = connective_function(lead_connective(a)), connective_function(lead_connective(b))
    folded = lexicon_fold(a)
    content_a = {w for w in sa if len(w) >= 4}
    content_b = {w for w in sb if len(w) >= 4}
    return {
        "similarity": 0.0,
        "negation_one_side": float(negated(a) != negated(b)),
        "a_contrast": float(fa == CONTRAST),
        "a_concession": float(fa == CONCESSION),
        "b_contrast": float(fb == CONTRAST),
        "antonyms": float(any((x in sa and y in sb) or (y in sa and x in sb) for x, y in _ANTONYM_STEMS)),
        "a_disagrees": float(bool(DISAGREE_RE.search(folded) or PARTIAL_RE.search(folded))),
        "a_agrees": float(bool(AGREE_RE.search(folded))),
        "a_question": float(a.rstrip().endswith("?")),
        "b_question": float(b.rstrip().endswith("?")),
        "shared_words": len(content_a & content_b) / max(1, min(len(content_a), len(content_b))),
    }


def cue_row(a: str, b: str, similarity: float) -> np.ndarray:
    cues = text_cues(a, b)
    cues["similarity"] = similarity
    return np.array([cues[name] for name in CUES], dtype=np.float64)


def pair_features(u: np.ndarray, v: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """Rows of features for pairs (u[k] → v[k]) with their cue rows: [u, v, |u−v|, u⊙v, cues]."""
    u, v = np.atleast_2d(u).astype(np.float64), np.atleast_2d(v).astype(np.float64)
    return np.hstack([u, v, np.abs(u - v), u * v, np.atleast_2d(cues)])


@dataclass(frozen=True)
class Linear:
    intercept: float
    coef: np.ndarray

    def probability(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(x @ self.coef + self.intercept)))

    def as_json(self) -> dict:
        blocks = {
            name: [round(float(c), 6) for c in self.coef[k * DIM : (k + 1) * DIM]] for k, name in enumerate(BLOCKS)
        }
        cues = {name: round(float(c), 6) for name, c in zip(CUES, self.coef[4 * DIM :])}
        return {"intercept": round(float(self.intercept), 6), "vectors": blocks, "cues": cues}

    @classmethod
    def from_json(cls, data: dict) -> "Linear":
        blocks = [np.array(data["vectors"][name], dtype=np.float64) for name in BLOCKS]
        if any(b.shape != (DIM,) for b in blocks) or set(data["cues"]) != set(CUES):
            raise ValueError("relate model: its features are not the pipeline's: re-run `argmap relate --train`")
        return cls(float(data["intercept"]), np.concatenate(blocks + [np.array([data["cues"][n] for n in CUES])]))


@dataclass(frozen=True)
class PairModel:
    link: Linear
    attack: Linear
    threshold: float  # p(link) from which a pair is said to be related
    trained_on: tuple[str, ...]

    def as_json(self) -> dict:
        return {
            "link": self.link.as_json(),
            "attack": self.attack.as_json(),
            "threshold": round(float(self.threshold), 3),
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def from_json(cls, data: dict) -> "PairModel":
        return cls(
            Linear.from_json(data["link"]),
            Linear.from_json(data["attack"]),
            float(data["threshold"]),
            tuple(data["trained_on"]),
        )


@dataclass(frozen=True)
class Verdict:
    kind: str  # support | attack | none
    confidence: float
    link: float  # p(A bears on B)
    attack: float  # p(attack | A bears on B)
    evidence: tuple[str, ...]

    def as_json(self) -> dict:
        return {"kind": self.kind, "confidence": round(self.confidence, 3), "evidence": list(self.evidence)}


def rule_attack(features: np.ndarray) -> np.ndarray:
    """The polarity rule on feature rows: 1.0 where any `POLARITY_RULE` cue fires, else 0.0."""
    cols = [4 * DIM + CUES.index(name) for name in POLARITY_RULE]
    return (np.atleast_2d(features)[:, cols] > 0).any(axis=1).astype(np.float64)


def decide(model: PairModel, features: np.ndarray, polarity: str = "rules") -> list[Verdict]:
    """The verdict of each feature row (`pair_features`); `polarity`: "rules" or "learned"."""
    p_link = model.link.probability(features)
    p_attack = model.attack.probability(features) if polarity == "learned" else rule_attack(features)
    cue_at = {name: 4 * DIM + k for k, name in enumerate(CUES)}
    out = []
    for row, pl, pa in zip(features, p_link.tolist(), p_attack.tolist()):
        evidence = [f"similarity {row[cue_at['similarity']]:.2f}", f"p(related) {pl:.2f}"]
        evidence += [text for name, text in CUE_TEXT.items() if row[cue_at[name]] > 0]
        if pl < model.threshold:
            kind, confidence = "none", 1 - pl
        else:
            kind = "attack" if pa >= 0.5 else "support"
            if polarity == "learned":
                confidence = pl * max(pa, 1 - pa)
                evidence.append(f"p(attack) {pa:.2f}")
            else:
                confidence = pl
                evidence.append(
                    "polarity rule: attack"
                    if kind == "attack"
                    else "polarity rule: support (no negation, antonym, contrast or disagreement)"
                )
        out.append(Verdict(kind, confidence, pl, pa, tuple(evidence)))
    return out


def relate_texts(model: PairModel, encoder, pairs: list[tuple[str, str]], polarity: str = "rules") -> list[Verdict]:
    """Verdicts for (A, B) text pairs, each distinct text encoded once."""
    if not pairs:
        return []
    vectors = encoder.encode([t for pair in pairs for t in pair])
    u, v = vectors[0::2], vectors[1::2]
    similarity = np.sum(u.astype(np.float64) * v, axis=1)
    cues = np.vstack([cue_row(a, b, s) for (a, b), s in zip(pairs, similarity.tolist())])
    return decide(model, pair_features(u, v, cues), polarity)


@dataclass(frozen=True)
class PairModels:
    """The model for new text ("all") and, per curated document, the one that never saw its relations."""

    all: PairModel
    held_out: dict[str, PairModel]
    polarity: str = "rules"  # "learned" only when the attack regression beats the rule held out
    evaluation: dict | None = None

    def for_document(self, document: str | None, held_out: bool = True) -> PairModel:
        if held_out and document in self.held_out:
            return self.held_out[document]
        return self.all


def dump_models(models: PairModels) -> str:
    data = {
        "format": FORMAT,
        "cues": list(CUES),
        "evaluation": models.evaluation or {},
        "polarity": models.polarity,
        "models": {
            "all": models.all.as_json(),
            **{f"held-out:{d}": m.as_json() for d, m in sorted(models.held_out.items())},
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def parse_models(text: str) -> PairModels:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError(f"relate model: expected format {FORMAT}, got {data.get('format')!r}")
    models = data["models"]
    held = {name.split(":", 1)[1]: PairModel.from_json(m) for name, m in models.items() if name.startswith("held-out:")}
    return PairModels(
        PairModel.from_json(models["all"]), held, data.get("polarity", "rules"), data.get("evaluation") or None
    )


@lru_cache(maxsize=2)
def load_models(path: Path = MODEL_FILE) -> PairModels | None:
    """The stored pair models, or None when they were never trained."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return parse_models(text)
