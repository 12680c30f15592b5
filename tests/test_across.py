"""Target choice across documents: what the curated map of the other documents tells the
ranker, and that a document's own relations never reach the ranking of its units."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from app.records import Argument, Corpus, Document, Records, Relation, Segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _argument(id_: str, document: str, quote: str, main: bool = False) -> Argument:
    return Argument(id_, quote, quote, document, 0, len(quote), None, None, main=main)


def _corpus(*ids: str) -> Corpus:
    text = "Un texte assez long pour chaque argument de ce document."
    return Corpus({d: Document(d, f"{d}.txt", text, (Segment("body", 0, len(text), None),)) for d in ids}, {})


# a (post 1) attacks b, the main claim of post 2; c (post 3) says much what a says
A, B, C, E = (
    _argument("a", "post-1", "Le retour sur investissement ne se mesure pas."),
    _argument("b", "post-2", "Les marques doivent être présentes sur les réseaux sociaux.", main=True),
    _argument("c", "post-3", "On ne sait pas mesurer ce que rapportent les réseaux."),
    _argument("e", "post-2", "Une page Facebook ne coûte rien."),
)
VECTORS = np.array([[1.0, 0, 0], [0, 1.0, 0], [0.8, 0.6, 0], [0, 0, 1.0]])
CURATED = Records((A, B, C, E), (Relation("a", "attack", "b"),))


def _map_features(left_out_for_c: frozenset[str]) -> dict[str, dict[str, float]]:
    from app.extract.across import FEATURES, MAP_FEATURES, candidates, with_map

    units = [A, B, C, E]
    pairs = candidates(units, _corpus("post-1", "post-2", "post-3"), VECTORS, {})
    left_out = {0: frozenset({"post-1"}), 1: frozenset({"post-2"}), 2: left_out_for_c, 3: frozenset({"post-2"})}
    stands_for = {u.id: u.id for u in units}
    f = with_map(pairs, units, VECTORS, stands_for, CURATED, dict(zip("abce", VECTORS)), left_out)
    return {
        units[j].id: {name: f[k, FEATURES.index(name)] for name in MAP_FEATURES}
        for k, (i, j) in enumerate(zip(pairs.source.tolist(), pairs.target.tolist()))
        if units[i].id == "c"
    }


def test_a_target_is_described_by_what_the_other_documents_say_of_it():
    seen = _map_features(frozenset({"post-3"}))
    assert set(seen) == {"a", "b", "e"}, "candidates are the units of the other documents"
    assert seen["b"]["t_in_degree"] == pytest.approx(np.log(2)) == seen["b"]["t_in_degree_across"]
    assert seen["b"]["t_main"] == 1 and seen["e"]["t_main"] == 0 and seen["e"]["t_in_degree"] == 0
    # an argument like c (a) already attacks b: the analogy is their similarity, 0.8
    assert seen["b"]["analogy"] == pytest.approx(0.8)
    assert seen["e"]["analogy"] < seen["b"]["analogy"]


def test_the_relations_of_a_left_out_document_are_not_counted():
    seen = _map_features(frozenset({"post-3", "post-1"}))
    assert seen["b"]["t_in_degree"] == 0 and seen["b"]["analogy"] == 0
    assert seen["b"]["t_main"] == 1, "being a main claim is no relation"


@pytest.mark.slow
def test_a_documents_ranking_never_depends_on_its_own_relations(encoder):
    pytest.importorskip("sklearn")
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.across import _roles, held_out_scores
    from app.extract.store import load_extracted

    corpus = load_corpus(SEEDS)
    curated = load_curated(SEEDS, corpus)
    extracted = load_extracted(SEEDS / "extracted.json", corpus)
    units = sorted(extracted.arguments, key=lambda a: a.id)
    vectors = encoder.encode([u.quote for u in units])
    curated_vectors = dict(zip((a.id for a in curated.arguments), encoder.encode([a.quote for a in curated.arguments])))
    held = "annee-noire-2012"
    mine = {a.id for a in curated.arguments if a.document == held}
    without = dataclasses.replace(
        curated, relations=tuple(r for r in curated.relations if r.source not in mine and r.target not in mine)
    )
    assert any(r.source in mine and r.target not in mine for r in curated.relations), "it has links across documents"

    def scores(records):
        s = held_out_scores(units, corpus, vectors, records, curated_vectors, _roles(extracted))
        rows = np.array([units[i].document == held for i in s.candidates.source.tolist()])
        return {name: v[rows] for name, v in s.scores.items()}

    with_them, without_them = scores(curated), scores(without)
    for name in ("ranker", "regression", "analogy"):
        assert with_them[name].any(), name
        np.testing.assert_array_equal(with_them[name], without_them[name], err_msg=name)
