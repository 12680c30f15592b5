"""The seeds folder: what files it holds, their version, and loading them all.

    seeds/
      documents.yaml        metadata of the documents (app.corpus)
      documents/            the documents, byte for byte
      curated/*.yaml        the hand-curated map (app.curation)
      extracted.json        the extraction's output (app.extract.store)
      suggestions.json      relations proposed to the curator (app.extract.suggestion_store)
      imported/*.yaml       maps imported from other tools (app.imported)

`load_graph(seeds_dir)` reads every part into records and builds the graph;
`corpus_version(seeds_dir)` is a digest of every input file. This is the only
module that knows the layout as a whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from app.corpus import load_corpus
from app.curation import load_curated
from app.extract.store import load_extracted
from app.extract.suggestion_store import load_suggestions
from app.graph import ArgumentGraph, build_graph
from app.imported import IMPORTED_DIR, merge_imported

DOCUMENTS_YAML = "documents.yaml"
DOCUMENTS_DIR = "documents"
CURATED_DIR = "curated"
EXTRACTED_JSON = "extracted.json"
SUGGESTIONS_JSON = "suggestions.json"


def input_files(seeds_dir: Path) -> list[Path]:
    """Every file the graph is built from, in a stable order."""
    return [seeds_dir / DOCUMENTS_YAML, seeds_dir / EXTRACTED_JSON, seeds_dir / SUGGESTIONS_JSON,
            *sorted((seeds_dir / CURATED_DIR).glob("*.yaml")), *sorted((seeds_dir / IMPORTED_DIR).glob("*.yaml")),
            *sorted((seeds_dir / DOCUMENTS_DIR).glob("*"))]


def fingerprint(seeds_dir: Path) -> tuple:
    """Names, sizes and modification times of every input file: cheap to take every
    second, and different as soon as a file is added, removed or rewritten."""
    out = []
    for path in input_files(seeds_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def corpus_version(seeds_dir: Path) -> str:
    """A short digest of every input file: changes whenever the data does."""
    digest = hashlib.sha256()
    for path in input_files(seeds_dir):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_graph(seeds_dir: Path) -> ArgumentGraph:
    """Read the whole seeds folder into an ArgumentGraph; raises DataError on any problem."""
    corpus = load_corpus(seeds_dir)
    curated = load_curated(seeds_dir, corpus)
    corpus, curated = merge_imported(corpus, curated, seeds_dir)
    extracted = load_extracted(seeds_dir / EXTRACTED_JSON, corpus)
    suggestions = load_suggestions(seeds_dir / SUGGESTIONS_JSON, (a.id for a in curated.arguments))
    return build_graph(corpus, curated, extracted, corpus_version(seeds_dir), suggestions)
