"""Validated records, remembered per input file.

Loading the seeds turns each input file into validated records: documents.yaml and the
texts into the corpus, each curated YAML file into its arguments (quotes located),
relations and debates, each imported map into its records. That work depends only on the
file's bytes, on the code, and on the few things the file refers to elsewhere (the
documents its arguments quote, the people it names), so its result is kept under a key
made of the first two and used again only when the third are unchanged (the loader
checks them: `app.curation`). A load after an edit therefore parses and validates only
the files that changed; the checks between files (references, duplicate ids, support
cycles, debates) run on every load, over the kept records of the others.

`FileCache()` keeps results in memory: what the last loads used, the rest forgotten (the
store validating a change, the server reloading). `FileCache(folder)` also keeps each
result in a file of its own there, pickled (a start after a data change, app.snapshot);
a pickle runs code when read, so the folder must be private to the user (app.snapshot
checks it). Only results with no problem are kept: a message always comes from reading
the file again, so it names the file and line exactly as a plain load does.

A load reads and fills the cache through a `Session`, and hands it back with `keep`
once it succeeded.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import threading
import time
from pathlib import Path

KEEP_LOADS = 2  # in memory: the results the last two successful loads used
KEEP_DAYS = 30  # on disk: results no load used for that long are removed
_code_digest: str | None = None


def code_digest() -> str:
    """A digest of the code that turns files into records and records into a graph (the
    whole package, and the libraries whose objects the kept records and snapshots hold):
    what is kept is only used by the code that made it."""
    global _code_digest
    if _code_digest is None:
        import networkx
        import pydantic
        import yaml

        versions = f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}|{networkx.__version__}"
        digest = hashlib.sha256(versions.encode())
        root = Path(__file__).resolve().parent
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()[:16]
    return _code_digest


def key_of(kind: str, shown: str, *parts: bytes | str) -> str:
    """The key of one file's result: what kind of file, the name messages give it, its
    bytes (and any other input given), and the code."""
    digest = hashlib.sha256(f"{kind}\0{shown}\0{code_digest()}".encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class FileCache:
    """Results of reading single files, by key, in memory and optionally in `folder`.
    Safe to share between threads; loads running at once each use a `Session`."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else None
        self._loads: list[dict[str, object]] = []  # what each recent successful load used
        self._lock = threading.Lock()
        self.written = 0  # results written to the folder (for tests and bench/)

    def session(self) -> Session:
        return Session(self)

    def _lookup(self, key: str) -> object | None:
        with self._lock:
            for used in reversed(self._loads):
                if key in used:
                    return used[key]
        return self._read(key) if self.folder is not None else None

    def _store(self, key: str, value: object) -> None:
        if self.folder is None:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=key[:16], suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as file:
                    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self._path(key))
                self.written += 1
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

    def _read(self, key: str) -> object | None:
        path = self._path(key)
        try:
            with open(path, "rb") as file:
                value = pickle.load(file)
        except FileNotFoundError:
            return None
        except Exception:  # truncated or foreign: read the file again instead
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # still in use
        return value

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def forget(self) -> None:
        """Forget what is kept in memory (what is on disk stays)."""
        with self._lock:
            self._loads = []

    def keep(self, session: Session) -> None:
        """After a successful load: remember in memory what it used (forgetting what the
        loads before the last few used), and on disk forget what was long unused."""
        with self._lock:
            self._loads = [*self._loads[-(KEEP_LOADS - 1) :], dict(session.used)]
        if self.folder is not None and session.added:
            _forget_unused(self.folder)


class Session:
    """One load's use of a `FileCache`: what it took from it and what it added."""

    def __init__(self, cache: FileCache):
        self._cache = cache
        self.used: dict[str, object] = {}
        self.added = 0

    def get(self, key: str) -> object | None:
        value = self.used.get(key)
        if value is None:
            value = self._cache._lookup(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: str, value: object) -> None:
        self.used[key] = value
        self.added += 1
        self._cache._store(key, value)


def _forget_unused(folder: Path) -> None:
    oldest = time.time() - KEEP_DAYS * 86400
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            with contextlib.suppress(OSError):
                if entry.name.endswith((".pickle", ".tmp")) and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
