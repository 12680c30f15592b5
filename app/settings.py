"""Configuration, read once at start-up from ARGMAP_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the app can be configured with; immutable once built."""

    model_config = SettingsConfigDict(env_prefix="ARGMAP_", frozen=True)

    seeds_dir: Path = PROJECT_ROOT / "seeds"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    # Absolute URLs (Open Graph, canonical links, preview images) need the public origin;
    # behind a proxy set ARGMAP_BASE_URL to it. Empty means the origin this server was
    # configured to listen on, never the request's Host header: a page is cached for
    # everyone, so nothing a client sends may end up in it.
    base_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    # Host names the server answers to, comma-separated ("argmap.example,www.argmap.example");
    # any other Host gets 400. Empty accepts every host.
    allowed_hosts: str = ""
    # Addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
    # (comma-separated IPs or networks, "*" for any), passed to uvicorn by `argmap serve`.
    # The client address they give is the one the login limit counts failures by. Empty:
    # no proxy is believed, and every client is the address that connects.
    forwarded_allow_ips: str = ""
    page_size: int = 50
    max_page_size: int = 500
    # How often a running server looks for changes in the seeds folder (an import, an
    # edit, a new extraction) and reloads; 0 turns it off (SIGHUP still reloads).
    watch_seconds: float = 1.0
    max_map_nodes: int = 2000  # a map of more is unreadable, and its data would be megabytes
    # What the server keeps besides the seeds: the accounts and change-history database
    # (SQLite by default), created on first use.
    state_dir: Path = PROJECT_ROOT / "var"
    # SQLAlchemy URL of that database; empty means SQLite in state_dir. For PostgreSQL:
    # postgresql+psycopg://user:password@host/argmap
    database_url: str = ""
    session_days: float = 14.0  # how long a curator stays logged in
    # Failed logins allowed per name and per client address in the window, then 429.
    login_failures: int = 5
    login_window_minutes: float = 15.0
    # Largest file a curator may upload as a new document (bytes): more is answered 413.
    max_upload_bytes: int = 2_000_000

    @property
    def database(self) -> str:
        """The database's SQLAlchemy URL."""
        return self.database_url or f"sqlite:///{self.state_dir / 'argmap.sqlite3'}"

    @property
    def origin(self) -> str:
        """The public origin absolute URLs start with (no trailing slash)."""
        return self.base_url.rstrip("/") or f"http://{self.host}:{self.port}"

    @property
    def hosts(self) -> list[str]:
        return [h.strip() for h in self.allowed_hosts.split(",") if h.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
