"""The web app: HTML pages with JSON twins, the JSON API and static assets.

`create_app(settings, graph)` builds a FastAPI app over one immutable
ArgumentGraph, loaded from the seeds when not given. Start-up fails, listing
every problem, on a broken map.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from app import __version__
from app.graph import ArgumentGraph
from app.search import build_index
from app.seeds import load_graph
from app.settings import Settings, get_settings
from app.web import adding, api, auth, curate, errors, exports, history, pages, writing
from app.web.caching import ResponseCaching
from app.web.edge import EdgeCache
from app.web.head import HeadAsGet
from app.web.language import Language
from app.web.limits import QueryLimits
from app.web.rendering import make_templates
from app.web.security import SecurityHeaders


class _App(FastAPI):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The cache of whole answers, in front of everything (FastAPI's own per-request
        # work included): a hit costs no routing and no header work (app.web.edge).
        self.edge = EdgeCache(super().__call__, self.state)

    async def __call__(self, scope, receive, send) -> None:
        await self.edge(scope, receive, send)

    def build_middleware_stack(self):
        # Outside Starlette's ServerErrorMiddleware, so that 500 answers carry the headers too.
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None, graph: ArgumentGraph | None = None) -> FastAPI:
    settings = settings or get_settings()
    graph = graph if graph is not None else load_graph(settings.seeds_dir)
    app = _App(
        title="Argmap",
        version=__version__,
        description="Debates as support/attack argument maps. Every HTML page also answers as JSON at the "
        "same path + `.json`; the `/api` endpoints below take the same filters.",
        openapi_tags=[{"name": "api", "description": "JSON API"}],
        docs_url=None,  # served by pages.api_docs from static/vendor/, under the app's CSP
        redoc_url=None,
        # Starlette's slash redirect names the request's Host; errors.py redirects with a path.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.graph = graph
    app.state.reloader = None  # the Reloadable serving this app, when one does (app.reloading)
    app.state.templates = make_templates(settings, graph)
    app.state.search_index = build_index(graph)
    app.add_middleware(Language)  # innermost: the request's language, current while it is answered
    app.add_middleware(ResponseCaching)  # inside GZip: ETags, and 304s that skip the app
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(QueryLimits)
    if settings.hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.hosts)
    app.add_middleware(HeadAsGet)  # outermost: HEAD is routed, limited and cached as the GET it mirrors
    errors.install(app)
    writing.install(app)
    app.include_router(auth.router)
    app.include_router(history.router)
    app.include_router(api.router)
    curate.install(app)
    app.include_router(adding.router)  # before pages: /documents/new is not a document id
    app.include_router(pages.router)
    app.include_router(exports.router)
    auth.document_writes(app)
    app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    return app
