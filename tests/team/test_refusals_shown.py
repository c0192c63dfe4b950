"""Issue 19 item 6: a refused edit (a colleague's newer edit, a missing right) is said in a bar
that stays (not only status-bar text that the next message replaces), naming people and the
span, never a uuid; the editors of an annotation one may not change are disabled, saying why.
Two connections to one SQLite file, as two curators' machines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.store import Store
from app.ui import MainWindow
from tests.team.windows import open_window, two_connections, window_list
from tests.ui.conftest import isolated_settings  # noqa: F401  (autouse: no settings, no dialogs)
from tests.ui.helpers import click, drag, key


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    yield from two_connections(tmp_path / "team.db")


@pytest.fixture
def windows() -> Iterator[list[MainWindow]]:
    yield from window_list()


def _window(qtbot, windows, store: Store, annotator: str) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, windows, store, annotator)


def _alices_span(qtbot, alice: MainWindow) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    assert alice.doc is not None
    s = alice.doc.text.index("Chongqing on August")
    drag(qtbot, alice.view, s, s + 9)
    key(qtbot, alice.view, "g")  # GPE
    (ann,) = alice.store.annotations(alice.doc.id, annotator="alice")
    return ann.id, s


def test_anothers_annotation_is_locked_and_a_refusal_stays(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    alice_store, bob_store = stores
    alice = _window(qtbot, windows, alice_store, "alice")
    bob = _window(qtbot, windows, bob_store, "bob")  # an annotator, not a reviewer
    ann_id, s = _alices_span(qtbot, alice)
    bob.show_all_action.setChecked(True)
    bob._on_poll()
    click(qtbot, bob.view, s + 3)
    assert bob.current == ann_id
    details = bob.details
    assert not details.label.isEnabled() and not details.note.isEnabled()
    assert "alice's annotation" in details.label.toolTip()
    assert "only its author or a reviewer" in details.note.toolTip()

    key(qtbot, bob.view, "o")  # the label key still reaches the store, which refuses it
    assert bob_store.get_annotation(ann_id).label == "GPE"
    assert bob.notice.isVisible()
    text = bob.notice.text()
    assert "bob may not" in text and "alice's annotation GPE “Chongqing”" in text, text
    assert ann_id not in text  # never the raw uuid
    bob.show_message("something else")  # the status bar moves on; the bar stays
    assert bob.notice.isVisible() and bob.notice.text() == text
    bob.notice.dismiss_action.trigger()
    assert not bob.notice.isVisible()

    click(qtbot, alice.view, s + 3)  # her own span: editable
    assert alice.current == ann_id and alice.details.label.isEnabled()
    assert alice.details.label.toolTip() == ""


def test_a_conflict_is_said_in_a_bar_that_stays(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    alice_store, rita_store = stores
    rita_store.set_role("rita", "reviewer")
    alice = _window(qtbot, windows, alice_store, "alice")
    rita = _window(qtbot, windows, rita_store, "rita")
    ann_id, s = _alices_span(qtbot, alice)
    rita.show_all_action.setChecked(True)
    rita._on_poll()
    click(qtbot, rita.view, s + 3)
    assert rita.details.label.isEnabled()  # a reviewer may change anyone's span
    key(qtbot, rita.view, "o")  # ORG
    assert rita_store.get_annotation(ann_id).label == "ORG"

    key(qtbot, alice.view, "l")  # alice's stale relabel is refused
    assert alice_store.get_annotation(ann_id).label == "ORG"
    assert alice.notice.isVisible()
    text = alice.notice.text()
    assert "alice's ORG “Chongqing” was changed by rita (label GPE → ORG)" in text, text  # the last changer, by name
    assert ann_id not in text
    alice.show_message("Saved: something")
    assert alice.notice.isVisible() and alice.notice.text() == text


def test_a_colleagues_pending_suggestion_stays_editable(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    alice_store, bob_store = stores
    bob = _window(qtbot, windows, bob_store, "bob")
    assert bob.doc is not None
    s = bob.doc.text.index("Chongqing on August")
    sug = alice_store.add_annotation(bob.doc.id, s, s + 9, "GPE", "alice", origin="suggested")
    bob.show_all_action.setChecked(True)
    bob._on_poll()
    click(qtbot, bob.view, s + 3)
    assert bob.current == sug.id
    assert bob.details.label.isEnabled() and bob.details.suggestion.isEnabled()  # nobody's yet
    key(qtbot, bob.view, "o")  # and the core agrees: bob corrects it
    assert bob_store.get_annotation(sug.id).label == "ORG"
    assert not bob.notice.isVisible()
