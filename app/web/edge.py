"""The outermost layer: answers already given, sent again without touching the app.

`create_app` puts it in front of the FastAPI app itself (app.web: `_App.__call__`), so
that a hit runs none of FastAPI's or Starlette's per-request code either.

Every page, twin and API answer is a pure function of (corpus version, code, settings,
URL, interface language, content encoding). `EdgeCache` wraps the whole app (security
headers included) and keeps the complete answers it has seen: status, final headers
(security headers, ETag, Cache-Control, Vary, Content-Encoding) and body, once per
content-encoding variant, plus the matching 304 headers. A hit is one dictionary
lookup and two `send` calls: no routing, no middleware, no per-request header work.

What may be cached is decided here and only here:
- `cacheable_request(scope, headers)`: GET or HEAD, outside the private paths (session,
  login, logout, adding a document, history, static files), without a curator's session cookie or an Authorization header;
- `storable_response(status, headers)`: a 200 that sets no cookie, is not marked
  private or no-store, and varies on nothing that `vary_key` leaves out;
- `vary_key(scope, headers, …)`: everything an answer varies on. The interface language is part of
  it (`app.web.language`, the one place that decides: `?lang=`, else the `lang` cookie,
  else Accept-Language), and the Host header when the app
  refuses unknown hosts (otherwise no answer depends on it: absolute URLs use the
  configured origin).

Each app (one per corpus generation, see app.reloading) has its own cache, and the key
holds the serving graph's version too: a data change is visible on the next request.
HEAD is answered from the GET's entry (same headers, no body) but never stores one.
Memory is bounded by the total size of the stored bodies (oldest entries leave first).
"""

from __future__ import annotations

from starlette.datastructures import State
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.language import language_of
from app.web.security import HEADERS as SECURITY_HEADERS

SESSION_COOKIE = b"argmap_session="
# Never cached: a curator's session, the pages rendered per session (logging in and out,
# adding a document, the history of changes and its undo; and anything whose path starts
# like them), and static files (StaticFiles revalidates them).
PRIVATE_PREFIXES = ("/api/session", "/login", "/logout", "/documents/new", "/history", "/static/")
# Interface languages, the first being the default; a translation adds its code here.
# What vary_key covers: a response varying on anything else is never stored.
COVERED_VARY = frozenset({"accept-encoding", "accept-language", "cookie"})
# The headers a 304 repeats from its 200 (RFC 9110 15.4.5, and the security headers that
# every answer carries).
NOT_MODIFIED_KEEPS = frozenset({b"etag", b"cache-control", b"vary", b"content-security-policy", *SECURITY_HEADERS})


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): W/"x" matches "x" and W/"x"."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


# The request headers the cache looks at, read in one pass (first value of each).
_READ = frozenset({b"cookie", b"authorization", b"accept-encoding", b"accept-language", b"host", b"if-none-match"})


def request_headers(scope: Scope) -> dict[bytes, bytes]:
    """The first value of each request header the cache looks at (ASGI names are lower case)."""
    found: dict[bytes, bytes] = {}
    for key, value in scope["headers"]:
        if key in _READ and key not in found:
            found[key] = value
    return found


def vary_key(scope: Scope, headers: dict[bytes, bytes], version: str, hosts: bool) -> tuple:
    """Everything an answer varies on: corpus version, path, query, language, encoding
    (as GZipMiddleware decides it) and, when unknown hosts are refused, the Host."""
    return (
        version,
        scope["path"],
        scope.get("query_string", b""),
        language_of(scope.get("query_string", b""), headers.get(b"cookie", b""), headers.get(b"accept-language", b"")),
        b"gzip" in headers.get(b"accept-encoding", b""),
        headers.get(b"host", b"").lower() if hosts else b"",
    )


def cacheable_request(scope: Scope, headers: dict[bytes, bytes]) -> bool:
    """Whether a request may be answered from the cache (and its answer stored)."""
    if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
        return False
    if scope["path"].startswith(PRIVATE_PREFIXES):
        return False
    return b"authorization" not in headers and SESSION_COOKIE not in headers.get(b"cookie", b"")


def storable_response(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether an answer may be stored: a 200 the same for every reader of its key."""
    if status != 200:
        return False
    for key, value in headers:
        key = key.lower()
        if key == b"set-cookie":
            return False
        if key == b"cache-control" and (b"no-store" in value or b"private" in value):
            return False
        if key == b"vary" and not {v.strip().lower() for v in value.decode("latin-1").split(",")} <= COVERED_VARY:
            return False
    return True


class _Entry:
    """One stored answer, its ASGI messages built once."""

    __slots__ = ("etag", "etag_bytes", "start", "body", "not_modified", "size")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes):
        self.etag_bytes = next((v for k, v in headers if k.lower() == b"etag"), None)
        self.etag = self.etag_bytes.decode("latin-1") if self.etag_bytes is not None else None
        self.start = {"type": "http.response.start", "status": status, "headers": headers}
        self.body = {"type": "http.response.body", "body": body}
        self.not_modified = {
            "type": "http.response.start",
            "status": 304,
            "headers": [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_KEEPS],
        }
        self.size = len(body) + 64 * len(headers)


_EMPTY_BODY = {"type": "http.response.body", "body": b""}


class EdgeCache:
    """ASGI middleware, outermost: serve stored answers, store the storable ones."""

    def __init__(self, app: ASGIApp, state: State, max_bytes: int = 64_000_000, max_item_bytes: int = 8_000_000):
        self.app = app
        # the app's state (its graph and settings) read as the plain dict behind it: a
        # hit reads the serving graph's version without a method call
        self.values: dict = state._state
        self._hosts: tuple[object, bool] = (None, False)  # (settings, whether they restrict hosts)
        self.max_bytes, self.max_item_bytes = max_bytes, max_item_bytes
        self.entries: dict[tuple, _Entry] = {}
        self.size = 0
        self.hits = self.misses = 0

    def _put(self, key: tuple, entry: _Entry) -> None:
        if entry.size > self.max_item_bytes or key in self.entries:
            return
        self.entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes and self.entries:
            self.size -= self.entries.pop(next(iter(self.entries))).size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        if not cacheable_request(scope, headers):
            await self.app(scope, receive, send)
            return
        values = self.values
        settings = values["settings"]
        if self._hosts[0] is not settings:
            self._hosts = (settings, bool(settings.hosts))
        key = vary_key(scope, headers, values["graph"].version, self._hosts[1])
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            if entry.etag is not None:
                if_none_match = headers.get(b"if-none-match")
                # the ETag sent back as is (what browsers and CDNs do), else the full comparison
                if if_none_match and (
                    if_none_match == entry.etag_bytes or etag_matches(if_none_match.decode("latin-1"), entry.etag)
                ):
                    await send(entry.not_modified)
                    await send(_EMPTY_BODY)
                    return
            await send(entry.start)
            await send(entry.body if scope["method"] == "GET" else _EMPTY_BODY)
            return
        self.misses += 1
        if scope["method"] != "GET":  # HEAD's answer has no body to store
            await self.app(scope, receive, send)
            return

        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def send_and_keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
                start = {"status": message["status"], "headers": headers}
                if not storable_response(message["status"], headers):
                    start = None
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(bytes(message.get("body", b"")))
                size += len(chunks[-1])
                if size > self.max_item_bytes:  # too big to keep: stop holding it
                    start, chunks[:] = None, []
                elif not message.get("more_body", False):
                    self._put(key, _Entry(start["status"], start["headers"], b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, send_and_keep)
