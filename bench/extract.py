"""Extraction throughput: the full pipeline vs bare `nlp.pipe` on the same texts.

Goal (docs/architecture.md): pipeline throughput ≥ 0.8 × bare nlp.pipe.

The corpus is the seed documents repeated (each copy a distinct document, so stage 4
compares all of them); both runs use the same loaded model (same components) and the
same batch size, and each is timed as the best of a few rounds after a warm-up.

    .venv/bin/python bench/extract.py [--copies 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.corpus import load_corpus  # noqa: E402
from app.extract.pipeline import BATCH_SIZE, extract_corpus, load_model, segment_refs  # noqa: E402
from app.records import Corpus  # noqa: E402

GOAL = 0.8


def replicated(corpus: Corpus, copies: int) -> Corpus:
    documents = {}
    for n in range(copies):
        for doc_id, document in corpus.documents.items():
            new_id = f"{doc_id}-{n}"
            documents[new_id] = replace(document, id=new_id)
    return Corpus(documents=documents, people=corpus.people)


def best_of(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the seed corpus (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, best kept (default: %(default)s)")
    args = parser.parse_args()

    nlp = load_model()
    corpus = replicated(load_corpus(ROOT / "seeds"), args.copies)
    texts = [text for document in corpus.documents.values() for text, _ in segment_refs(document)]
    n_docs = len(corpus.documents)
    chars = sum(len(t) for t in texts)

    def bare():
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass

    result = {}

    def full():
        result["x"] = extract_corpus(corpus, nlp)

    bare()  # warm-up
    full()
    t_bare = best_of(args.rounds, bare)
    t_full = best_of(args.rounds, full)
    x = result["x"]
    ratio = t_bare / t_full
    print(f"corpus: {n_docs} documents, {len(texts)} segments, {chars:,} characters "
          f"(seeds × {args.copies}); model {nlp.meta.get('lang')}_{nlp.meta.get('name')} "
          f"{nlp.meta.get('version')}, components {nlp.pipe_names}, batch {BATCH_SIZE}, best of {args.rounds}")
    print(f"bare nlp.pipe : {t_bare:7.2f} s  {n_docs / t_bare:8.1f} documents/s")
    print(f"full pipeline : {t_full:7.2f} s  {n_docs / t_full:8.1f} documents/s  "
          f"({len(x.arguments)} arguments, {len(x.relations)} relations)")
    verdict = "met" if ratio >= GOAL else "NOT met"
    print(f"ratio pipeline/bare throughput: {ratio:.2f} (goal: ratio ≥ {GOAL}) → {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
