"""Templates, the page/twin mechanism and URL helpers.

`page(router, path, template)` registers one view function twice: at `path`
as HTML and at `path + ".json"` as its JSON twin (`/` → `/index.json`). The
view returns a JSON-ready dict, which is both the JSON body and the
template's context.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

from app.graph import ArgumentGraph
from app.settings import Settings
from app.web.views import tally_parts, tally_text


def make_templates(settings: Settings, graph: ArgumentGraph) -> Jinja2Templates:
    templates = Jinja2Templates(directory=settings.templates_dir)
    env = templates.env
    env.globals["static_url"] = _static_url_factory(settings.static_dir)
    env.globals["corpus_version"] = graph.version
    env.globals["url_with"] = url_with
    env.globals["url_without"] = url_without
    env.globals["current_url"] = current_url
    env.filters["plural"] = lambda n, word, many=None: f"{n} {word if n == 1 else (many or word + 's')}"
    env.filters["tally_parts"] = tally_parts
    env.filters["tally_text"] = tally_text
    return templates


def _static_url_factory(static_dir: Path):
    @functools.lru_cache(maxsize=256)
    def static_url(path: str) -> str:
        file = static_dir / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.is_file() else "missing"
        return f"/static/{path}?v={digest}"

    return static_url


def url_with(request: Request, path: str | None = None, **changes) -> str:
    """The current URL (or `path`) with query parameters replaced.

    A value of None removes the parameter; a list sets a repeated parameter;
    ('+', v) adds v to a repeated parameter. Paging resets unless it is changed.
    """
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    for key, value in changes.items():
        key = key.rstrip("_")
        if isinstance(value, tuple) and value[:1] == ("+",):
            if (key, str(value[1])) not in items:
                items.append((key, str(value[1])))
            continue
        items = [(k, v) for k, v in items if k != key]
        if value is None:
            continue
        items += [(key, str(v)) for v in (value if isinstance(value, list) else [value])]
    query = urlencode(items)
    return (path or request.url.path) + (f"?{query}" if query else "")


def url_without(request: Request, key: str, value=None) -> str:
    """The current URL without parameter `key` (or only without its value `value`)."""
    items = [(k, v) for k, v in request.query_params.multi_items()
             if k != "offset" and not (k == key and (value is None or v == str(value)))]
    query = urlencode(items)
    return request.url.path + (f"?{query}" if query else "")


def twin_url(request: Request) -> str:
    path = "/index" if request.url.path == "/" else request.url.path
    query = request.url.query
    return f"{path}.json" + (f"?{query}" if query else "")


def absolute_url(request: Request, path: str) -> str:
    return request.app.state.settings.origin + path


def current_url(request: Request) -> str:
    """The absolute URL of the current view, query included (what "Copy link" copies)."""
    query = request.url.query
    return absolute_url(request, request.url.path + (f"?{query}" if query else ""))


# One page is built at a time. Building is pure Python, so threads building pages side
# by side only share one GIL, and the event loop, which answers cached pages, would
# wait behind each of them in turn (16 clients on a large uncached page made a cached
# permalink wait 0.6 s). Behind this lock, waiting threads sleep without the GIL and the
# event loop contends with one builder at most.
_BUILDING = threading.Lock()


def page(router: APIRouter, path: str, template: str, section: str | None = None):
    """Register a view as an HTML page at `path` and as JSON at its `.json` twin."""

    def register(view):
        json_path = "/index.json" if path == "/" else f"{path}.json"

        @router.api_route(json_path, methods=["GET", "HEAD"], include_in_schema=False, name=f"{view.__name__}_json")
        # Plain functions: FastAPI runs them in its thread pool, so that rendering a large
        # page never holds the event loop while cached answers wait behind it.
        @functools.wraps(view)
        def as_json(*args, **kwargs):
            with _BUILDING:
                return JSONResponse(jsonable_encoder(view(*args, **kwargs)))

        @router.api_route(path, methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False,
                          name=view.__name__)
        @functools.wraps(view)
        def as_html(*args, **kwargs):
            request: Request = kwargs["request"]
            with _BUILDING:
                context = view(*args, **kwargs)
                context.update(section=section, json_url=twin_url(request),
                               canonical_url=absolute_url(request, request.url.path))
                return request.app.state.templates.TemplateResponse(request, template, context)

        return view

    return register
