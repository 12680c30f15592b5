"""The database's migrations (app/migrations) build exactly the schema the code uses, and
a database made by an earlier release keeps its history when it is upgraded."""

from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import accounts, database, history  # noqa: F401 (their tables, in the metadata)
from app.settings import Settings


def migrated(url: str, to: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    with sa.create_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, to)


def test_the_migrations_build_the_schema_the_code_declares(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    migrated(url)
    with sa.create_engine(url).connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), database.metadata) == []


def test_a_history_recorded_before_phrases_were_kept_reads_as_it_was_written(tmp_path):
    url = f"sqlite:///{tmp_path / 'older.db'}"
    migrated(url, "0001")
    with sa.create_engine(url).begin() as connection:
        connection.execute(
            sa.text("INSERT INTO changes (id, at, curator, summary) VALUES (1, :at, 'ana', 'Edit argument roi')"),
            {"at": datetime(2026, 3, 1, tzinfo=timezone.utc)},
        )
    settings = Settings(database_url=url)
    database.upgrade(url)
    with database.session(settings) as db:
        entries, total = history.list_changes(db)
    assert total == 1 and entries[0]["summary"] == "Edit argument roi"
