"""Every URL a page or an answer names, built in one place (Datasette's url_builder is
the model): the current URL with parameters changed, a path with a query, a page's
JSON twin, and absolute URLs, which start with the configured origin only.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from starlette.requests import Request


def with_query(path: str, items) -> str:
    """`path` with the query `items` ((key, value) pairs, in order), if any."""
    query = urlencode(list(items))
    return path + (f"?{query}" if query else "")


def url_with(request: Request, path: str | None = None, **changes) -> str:
    """The current URL (or `path`) with query parameters replaced.

    A value of None removes the parameter; a list sets a repeated parameter;
    ('+', v) adds v to a repeated parameter. Paging resets unless it is changed.
    """
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    for key, value in changes.items():
        key = key.rstrip("_")
        if isinstance(value, tuple) and value[:1] == ("+",):
            if (key, str(value[1])) not in items:
                items.append((key, str(value[1])))
            continue
        items = [(k, v) for k, v in items if k != key]
        if value is None:
            continue
        items += [(key, str(v)) for v in (value if isinstance(value, list) else [value])]
    return with_query(path or request.url.path, items)


def url_without(request: Request, key: str, value=None) -> str:
    """The current URL without parameter `key` (or only without its value `value`)."""
    items = [
        (k, v)
        for k, v in request.query_params.multi_items()
        if k != "offset" and not (k == key and (value is None or v == str(value)))
    ]
    return with_query(request.url.path, items)


def twin_url(request: Request) -> str:
    """The page's JSON twin: its path + `.json` (`/index.json` for `/`), same query."""
    path = "/index" if request.url.path == "/" else request.url.path
    query = request.url.query
    return f"{path}.json" + (f"?{query}" if query else "")


def absolute_url(request: Request, path: str) -> str:
    """`path` under the configured public origin, never the request's Host header."""
    return request.app.state.settings.origin + path


def current_url(request: Request) -> str:
    """The absolute URL of the current view, query included (what "Copy link" copies)."""
    query = request.url.query
    return absolute_url(request, request.url.path + (f"?{query}" if query else ""))


def here(request: Request) -> str:
    """The current page's path and query: where logging in comes back to."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def local_path(target: str | None) -> str:
    """`target` when it is a path of this site, else "/": never another origin (a link
    elsewhere after logging in would be an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return "/" if parts.scheme or parts.netloc else target


def login_url(back_to: str) -> str:
    """The login page, coming back to the local path `back_to` afterwards."""
    back_to = local_path(back_to)
    return (
        "/login"
        if back_to in ("/", "/login") or back_to.startswith("/login?")
        else "/login?next=" + quote(back_to, safe="/")
    )
