"""Writes from the web: one change to the seeds folder, served from the next request on."""

from __future__ import annotations

from typing import Callable

from fastapi import HTTPException, Request

from app.store import Change, Conflict, Invalid, Staged, Store
from app.web.auth import Curator


def apply_change(
    request: Request, curator: Curator, summary: str, targets: list[str], make: Callable[[Staged], object]
) -> Change:
    """Run `make` through the process's Store, then serve the new graph."""
    settings = request.app.state.settings
    try:
        change = Store(settings.seeds_dir).change(summary, make)
    except Invalid as exc:
        raise HTTPException(status_code=422, detail={"errors": [{"message": str(exc)}]}) from None
    except Conflict as exc:
        raise HTTPException(
            status_code=409, detail={"errors": [{"message": str(exc)}], "current": exc.current}
        ) from None
    reloader = request.app.state.reloader
    if reloader is not None and change.graph is not None:
        reloader.install(change.graph)
    return change
