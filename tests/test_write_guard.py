"""Every write needs a curator: each POST, PUT, PATCH and DELETE endpoint of the API, as
the OpenAPI schema lists them (so endpoints added later are covered as they come),
answers 401 without a session and 403 with a session but without its CSRF token, and
documents both. The login and logout forms of the pages are the only unsafe routes
outside the schema; logging out is guarded as any write is."""

from __future__ import annotations

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from app.reloading import Reloadable
from app.web import create_app
from app.web.auth import AdminDep
from tests.curators import add, log_in, served, settings_for

UNSAFE = ("post", "put", "patch", "delete")


@pytest.fixture
def settings(empty_database, seeds_full_copy):
    return settings_for(empty_database, seeds_full_copy)


@pytest.fixture
def schema(settings, seed_graph) -> dict:
    return create_app(settings, seed_graph).openapi()


def sample(parameter: dict) -> str:
    """A value of the parameter's type, for a path to exist."""
    kind = parameter.get("schema", {}).get("type")
    return "1" if kind in ("integer", "number") else "x"


def writes(schema: dict) -> list[tuple[str, str]]:
    """(method, concrete path) of every unsafe operation of the schema."""
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in UNSAFE:
                concrete = path
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path":
                        concrete = concrete.replace("{" + parameter["name"] + "}", sample(parameter))
                found.append((method, concrete))
    return found


def every_route(routes):
    """The app's routes, those of included routers too."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from every_route(included.routes)
        else:
            yield route


def test_the_schema_lists_the_writes_there_are(schema):
    assert ("post", "/api/history/1/undo") in writes(schema)


def test_every_unsafe_route_but_the_login_and_logout_forms_is_in_the_schema(settings, seed_graph, schema):
    app = create_app(settings, seed_graph)
    unsafe = {
        (method.lower(), route.path)
        for route in every_route(app.routes)
        for method in getattr(route, "methods", None) or ()
        if method.lower() in UNSAFE
    }
    assert ("post", "/api/history/{n}/undo") in unsafe
    listed = {(m, p) for p, ops in schema["paths"].items() for m in ops if m in UNSAFE}
    assert unsafe - listed == {("post", "/login"), ("post", "/logout")}


def test_every_write_documents_its_401_and_403_and_the_session_it_needs(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method in UNSAFE:
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
                assert operation["security"] == [{"session": [], "csrf": []}], (method, path)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["session"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "argmap_session",
        "description": "The session cookie set by `POST /login`.",
    }
    assert schemes["csrf"]["in"] == "header" and schemes["csrf"]["name"] == "X-CSRF-Token"


def test_every_write_answers_401_without_a_session(settings, seed_graph, schema):
    client = served(settings, seed_graph)
    for method, path in writes(schema) + [("post", "/logout")]:
        res = client.request(method.upper(), path)
        assert res.status_code == 401, (method, path, res.text)
        assert "Log in as a curator to change the map." in res.text, (method, path)


def test_every_write_answers_403_with_a_session_but_no_csrf_token(settings, seed_graph, schema):
    add(settings, "ana")
    client = served(settings, seed_graph)
    token = log_in(client)
    for method, path in writes(schema) + [("post", "/logout")]:
        for headers in ({}, {"X-CSRF-Token": token[:-1] + ("A" if token[-1] != "A" else "B")}):
            res = client.request(method.upper(), path, headers=headers)
            assert res.status_code == 403, (method, path, headers, res.text)
        res = client.request(method.upper(), path, data={"csrf_token": "not-the-token"})
        assert res.status_code == 403, (method, path, "form", res.text)
        # a page's form that uploads a file (multipart) carries its token the same way
        upload = {"file": ("note.txt", b"Une note.", "text/plain")}
        res = client.request(method.upper(), path, files=upload, data={"csrf_token": "not-the-token"})
        assert res.status_code == 403, (method, path, "multipart form", res.text)


def test_a_session_cookie_from_another_site_does_not_count(settings, seed_graph, schema):
    client = served(settings, seed_graph)
    client.cookies.set("argmap_session", "made-up")
    for method, path in writes(schema) + [("post", "/logout")]:
        assert client.request(method.upper(), path, headers={"X-CSRF-Token": "x"}).status_code == 401


def test_an_admin_only_endpoint_refuses_a_curator_with_403(settings, seed_graph):
    router = APIRouter()

    @router.post("/api/admin-only-test")
    def admin_only(curator: AdminDep) -> dict:
        return {"name": curator.name}

    add(settings, "ana")
    add(settings, "root", role="admin")

    def build(graph):
        app = create_app(settings, graph)
        app.include_router(router)
        return app

    client = TestClient(Reloadable(build, lambda: seed_graph, seed_graph))
    token = log_in(client, "ana")
    assert client.post("/api/admin-only-test", headers={"X-CSRF-Token": token}).status_code == 403
    client.cookies.clear()
    token = log_in(client, "root")
    assert client.post("/api/admin-only-test", headers={"X-CSRF-Token": token}).json() == {"name": "root"}


def test_every_form_of_the_pages_posts_to_a_guarded_write_with_the_sessions_token(settings, seed_graph, schema):
    """The pages that hold write forms, as a logged-in curator gets them: each form posts
    to a write of the walk above (or the logout form), with the session's token."""
    import re

    from app import accounts, database, history
    from app.store import Store

    add(settings, "ana")
    change = Store(settings.seeds_dir).change("A change to undo", lambda files: files.write_text("notes/x.txt", "x"))
    with database.session(settings) as db:
        history.record(db, "ana", change, [], accounts.now_utc())
    client = served(settings, seed_graph)
    token = log_in(client)
    guarded = {path for method, path in writes(schema) + [("post", "/logout")] if method == "post"}
    seen = set()
    for page in ("/documents/new", "/history", "/history/1", "/logout"):
        html = client.get(page).text
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S):
            if 'method="post"' not in form:
                continue
            action = re.search(r'action="([^"]+)"', form).group(1)
            assert action in guarded, (page, action)
            assert f'<input type="hidden" name="csrf_token" value="{token}">' in form, (page, action)
            seen.add(action)
    assert seen == {"/api/documents", "/api/history/1/undo", "/logout"}
