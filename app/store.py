"""The one writer of the seeds folder: every change is validated, then written atomically.

A change is a function that reads the current files and stages new contents:

    def make(files: Staged) -> None:
        text = files.read_text("curated/revelation-exclusive.yaml")
        files.write_text("curated/revelation-exclusive.yaml", edited(text))

    change = store.change("Add argument 'x'", make)

`Store.change` runs `make` under the store's lock (one writer at a time, across threads
and processes), builds the graph the folder would hold afterwards with the same loader
the command line validates with (the store keeps the validated records of each file in
memory, `app.filecache`, so only the files a change touches are read and checked again,
and what lies between files is checked every time), and only if that succeeds writes
the staged files:
each to a temporary file beside its target, then all renamed into place, with a journal
so that a crash half-way is completed on the next start instead of leaving half a
change. An edit the loader refuses raises `Invalid` with the loader's message, and no
file changes. The result is a `Change`: the files before and after (bytes, None for
absent) and the new graph, ready to be served without loading again.

Paths are relative to the seeds folder ("curated/x.yaml", "documents/a.txt").
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from app.filecache import FileCache
from app.graph import ArgumentGraph
from app.i18n import Phrase
from app.locks import file_lock
from app.problems import DataError
from app.seeds import load_graph
from app.snapshot import gc_paused, remember, shared_file_cache

JOURNAL = ".argmap-commit.json"  # the renames of a change being written
LOCK = ".argmap-lock"


class Invalid(Exception):
    """The change would break the map: nothing was written. `str()` is the loader's report."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class Conflict(Exception):
    """What the change was based on is no longer current (someone else changed it first)."""

    def __init__(self, message: str, current: object = None):
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Change:
    """What one change did: each touched file before and after (None: absent)."""

    summary: str | Phrase  # what the history shows, in the reader's language
    before: dict[str, bytes | None]
    after: dict[str, bytes | None]
    graph: ArgumentGraph | None = field(default=None, compare=False, repr=False)

    @property
    def files(self) -> list[str]:
        return sorted(self.after)


class Staged:
    """The seeds folder as `make` sees it: current files, with the change's writes on top."""

    def __init__(self, root: Path):
        self._root = root
        self._writes: dict[str, bytes | None] = {}

    def exists(self, rel: str) -> bool:
        rel = _checked_path(rel)
        if rel in self._writes:
            return self._writes[rel] is not None
        return (self._root / rel).is_file()

    def read_bytes(self, rel: str) -> bytes | None:
        """The file's current bytes (staged ones first), or None when it does not exist."""
        rel = _checked_path(rel)
        if rel in self._writes:
            return self._writes[rel]
        path = self._root / rel
        return path.read_bytes() if path.is_file() else None

    def read_text(self, rel: str) -> str | None:
        data = self.read_bytes(rel)
        return None if data is None else data.decode("utf-8")

    def write_bytes(self, rel: str, data: bytes) -> None:
        self._writes[_checked_path(rel)] = bytes(data)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def delete(self, rel: str) -> None:
        self._writes[_checked_path(rel)] = None

    def listdir(self, rel: str) -> list[str]:
        """File names in the folder `rel`, staged additions and deletions included."""
        rel = _checked_path(rel)
        names = {p.name for p in (self._root / rel).glob("*") if p.is_file()} if (self._root / rel).is_dir() else set()
        for path, data in self._writes.items():
            parent, _, name = path.rpartition("/")
            if parent == rel:
                (names.add if data is not None else names.discard)(name)
        return sorted(names)

    @property
    def writes(self) -> dict[str, bytes | None]:
        return dict(self._writes)


class Store:
    """The seeds folder's writer. One per process; safe to share between threads."""

    def __init__(
        self,
        seeds_dir: Path,
        load: Callable[[Path, FileCache], ArgumentGraph] = load_graph,
        cache: FileCache | None = None,
    ):
        self.seeds_dir = Path(seeds_dir)
        self._load = load
        # the validated records of each file, shared with the server's reloads
        self._cache = cache if cache is not None else shared_file_cache()
        self._thread_lock = threading.Lock()
        with self._locked():
            recover(self.seeds_dir)

    def change(self, summary: str | Phrase, make: Callable[[Staged], object]) -> Change:
        """Run `make` on the current files, validate the result, write it atomically.

        Raises `Invalid` (nothing written) when the loader refuses the result, and lets
        `Conflict` or any other exception from `make` through (nothing written either)."""
        with self._locked():
            staged = Staged(self.seeds_dir)
            make(staged)
            writes = {rel: data for rel, data in staged.writes.items() if data != _current_bytes(self.seeds_dir, rel)}
            before = {rel: _current_bytes(self.seeds_dir, rel) for rel in writes}
            graph = self._validated(writes) if writes else None
            commit(self.seeds_dir, writes)
            if graph is not None:
                remember(self.seeds_dir, graph)
            return Change(summary, before, writes, graph)

    def restore(self, summary: str | Phrase, change: Change) -> Change:
        """Undo `change`: put back its files as they were before it, provided they are
        still as it left them (else `Conflict`, naming the first file changed since)."""

        def make(files: Staged) -> None:
            for rel, after in change.after.items():
                if files.read_bytes(rel) != after:
                    raise Conflict(f"{rel} has changed since; undo the later changes first")
            for rel, before in change.before.items():
                if before is None:
                    files.delete(rel)
                else:
                    files.write_bytes(rel, before)

        return self.change(summary, make)

    def _validated(self, writes: dict[str, bytes | None]) -> ArgumentGraph:
        """The graph the folder would hold with `writes` applied, built in a staging copy
        (links to the unchanged files), so messages name the same paths as the real folder."""
        with tempfile.TemporaryDirectory(prefix="argmap-stage-") as tmp:
            staging = Path(tmp) / self.seeds_dir.name
            _link_tree(self.seeds_dir, staging)
            for rel, data in writes.items():
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.is_symlink() or target.exists():
                    target.unlink()
                if data is not None:
                    target.write_bytes(data)
            try:
                # messages name "seeds/…", as the command line does
                with contextlib.chdir(tmp), gc_paused():
                    return self._load(staging, self._cache)
            except DataError as exc:
                raise Invalid(exc.report(), exc.problems) from None

    @contextlib.contextmanager
    def _locked(self):
        """One writer at a time: a thread lock within the process, a file lock across them."""
        with self._thread_lock:
            self.seeds_dir.mkdir(parents=True, exist_ok=True)
            with file_lock(self.seeds_dir / LOCK):
                yield


def _current_bytes(seeds_dir: Path, rel: str) -> bytes | None:
    path = seeds_dir / rel
    return path.read_bytes() if path.is_file() else None


def commit(seeds_dir: Path, writes: dict[str, bytes | None]) -> None:
    """Write every staged file to a temporary file beside its target, record the renames
    in the journal, then rename (or delete) each and drop the journal. A crash before the
    journal is written changes nothing; after it, `recover` finishes the renames."""
    steps = []
    try:
        for rel, data in sorted(writes.items()):
            target = seeds_dir / rel
            if data is None:
                steps.append({"target": rel, "temp": None})
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            steps.append({"target": rel, "temp": str(Path(temp).relative_to(seeds_dir))})
        _write_atomically(seeds_dir / JOURNAL, json.dumps(steps).encode())
    except BaseException:
        for step in steps:
            if step["temp"]:
                (seeds_dir / step["temp"]).unlink(missing_ok=True)
        raise
    recover(seeds_dir)


def recover(seeds_dir: Path) -> None:
    """Finish the change the journal describes, if any (after a crash mid-write), and
    remove temporary files that no journal names (a crash before the journal)."""
    journal = seeds_dir / JOURNAL
    if journal.is_file():
        steps = json.loads(journal.read_bytes())
        for step in steps:
            target = seeds_dir / step["target"]
            if step["temp"] is None:
                target.unlink(missing_ok=True)
            elif (seeds_dir / step["temp"]).exists():
                os.replace(seeds_dir / step["temp"], target)
        _fsync_dirs({(seeds_dir / s["target"]).parent for s in steps})
        journal.unlink()
    for stray in seeds_dir.rglob(".*.tmp"):
        stray.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    _fsync_dirs({path.parent})


def _fsync_dirs(dirs: set[Path]) -> None:
    for folder in dirs:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a tree of real folders holding links to `source`'s files."""
    target.mkdir(parents=True)
    for entry in source.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            _link_tree(entry, target / entry.name)
        else:
            (target / entry.name).symlink_to(entry.resolve())


def _checked_path(rel: str) -> str:
    """A path inside the seeds folder, in one spelling; anything reaching out is refused."""
    path = PurePosixPath(rel)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise ValueError(f"not a path inside the seeds folder: {rel!r}")
    if any(part.startswith(".") for part in path.parts):
        raise ValueError(f"hidden files are not part of the seeds: {rel!r}")
    return str(path)
