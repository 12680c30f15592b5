"""Error answers (400, 404, 414, 422, 500…): a styled HTML page for browsers, JSON for
the API, the twins and clients asking for JSON, with the same message in plain words.

A bad query parameter is described once, here (`parameter_error`): the HTML page shows
the message, the JSON answer carries it in `detail` and, with the parameter and the
value given, in `errors`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from app.i18n import N_, gettext
from app.web import urls

log = logging.getLogger("argmap")

ERROR = N_("Error")
# Titles and messages are in English here and said in the reader's language (app.i18n).
TITLES = {
    400: N_("Bad request"),
    401: N_("Log in needed"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    410: N_("No longer here"),
    414: N_("Address too long"),
    422: N_("Invalid parameters"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong"),
}

# How a message names a parameter; years and whole numbers get an example value.
NAMES = {
    "year": N_("Year"),
    "from": N_("“From”"),
    "to": N_("“To”"),
    "offset": N_("Offset"),
    "limit": N_("Limit"),
    "depth": N_("Depth"),
    "origin": N_("Origin"),
    "kind": N_("Kind"),
    "author": N_("Author"),
    "document": N_("Document"),
    "q": N_("The search"),
    "off": N_("The argument to switch off"),
    "around": N_("The argument to centre on"),
    "focus": N_("The argument to select"),
    "debate": N_("Debate"),
}
YEARS = ("year", "from", "to")
EXAMPLES = {"offset": 50, "limit": 50, "depth": 2}


class BadParameter(Exception):
    """A query parameter that parses but names nothing (an unknown author…): a 422."""

    def __init__(self, parameter: str, value: str, message: str):
        self.parameter, self.value, self.message = parameter, value, message


class Moved(Exception):
    """The resource lives at `path` now: a permanent redirect (the JSON twin to the JSON twin)."""

    def __init__(self, path: str):
        self.path = path


class Gone(Exception):
    """The resource was removed for good: a 410 that links to what is nearest now."""

    def __init__(self, message: str, see: dict):
        self.message, self.see = message, see  # see: {"url", "label"}


def from_form(request: Request) -> bool:
    """A browser submitting a page's form itself (no script) asks for a page, even from
    /api/: every script of the site asks for JSON."""
    return request.method not in ("GET", "HEAD") and "text/html" in request.headers.get("accept", "")


def form_page(request: Request) -> str:
    """The page of this site a form was posted from (its Referer's path), or "/"."""
    parts = urlsplit(request.headers.get("referer", ""))
    return urls.local_path(parts.path + (f"?{parts.query}" if parts.query else ""))


def wants_json(request: Request) -> bool:
    if from_form(request):
        return False
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def answer(
    request: Request, status: int, detail, headers=None, errors: list[dict] | None = None, see: dict | None = None
):
    """The error answer: JSON when the client wants JSON (see `wants_json`), else the error page;
    `see` ({"url", "label"}) is where to go instead."""
    if wants_json(request):
        body = {"status": status, "error": gettext(TITLES.get(status, ERROR)), "detail": detail}
        if errors:
            body["errors"] = errors
        if see:
            body["see"] = see
        return JSONResponse(body, status_code=status, headers=headers)
    messages = detail if isinstance(detail, list) else [detail]
    back = form_page(request) if from_form(request) else None
    context = {
        "status": status,
        "title": gettext(TITLES.get(status, ERROR)),
        "messages": messages,
        "see": see,
        "section": None,
        "json_url": None,
        "canonical_url": None,
        "switch_path": "/" if status >= 500 else back,
        # a crash's page names no part of the request, not even to come back to it after logging in
        "here": "/" if status >= 500 else back,
        "back": back,  # the page whose form was refused: log in again there, or try again
    }
    return request.app.state.templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )


def parameter_error(error: dict) -> dict:
    """{"parameter", "value", "message"} for one validation error of a query parameter,
    the message in plain words ("Year must be a number like 2011.")."""
    names = [p for p in error.get("loc", ()) if isinstance(p, str) and p not in ("query", "path", "body")]
    parameter = names[0] if names else ""
    name = (
        gettext(NAMES[parameter]) if parameter in NAMES else f"“{parameter}”" if parameter else gettext("A parameter")
    )
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if parameter in YEARS and kind in ("int_parsing", "int_type", "int_from_float"):
        message = gettext("%(name)s must be a number like 2011.", name=name)
    elif parameter in YEARS and kind in ("greater_than_equal", "less_than_equal"):
        message = gettext("%(name)s must be between 1000 and 9999, like 2011.", name=name)
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = gettext(
            "%(name)s must be a whole number, like %(example)s.", name=name, example=EXAMPLES.get(parameter, 1)
        )
    elif kind == "greater_than_equal":
        message = gettext("%(name)s must be %(least)s or more.", name=name, least=ctx.get("ge"))
    elif kind == "less_than_equal":
        message = gettext("%(name)s must be %(most)s or less.", name=name, most=ctx.get("le"))
    elif kind == "literal_error":
        choices = [c for c in re.findall(r"'([^']*)'", str(ctx.get("expected", ""))) if c]
        message = (
            gettext("%(name)s must be %(some)s or %(last)s.", name=name, some=", ".join(choices[:-1]), last=choices[-1])
            if len(choices) > 1
            else gettext("%(name)s must be %(value)s.", name=name, value="".join(choices))
        )
    elif kind == "string_too_long":
        message = gettext("%(name)s must be at most %(most)s characters long.", name=name, most=ctx.get("max_length"))
    elif kind == "too_long":
        message = gettext(
            "At most %(most)s values of %(name)s at once.",
            most=ctx.get("max_length"),
            name=parameter or gettext("a parameter"),
        )
    elif kind == "missing":
        message = gettext("%(name)s is required.", name=name)
    else:
        message = f"{name}: {error.get('msg')}"
    value = error.get("input")
    return {
        "parameter": parameter,
        "value": value if isinstance(value, (str, int, float)) else None,
        "message": message,
    }


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
        detail = (
            exc.detail
            if exc.status_code != 404 or exc.detail != "Not Found"
            else gettext("There is nothing at %(path)s.", path=request.url.path)
        )
        return answer(request, exc.status_code, detail, getattr(exc, "headers", None))

    @app.exception_handler(Moved)
    async def moved(request: Request, exc: Moved):
        twin = ".json" if request.url.path.endswith(".json") else ""
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(exc.path + twin + query, status_code=301)

    @app.exception_handler(Gone)
    async def gone(request: Request, exc: Gone):
        return answer(request, 410, exc.message, see=exc.see)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        found = [parameter_error(e) for e in exc.errors()]
        return answer(request, 422, list(dict.fromkeys(e["message"] for e in found)), errors=found)

    @app.exception_handler(BadParameter)
    async def unknown(request: Request, exc: BadParameter):
        return answer(
            request,
            422,
            [exc.message],
            errors=[{"parameter": exc.parameter, "value": exc.value, "message": exc.message}],
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return answer(request, 500, gettext("The error was logged."))
