"""The interface's language: which one a request gets, and its translations.

`negotiated_language(scope_or_request)` is the one place that decides: `?lang=fr|en`
wins, else the `lang` cookie, else the browser's `Accept-Language` (Babel's
`negotiate_locale`), else English. URLs and permalinks are the same in both
languages; only what the page says changes.

`Language` (ASGI middleware) makes that choice current for the request (`gettext`,
`ngettext` and the templates' `_()` read it), says it in `Content-Language` and
`Vary` on every answer but static files (pages, labels in the API and preview cards
are in that language), and remembers a page's `?lang=` choice in a cookie, on an
answer that no cache keeps.

What the interface says in each language is in app.i18n.
"""

from __future__ import annotations

import contextlib
import functools
from contextvars import ContextVar
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from babel.core import negotiate_locale
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import DEFAULT, LANGUAGES, current, using
from app.web.urls import with_query

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
# What the interface says in each language, in that language: the switch's words.
NAMES = {"en": "English", "fr": "Français"}


_asked: ContextVar[str | None] = ContextVar("asked_language", default=None)


def link_language() -> str | None:
    """The language the link being answered names (`?lang=`), if any: what its preview
    card is drawn in."""
    return _asked.get()


def _chosen(value: str | None) -> str | None:
    """`value` if it names an interface language (`fr`, `FR`, `fr-CA`…), else None."""
    if not value:
        return None
    primary = value.strip().lower().split("-")[0].split("_")[0]
    return primary if primary in LANGUAGES else None


def _accepted(header: str) -> list[str]:
    """The languages of an Accept-Language header, most wanted first (q=0 dropped)."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            weighted.append((-quality, position, tag.strip().replace("-", "_")))
    return [tag for _, _, tag in sorted(weighted)]


def query_language(scope: Scope) -> str | None:
    """The language a `?lang=` parameter asks for, if it names one."""
    query = scope.get("query_string", b"").decode("latin-1")
    asked = [v for k, v in parse_qsl(query, keep_blank_values=True) if k == "lang"]
    return _chosen(asked[-1]) if asked else None


def negotiated_language(scope_or_request) -> str:
    """ "en" or "fr" for a request (an ASGI scope or a Starlette request): `?lang=`,
    else the `lang` cookie, else Accept-Language, else English. Every answer that says
    something in words depends on it, so the response caches key on it too."""
    scope = scope_or_request.scope if isinstance(scope_or_request, HTTPConnection) else scope_or_request
    cookie = accept = b""
    for key, value in scope.get("headers", ()):
        if key == b"cookie" and not cookie:
            cookie = value
        elif key == b"accept-language" and not accept:
            accept = value
    return language_of(scope.get("query_string", b""), cookie, accept)


@functools.lru_cache(maxsize=1024)
def language_of(query_string: bytes, cookie: bytes, accept_language: bytes) -> str:
    """The language the three things a request says decide (see `negotiated_language`);
    remembered, since a few combinations make almost every request and the outermost
    cache asks for each one."""
    asked = query_language({"query_string": query_string})
    if asked:
        return asked
    if cookie:
        jar = SimpleCookie()
        with contextlib.suppress(Exception):
            jar.load(cookie.decode("latin-1"))
        remembered = _chosen(jar[COOKIE].value) if COOKIE in jar else None
        if remembered:
            return remembered
    if accept_language:
        found = negotiate_locale(_accepted(accept_language.decode("latin-1"))[:20], LANGUAGES, sep="_")
        return _chosen(found) or DEFAULT
    return DEFAULT


def switch_links(request, path: str | None = None) -> list[dict]:
    """The language switch: the current URL with each `?lang=`, other parameters kept;
    or `path`, a local path and its query: a crash page switches on the home page, not
    on what crashed, and a refused form on the page it was posted from."""
    if path:
        path, _, query = path.partition("?")
        items = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    else:
        items = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [
        {
            "code": code,
            "name": NAMES[code],
            "url": with_query(path or request.url.path, [*items, ("lang", code)]),
            "current": code == current(),
        }
        for code in LANGUAGES
    ]


class Language:
    """ASGI middleware: the request's language is current while it is answered; HTML
    answers say which (`Content-Language`) and on what it depends (`Vary`); a `?lang=`
    choice is remembered in a cookie, on an answer kept by no cache."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        language = negotiated_language(scope)
        asked = query_language(scope)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = Headers(raw=message.get("headers", []))
                if not scope["path"].startswith("/static/"):
                    extra = [(b"content-language", language.encode())]
                    vary = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
                    vary += [v for v in ("Accept-Language", "Cookie") if v not in vary]
                    raw = [
                        (k, v) for k, v in message.get("headers", []) if k.lower() not in (b"vary", b"content-language")
                    ]
                    raw += [*extra, (b"vary", ", ".join(vary).encode())]
                    if asked and headers.get("content-type", "").startswith("text/html"):
                        cookie = f"{COOKIE}={asked}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                        raw = [(k, v) for k, v in raw if k.lower() != b"cache-control"]
                        raw += [(b"set-cookie", cookie.encode()), (b"cache-control", b"private, no-store")]
                    message["headers"] = raw
            await send(message)

        token = _asked.set(asked)
        try:
            with using(language):
                await self.app(scope, receive, send_with_language)
        finally:
            _asked.reset(token)
