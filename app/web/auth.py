"""Who may write: sessions in cookies, CSRF tokens, the login and logout pages.

Reading stays anonymous and the same for everyone; writing needs a curator's session.
`CuratorDep` (or `AdminDep`) on a write endpoint answers 401 without a valid session and
403 when an unsafe request lacks the session's CSRF token (header `X-CSRF-Token`, or
form field `csrf_token`). The token is read by the page's script from `/api/session`,
which is never cached. The session cookie is HttpOnly, SameSite=Lax, and Secure when the
public origin is https.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

import anyio.to_thread
from fastapi import APIRouter, Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import APIKeyCookie, APIKeyHeader

from app import accounts, database
from app.accounts import Curator
from app.web.rendering import page

__all__ = ["AdminDep", "Curator", "CuratorDep", "require_admin", "require_curator", "router"]

COOKIE = "argmap_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
NO_STORE = {"Cache-Control": "no-store"}

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
        raise HTTPException(401, "Log in as a curator to change the map.", headers={"WWW-Authenticate": "Cookie"})
    if request.method in UNSAFE:
        if given is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            given = (await request.form()).get(CSRF_FIELD)
        if not isinstance(given, str) or not accounts.same_secret(given, accounts.csrf_token(token)):
            raise HTTPException(403, "This change lacks the session's CSRF token; reload the page and try again.")
    return curator


async def require_admin(curator: Annotated[Curator, Depends(require_curator)]) -> Curator:
    """A logged-in admin; 403 for other curators."""
    if curator.role != "admin":
        raise HTTPException(403, "Only an admin may do this.")
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


def _local(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (never another origin)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


@page(router, "/login", "login.html")
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "/"):
    """The login form (the same for everyone: whether one is logged in is the script's business)."""
    return {"next": _local(next), "error": None, "title": "Log in"}


@router.post("/login", include_in_schema=False)
def log_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the name and password; on success set the session cookie and go to `next`."""
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
    response = RedirectResponse(_local(next), status_code=303, headers=NO_STORE)
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
    context = {"next": _local(next), "error": error, "title": "Log in", "section": None, "json_url": None}
    context["canonical_url"] = None
    return request.app.state.templates.TemplateResponse(
        request, "login.html", context, status_code=status, headers={**NO_STORE, **(headers or {})}
    )


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
