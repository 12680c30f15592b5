"""HTTP caching keyed by the corpus version: ETag, Cache-Control, 304, and a small
server-side cache of rendered answers.

Every page, twin and API answer is a pure function of (corpus version, code and
templates, settings, URL). `ResponseCaching` therefore tags each 200 answer to a
GET/HEAD with a weak ETag made of the serving graph's version and a digest of the
code, templates and static files, and answers a matching `If-None-Match` with 304
before any work is done. A browser or CDN revalidates before each use, for the price
of one header comparison, and a new corpus (or deploy) changes every ETag at once.

Keeping whole answers, and sending them again without running the app, is the job of
the outermost layer, `app.web.edge.EdgeCache`.

Static files keep the ETag that StaticFiles gives them; the ones requested with the
`?v=<digest>` that `static_url` puts in every page are immutable and cached for a year.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web import edge
from app.web.edge import etag_matches
from app.web.language import negotiated_language

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
IMMUTABLE = b"public, max-age=31536000, immutable"
NO_STORE = b"no-store"
# a curator's session, logging in and out, the history: per reader or per write, never tagged
UNCACHED = tuple(p for p in edge.PRIVATE_PREFIXES if p != "/static/")


def build_digest(*folders: Path, extra: str = "") -> str:
    """A digest of every file under the folders (code, templates, static assets)."""
    digest = hashlib.sha256(extra.encode())
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.stat().st_size < 50_000_000:
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class ResponseCaching:
    """ASGI middleware: ETag + Cache-Control on 200 answers, 304 on If-None-Match. Add it
    inside GZipMiddleware (before it, with `app.add_middleware`) so that 304s skip it."""

    def __init__(
        self,
        app: ASGIApp,
        max_age: int = 0,
        s_maxage: int | None = None,
        build: str | None = None,
        skip_prefixes: tuple[str, ...] = ("/static/",),
    ):
        self.app = app
        # A curator's edit may change any page at any time, so by default a browser checks
        # the ETag before each use (`no-cache`): the 304 costs microseconds, and nobody
        # is shown a page older than the corpus it asked after.
        freshness = f"max-age={max_age}" if max_age else "no-cache"
        self.cache_control = f"public, {freshness}".encode() + (
            f", s-maxage={s_maxage}".encode() if s_maxage is not None else b""
        )
        self.build = build
        self.skip_prefixes = skip_prefixes

    def _etag(self, scope: Scope) -> str | None:
        state = getattr(scope.get("app"), "state", None)
        graph = getattr(state, "graph", None)
        if graph is None:
            return None
        if self.build is None:
            settings = getattr(state, "settings", None)
            folders = [PROJECT_ROOT / "app", PROJECT_ROOT / "locale"]
            if settings is not None:
                folders += [Path(settings.templates_dir), Path(settings.static_dir)]
            self.build = build_digest(*folders, extra=getattr(settings, "base_url", "") or "")
        # answers in another language than the default, chosen by cookie or Accept-Language
        # (not by the URL), are other representations: their ETag differs, or a reader
        # switching language would be told that the page they hold is still good
        return f'W/"{graph.version}-{self.build}-{negotiated_language(scope)}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if scope["method"] not in ("GET", "HEAD") or path.startswith(UNCACHED):
            await self._uncached(scope, receive, send)
            return
        if path.startswith(self.skip_prefixes):
            await self._static(scope, receive, send)
            return
        etag = self._etag(scope)
        if etag is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        validators = [(b"etag", etag.encode()), (b"cache-control", self.cache_control)]
        if_none_match = headers.get("if-none-match")
        if if_none_match and etag_matches(if_none_match, etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    # in the order a 200 gets them: the language's, then compression's
                    "headers": validators + [(b"vary", b"Accept-Language, Cookie, Accept-Encoding")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and _sets_cookie(message.get("headers", [])):
                message["headers"] = _no_store(message.get("headers", []))
            elif (
                message["type"] == "http.response.start"
                and message["status"] == 200
                and not _private(message.get("headers", []))
            ):
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"etag"]
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", self.cache_control))
                headers.append((b"etag", etag.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_tagged)

    async def _uncached(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Writes, and answers that vary per session or per write: never tagged, never
        marked cacheable (a cookie-setting answer loses any cacheable Cache-Control)."""

        async def send_uncached(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                if _sets_cookie(headers) or not any(k.lower() == b"cache-control" for k, _ in headers):
                    message["headers"] = _no_store(headers)
            await send(message)

        await self.app(scope, receive, send_uncached)

    async def _static(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Versioned asset URLs (?v=digest) never change: let browsers keep them. Others
        (the map's ES modules, imported by relative URL) are revalidated on every use, so
        a deploy never mixes old and new modules."""
        if b"v=" not in scope.get("query_string", b""):

            async def send_revalidated(message: Message) -> None:
                if message["type"] == "http.response.start" and message["status"] in (200, 304):
                    message["headers"] = [
                        (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                    ] + [(b"cache-control", b"no-cache")]
                await send(message)

            await self.app(scope, receive, send_revalidated)
            return

        async def send_immutable(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                message["headers"] = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"cache-control"
                ] + [(b"cache-control", IMMUTABLE)]
            await send(message)

        await self.app(scope, receive, send_immutable)


def _sets_cookie(headers: list) -> bool:
    return any(k.lower() == b"set-cookie" for k, _ in headers)


def _private(headers: list) -> bool:
    """Marked by the app as not for shared caches (a job's progress, a one-off answer)."""
    return any(k.lower() == b"cache-control" and (b"no-store" in v or b"private" in v) for k, v in headers)


def _no_store(headers: list) -> list:
    """`headers` without validators or caching directives, and with `no-store`."""
    return [(k, v) for k, v in headers if k.lower() not in (b"cache-control", b"etag")] + [(b"cache-control", NO_STORE)]
