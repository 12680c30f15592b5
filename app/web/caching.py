"""HTTP caching keyed by the corpus version: ETag, Cache-Control, 304, and a small
server-side cache of rendered answers.

Every page, twin and API answer is a pure function of (corpus version, code and
templates, settings, URL). `ResponseCaching` therefore tags each 200 answer to a
GET/HEAD with a weak ETag made of the serving graph's version and a digest of the
code, templates and static files, and answers a matching `If-None-Match` with 304
before any work is done. A browser or CDN revalidates for the price of one header
comparison, and a new corpus (or deploy) changes every ETag at once.

With `memory_bytes > 0` it also keeps recently rendered bodies (before compression)
in an LRU bounded in bytes, keyed by (ETag, method, path, query): a shared permalink
hit by many readers is rendered once per corpus version and worker. Answers that
vary with anything else than the URL are never stored: only 200s to requests without
cookies or Authorization, whose response sets no cookie and no `Vary` other than
Accept-Encoding, Accept-Language and Cookie (the language is part of the ETag, so of
the key).

Static files keep the ETag that StaticFiles gives them; the ones requested with the
`?v=<digest>` that `static_url` puts in every page are immutable and cached for a year.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.language import negotiated_language

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
IMMUTABLE = b"public, max-age=31536000, immutable"


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


def _matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): W/"x" matches "x" and W/"x"."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def _keyed(vary: bytes) -> bool:
    """Whether the cache key covers what an answer varies on: the encoding (stored
    uncompressed) and the language (in the ETag)."""
    covered = {b"accept-encoding", b"accept-language", b"cookie"}
    return all(part.strip().lower() in covered for part in vary.split(b","))


class _BodyCache:
    """LRU of (status, headers, body) bounded by the total size of the bodies."""

    def __init__(self, max_bytes: int, max_item: int):
        self.max_bytes, self.max_item = max_bytes, max_item
        self.size = 0
        self.items: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self.lock = Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple):
        with self.lock:
            item = self.items.get(key)
            if item is None:
                self.misses += 1
                return None
            self.items.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: tuple, status: int, headers: list, body: bytes) -> None:
        if len(body) > self.max_item:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = (status, headers, body)
            self.size += len(body)
            while self.size > self.max_bytes and self.items:
                _, (_, _, old) = self.items.popitem(last=False)
                self.size -= len(old)


class ResponseCaching:
    """ASGI middleware: ETag + Cache-Control on 200 answers, 304 on If-None-Match,
    optional in-memory cache of rendered bodies. Add it inside GZipMiddleware (before
    it, with `app.add_middleware`) so that 304s and cached answers skip compression of
    nothing and the stored bodies are the uncompressed ones."""

    def __init__(
        self,
        app: ASGIApp,
        max_age: int = 60,
        s_maxage: int | None = None,
        memory_bytes: int = 64_000_000,
        max_item_bytes: int = 8_000_000,
        build: str | None = None,
        skip_prefixes: tuple[str, ...] = ("/static/",),
    ):
        self.app = app
        self.cache_control = f"public, max-age={max_age}".encode() + (
            f", s-maxage={s_maxage}".encode() if s_maxage is not None else b""
        )
        self.build = build
        self.skip_prefixes = skip_prefixes
        self.bodies = _BodyCache(memory_bytes, max_item_bytes) if memory_bytes > 0 else None

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
        return f'W/"{graph.version}-{self.build}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(self.skip_prefixes):
            await self._static(scope, receive, send)
            return
        etag = self._etag(scope)
        if etag is None:
            await self.app(scope, receive, send)
            return
        # the same URL says the same thing in another language: its own ETag and cache entry
        etag = f'{etag[:-1]}-{negotiated_language(scope)}"'
        request_headers = Headers(scope=scope)
        validators = [(b"etag", etag.encode()), (b"cache-control", self.cache_control)]
        if_none_match = request_headers.get("if-none-match")
        if if_none_match and _matches(if_none_match, etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": validators + [(b"vary", b"Accept-Encoding, Accept-Language, Cookie")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        storable = (
            self.bodies is not None and "cookie" not in request_headers and "authorization" not in request_headers
        )
        key = (etag, scope["method"], path, scope.get("query_string", b""))
        if storable:
            hit = self.bodies.get(key)
            if hit is not None:
                status, headers, body = hit
                await send({"type": "http.response.start", "status": status, "headers": list(headers)})
                await send({"type": "http.response.body", "body": body})
                return

        status = 0
        stored_headers: list = []
        chunks: list[bytes] = []

        async def send_tagged(message: Message) -> None:
            nonlocal status, stored_headers, storable
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"etag"]
                    if not any(k.lower() == b"cache-control" for k, _ in headers):
                        headers.append((b"cache-control", self.cache_control))
                    headers.append((b"etag", etag.encode()))
                    message["headers"] = headers
                    storable = storable and not any(
                        k.lower() == b"set-cookie" or (k.lower() == b"vary" and not _keyed(v)) for k, v in headers
                    )
                else:
                    storable = False
                status = message["status"]
                # a copy: outer middleware (gzip) edits the list it is sent in place
                stored_headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body" and storable:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.bodies.put(key, status, stored_headers, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, send_tagged)

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
