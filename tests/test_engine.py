"""The distributed engine: the same extraction, byte for byte, on 1 or 2 Dask workers as in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
pytest.importorskip("distributed")
pytest.importorskip("spacy")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_partitions_follow_the_corpus_order_whatever_the_cluster():
    from app.extract.engine import partitions

    ids = [f"d{k}" for k in range(7)]
    assert partitions(ids, 3) == [["d0", "d1", "d2"], ["d3", "d4", "d5"], ["d6"]]
    assert [d for part in partitions(ids, 2) for d in part] == ids


def test_one_or_two_workers_write_the_same_bytes_as_one_process():
    from app.corpus import load_corpus
    from app.extract import engine
    from app.extract.pipeline import extract_corpus, load_model
    from app.extract.store import dump_extracted

    corpus = load_corpus(SEEDS)

    def text(extraction) -> str:
        return dump_extracted(extraction.arguments, extraction.relations, "m")

    here = text(extract_corpus(corpus, load_model(), held_out=True))
    # partitions of two documents: three tasks, spread over the workers
    one = text(engine.run(corpus, workers=1, held_out=True, partition=2))
    two = text(engine.run(corpus, workers=2, held_out=True, partition=2))
    assert one == two == here
    assert here.count('"kind"') > 100


def test_an_unreachable_scheduler_is_one_clear_line(capsys, tmp_path):
    from app.cli import main

    assert main(["extract", "--scheduler", "tcp://127.0.0.1:9", "-o", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and err.count("\n") == 1
    assert not (tmp_path / "x.json").exists()


def test_workers_and_scheduler_are_exclusive(capsys):
    from app.cli import main

    assert main(["extract", "--workers", "2", "--scheduler", "tcp://127.0.0.1:9"]) == 1
    assert "not both" in capsys.readouterr().err
    assert main(["extract", "--workers", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
