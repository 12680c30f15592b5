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
from typing import Callable

import jinja2
from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from app import i18n
from app.graph import ArgumentGraph
from app.settings import Settings
from app.web import language, urls
from app.web.params import FILTER_KEYS, REPEATED_FILTERS
from app.web.views import origin_name, tally_parts, tally_text


def make_templates(settings: Settings, graph: ArgumentGraph) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(settings.templates_dir),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Interface strings are marked for translation (`{{ _("…") }}`, `{% trans %}`) and
    # said in the request's language (app.web.language)
    env.install_null_translations(newstyle=True)
    templates = Jinja2Templates(env=env)
    env.globals.update(gettext=_template_gettext, _=_template_gettext, ngettext=_template_ngettext)
    env.globals["language"] = i18n.current
    env.globals["language_switch"] = language.switch_links
    env.globals["link_language"] = language.link_language
    env.filters["number"] = i18n.number
    env.filters["percent"] = i18n.percent
    env.filters["day"] = i18n.day
    env.filters["quoted"] = lambda text: _template_gettext(i18n.QUOTED, text=text)
    env.filters["pick"] = lambda key, names: names.get(key, key)  # a value's name in the page's language
    env.globals["static_url"] = _static_url_factory(settings.static_dir)
    env.globals["corpus_version"] = graph.version
    # who can be named as an argument's speaker, for the curation forms
    env.globals["people"] = sorted(graph.corpus.people.values(), key=lambda p: p.name.casefold())
    env.globals["url_with"] = urls.url_with
    env.globals["url_without"] = urls.url_without
    env.globals["current_url"] = urls.current_url
    env.globals["here_of"] = urls.here
    env.globals["login_url"] = urls.login_url
    # the filter keys, for the map's script (the same codec as the server's, not a copy)
    env.globals["filter_keys"] = FILTER_KEYS
    env.globals["repeated_filters"] = REPEATED_FILTERS
    env.filters["tally_parts"] = tally_parts
    env.filters["tally_text"] = tally_text
    env.globals["origin_name"] = origin_name
    return templates


def _template_gettext(message: str, /, **variables) -> Markup:
    """`_()` in templates: the translation (written by us, so markup-safe), with
    `variables` escaped into it."""
    text = Markup(i18n.translations(i18n.current()).gettext(message))
    return text % variables if variables else text


def _template_ngettext(singular: str, plural: str, n: int, /, **variables) -> Markup:
    """`ngettext()` in templates: the form for `n`, `%(num)s` written for the locale.
    Positional-only, so that a template's `{% trans n=… %}…{% pluralize %}` may name its
    count `n` too."""
    text = Markup(i18n.translations(i18n.current()).ngettext(singular, plural, n))
    return text % {"num": i18n.number(n), **variables}


def _static_url_factory(static_dir: Path):
    @functools.lru_cache(maxsize=256)
    def static_url(path: str) -> str:
        file = static_dir / path
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10] if file.is_file() else "missing"
        return f"/static/{path}?v={digest}"

    return static_url


# One page is built at a time. Building is pure Python, so threads building pages side
# by side only share one GIL, and the event loop, which answers cached pages, would
# wait behind each of them in turn (16 clients on a large uncached page made a cached
# permalink wait 0.6 s). Behind this lock, waiting threads sleep without the GIL and the
# event loop contends with one builder at most.
_BUILDING = threading.Lock()


def page(
    router: APIRouter,
    path: str,
    template: str,
    section: str | None = None,
    reader: Callable[[Request], dict] | None = None,
    headers: dict[str, str] | None = None,
):
    """Register a view as an HTML page at `path` and as JSON at its `.json` twin.

    `reader(request)` adds what the HTML page shows of the reader (who is logged in) to
    the template's context, never to the JSON; `headers` go on both answers."""

    def register(view):
        json_path = "/index.json" if path == "/" else f"{path}.json"

        @router.api_route(json_path, methods=["GET", "HEAD"], include_in_schema=False, name=f"{view.__name__}_json")
        # Plain functions: FastAPI runs them in its thread pool, so that rendering a large
        # page never holds the event loop while cached answers wait behind it.
        @functools.wraps(view)
        def as_json(*args, **kwargs):
            with _BUILDING:
                return JSONResponse(jsonable_encoder(view(*args, **kwargs)), headers=headers)

        @router.api_route(
            path, methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False, name=view.__name__
        )
        @functools.wraps(view)
        def as_html(*args, **kwargs):
            request: Request = kwargs["request"]
            with _BUILDING:
                context = view(*args, **kwargs)
                context.update(
                    section=section,
                    json_url=urls.twin_url(request),
                    canonical_url=urls.absolute_url(request, request.url.path),
                )
                if reader is not None:
                    context.update(reader(request))
                return request.app.state.templates.TemplateResponse(request, template, context, headers=headers)

        return view

    return register
