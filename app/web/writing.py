"""The write path's front door: every change to the seeds folder made through the web.

`apply_change` runs the process's `Store` (the one writer of the seeds folder), records
the change in the history, and hands the validated graph to the server's reloader, so
the next request shows it. A change the loader refuses (`Invalid`) answers 422 with the
loader's message; one based on something changed since (`Conflict`) answers 409 with the
current version. Write endpoints declare `CuratorDep` and `responses=WRITE_RESPONSES`.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Callable, Iterator

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from app import accounts, database, history
from app.i18n import Phrase
from app.locks import file_lock
from app.store import Change, Conflict, Invalid, Staged, Store
from app.web.auth import Curator

WRITE_RESPONSES = {
    409: {"description": "Conflict: what the change was based on has changed since; `current` holds it now"},
    422: {"description": "The change would break the map (the loader's message); nothing was written"},
}

_STORES: dict[Path, Store] = {}
_STORES_LOCK = threading.Lock()
# A change and its history record, one at a time, across the threads of a process and the
# processes (workers) serving one seeds folder: the history's numbers, which the database
# hands out, then follow the order in which the files changed.
_WRITING = threading.Lock()
WRITING_LOCK = ".argmap-writing-lock"  # beside the store's own lock, in the seeds folder


@contextlib.contextmanager
def one_writer(seeds_dir: Path) -> Iterator[None]:
    """Hold the seeds folder for one change and its history record."""
    with _WRITING:
        seeds_dir.mkdir(parents=True, exist_ok=True)
        with file_lock(seeds_dir / WRITING_LOCK):
            yield


def store_for(seeds_dir: Path) -> Store:
    """The process's one `Store` of a seeds folder."""
    key = Path(seeds_dir).resolve()
    with _STORES_LOCK:
        if key not in _STORES:
            _STORES[key] = Store(key)
        return _STORES[key]


def apply_change(
    request: Request, curator: Curator, summary: str | Phrase, targets: list[str], make: Callable[[Staged], object]
) -> Change:
    """Make a change to the seeds folder (see `Store.change`) as `curator`, record it in
    the history with its `targets` ("argument:ID", "document:ID", "debate:ID"), and
    serve the new graph from the next request on."""
    return write(request, curator, targets, lambda store: store.change(summary, make))[0]


def write(
    request: Request,
    curator: Curator,
    targets: list[str],
    run: Callable[[Store], Change],
    undoes: int | None = None,
) -> tuple[Change, int | None]:
    """`run` on the store, then the history record (its number; None when nothing
    changed) and the reload; `undoes` names the change an undo undoes."""
    settings = request.app.state.settings
    reloader = request.app.state.reloader
    with one_writer(Path(settings.seeds_dir)):
        # the record is committed before the folder is let go (the session closes first)
        with database.session(settings) as db:
            change = run(store_for(settings.seeds_dir))
            number = (
                history.record(db, curator.name, change, targets, accounts.now_utc(), undoes) if change.after else None
            )
        # Served before the next writer may change the folder again: two writers installing
        # after letting go could serve the older graph last, and nothing would replace it.
        if reloader is not None and change.graph is not None:
            reloader.install(change.graph)
    return change, number


def install(app: FastAPI) -> None:
    """The answers to a refused change: 422 for `Invalid`, 409 for `Conflict`."""

    @app.exception_handler(Invalid)
    async def invalid(request: Request, exc: Invalid):
        message = str(exc)
        return JSONResponse(
            {"status": 422, "error": "Invalid change", "detail": message, "errors": [{"message": message}]},
            status_code=422,
        )

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict):
        message = str(exc)
        return JSONResponse(
            {
                "status": 409,
                "error": "Conflict",
                "detail": message,
                "errors": [{"message": message}],
                "current": jsonable_encoder(
                    exc.current, custom_encoder={bytes: lambda b: b.decode("utf-8", "replace")}
                ),
            },
            status_code=409,
        )
