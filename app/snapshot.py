"""A compiled graph snapshot for fast start-up.

`load_graph_cached(seeds_dir)` returns the same `ArgumentGraph` as
`app.seeds.load_graph(seeds_dir)`, but stores the built graph (pickled) in a cache
folder under a key made of the corpus version (a digest of every input file, see
`app.seeds.corpus_version`) and a digest of the code that builds it. A later start
with the same inputs and code unpickles it instead of re-parsing the YAML and
re-locating every quote. It is never served stale: a change to any seed file, or
to the loader's code, changes the key, and the graph is rebuilt (and validated)
from the files; that build reads and validates again only the files that changed, the
others' validated records being kept per file in the same folder (`app.filecache`,
under units/). Workers starting together build it once (a file lock); the others
wait and read it.

The cache folder is ARGMAP_CACHE_DIR, else $XDG_CACHE_HOME/argmap, else
~/.cache/argmap. A pickle runs code when read, so the folder must belong to the
user running the app and not be writable by others; if it is not, no snapshot is
read or written (the graph is built from the files every time).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import pickle
import stat
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from app.filecache import FileCache, code_digest
from app.graph import ArgumentGraph
from app.locks import file_lock
from app.seeds import corpus_version, load_graph, stat_marks

log = logging.getLogger("argmap")

FORMAT = b"argmap-graph-snapshot/1\n"
KEEP = 2  # snapshots kept per seeds folder (the newest ones): the current one and the one before


def default_cache_dir() -> Path:
    explicit = os.environ.get("ARGMAP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "argmap"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while millions of long-lived objects are created:
    the collector would rescan them again and again (about half of a 100k load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _usable(folder: Path) -> bool:
    """The folder exists (created private if not), is ours and is not writable by others."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as exc:
        log.warning("graph snapshot disabled: cannot use %s (%s)", folder, exc)
        return False
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        log.warning("graph snapshot disabled: %s must belong to this user and not be group/world-writable", folder)
        return False
    return True


def _seeds_tag(seeds_dir: Path) -> str:
    """Which seeds folder a snapshot comes from: corpora sharing a cache folder never evict each other."""
    return hashlib.sha256(str(Path(seeds_dir).resolve()).encode()).hexdigest()[:8]


def snapshot_path(folder: Path, key: str, seeds_dir: Path) -> Path:
    return folder / f"graph-{_seeds_tag(seeds_dir)}-{key}.pickle"


def read_snapshot(path: Path, key: str) -> ArgumentGraph | None:
    """The graph stored at `path` for `key`, or None if absent, for another key, or unreadable."""
    try:
        with open(path, "rb") as file:
            if file.readline() != FORMAT or file.readline().strip() != key.encode():
                return None
            with gc_paused():
                graph = pickle.load(file)
                # What a snapshot holds is served for the process's life (see `freeze`): out of
                # the collector's way at once, else its next run walks every new object (a
                # quarter of a second at 100k arguments).
                gc.freeze()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: rebuild rather than fail
        log.warning("ignoring unreadable graph snapshot %s (%s: %s)", path, type(exc).__name__, exc)
        return None
    return graph if isinstance(graph, ArgumentGraph) else None


def write_snapshot(path: Path, key: str, graph: ArgumentGraph) -> None:
    """Write atomically: readers see the old file or the complete new one, never a part."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(FORMAT + key.encode() + b"\n")
            pickle.dump(graph, file, protocol=pickle.HIGHEST_PROTOCOL)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(folder: Path, seeds_dir: Path, keep: int = KEEP) -> None:
    snapshots = sorted(
        folder.glob(f"graph-{_seeds_tag(seeds_dir)}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in snapshots[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
            old.with_suffix(".lock").unlink()


_file_caches: dict[Path, FileCache] = {}


def file_cache(folder: Path) -> FileCache:
    """The process's cache of validated records per input file kept in `folder`/units:
    one per folder, so that a reload in a running server finds them in memory."""
    units = Path(folder) / "units"
    if units not in _file_caches:
        _file_caches[units] = FileCache(units)
    return _file_caches[units]


_memory_only = FileCache()


def shared_file_cache() -> FileCache:
    """The cache the store validates changes with: the server's (`file_cache` of the
    default cache folder), so that the reload after an edit finds every file's records in
    memory, or one in memory only when that folder cannot be trusted."""
    folder = default_cache_dir()
    return file_cache(folder) if _usable(folder) else _memory_only


# seeds folder tag -> the graph of its last change, while something (the server) holds it
_latest: weakref.WeakValueDictionary[str, ArgumentGraph] = weakref.WeakValueDictionary()


def remember(seeds_dir: Path, graph: ArgumentGraph) -> None:
    """`graph` is what `seeds_dir` holds now (the store wrote the change it validated): a
    reload of the same version, as the file watcher starts after every edit, takes it
    instead of building it again."""
    _latest[_seeds_tag(seeds_dir)] = graph


@dataclass
class LoadReport:
    """How the last `load_graph_cached` went (for logs and bench/)."""

    source: str = ""  # "snapshot", "built", "built (no snapshot)" or "changed in this process"
    seconds: float = 0.0
    path: Path | None = None
    write_seconds: float = 0.0  # writing the snapshot behind, once done


last_load = LoadReport()


def load_graph_cached(seeds_dir: Path, cache_dir: Path | None = None, write_behind: bool = False) -> ArgumentGraph:
    """`load_graph(seeds_dir)`, from a snapshot when the inputs and code are unchanged.

    Raises DataError (every problem listed) on a broken corpus, exactly as load_graph.
    A graph built from the files is stored as the snapshot of the next start; with
    `write_behind` (the server) that is done by a thread after the graph is returned, so
    a start after a data change serves as soon as the graph is built (`wait_for_writes`).
    """
    started = time.perf_counter()
    seeds_dir = Path(seeds_dir)
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    if not _usable(folder):
        with gc_paused():
            graph = load_graph(seeds_dir)
        _report("built (no snapshot)", started, None)
        return graph
    version = _known_version(folder, seeds_dir)
    latest = _latest.get(_seeds_tag(seeds_dir))
    if latest is not None and latest.version == version:
        _report("changed in this process", started, None)
        return latest
    key = f"{version}-{code_digest()}"
    path = snapshot_path(folder, key, seeds_dir)
    graph = read_snapshot(path, key)
    if graph is not None:
        _report("snapshot", started, path)
        return graph
    with contextlib.ExitStack() as held:
        held.enter_context(
            file_lock(path.with_suffix(".lock"))
        )  # until the snapshot is written: workers starting together wait for it
        graph = read_snapshot(path, key)  # another worker may have built it meanwhile
        if graph is not None:
            _report("snapshot", started, path)
            return graph
        with gc_paused():  # only the files that changed are read and validated again
            graph = load_graph(seeds_dir, file_cache(folder))
        # Inputs edited while we were reading them: serve what was read, store nothing.
        if graph.version == version == corpus_version(seeds_dir):
            if write_behind:
                _write_behind(path, key, graph, folder, seeds_dir, held.pop_all())
            else:
                _store(path, key, graph, folder, seeds_dir)
    _report("built", started, path)
    return graph


def _known_version(folder: Path, seeds_dir: Path) -> str:
    """`corpus_version(seeds_dir)`, without reading the files when none changed since the
    last start (same `stat_marks`, kept beside the snapshots): a start from the snapshot
    then reads nothing but it."""
    path = folder / f"version-{_seeds_tag(seeds_dir)}.json"
    marks = stat_marks(seeds_dir)
    try:
        known = json.loads(path.read_bytes())
        if marks is not None and known["marks"] == marks:
            return known["version"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    version = corpus_version(seeds_dir)
    if marks is not None and stat_marks(seeds_dir) == marks:  # unchanged while it was read
        with contextlib.suppress(OSError):
            _write_atomically(path, json.dumps({"marks": marks, "version": version}).encode())
    return version


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _store(path: Path, key: str, graph: ArgumentGraph, folder: Path, seeds_dir: Path) -> None:
    try:
        write_snapshot(path, key, graph)
        _prune(folder, seeds_dir)
    except OSError as exc:
        log.warning("could not write graph snapshot %s (%s)", path, exc)


_writers: list[threading.Thread] = []


def _write_behind(path: Path, key: str, graph: ArgumentGraph, folder: Path, seeds_dir: Path, lock) -> None:
    """Store the snapshot in a thread (holding `lock` until it is written). Pickling hands
    the GIL over at every block it writes, so requests are still answered meanwhile."""

    def run():
        with lock:
            begun = time.perf_counter()
            _store(path, key, graph, folder, seeds_dir)
            last_load.write_seconds = time.perf_counter() - begun

    writer = threading.Thread(target=run, name="argmap-snapshot", daemon=False)
    _writers[:] = [w for w in _writers if w.is_alive()] + [writer]
    writer.start()


def wait_for_writes() -> None:
    """Return once the snapshots being written behind are written."""
    for writer in list(_writers):
        writer.join()


def _report(source: str, started: float, path: Path | None) -> None:
    last_load.source, last_load.seconds, last_load.path = source, time.perf_counter() - started, path
    log.info("graph loaded (%s) in %.2f s", source, last_load.seconds)


def freeze() -> None:
    """Move everything alive now (the graph) out of the collector's reach: full
    collections no longer walk millions of graph objects during requests, and forked
    workers keep sharing those pages. Acyclic garbage is still freed by refcounting."""
    gc.collect()
    gc.freeze()
