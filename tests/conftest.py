"""Shared fixtures. Tests default to offscreen Qt; GUI tests are auto-marked ``gui``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.importing import import_paths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests explore new examples on every local run; CI replays a fixed sequence so a
# clean clone's result does not depend on luck (a failure found locally is kept as a test).
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    _hypothesis.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

from tests.learn.fixtures import trained  # noqa: E402,F401  (fixture: a trained recommender)
from tests.pgserver import (  # noqa: E402,F401  (fixtures)
    pg_admin,
    pg_db_url,
    pg_store_template,
    pg_store_url,
    pg_url,
)


@pytest.fixture(autouse=True)
def _isolated_data_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user data folder (default store, automatic backups) is a temp folder in every test."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.getbasetemp() / "xdg-data"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[object]:
    """A fresh SQLite store with the default labels."""
    from app import open_store

    s = open_store(store_path)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A fresh store with the default labels, on SQLite (a temp file) and on PostgreSQL."""
    from app import open_store

    if request.param == "sqlite":
        s = open_store(tmp_path / "store.db")
    else:
        s = open_store(request.getfixturevalue("pg_store_url"))
    yield s
    s.close()


@pytest.fixture
def corpus_store(store) -> object:  # type: ignore[no-untyped-def]
    """A store with the five sample articles imported."""
    summary = import_paths(store, [str(CORPUS)])
    assert summary.imported == 5
    return store
