"""Limits on what a request may ask: the size of its query string and the number of
its parameters, refused before any routing or parsing with the same error answers as
every other bad request (a styled page in a browser, JSON for the API)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.web import errors


class QueryLimits:
    """ASGI middleware: refuse absurd query strings before any parsing (414 when longer
    than `max_query_bytes`, 400 with more than `max_params` parameters). Real URLs of the
    app are far below both; a reverse proxy usually enforces a similar limit too."""

    max_query_bytes = 8192
    max_params = 500

    def __init__(self, app: ASGIApp, max_query_bytes: int | None = None, max_params: int | None = None):
        self.app = app
        if max_query_bytes is not None:
            self.max_query_bytes = max_query_bytes
        if max_params is not None:
            self.max_params = max_params

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query: bytes = scope.get("query_string", b"")
            status = None
            if len(query) > self.max_query_bytes:
                status, detail = (
                    414,
                    (
                        f"This address is too long: its filters take more than "
                        f"{self.max_query_bytes // 1024} KB. Remove some of them, or start again "
                        "from the list of arguments."
                    ),
                )
            elif query.count(b"&") >= self.max_params:
                status, detail = 400, f"This address has more than {self.max_params} parameters. Remove some of them."
            if status is not None:
                # the styled page for a browser, JSON for the API (decided where every error is)
                response = errors.answer(Request(scope), status, detail, headers={"Cache-Control": "no-store"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
