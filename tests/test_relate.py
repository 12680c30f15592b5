"""`argmap relate`: does claim A support or attack claim B, on pairs written for these tests."""

from __future__ import annotations

import json

import pytest

from app.cli import main

pytestmark = pytest.mark.slow

TARGET = "Les marques vont abandonner les réseaux sociaux en 2012."
PARAPHRASE = "2012 sera l'année où les marques quittent Facebook."
NEGATED = "Les marques ne vont pas abandonner les réseaux sociaux en 2012."
UNRELATED = "Le chat dort sur le canapé du salon."


@pytest.fixture
def relate_with(encoder, monkeypatch):
    """`argmap relate` reading and filling the session's encoder cache instead of the project's."""
    from app.extract import commands

    monkeypatch.setattr(commands, "_encoder", lambda: encoder)
    return encoder


def relate(capsys, *argv) -> tuple[int, list[dict], str]:
    status = main(["relate", *argv])
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_a_paraphrase_supports(relate_with, capsys):
    status, [verdict], _ = relate(capsys, PARAPHRASE, TARGET)
    assert status == 0 and verdict["kind"] == "support"
    assert 0.5 <= verdict["confidence"] <= 1 and any(e.startswith("similarity 0.6") for e in verdict["evidence"])


def test_a_negated_contradiction_attacks(relate_with, capsys):
    status, [verdict], _ = relate(capsys, NEGATED, TARGET)
    assert status == 0 and verdict["kind"] == "attack"
    assert "negation on one side only" in verdict["evidence"]


def test_an_unrelated_pair_is_none(relate_with, capsys):
    status, [verdict], _ = relate(capsys, UNRELATED, TARGET)
    assert status == 0 and set(verdict) == {"kind", "confidence", "evidence"}
    assert verdict["kind"] == "none" and verdict["confidence"] > 0.5


def test_pairs_are_answered_in_order_and_bad_lines_named(relate_with, capsys, tmp_path):
    lines = [
        json.dumps({"a": PARAPHRASE, "b": TARGET}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"a": NEGATED}),
        "[1, 2]",
        json.dumps({"a": " ", "b": TARGET}),
        json.dumps({"a": NEGATED, "b": TARGET}, ensure_ascii=False),
        json.dumps({"a": UNRELATED, "b": TARGET}, ensure_ascii=False),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, out, err = relate(capsys, "--pairs", str(path))
    assert status == 1, "a failed line makes the exit status 1"
    assert [o["line"] for o in out] == [1, 2, 4, 5, 6, 7, 8]  # the blank line 3 is no pair
    assert [o.get("kind") for o in out] == ["support", None, None, None, None, "attack", "none"]
    assert out[1]["error"].startswith("line 2: not JSON")
    assert out[2]["error"] == 'line 4: missing "b"'
    assert out[3]["error"] == 'line 5: expected an object {"a": …, "b": …}, got list'
    assert out[4]["error"] == 'line 6: "a" must be a non-empty string'
    assert f"{path}:2: not JSON" in err and f"{path}:6:" in err


def test_a_single_pair_answers_like_the_file(relate_with, capsys, tmp_path):
    _, [alone], _ = relate(capsys, NEGATED, TARGET)
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"a": NEGATED, "b": TARGET}) + "\n", encoding="utf-8")
    status, [line], _ = relate(capsys, "--pairs", str(path))
    assert status == 0 and line == {"line": 1, **alone}


@pytest.mark.parametrize(
    "argv, message",
    [
        ([TARGET], "give two non-empty claims"),
        ([TARGET, "  "], "give two non-empty claims"),
        (["--pairs", "/nonexistent/pairs.jsonl"], "no such file"),
        ([TARGET, TARGET, "--pairs", "x.jsonl"], "not both"),
    ],
)
def test_relate_usage_errors_are_one_line(capsys, argv, message):
    status, out, err = relate(capsys, *argv)
    assert status == 1 and out == [] and message in err and err.count("\n") == 1


def test_the_stored_model_says_how_it_was_measured():
    from app.extract.relate import load_models

    models = load_models()
    figures = models.evaluation
    assert set(models.held_out) == {
        "annee-maturite-2011",
        "annee-noire-2012",
        "directions-marketing-roi",
        "reprendre-la-parole",
        "revelation-exclusive",
    }
    for document, model in models.held_out.items():
        assert document not in model.trained_on
    accuracy = figures["polarity_balanced_accuracy"]
    assert models.polarity == ("learned" if accuracy["learned"] > accuracy["rules"] else "rules")
    assert 0.5 < figures["link_roc_auc"] <= 1


def test_training_reproduces_the_stored_model(encoder):
    pytest.importorskip("sklearn")
    from pathlib import Path

    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.relate import MODEL_FILE, dump_models
    from app.extract.relate_train import train_and_evaluate

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    corpus = load_corpus(seeds)
    assert dump_models(train_and_evaluate(load_curated(seeds, corpus), encoder)) == MODEL_FILE.read_text(
        encoding="utf-8"
    ), "app/extract/relate_model.json is stale: run argmap relate --train"


def test_target_scores_of_a_document_never_see_its_labels():
    pytest.importorskip("sklearn")
    from types import SimpleNamespace

    import numpy as np

    from app.extract.targets import FEATURES, Candidates, held_out_scores

    rng = np.random.default_rng(0)
    units = tuple(SimpleNamespace(unit=SimpleNamespace(document=d)) for d in ["a"] * 6 + ["b"] * 6 + ["c"] * 6)
    source, target = np.nonzero(~np.eye(18, dtype=bool))
    candidates = Candidates(units, source, target, rng.normal(size=(len(source), len(FEATURES))))
    labels = (rng.random(len(source)) < 0.2).astype(np.int64)
    scores = held_out_scores(candidates, labels)
    touching_a = np.array(
        [units[i].unit.document == "a" or units[j].unit.document == "a" for i, j in zip(source, target)]
    )
    flipped = np.where(touching_a, 1 - labels, labels)
    again = held_out_scores(candidates, flipped)
    from_a = np.array([units[i].unit.document == "a" for i in source])
    assert np.array_equal(scores[from_a], again[from_a])
    assert not np.array_equal(scores[~from_a], again[~from_a])
