"""Curators, sessions and logins: passwords kept as argon2 hashes, sessions in HttpOnly
SameSite cookies whose tokens the database keeps only hashed, failed logins limited per
name and per address, and the command line that adds curators. Run on SQLite, and on
PostgreSQL with ARGMAP_TEST_POSTGRES=1."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import accounts, database
from app.accounts import AccountError, Curator, RateLimited
from app.web.caching import ResponseCaching
from tests.curators import PASSWORD, add, log_in, served, settings_for

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
WINDOW = timedelta(minutes=15)


@pytest.fixture
def settings(empty_database, seeds_full_copy):
    return settings_for(empty_database, seeds_full_copy)


@pytest.fixture
def db(settings):
    with database.session(settings) as session:
        yield session


@pytest.fixture
def client(settings, seed_graph):
    add(settings, "ana")
    return served(settings, seed_graph)


# ---- curators


@pytest.mark.real_password_hashes
def test_a_curator_is_stored_with_an_argon2_hash_never_the_password(db):
    assert accounts.add_curator(db, "ana", PASSWORD, "admin", T0) == Curator("ana", "admin")
    stored = db.execute(select(accounts.curators)).one()
    assert stored.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored.password_hash
    assert accounts.list_curators(db) == [{"name": "ana", "role": "admin", "created_at": T0}]


@pytest.mark.parametrize(
    "name, password, role, reason",
    [
        ("ana", PASSWORD, "owner", "the role is curator or admin"),
        ("ana", "short", "curator", "at least 8 characters"),
        ("<b>ana</b>", PASSWORD, "curator", "letters, digits"),
        ("", PASSWORD, "curator", "letters, digits"),
    ],
)
def test_a_curator_that_cannot_be_added_is_refused_with_the_reason(db, name, password, role, reason):
    with pytest.raises(AccountError, match=reason):
        accounts.add_curator(db, name, password, role)
    assert accounts.list_curators(db) == []


def test_names_are_unique_whatever_their_case(db):
    accounts.add_curator(db, "ana", PASSWORD)
    with pytest.raises(AccountError, match="already a curator named 'ana'"):
        accounts.add_curator(db, "Ana", PASSWORD)


# ---- passwords and the limit on failed logins


def test_only_the_right_password_opens_and_the_name_is_matched_whatever_its_case(db):
    accounts.add_curator(db, "ana", PASSWORD, "admin")
    assert accounts.authenticate(db, "ana", PASSWORD, "10.0.0.1", T0) == Curator("ana", "admin")
    assert accounts.authenticate(db, "ANA", PASSWORD, "10.0.0.1", T0) == Curator("ana", "admin")
    assert accounts.authenticate(db, "ana", PASSWORD + "!", "10.0.0.1", T0) is None
    assert accounts.authenticate(db, "bob", PASSWORD, "10.0.0.1", T0) is None


def test_five_failures_for_a_name_lock_it_for_the_window_even_with_the_right_password(db):
    accounts.add_curator(db, "ana", PASSWORD)
    for minute in range(5):
        assert accounts.authenticate(db, "ana", "wrong", f"10.0.0.{minute}", T0 + timedelta(minutes=minute)) is None
    at = T0 + timedelta(minutes=5)
    with pytest.raises(RateLimited) as limited:
        accounts.authenticate(db, "ana", PASSWORD, "10.9.9.9", at)
    # the first failure leaves the window 15 minutes after it was made: 10 minutes from now
    assert limited.value.retry_after == 10 * 60
    later = T0 + WINDOW + timedelta(seconds=1)
    assert accounts.authenticate(db, "ana", PASSWORD, "10.9.9.9", later) == Curator("ana", "curator")


def test_five_failures_from_one_address_lock_it_for_every_name(db):
    accounts.add_curator(db, "ana", PASSWORD)
    for n in range(5):
        accounts.authenticate(db, f"guess{n}", "wrong", "10.0.0.7", T0)
    with pytest.raises(RateLimited):
        accounts.authenticate(db, "ana", PASSWORD, "10.0.0.7", T0 + timedelta(minutes=1))
    assert accounts.authenticate(db, "ana", PASSWORD, "10.0.0.8", T0 + timedelta(minutes=1)) is not None


# ---- sessions


def test_a_session_token_is_kept_only_hashed_and_ends_when_it_expires(db):
    accounts.add_curator(db, "ana", PASSWORD)
    token = accounts.open_session(db, Curator("ana", "curator"), T0, timedelta(days=1))
    stored = db.execute(select(accounts.sessions.c.token_hash)).scalar_one()
    assert token not in stored and len(token) >= 40
    assert accounts.session_curator(db, token, T0 + timedelta(hours=23)) == Curator("ana", "curator")
    assert accounts.session_curator(db, token, T0 + timedelta(days=1, seconds=1)) is None
    assert accounts.session_curator(db, token + "x", T0) is None


def test_a_closed_session_opens_nothing_and_each_session_has_its_own_csrf_token(db):
    accounts.add_curator(db, "ana", PASSWORD)
    first = accounts.open_session(db, Curator("ana", "curator"), T0, timedelta(days=1))
    second = accounts.open_session(db, Curator("ana", "curator"), T0, timedelta(days=1))
    assert accounts.csrf_token(first) != accounts.csrf_token(second)
    accounts.close_session(db, first)
    assert accounts.session_curator(db, first, T0) is None
    assert accounts.session_curator(db, second, T0) == Curator("ana", "curator")


# ---- logging in through the web


def test_the_login_page_is_a_plain_form_that_works_without_javascript(client):
    page = client.get("/login?next=/map")
    assert page.status_code == 200
    assert '<form class="login-form" method="post" action="/login">' in page.text
    assert 'name="name"' in page.text and 'type="password" name="password"' in page.text
    assert '<input type="hidden" name="next" value="/map">' in page.text
    assert client.get("/login.json").json()["next"] == "/"


def test_logging_in_sets_an_httponly_samesite_cookie_and_goes_on_to_next(client):
    res = client.post("/login", data={"name": "ana", "password": PASSWORD, "next": "/map"}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/map"
    cookie = res.headers["set-cookie"]
    assert cookie.startswith("argmap_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # the origin is http://127.0.0.1:8000
    assert res.headers["cache-control"] == "no-store"


def test_the_cookie_is_secure_when_the_public_origin_is_https(settings, seed_graph):
    add(settings, "ana")
    client = served(settings.model_copy(update={"base_url": "https://argmap.example"}), seed_graph)
    res = client.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
    assert "Secure" in res.headers["set-cookie"]


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]
)
def test_after_logging_in_one_never_leaves_the_site(client, target):
    res = client.post("/login", data={"name": "ana", "password": PASSWORD, "next": target}, follow_redirects=False)
    assert res.headers["location"] == "/"


def test_api_session_names_the_curator_and_the_csrf_token_and_is_never_stored(client):
    anonymous = client.get("/api/session")
    assert anonymous.json() == {"curator": None, "csrf_token": None}
    assert anonymous.headers["cache-control"] == "no-store" and "etag" not in anonymous.headers
    log_in(client)
    mine = client.get("/api/session")
    assert mine.json()["curator"] == {"name": "ana", "role": "curator"}
    assert len(mine.json()["csrf_token"]) >= 40
    assert mine.headers["cache-control"] == "no-store" and "etag" not in mine.headers


def test_a_wrong_password_shows_the_form_again_with_401_and_sets_no_cookie(client):
    res = client.post("/login", data={"name": "ana", "password": "nope", "next": "/map"})
    assert res.status_code == 401
    assert "Wrong name or password." in res.text
    assert '<input type="hidden" name="next" value="/map">' in res.text
    assert "set-cookie" not in res.headers
    assert client.get("/api/session").json()["curator"] is None


def test_too_many_failed_logins_answer_429_with_retry_after(client, settings):
    for _ in range(settings.login_failures):
        assert client.post("/login", data={"name": "ana", "password": "nope"}).status_code == 401
    res = client.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
    assert res.status_code == 429
    assert 0 < int(res.headers["retry-after"]) <= 15 * 60
    assert "Too many failed logins. Try again in 15 minutes." in res.text
    assert "set-cookie" not in res.headers


def test_logging_out_needs_the_csrf_token_and_ends_the_session(client):
    token = log_in(client)
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/api/session").json()["curator"] == {"name": "ana", "role": "curator"}
    res = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/"
    assert 'argmap_session=""' in res.headers["set-cookie"] and "Max-Age=0" in res.headers["set-cookie"]
    assert client.get("/api/session").json() == {"curator": None, "csrf_token": None}


def test_the_old_cookie_opens_nothing_after_logging_out(client):
    token = log_in(client)
    cookie = client.cookies.get("argmap_session")
    client.post("/logout", headers={"X-CSRF-Token": token})
    client.cookies.set("argmap_session", cookie)
    assert client.get("/api/session").json()["curator"] is None


def test_every_page_carries_the_log_in_link_back_to_itself_and_the_session_script(client):
    for path, link in (
        ("/", "/login"),
        ("/arguments/presence-imperative", "/login?next=/arguments/presence-imperative"),
        ("/arguments?author=etienne-rotardeau", "/login?next=/arguments%3Fauthor%3Detienne-rotardeau"),
        ("/history", "/login?next=/history"),
        ("/login", "/login"),
    ):
        html = client.get(path).text
        assert '<div class="session" id="session"' in html and f'<a href="{link}">Log in</a>' in html, path
        assert '<script type="module" src="/static/js/session.js?v=' in html, path


# ---- caching


def test_pages_served_to_a_curator_are_the_same_as_to_anyone_and_the_session_never_comes_from_a_cache(client):
    before = client.get("/arguments/presence-imperative").text
    client.get("/api/session")  # an anonymous answer that a cache might keep
    log_in(client)
    assert client.get("/arguments/presence-imperative").text == before
    assert client.get("/api/session").json()["curator"]["name"] == "ana"


def test_an_answer_that_sets_a_cookie_is_neither_stored_nor_marked_cacheable():
    calls = []
    app = FastAPI()

    @app.get("/greeting")
    def greeting():
        calls.append(1)
        res = PlainTextResponse("hello")
        res.set_cookie("seen", "1")
        return res

    app.state.graph = type("Graph", (), {"version": "v1"})()
    app.add_middleware(ResponseCaching, build="b")
    client = TestClient(app)
    first, second = client.get("/greeting"), client.get("/greeting")
    assert len(calls) == 2
    assert first.headers["cache-control"] == "no-store" and "etag" not in first.headers
    assert second.headers["set-cookie"].startswith("seen=1")


def test_the_pages_rendered_per_session_are_never_stored_even_anonymously(client):
    """The history, logging in and out and adding a document: private to their reader."""
    paths = ("/history", "/history.json", "/login", "/login.json", "/logout", "/documents/new", "/documents/new.json")
    for path in paths:
        res = client.get(path)
        assert res.status_code == 200, path
        assert res.headers["cache-control"] == "private, no-store" and "etag" not in res.headers, path


# ---- the command line


def test_a_curator_added_on_the_command_line_can_log_in(settings, monkeypatch, capsys, seed_graph):
    from app import cli
    from app.settings import get_settings

    monkeypatch.setenv("ARGMAP_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        assert cli.main(["curator", "add", "bea", "--role", "admin", "--password-stdin"]) == 0
        monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
        assert cli.main(["curator", "add", "cy", "--password-stdin"]) == 1
        assert cli.main(["curator", "list"]) == 0
    finally:
        get_settings.cache_clear()
    out, err = capsys.readouterr()
    assert "added admin bea" in out and "bea\tadmin\tadded " in out and "cy" not in out
    assert "cannot add 'cy': the password needs at least 8 characters" in err
    client = served(settings, seed_graph)
    log_in(client, "bea")
    assert client.get("/api/session").json()["curator"] == {"name": "bea", "role": "admin"}


def test_the_password_is_asked_twice_and_a_mismatch_adds_nobody(settings, monkeypatch, capsys):
    from app import cli
    from app.settings import get_settings

    answers = iter([PASSWORD, PASSWORD + "?"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setenv("ARGMAP_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        assert cli.main(["curator", "add", "dan"]) == 1
    finally:
        get_settings.cache_clear()
    assert "the two passwords differ" in capsys.readouterr().err
    with database.session(settings) as db:
        assert accounts.list_curators(db) == []
