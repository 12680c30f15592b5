"""A realistic synthetic corpus of N arguments, as real seed files.

    python bench/synthetic.py                 # generate 1k/10k/100k (cached) and print their sizes
    python bench/synthetic.py --n 5000 --out /tmp/seeds5k [--seed 7]

Writes `documents/*.txt`, `documents.yaml` and `curated/*.yaml` (plus
`curated/debates.yaml`) that the normal loader reads: `app.seeds.load_graph(dir)`.

Shape, chosen to resemble the shipped seeds at scale:
- about 50 arguments per document (log-normal, 3..400), each document a French-like
  article body by its author followed by a comment thread of named and unnamed speakers;
- every quote is a real sentence of its document; the files use typographic apostrophes
  and wrap lines at 78 columns while about a third of the YAML quotes use plain
  apostrophes and single spaces, so the loader's tolerant location is exercised;
- about 1.5 N relations (55 % support, 40 % attack, 5 % undercut) drawn by preferential
  attachment (probability ∝ in-degree + 1), 70 % within the document and 30 % across
  documents, always from a later argument to an earlier one, so there is no support cycle
  and the in-degree distribution is heavy-tailed;
- speakers drawn from a Zipf-like distribution over N/50 people, years 2005–2024 (a few
  documents undated), tags from a set of 60.

Deterministic: the same (n, seed) gives byte-identical files.
`ensure_corpus(n)` generates once into a cache folder and returns its path
(ARGMAP_BENCH_DIR, default $TMPDIR/argmap-bench); the other bench scripts use it.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

GENERATOR_VERSION = "1"  # bump when the output changes, so cached corpora are rebuilt
SIZES = (1_000, 10_000, 100_000)

_SYLLABLES = (
    "ra",
    "to",
    "me",
    "li",
    "sa",
    "ne",
    "co",
    "mu",
    "ver",
    "pla",
    "di",
    "que",
    "ten",
    "sion",
    "mar",
    "ché",
    "pro",
    "duit",
    "ré",
    "seau",
    "in",
    "ter",
    "net",
    "clien",
    "mé",
    "dia",
    "stra",
    "té",
    "gie",
    "val",
    "eur",
    "coût",
    "par",
    "tage",
    "fan",
    "page",
    "mes",
    "ure",
    "re",
    "tour",
    "pré",
    "sen",
    "ce",
)
_STOP = (
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "de",
    "du",
    "et",
    "ou",
    "mais",
    "donc",
    "car",
    "que",
    "qui",
    "sur",
    "dans",
    "pour",
    "avec",
    "sans",
    "pas",
    "plus",
    "très",
    "ne",
    "se",
    "est",
    "sont",
    "a",
    "ont",
)
_FIRST = (
    "Camille",
    "Dominique",
    "Claude",
    "Alix",
    "Sacha",
    "Maxime",
    "Noa",
    "Eden",
    "Lou",
    "Charlie",
    "Andréa",
    "Jean",
    "Marie",
    "Pierre",
    "Sophie",
    "Luc",
    "Hélène",
    "Yves",
    "Agnès",
    "Hervé",
    "Inès",
    "Léo",
    "Zoé",
)
_LAST = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
)
_EN = (
    "brands",
    "social media",
    "return on investment",
    "presence",
    "cost",
    "measurement",
    "customers",
    "trust",
    "advertising",
    "fan pages",
    "engagement",
    "the market",
    "small firms",
    "agencies",
    "bloggers",
    "data",
)
_VERBS = (
    "cannot be measured",
    "is essential",
    "costs too much",
    "builds trust",
    "is overrated",
    "will decline",
    "pays off",
    "needs a strategy",
    "is a fad",
    "drives sales",
    "hurts the brand",
    "is inevitable",
)
WRAP = 78


def _vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    return sorted(words) + list(_STOP) * 40  # function words are frequent, as in real text


def _zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return list(itertools.accumulate(1.0 / (k**s) for k in range(1, n + 1)))


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def _sentence(rng: random.Random, vocab: list[str], lo: int, hi: int) -> str:
    words = rng.choices(vocab, k=rng.randint(lo, hi))
    # elisions give typographic apostrophes: l’usage, d’un
    for i in range(len(words) - 1):
        if words[i] in ("le", "la", "de", "que") and rng.random() < 0.3:
            words[i] = words[i][0] + "’" + words[i + 1]
            words[i + 1] = ""
    text = " ".join(w for w in words if w)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", " ?", " !"))


def _doc_sizes(rng: random.Random, n: int) -> list[int]:
    """Arguments per document: log-normal around 50, 3..400, summing to n."""
    sizes = []
    total = 0
    while total < n:
        size = max(3, min(400, int(rng.lognormvariate(3.6, 0.8))))
        size = min(size, n - total)
        sizes.append(size)
        total += size
    return sizes


def generate(n: int, out: Path, seed: int = 1) -> dict:
    """Write a corpus of n arguments into `out` (created; must not exist). Returns counts."""
    rng = random.Random(f"argmap-synthetic/{seed}/{n}")
    vocab = _vocabulary(rng)
    (out / "documents").mkdir(parents=True)
    (out / "curated").mkdir()

    n_people = max(20, n // 50)
    people = []
    for i in range(n_people):
        people.append((f"p{i:06d}", f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"))
    names = dict(people)
    speaker_cdf = _zipf_weights(n_people)
    tags = [f"topic-{i}" for i in range(60)]
    tag_cdf = _zipf_weights(len(tags), 1.0)

    sizes = _doc_sizes(rng, n)
    args: list[dict] = []  # in generation order; index = global number
    doc_args: list[list[int]] = []
    doc_lines = ["people:"]
    doc_lines += [f"  - {{id: {pid}, name: {json.dumps(name, ensure_ascii=False)}}}" for pid, name in people]
    doc_lines.append("documents:")

    for d, size in enumerate(sizes):
        doc_id = f"doc-{d:05d}"
        file = f"{d:05d}_{hashlib.sha1(f'{seed}/{n}/{d}'.encode()).hexdigest()[:16]}.txt"
        author = people[_pick(rng, speaker_cdf)][0] if rng.random() < 0.85 else None
        year = rng.randint(2005, 2024) if rng.random() < 0.95 else None
        title = _sentence(rng, vocab, 4, 10).rstrip(" .?!")
        n_comments = rng.randint(0, max(1, size // 4))
        # arguments split between the body and the comments
        in_body = size if n_comments == 0 else max(1, int(size * rng.uniform(0.3, 0.8)))
        parts: list[str] = [title, "", f"Publié par {names[author] if author else 'la rédaction'}", ""]
        pos = sum(len(p) + 1 for p in parts)  # text so far is "\n".join(parts) + "\n"
        seen: set[str] = set()
        mine: list[int] = []

        def paragraph(count: int, speaker: str | None) -> str:
            """`count` argument sentences among filler, wrapped; records each quote's place."""
            nonlocal pos
            sentences = []
            quotes = []
            for _ in range(count):
                for _ in range(rng.randint(0, 2)):
                    sentences.append((_sentence(rng, vocab, 6, 18), False))
                while True:
                    s = _sentence(rng, vocab, 8, 24)
                    if s not in seen:
                        seen.add(s)
                        break
                sentences.append((s, True))
            raw = " ".join(s for s, _ in sentences)
            wrapped = textwrap.fill(raw, WRAP, break_on_hyphens=False, break_long_words=False)
            for s, is_arg in sentences:
                if is_arg:
                    quotes.append(s)
            for q in quotes:
                i = len(args)
                args.append({"doc": d, "quote": q, "speaker": speaker, "n": i})
                mine.append(i)
            return wrapped

        body_start = pos
        body = paragraph(in_body, author)
        body_end = body_start + len(body)
        text = "\n".join(parts) + "\n" + body + "\n\n" + "Commentaires\n\n"
        comments = []
        left = size - in_body
        for c in range(1, n_comments + 1):
            count = left if c == n_comments else rng.randint(0, min(left, 4))
            left -= count
            speaker = people[_pick(rng, speaker_cdf)][0] if rng.random() < 0.8 else None
            header = f"{names[speaker] if speaker else 'Anonyme'} dit :\n"
            text += header
            start = len(text)
            chunk = paragraph(count, speaker) if count else _sentence(rng, vocab, 5, 15)
            text += chunk
            comments.append(
                (c, speaker, start, len(text), [rng.randint(1, c - 1)] if c > 1 and rng.random() < 0.4 else [])
            )
            text += "\n\n"
        text += "Plan du site | Articles similaires\n"
        (out / "documents" / file).write_text(text, encoding="utf-8")
        doc_args.append(mine)

        doc_lines += [
            f"  - id: {doc_id}",
            f"    file: {file}",
            f"    title: {json.dumps(title, ensure_ascii=False)}",
            f"    authors: [{author}]" if author else "    authors: []",
            f"    year: {year}" if year else "    year: null",
        ]
        if year is None:
            doc_lines.append("    year_note: the text gives no date")
        doc_lines += ["    language: fr", f"    body: {{start: {body_start}, end: {body_end}}}"]
        if comments:
            doc_lines.append("    comments:")
            for number, speaker, start, end, replies in comments:
                doc_lines.append(
                    f"      - {{number: {number}, speaker: {speaker or 'null'}, start: {start}, "
                    f"end: {end}, replies_to: {replies}}}"
                )
    (out / "documents.yaml").write_text("\n".join(doc_lines) + "\n", encoding="utf-8")

    # relations: preferential attachment, newer → older, 70 % within the document
    relations: list[list[tuple[str, int, object]]] = [[] for _ in sizes]
    global_pool: list[int] = []
    doc_pool: list[list[int]] = [[] for _ in sizes]
    existing: set[tuple[int, int]] = set()
    undercuts: set[tuple[int, int, int]] = set()
    inferences: list[tuple[int, int]] = []
    n_relations = 0
    for a in args:
        i, d = a["n"], a["doc"]
        k = rng.choices((0, 1, 2, 3), weights=(0.15, 0.35, 0.3, 0.2))[0]
        for _ in range(k):
            local = rng.random() < 0.7 and doc_pool[d]
            pool = doc_pool[d] if local else global_pool
            if not pool:
                break
            if rng.random() < 0.05 and inferences:
                premise, conclusion = inferences[rng.randrange(len(inferences))]
                if (i, premise, conclusion) not in undercuts:
                    undercuts.add((i, premise, conclusion))
                    relations[d].append(("undercut", i, (premise, conclusion)))
                    n_relations += 1
                continue
            target = pool[rng.randrange(len(pool))]
            if (i, target) in existing:
                continue
            existing.add((i, target))
            kind = "support" if rng.random() < 0.58 else "attack"
            relations[d].append((kind, i, target))
            inferences.append((i, target))
            n_relations += 1
            global_pool.append(target)
            doc_pool[args[target]["doc"]].append(target)
        global_pool.append(i)
        doc_pool[d].append(i)

    def arg_id(i: int) -> str:
        return f"a{i:07d}"

    in_degree = [0] * len(args)
    for rels in relations:
        for kind, _, target in rels:
            if kind != "undercut":
                in_degree[target] += 1

    for d, mine in enumerate(doc_args):
        lines = [f"document: doc-{d:05d}", "arguments:"]
        for i in mine:
            a = args[i]
            quote = a["quote"]
            if rng.random() < 0.35:
                quote = quote.replace("’", "'")  # the loader folds apostrophes
            label = f"{rng.choice(_EN).capitalize()} {rng.choice(_VERBS)}"
            lines += [f"  - id: {arg_id(i)}", f"    label: {json.dumps(label)}"]
            if rng.random() < 0.5:
                lines.append(f"    label_fr: {json.dumps(a['quote'][:80], ensure_ascii=False)}")
            lines.append(f"    quote: {json.dumps(quote, ensure_ascii=False)}")
            if rng.random() < 0.6:
                lines.append(
                    f"    tags: [{', '.join(sorted({tags[_pick(rng, tag_cdf)] for _ in range(rng.randint(1, 3))}))}]"
                )
            if in_degree[i] >= 12:
                lines.append("    main: true")
        if relations[d]:
            lines.append("relations:")
            for kind, source, target in relations[d]:
                to = f"{arg_id(target[0])}->{arg_id(target[1])}" if kind == "undercut" else arg_id(target)
                lines.append(f"  - {{from: {arg_id(source)}, kind: {kind}, to: {json.dumps(to)}}}")
        (out / "curated" / f"doc-{d:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # a few debates around the most attacked claims
    top = sorted(range(len(args)), key=lambda i: (-in_degree[i], i))[: 2 * max(1, min(20, n // 5000))]
    debate_lines = ["debates:"]
    for k in range(0, len(top) - 1, 2):
        debate_lines += [
            f"  - id: debate-{k // 2 + 1}",
            f"    title: Synthetic debate {k // 2 + 1}",
            "    question: Which side holds?",
            "    sides:",
            f"      - {{name: For, claims: [{arg_id(top[k])}]}}",
            f"      - {{name: Against, claims: [{arg_id(top[k + 1])}]}}",
        ]
    (out / "curated" / "debates.yaml").write_text("\n".join(debate_lines) + "\n", encoding="utf-8")
    return {"arguments": len(args), "relations": n_relations, "documents": len(sizes), "people": n_people}


def cache_root() -> Path:
    return Path(os.environ.get("ARGMAP_BENCH_DIR") or Path(tempfile.gettempdir()) / "argmap-bench")


def ensure_corpus(n: int, seed: int = 1) -> Path:
    """The seeds dir of the (n, seed) corpus, generated on first use and then reused."""
    target = cache_root() / f"seeds-n{n}-s{seed}-v{GENERATOR_VERSION}"
    if (target / "documents.yaml").is_file() and (target / ".complete").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    shutil.rmtree(work)
    counts = generate(n, work, seed)
    (work / ".complete").write_text(json.dumps(counts))
    shutil.rmtree(target, ignore_errors=True)
    os.replace(work, target)
    return target


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, help="number of arguments (default: 1k, 10k and 100k, cached)")
    parser.add_argument("--out", type=Path, help="write the seeds here (must not exist)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out:
        started = time.perf_counter()
        counts = generate(args.n or 100_000, args.out, args.seed)
        print(f"{counts} in {time.perf_counter() - started:.1f} s → {args.out}")
        return 0
    print(
        f"{'arguments':>10} {'relations':>10} {'documents':>10} {'people':>8} {'MB on disk':>11} {'generated in':>13}"
    )
    for n in [args.n] if args.n else SIZES:
        started = time.perf_counter()
        path = ensure_corpus(n, args.seed)
        took = time.perf_counter() - started
        counts = json.loads((path / ".complete").read_text())
        print(
            f"{counts['arguments']:>10,} {counts['relations']:>10,} {counts['documents']:>10,} {counts['people']:>8,} "
            f"{tree_size(path) / 1e6:>11.1f} {took:>12.1f}s  (cached in {path})"
        )
    print("goal: ~1.5 relations per argument, heavy-tailed in-degree; the normal loader reads it (bench/load.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def write_imported_map(seeds: Path, n: int) -> str:
    """Add an n-argument imported map (a tree: each argument supports or attacks the one
    at half its number) to a seeds folder, as `argmap import` writes one; returns its
    document id."""
    import yaml

    arguments = [
        {
            "id": f"big-a{i}",
            "label": f"Claim number {i}",
            "quote": f"Argument numéro {i} : une phrase assez longue pour ressembler à une vraie citation.",
        }
        for i in range(n)
    ]
    relations = [
        {"from": f"big-a{i}", "kind": "support" if i % 3 else "attack", "to": f"big-a{i // 2}"} for i in range(1, n)
    ]
    data = {
        "imported": {
            "format": "aif",
            "source": "big.json",
            "document": {"id": "imported-big", "title": "A big imported map"},
            "people": [],
        },
        "arguments": arguments,
        "relations": relations,
    }
    (seeds / "imported").mkdir(exist_ok=True)
    (seeds / "imported" / "big.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return "imported-big"
