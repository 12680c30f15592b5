"""An app with a database of curators, and logging in to it, for the tests of accounts,
history and the write guard."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app import accounts, database
from app.settings import Settings

PASSWORD = "correct horse battery"


def settings_for(database_url: str, seeds_dir: Path | None = None, **more) -> Settings:
    if seeds_dir is not None:
        more["seeds_dir"] = seeds_dir
    return Settings(database_url=database_url, watch_seconds=0, **more)


def add(settings: Settings, name: str = "ana", role: str = "curator", password: str = PASSWORD) -> None:
    with database.session(settings) as db:
        accounts.add_curator(db, name, password, role)


def served(settings: Settings, graph=None) -> TestClient:
    """A client of the app as the server runs it: through `Reloadable`, so that a change
    made through the web is what the next request reads."""
    from app.reloading import Reloadable
    from app.seeds import load_graph
    from app.web import create_app

    app = Reloadable(lambda g: create_app(settings, g), lambda: load_graph(settings.seeds_dir), graph)
    return TestClient(app, base_url="http://127.0.0.1:8000")


def log_in(client: TestClient, name: str = "ana", password: str = PASSWORD) -> str:
    """Log in through the form; the session's CSRF token."""
    res = client.post("/login", data={"name": name, "password": password}, follow_redirects=False)
    assert res.status_code == 303, res.text
    token = client.get("/api/session").json()["csrf_token"]
    assert token
    return token
