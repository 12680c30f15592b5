"""The database of accounts, sessions and the change history: SQLite in the state folder
by default, any SQLAlchemy URL (PostgreSQL in deployments) through ARGMAP_DATABASE_URL.

One engine per database URL and process, made on first use; its schema is brought up to
date by the migrations in `app/migrations` (Alembic) before it is handed out, so a
fresh install, a test database or an upgraded deployment are all ready without a step.
Reading the map never touches the database: only logins, writes and the history do.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Every table of the database, declared by the module of its concept (accounts, history).
metadata = MetaData()

_ENGINES: dict[str, tuple[Engine, sessionmaker]] = {}
_LOCK = threading.Lock()


def engine(settings: Settings) -> Engine:
    """The process's engine for the settings' database, migrated to the latest schema."""
    return _made(settings.database)[0]


@contextlib.contextmanager
def session(settings: Settings) -> Iterator[Session]:
    """A database session that commits when the block ends normally and rolls back otherwise."""
    with _made(settings.database)[1]() as db, db.begin():
        yield db


def upgrade(url: str) -> None:
    """Apply every migration not yet applied to the database at `url`."""
    from alembic import command
    from alembic.config import Config

    made = _made(url, migrate=False)[0]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with made.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _made(url: str, migrate: bool = True) -> tuple[Engine, sessionmaker]:
    with _LOCK:
        made = _ENGINES.get(url)
        if made is None:
            made = _ENGINES[url] = _create(url)
            fresh = True
        else:
            fresh = False
    if fresh and migrate:
        upgrade(url)
    return made


def _create(url: str) -> tuple[Engine, sessionmaker]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        made = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(made, "connect", _sqlite_pragmas)
    else:
        made = create_engine(url, pool_pre_ping=True)
    return made, sessionmaker(made, expire_on_commit=False)


def _sqlite_pragmas(connection, _record) -> None:
    """SQLite enforces foreign keys only when asked; WAL lets readers and one writer overlap."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def dispose(url: str) -> None:
    """Close the engine of `url` (a test database about to be dropped)."""
    with _LOCK:
        made = _ENGINES.pop(url, None)
    if made is not None:
        made[0].dispose()
