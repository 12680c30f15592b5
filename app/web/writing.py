"""The write path of the web app: one change to the seeds folder, served from the next request."""

from __future__ import annotations

from typing import Callable

from fastapi import Request
from fastapi.responses import JSONResponse

from app.store import Change, Conflict, Invalid, Staged, Store
from app.web.auth import Curator
from app.web.errors import TITLES


class Refused(Exception):
    """A change the store refused, as the HTTP answer that says why."""

    def __init__(self, response: JSONResponse):
        self.response = response


def apply_change(
    request: Request, curator: Curator, summary: str, targets: list[str], make: Callable[[Staged], None]
) -> Change:
    """Run `make` through the store of the app's seeds folder and serve the new graph."""
    store = Store(request.app.state.settings.seeds_dir)
    try:
        change = store.change(summary, make)
    except Invalid as exc:
        raise Refused(_answer(422, str(exc))) from None
    except Conflict as exc:
        raise Refused(_answer(409, str(exc), current=exc.current)) from None
    reloader = request.app.state.reloader
    if reloader is not None and change.graph is not None:
        reloader.install(change.graph)
    return change


def _answer(status: int, message: str, **more) -> JSONResponse:
    body = {"status": status, "error": TITLES[status], "detail": [message], "errors": [{"message": message}], **more}
    return JSONResponse(body, status_code=status)


def install(app) -> None:
    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused):
        return exc.response
