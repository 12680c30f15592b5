"""Fixtures of the robustness tests (see corpus.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.robustness.corpus import APP, SEEDS


@pytest.fixture(scope="module")
def client():
    return TestClient(APP)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
