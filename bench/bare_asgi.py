"""The ceiling of the HTTP figures: the smallest ASGI app, answering a fixed body of
ARGMAP_BARE_BYTES bytes to every request, run by the same uvicorn as the app
(`uvicorn bare_asgi:app --app-dir bench`). Nothing the app does per request can be
faster than this. With ARGMAP_BARE_HEADERS (a JSON list of [name, value]), it sends
those headers too: what the server itself spends on the app's headers. With
ARGMAP_BARE_STATUS=304, it answers 304 Not Modified with those headers and no body: the
ceiling of a revalidation."""

from __future__ import annotations

import json
import os

STATUS = int(os.environ.get("ARGMAP_BARE_STATUS", "200"))
BODY = b"" if STATUS == 304 else b"x" * int(os.environ.get("ARGMAP_BARE_BYTES", "6000"))
EXTRA = [(k.lower().encode(), v.encode()) for k, v in json.loads(os.environ.get("ARGMAP_BARE_HEADERS", "[]"))]
OWN = (
    []
    if STATUS == 304
    else [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(BODY)).encode())]
)
START = {
    "type": "http.response.start",
    "status": STATUS,
    "headers": OWN + [(k, v) for k, v in EXTRA if k not in (b"content-type", b"content-length")],
}
RESPONSE = {"type": "http.response.body", "body": BODY}


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":  # lifespan: nothing to set up
        return
    await send(START)
    await send(RESPONSE)
