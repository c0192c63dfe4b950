"""One small training shared by the recommender's tests (CI cost: a few seconds of CPU), in
``tests/learn`` and ``tests/ui``: ``tests/conftest.py`` imports the fixture."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import open_store
from app.learn.train import TrainOptions, TrainResult, train_entities
from bench.entity_corpus import corpus, load

# small and quick: CI trains this once (a few seconds)
FAST = TrainOptions(max_epochs=12, patience=3, width=64, depth=2, learn_rate=0.003)


@pytest.fixture(scope="session")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrainResult]:
    path = tmp_path_factory.mktemp("learn") / "store.db"
    store = open_store(path)
    try:
        load(store, corpus(40))
        seen: list[tuple[int, int]] = []
        result = train_entities(store, FAST, progress=lambda d, t: seen.append((d, t)))
    finally:
        store.close()
    assert seen and seen[-1][0] == seen[-1][1]  # progress ends at 100%
    return path, result


def _copy(src: Path, dest: Path) -> Path:
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    return dest



def copy_store(src: Path, dest: Path) -> Path:
    """A copy of a SQLite store to change without touching the shared trained one."""
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    return dest
