"""The pages that hold a write form work without JavaScript: adding a document, the
history and its undo, logging out. Each is private (never stored by any cache) and
rendered per session, with the session's CSRF token in a hidden field for a curator;
an anonymous reader gets the same page without the form and a link to log in that comes
back to it. The login form only accepts posts made from this site's own pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app import accounts, database, history, i18n
from app.i18n import N_
from app.jobs import JobFailed, Jobs
from app.store import Store
from tests.curators import PASSWORD, add, log_in, served, settings_for

FILE = "curated/annee-maturite-2011.yaml"
LABEL = 'Facebook has become the world\'s third-largest "country"'
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
AS_A_BROWSER = {"Accept": "text/html,application/xhtml+xml"}  # what a form posted without a script asks for


@pytest.fixture
def settings(empty_database, seeds_full_copy):
    return settings_for(empty_database, seeds_full_copy)


@pytest.fixture
def client(settings, seed_graph) -> TestClient:
    """The site with a curator `ana` and one change in its history (#1, a relabelling)."""
    add(settings, "ana")
    change = Store(settings.seeds_dir).change(
        "Relabel facebook-third-country",
        lambda files: files.write_text(FILE, files.read_text(FILE).replace(LABEL, "Facebook, a country", 1)),
    )
    with database.session(settings) as db:
        history.record(db, "ana", change, ["argument:facebook-third-country"], accounts.now_utc())
    return served(settings)


def hidden_token(html: str) -> str | None:
    found = re.search(r'<input type="hidden" name="csrf_token" value="([^"]*)">', html)
    return found.group(1) if found else None


def post_forms(html: str) -> list[str]:
    """Where each form of the page that posts sends itself."""
    tags = [tag for tag in re.findall(r"<form\b[^>]*>", html) if 'method="post"' in tag]
    return [re.search(r'action="([^"]+)"', tag).group(1) for tag in tags]


PAGES = {
    "/documents/new": ["/api/documents"],
    "/history": ["/api/history/1/undo"],
    "/history/1": ["/api/history/1/undo"],
    "/logout": ["/logout"],
}


def test_a_curators_copy_of_each_page_with_a_write_form_holds_the_sessions_token(client):
    token = log_in(client)
    for path, forms in PAGES.items():
        res = client.get(path)
        assert res.status_code == 200, path
        assert res.headers["cache-control"] == "private, no-store", path
        assert post_forms(res.text) == forms, path
        assert hidden_token(res.text) == token, path
        # the header says who is logged in, and logging out is a plain link away
        assert '<span class="who" title="Logged in as ana">ana</span> · <a href="/logout">Log out</a>' in res.text
        twin = client.get(path + ".json")  # the page's data: the same for everyone, no token in it
        assert twin.status_code == 200 and token not in twin.text, path


@pytest.mark.parametrize(
    "path, link, words",
    [
        ("/documents/new", "/login?next=/documents/new", "Log in to add a document"),
        ("/history/1", "/login?next=/history/1", "Log in to undo this change"),
        (
            "/history?document=annee-maturite-2011",
            "/login?next=/history%3Fdocument%3Dannee-maturite-2011",
            "Log in to undo changes",
        ),
    ],
)
def test_an_anonymous_reader_gets_the_page_without_the_form_and_a_link_to_log_in_and_come_back(
    client, path, link, words
):
    res = client.get(path)
    assert res.status_code == 200 and res.headers["cache-control"] == "private, no-store"
    assert post_forms(res.text) == [] and hidden_token(res.text) is None
    assert f'<a href="{link}">{words}</a>' in res.text


def test_logging_in_from_that_link_comes_back_to_the_page_and_only_to_a_page_of_this_site(client):
    for asked, back in (
        ("/history/1", "/history/1"),
        ("/history?document=annee-maturite-2011", "/history?document=annee-maturite-2011"),
        ("//evil.example/steal", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ):
        client.cookies.clear()
        res = client.post("/login", data={"name": "ana", "password": PASSWORD, "next": asked}, follow_redirects=False)
        assert res.status_code == 303 and res.headers["location"] == back, asked
    client.cookies.clear()
    assert '<input type="hidden" name="next" value="/history/1">' in client.get("/login?next=/history/1").text


def test_a_curators_page_is_never_served_to_the_next_reader(client):
    log_in(client)
    assert hidden_token(client.get("/documents/new").text)
    anonymous = TestClient(client.app, base_url="http://127.0.0.1:8000")
    for _ in range(2):  # neither the curator's answer nor a first anonymous one is kept
        page = anonymous.get("/documents/new")
        assert hidden_token(page.text) is None and "Log in to add a document" in page.text
        assert "etag" not in page.headers


def test_the_logout_page_says_who_is_logged_in_and_its_form_logs_out(client):
    log_in(client)
    page = client.get("/logout")
    assert "You are logged in as ana. Log out of Argmap on this browser?" in page.text
    res = client.post("/logout", data={"csrf_token": hidden_token(page.text)}, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/"
    assert client.get("/api/session").json()["curator"] is None
    assert "You are not logged in." in client.get("/logout").text


def test_the_login_page_tells_a_logged_in_curator_so_with_a_way_back_and_out(client):
    log_in(client)
    page = client.get("/login?next=/history").text
    assert "You are logged in as ana." in page
    assert '<a href="/history">Go on to the page you came from</a> · <a href="/logout">Log out</a>' in page
    assert 'name="password"' not in page


def test_an_undo_posted_by_the_pages_form_opens_the_undo_or_says_why_not(client, settings):
    log_in(client)
    original = (settings.seeds_dir / FILE).read_text().replace("Facebook, a country", LABEL, 1)
    token = hidden_token(client.get("/history/1").text)
    res = client.post("/api/history/1/undo", data={"csrf_token": token}, headers=AS_A_BROWSER, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/history/2"
    assert (settings.seeds_dir / FILE).read_text() == original
    assert "undone by #2" in client.get("/history").text

    again = client.post("/api/history/1/undo", data={"csrf_token": token}, headers=AS_A_BROWSER)
    assert again.status_code == 409 and again.headers["cache-control"] == "private, no-store"
    assert "This change was not undone: Change 1 is already undone (by change 2)." in again.text
    french = client.post("/api/history/1/undo", data={"csrf_token": token}, headers={**AS_A_BROWSER, **FRENCH})
    assert (
        "Cette modification n’a pas été annulée : La modification 1 est déjà annulée (par la modification 2)."
        in french.text
    )


# ---- a refused form post, as a page


def error_page_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of the buttons of an error page's article."""
    article = html.split('<article class="error">', 1)[1].split("</article>", 1)[0]
    return re.findall(r'<a class="button[^"]*" href="([^"]+)">([^<]+)</a>', article)


def test_an_expired_session_on_a_plain_form_gives_a_page_to_log_in_again_and_come_back(client, settings):
    before = (settings.seeds_dir / FILE).read_bytes()
    posted = {**AS_A_BROWSER, "Referer": "http://127.0.0.1:8000/history?offset=0"}
    res = client.post("/api/history/1/undo", data={"csrf_token": "from a session now gone"}, headers=posted)
    assert res.status_code == 401 and res.headers["content-type"].startswith("text/html")
    assert "<h1>Log in needed</h1>" in res.text
    assert "<p>Log in as a curator to change the map.</p>" in res.text
    assert error_page_links(res.text) == [("/login?next=/history%3Foffset%3D0", "Log in again")]
    assert '<a href="/history?offset=0&amp;lang=fr" hreflang="fr"' in res.text  # not the address posted to
    assert (settings.seeds_dir / FILE).read_bytes() == before

    french = client.post("/api/history/1/undo", data={}, headers={**posted, **FRENCH})
    assert "Connectez-vous en tant que curateur pour modifier la carte." in french.text
    assert error_page_links(french.text) == [("/login?next=/history%3Foffset%3D0", "Se reconnecter")]


def test_a_plain_form_without_the_sessions_token_gives_a_page_back_to_the_form(client, settings):
    log_in(client)
    before = (settings.seeds_dir / FILE).read_bytes()
    res = client.post(
        "/api/history/1/undo", data={}, headers={**AS_A_BROWSER, "Referer": "http://127.0.0.1:8000/history/1"}
    )
    assert res.status_code == 403 and res.headers["content-type"].startswith("text/html")
    assert "reload the page and try again" in res.text
    assert error_page_links(res.text) == [("/history/1", "Back to the page you were on")]
    assert (settings.seeds_dir / FILE).read_bytes() == before
    # where the form came from is only ever a path of this site
    elsewhere = client.post("/api/history/1/undo", data={}, headers={**AS_A_BROWSER, "Referer": "javascript:alert(1)"})
    assert error_page_links(elsewhere.text) == [("/", "Back to the page you were on")]


def test_scripts_still_get_json_from_the_same_refusals(client):
    res = client.post("/api/history/1/undo", headers={"Accept": "application/json"})
    assert res.status_code == 401 and res.json()["detail"] == "Log in as a curator to change the map."
    default = client.post("/api/history/1/undo")  # a script that names no type
    assert default.status_code == 401 and default.json()["status"] == 401


# ---- the login form, from this site only


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},  # a page that hides where it comes from
        {"Referer": "https://evil.example/login-trap"},
        {"Origin": "https://evil.example", "Referer": "http://127.0.0.1:8000/login"},  # Origin wins
    ],
)
def test_a_login_posted_from_another_site_is_refused_with_a_page_that_says_so(client, headers):
    res = client.post("/login", data={"name": "ana", "password": PASSWORD}, headers=headers, follow_redirects=False)
    assert res.status_code == 403
    assert "This login form was sent from another site, so it was refused." in res.text
    assert "set-cookie" not in res.headers and client.get("/api/session").json()["curator"] is None


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:8000"},
        {"Referer": "http://127.0.0.1:8000/login?next=/history"},
        {},  # no web page sent it (a script, the command line)
    ],
)
def test_a_login_posted_from_this_sites_page_logs_in(client, headers):
    res = client.post("/login", data={"name": "ana", "password": PASSWORD}, headers=headers, follow_redirects=False)
    assert res.status_code == 303
    assert client.get("/api/session").json()["curator"]["name"] == "ana"


def test_behind_a_proxy_the_public_origin_is_this_sites(empty_database, seeds_full_copy, seed_graph):
    settings = settings_for(empty_database, seeds_full_copy, base_url="https://argmap.example.org")
    add(settings, "ana")
    client = served(settings, seed_graph)
    data = {"name": "ana", "password": PASSWORD}
    ok = client.post("/login", data=data, headers={"Origin": "https://argmap.example.org"}, follow_redirects=False)
    assert ok.status_code == 303
    refused = client.post("/login", data=data, headers={"Origin": "https://argmap.example.net"}, follow_redirects=False)
    assert refused.status_code == 403


# ---- in French


def test_an_upload_refused_by_a_plain_form_gives_its_reason_in_french(client):
    token = log_in(client)
    res = client.post(
        "/api/documents",
        files={"file": ("vide.txt", b"  \n", "text/plain")},
        data={"csrf_token": token},
        headers={**AS_A_BROWSER, **FRENCH},
    )
    assert res.status_code == 422
    assert "Ce fichier ne peut pas être ajouté : le fichier est vide." in res.text


def test_a_failed_job_says_why_in_the_language_of_the_page_that_shows_it():
    jobs = Jobs()

    def work(report):
        raise JobFailed(N_("this file is already the document “%(title)s”"), title="ROI")

    job = jobs.start("essai", work)
    jobs._pool.shutdown(wait=True)
    assert job.view()["error"] == "this file is already the document “ROI”"
    with i18n.using("fr"):
        assert (
            job.view()["error"] == "ce fichier est déjà le document «\u00a0ROI\u00a0»"
        )  # no-break spaces inside the quotes


def test_a_form_larger_than_an_upload_may_be_is_refused_before_its_token_is_looked_for(
    empty_database, seeds_full_copy, seed_graph
):
    settings = settings_for(empty_database, seeds_full_copy, max_upload_bytes=1000)
    add(settings, "ana")
    client = served(settings, seed_graph)
    token = log_in(client)
    before = sorted(p.name for p in (seeds_full_copy / "documents").iterdir())
    res = client.post(
        "/api/documents", files={"file": ("big.txt", b"mot " * 50_000, "text/plain")}, data={"csrf_token": token}
    )
    assert res.status_code == 413
    assert "The request is larger than this site accepts." in res.text
    assert sorted(p.name for p in (seeds_full_copy / "documents").iterdir()) == before
