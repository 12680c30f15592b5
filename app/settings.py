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
    # Absolute URLs (Open Graph, canonical links) need the public origin; behind a
    # proxy set ARGMAP_BASE_URL to it. Empty means "use the request's own origin".
    base_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    page_size: int = 50
    max_page_size: int = 500
    max_map_nodes: int = 2000  # a map of more is unreadable, and its data would be megabytes


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
