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
import os
import time
from pathlib import Path

from app.corpus import read_corpus
from app.curation import load_curated, rejected_relations, settled
from app.extract.store import load_extracted
from app.extract.suggestion_store import load_suggestions
from app.filecache import FileCache
from app.graph import ArgumentGraph, build_graph
from app.imported import IMPORTED_DIR, add_imported, load_imported
from app.problems import DataError

DOCUMENTS_YAML = "documents.yaml"
DOCUMENTS_DIR = "documents"
CURATED_DIR = "curated"
EXTRACTED_JSON = "extracted.json"
SUGGESTIONS_JSON = "suggestions.json"


def input_files(seeds_dir: Path) -> list[Path]:
    """Every file the graph is built from, in a stable order."""
    return [Path(path) for path in _input_paths(seeds_dir)]


def _input_paths(seeds_dir: Path) -> list[str]:
    """`input_files` as strings: a large corpus has thousands, and its version and
    fingerprint are taken often."""
    root = str(seeds_dir)
    return [
        os.path.join(root, DOCUMENTS_YAML),
        os.path.join(root, EXTRACTED_JSON),
        os.path.join(root, SUGGESTIONS_JSON),
        *_listed(os.path.join(root, CURATED_DIR), ".yaml"),
        *_listed(os.path.join(root, IMPORTED_DIR), ".yaml"),
        *_listed(os.path.join(root, DOCUMENTS_DIR), ""),
    ]


def _listed(folder: str, suffix: str) -> list[str]:
    """The entries of `folder` whose names end with `suffix`, sorted by name (what
    `sorted(Path(folder).glob("*" + suffix))` gives)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, name) for name in sorted(names) if name.endswith(suffix)]


def fingerprint(seeds_dir: Path) -> tuple:
    """Names, sizes and modification times of every input file: cheap to take every
    second, and different as soon as a file is added, removed or rewritten."""
    out = []
    for path in _input_paths(seeds_dir):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        out.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def corpus_version(seeds_dir: Path) -> str:
    """A short digest of every input file: changes whenever the data does."""
    digest = hashlib.sha256()
    for path in _input_paths(seeds_dir):
        try:
            with open(path, "rb") as file:
                data = file.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            continue
        digest.update(os.path.basename(path).encode())
        digest.update(data)
    return digest.hexdigest()[:16]


RACY_NS = 2_000_000_000  # a file changed this close to a look at it may change again unseen


def stat_marks(seeds_dir: Path) -> list[list] | None:
    """For each input file: path, size, modification and change times, inode. A file
    rewritten in any way changes at least its change time (which nothing can set back)
    or its inode, so equal marks mean equal files, provided none was changed within
    RACY_NS of when they were taken (a second change in the same clock tick may leave
    them equal): then None."""
    now = time.time_ns()
    marks = []
    for path in _input_paths(seeds_dir):
        try:
            info = os.stat(path)
        except OSError:
            continue
        if max(info.st_mtime_ns, info.st_ctime_ns) > now - RACY_NS:
            return None
        marks.append([path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
    return marks


def load_graph(seeds_dir: Path, cache: FileCache | None = None) -> ArgumentGraph:
    """Read the whole seeds folder into an ArgumentGraph; raises DataError on any problem.

    A broken document is reported once and left out, and the rest (the other documents,
    the curated map, the imported maps) is still checked, so that one DataError lists
    every problem; what refers to the broken document is not reported again.

    With a `cache` (app.filecache), the files read and validated by an earlier load are
    taken from it when unchanged: only the changed files are read again, and the result
    is the same graph."""
    cache = cache if cache is not None else FileCache()
    session = cache.session()
    corpus, problems, left_out = read_corpus(seeds_dir, session)
    curated = _checked(problems, load_curated, seeds_dir, corpus, left_out, session)
    imported = _checked(problems, load_imported, seeds_dir, session)
    if problems or curated is None or imported is None:
        raise DataError(problems)
    corpus, curated = add_imported(corpus, curated, imported)
    # what curators accepted or rejected is not proposed again
    extracted = settled(load_extracted(seeds_dir / EXTRACTED_JSON, corpus), curated)
    suggestions = load_suggestions(
        seeds_dir / SUGGESTIONS_JSON, (a.id for a in curated.arguments), rejected_relations(curated)
    )
    graph = build_graph(corpus, curated, extracted, corpus_version(seeds_dir), suggestions)
    cache.keep(session)
    return graph


def _checked(problems: list, load, *args):
    """`load(*args)`, or None with its problems added to `problems`."""
    try:
        return load(*args)
    except DataError as exc:
        problems += exc.problems
        return None
