"""Who may write: sessions in cookies, CSRF tokens, the login and logout pages.

Reading stays anonymous and the same for everyone; writing needs a curator's session.
`CuratorDep` (or `AdminDep`) on a write endpoint answers 401 without a valid session and
403 when an unsafe request lacks the session's CSRF token (header `X-CSRF-Token`, or
form field `csrf_token`). The session cookie is HttpOnly, SameSite=Lax, and Secure when
the public origin is https.

Cached pages are the same for everyone: their scripts read the token from `/api/session`,
which is never cached. The few pages that hold a write form (`private_page`: adding a
document, the history and its undo, logging in and out) are private instead: never
stored by any cache, rendered per session with the token in a hidden `csrf_token` field,
so that they work without JavaScript; an anonymous reader gets them without the form,
with a link to log in and come back. The login form itself only accepts posts made
from this site's pages (Origin, else Referer), so that no other site can log a reader
in to an account of its choosing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Callable
from urllib.parse import urlsplit

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie, APIKeyHeader

from app import accounts, database
from app.accounts import Curator
from app.i18n import N_, gettext
from app.web import urls
from app.web.rendering import page

__all__ = [
    "AdminDep",
    "Curator",
    "CuratorDep",
    "private_page",
    "reader",
    "require_admin",
    "require_curator",
    "router",
]

COOKIE = "argmap_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
NO_STORE = {"Cache-Control": "no-store"}
# A page rendered for one session: neither the browser's history cache nor any shared
# cache may keep it (it holds the session's CSRF token).
PRIVATE = {"Cache-Control": "private, no-store"}
# Bytes of a form body beyond an uploaded file: boundaries and the other fields.
FORM_SLACK = 64_000
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
TOO_LARGE = N_("The request is larger than this site accepts.")

router = APIRouter()

# Declared as security schemes, so that every guarded endpoint names them in OpenAPI.
_SESSION_SCHEME = APIKeyCookie(
    name=COOKIE, scheme_name="session", auto_error=False, description="The session cookie set by `POST /login`."
)
_CSRF_SCHEME = APIKeyHeader(
    name=CSRF_HEADER,
    scheme_name="csrf",
    auto_error=False,
    description="The `csrf_token` of `GET /api/session` (or a `csrf_token` form field).",
)


def _session(request: Request) -> tuple[Curator | None, str | None]:
    """The request's curator and session token, (None, None) without a valid session.
    A request without the cookie never touches the database."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None, None
    with database.session(request.app.state.settings) as db:
        curator = accounts.session_curator(db, token, accounts.now_utc())
    return (curator, token) if curator else (None, None)


async def require_curator(
    request: Request,
    _cookie: Annotated[str | None, Depends(_SESSION_SCHEME)] = None,
    given: Annotated[str | None, Depends(_CSRF_SCHEME)] = None,
) -> Curator:
    """The logged-in curator; 401 without a session, 403 when an unsafe method lacks the
    session's CSRF token."""
    curator, token = await anyio.to_thread.run_sync(_session, request)
    if curator is None:
        raise HTTPException(
            401, gettext("Log in as a curator to change the map."), headers={"WWW-Authenticate": "Cookie"}
        )
    if request.method in UNSAFE:
        if given is None and request.headers.get("content-type", "").startswith(FORMS):
            given = await _form_token(request)
        if not isinstance(given, str) or not accounts.same_secret(given, accounts.csrf_token(token)):
            raise HTTPException(
                403, gettext("This change lacks the session's CSRF token; reload the page and try again.")
            )
    return curator


async def _form_token(request: Request) -> object:
    """The `csrf_token` field of a posted form. The body is read once, at most as large as
    an upload may be (413 beyond), and kept for the endpoint to read again."""
    most = request.app.state.settings.max_upload_bytes + FORM_SLACK
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > most:
        raise HTTPException(413, gettext(TOO_LARGE))
    chunks, received = [], 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > most:
                raise HTTPException(413, gettext(TOO_LARGE))
            chunks.append(chunk)
    except RuntimeError:  # already read: an endpoint's Form fields made FastAPI parse the form
        return (await request.form()).get(CSRF_FIELD)
    request._body = b"".join(chunks)  # Starlette's own cache of the body: stream() and form() replay it
    try:
        return (await request.form()).get(CSRF_FIELD)
    except Exception:  # malformed form: no token in it
        return None


async def require_admin(curator: Annotated[Curator, Depends(require_curator)]) -> Curator:
    """A logged-in admin; 403 for other curators."""
    if curator.role != "admin":
        raise HTTPException(403, gettext("Only an admin may do this."))
    return curator


CuratorDep = Annotated[Curator, Depends(require_curator)]
AdminDep = Annotated[Curator, Depends(require_admin)]


@router.get("/api/session", tags=["api"], summary="Who is logged in, and the CSRF token of their writes")
def current_session(request: Request) -> JSONResponse:
    """`{"curator": {"name", "role"} | null, "csrf_token": str | null}`. Every write endpoint
    needs the session cookie set by `POST /login` and this token in the `X-CSRF-Token`
    header (or a `csrf_token` form field); without them it answers 401 or 403."""
    curator, token = _session(request)
    body = {
        "curator": {"name": curator.name, "role": curator.role} if curator else None,
        "csrf_token": accounts.csrf_token(token) if token else None,
    }
    return JSONResponse(body, headers=NO_STORE)


def reader(request: Request, known: Curator | None = None) -> dict:
    """What a private page shows of its reader: `viewer` (name, role and the session's
    CSRF token, or None for an anonymous reader) and `here`, the page's own path and
    query, where logging in returns to. `known`: the curator a write endpoint already
    let in, whose form is shown again to them."""
    curator, token = _session(request)
    curator = curator or known
    viewer = None
    if curator is not None:
        viewer = {"name": curator.name, "role": curator.role, "csrf_token": accounts.csrf_token(token) if token else ""}
    return {"viewer": viewer, "here": urls.here(request)}


def private_page(router: APIRouter, path: str, template: str, section: str | None = None) -> Callable:
    """`rendering.page`, rendered per session (`reader`) and never cached (`PRIVATE`)."""
    return page(router, path, template, section, reader=reader, headers=PRIVATE)


@private_page(router, "/login", "login.html")
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "/"):
    """The login form; a reader already logged in is told so, with a link to log out."""
    return {"next": urls.local_path(next), "error": None, "title": "Log in"}


def same_origin(request: Request) -> bool:
    """Whether an unsafe request comes from this site's own pages: its Origin header, or
    its Referer's origin when a browser sent no Origin, is this site's. A request with
    neither comes from no web page (a script, a command line), which no other site can
    make a browser send."""
    sent = request.headers.get("origin")
    if sent is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True
        parts = urlsplit(referer)
        sent = f"{parts.scheme}://{parts.netloc}"
    ours = {request.app.state.settings.origin.lower()}
    if "host" in request.headers:  # the address the browser used, behind a proxy's too
        ours.add(f"{request.url.scheme}://{request.headers['host']}".lower())
    return sent.lower() in ours


@router.post("/login", include_in_schema=False)
def log_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the name and password; on success set the session cookie and go to `next`.
    A form posted from another site's page is refused (403) before anything is checked."""
    if not same_origin(request):
        return _login_again(request, next, {"foreign": True}, 403)
    settings = request.app.state.settings
    address = request.client.host if request.client else "unknown"
    now = accounts.now_utc()
    try:
        with database.session(settings) as db:
            curator = accounts.authenticate(
                db,
                name,
                password,
                address,
                now,
                limit=settings.login_failures,
                window=timedelta(minutes=settings.login_window_minutes),
            )
            token = curator and accounts.open_session(db, curator, now, timedelta(days=settings.session_days))
    except accounts.RateLimited as limited:
        minutes = max(1, round(limited.retry_after / 60))
        return _login_again(request, next, {"limited": minutes}, 429, {"Retry-After": str(limited.retry_after)})
    if curator is None:
        return _login_again(request, next, {"wrong": True}, 401)
    response = RedirectResponse(urls.local_path(next), status_code=303, headers=NO_STORE)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(timedelta(days=settings.session_days).total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.origin.startswith("https:"),
    )
    return response


def _login_again(request: Request, next: str, error: dict, status: int, headers: dict | None = None) -> Response:
    """The login form again, saying why (the template words it: `wrong`, or `limited`
    with the minutes to wait)."""
    context = {"next": urls.local_path(next), "error": error, "title": "Log in", "section": None, "json_url": None}
    context.update(canonical_url=None, viewer=None, here="/login")
    return request.app.state.templates.TemplateResponse(
        request, "login.html", context, status_code=status, headers={**PRIVATE, **(headers or {})}
    )


@private_page(router, "/logout", "logout.html")
def logout_page(request: Request):
    """ "Log out?" with the form that does it: where a page without JavaScript links to."""
    return {}


# The header's form, like the login form, is a page's and not the API's: outside the schema.
@router.post("/logout", include_in_schema=False)
def log_out(request: Request, curator: CuratorDep) -> Response:
    """End the current session (the page's "Log out" form sends its CSRF token)."""
    with database.session(request.app.state.settings) as db:
        accounts.close_session(db, request.cookies[COOKIE])
    response = RedirectResponse("/", status_code=303, headers=NO_STORE)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
    return response


def document_writes(app: FastAPI) -> None:
    """Every endpoint guarded by `require_curator` (it names the session and CSRF schemes)
    documents its 401 and 403 answers in the OpenAPI schema."""
    build = app.openapi

    def openapi() -> dict:
        schema = build()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if not any("session" in need for need in operation.get("security", [])):
                    continue
                operation["security"] = [{"session": [], "csrf": []}]  # both at once, not either
                responses = operation.setdefault("responses", {})
                responses.setdefault("401", {"description": "Not logged in: no valid session cookie"})
                responses.setdefault(
                    "403", {"description": "No CSRF token of the session, or a role that may not do this"}
                )
        return schema

    app.openapi = openapi
