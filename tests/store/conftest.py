"""The store suite runs on every backend: here ``store`` is ``any_store`` (SQLite, PostgreSQL)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(any_store):  # type: ignore[no-untyped-def]
    return any_store
