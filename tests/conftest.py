"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("TALEFORGE_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real books; tests that need it skip visibly when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set TALEFORGE_CORPUS)")
    return CORPUS


@pytest.fixture(autouse=True)
def _taleforge_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own TALEFORGE_HOME unless it sets one itself."""
    if "TALEFORGE_HOME" not in os.environ:
        monkeypatch.setenv("TALEFORGE_HOME", str(tmp_path_factory.mktemp("home")))
