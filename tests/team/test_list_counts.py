"""Issue 19 item 7: the article list's counts follow colleagues' work (two connections to one
SQLite file), and "show other annotators' annotations" is remembered across windows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.store import Store
from app.ui import MainWindow
from app.ui.poller import ROWS_EVERY
from tests.team.windows import open_window, two_connections, window_list
from tests.ui.conftest import isolated_settings  # noqa: F401  (autouse: no settings, no dialogs)
from tests.ui.helpers import drag, key


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    yield from two_connections(tmp_path / "team.db")


@pytest.fixture
def windows() -> Iterator[list[MainWindow]]:
    yield from window_list()


def _window(qtbot, windows, store: Store, annotator: str) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, windows, store, annotator, article=None)


def _count(w: MainWindow, doc_id: int) -> int:
    """The Spans column as the list shows it."""
    m = w.doc_model
    return int(m.data(m.index(m.row_of(doc_id), m.COLUMNS.index("Spans"))))


def _tag(qtbot, w: MainWindow, word: str, label_key: str) -> None:  # type: ignore[no-untyped-def]
    assert w.doc is not None
    s = w.doc.text.index(word)
    drag(qtbot, w.view, s, s + len(word))
    key(qtbot, w.view, label_key)


def test_counts_follow_a_colleagues_spans(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    alice_store, bob_store = stores
    docs = [d.id for d in alice_store.list_documents()]
    alice = _window(qtbot, windows, alice_store, "alice")
    bob = _window(qtbot, windows, bob_store, "bob")
    assert not bob.show_all_action.isChecked()  # bob sees only his own spans
    bob.open_document(docs[0])
    before = _count(bob, docs[0])

    alice.open_document(docs[0])  # the article bob has open
    _tag(qtbot, alice, alice.doc.text.split()[0], "g")
    assert alice_store.list_documents(ids=[docs[0]])[0].n_annotations == before + 1
    bob._on_poll()  # the revision moved: its row is read again though the span is not shown
    assert _count(bob, docs[0]) == before + 1

    other = docs[1]  # an article bob does not have open
    other_before = _count(bob, other)
    alice.open_document(other)
    _tag(qtbot, alice, alice.doc.text.split()[0], "g")
    for _ in range(ROWS_EVERY):
        bob._on_poll()
    assert _count(bob, other) == other_before + 1
    assert bob_store.list_documents(ids=[other])[0].n_annotations == other_before + 1


def test_show_others_is_remembered_across_windows(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    _alice_store, bob_store = stores
    first = _window(qtbot, windows, bob_store, "bob")
    assert not first.show_all_action.isChecked()
    first.view_menu.setActiveAction(first.show_all_action)
    first.show_all_action.trigger()  # the menu's checkable action, as clicked
    assert first.show_all_action.isChecked()
    second = _window(qtbot, windows, bob_store, "bob")
    assert second.show_all_action.isChecked()
    second.show_all_action.trigger()
    third = _window(qtbot, windows, bob_store, "bob")
    assert not third.show_all_action.isChecked()
