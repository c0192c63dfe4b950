"""Fixtures for the review tests: extra stores and documents with several annotators."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import open_store
from app.bundle import Bundle
from app.store.store import Store


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """Open extra stores in the test's folder (closed at the end)."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        s = open_store(tmp_path / name)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def add_doc() -> Callable[..., int]:
    """``add_doc(store, text, uid)``: import one document, return its store id."""

    def add(store: Store, text: str, uid: str) -> int:
        store.import_bundle(Bundle([{"id": uid, "text": text}], source="test"))
        doc_id = store.find_document(uid=uid)
        assert doc_id is not None
        return doc_id

    return add
