"""404, 422 and 500 answers: an HTML page for browsers, JSON for the API and twins."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

log = logging.getLogger("argmap")

TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 410: "No longer here",
          422: "Invalid parameters", 500: "Something went wrong"}


class Moved(Exception):
    """The resource lives at `path` now: a permanent redirect (the JSON twin to the JSON twin)."""

    def __init__(self, path: str):
        self.path = path


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _answer(request: Request, status: int, detail, headers=None):
    if wants_json(request):
        return JSONResponse({"status": status, "error": TITLES.get(status, "Error"), "detail": detail},
                            status_code=status, headers=headers)
    messages = detail if isinstance(detail, list) else [detail]
    context = {"status": status, "title": TITLES.get(status, "Error"), "messages": messages,
               "section": None, "json_url": None, "canonical_url": None}
    return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=status,
                                                        headers=headers)


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
    return f"{where}: {error.get('msg')}" if where else str(error.get("msg"))


def _routed(request: Request, path: str) -> bool:
    """Whether a route of the app answers `path` (for the trailing-slash redirect)."""
    if not path:
        return False
    scope = {**request.scope, "path": path}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes)


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        path = request.url.path
        if exc.status_code == 404 and _routed(request, path.rstrip("/")) and path.endswith("/"):
            # a path, never a URL built from the request's Host header
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(path.rstrip("/") + query, status_code=308)
        detail = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else \
            f"There is nothing at {request.url.path}."
        return _answer(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Moved)
    async def moved(request: Request, exc: Moved):
        twin = ".json" if request.url.path.endswith(".json") else ""
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(exc.path + twin + query, status_code=301)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        return _answer(request, 422, [_describe(e) for e in exc.errors()])

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _answer(request, 500, "The error was logged.")
