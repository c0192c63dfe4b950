"""Undo and redo never overwrite a colleague's newer edit (issue 19 item 1): two windows on two
connections to one store (SQLite file, PostgreSQL), driven with real keys, checked in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.team.test_two_windows import _window, stores, url, windows  # noqa: F401,F811  (fixtures)
from tests.ui.conftest import isolated_settings  # noqa: F401  (autouse: no settings, no dialogs)
from tests.ui.helpers import click, drag, key

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier
REFUSED = "“Chongqing” was changed by rita (label {}): your change was not applied"  # who, not the author


def _tag_chongqing(qtbot, w):  # type: ignore[no-untyped-def]
    s = w.doc.text.index("Chongqing on August")
    drag(qtbot, w.view, s, s + 9)
    key(qtbot, w.view, "g")  # GPE
    (ann,) = w.store.annotations(w.doc.id, annotator=w.annotator)
    return s, ann


def _colleague_relabels(qtbot, rita, s: int, ann_id: str, hotkey: str) -> None:  # type: ignore[no-untyped-def]
    rita._on_poll()
    rita.select_annotation(None)
    click(qtbot, rita.view, s + 3)
    assert rita.current == ann_id
    key(qtbot, rita.view, hotkey)


def test_undo_and_redo_refused_after_a_colleagues_relabel(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    alice_store, rita_store = stores
    alice = _window(qtbot, windows, alice_store, "alice")
    rita = _window(qtbot, windows, rita_store, "rita")
    rita.show_all_action.setChecked(True)
    s, ann = _tag_chongqing(qtbot, alice)
    key(qtbot, alice.view, "o")  # alice relabels her span ORG
    assert alice_store.get_annotation(ann.id).label == "ORG"

    _colleague_relabels(qtbot, rita, s, ann.id, "l")  # the reviewer: LOC
    assert rita_store.get_annotation(ann.id).label == "LOC"
    alice._on_poll()
    assert alice.anns[ann.id].label == "LOC"  # alice's window shows the reviewer's label

    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)  # undo "Relabel GPE→ORG": refused
    assert alice_store.get_annotation(ann.id).label == "LOC"
    message = alice.statusBar().currentMessage()
    assert REFUSED.format("ORG → LOC") in message, message
    assert "Relabel GPE→ORG" in message
    assert alice.anns[ann.id].label == "LOC"

    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)  # the undo of the add: refused as well
    assert alice_store.get_annotation(ann.id).label == "LOC"  # never deleted
    assert REFUSED.format("GPE → LOC") in alice.statusBar().currentMessage()

    # the stack stays usable: a new edit on the fresh version, undone and redone exactly
    key(qtbot, alice.view, "p")  # alice relabels LOC→PERSON (alice's window had LOC)
    assert alice_store.get_annotation(ann.id).label == "PERSON"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)
    assert alice_store.get_annotation(ann.id).label == "LOC"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert alice_store.get_annotation(ann.id).label == "PERSON"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)
    assert alice_store.get_annotation(ann.id).label == "LOC"

    # a redo refused in turn: the reviewer relabels after alice's undo
    _colleague_relabels(qtbot, rita, s, ann.id, "o")
    assert rita_store.get_annotation(ann.id).label == "ORG"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert alice_store.get_annotation(ann.id).label == "ORG"
    assert REFUSED.format("LOC → ORG") in alice.statusBar().currentMessage()
    assert alice.anns[ann.id].label == "ORG"  # reloaded


def test_undo_of_an_add_refused_after_a_colleagues_relabel(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    alice_store, rita_store = stores
    alice = _window(qtbot, windows, alice_store, "alice")
    rita = _window(qtbot, windows, rita_store, "rita")
    rita.show_all_action.setChecked(True)
    s, ann = _tag_chongqing(qtbot, alice)
    _colleague_relabels(qtbot, rita, s, ann.id, "o")
    assert rita_store.get_annotation(ann.id).label == "ORG"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)  # alice has not polled: she still sees GPE
    assert alice_store.get_annotation(ann.id).label == "ORG"  # the span is still there
    assert REFUSED.format("GPE → ORG") in alice.statusBar().currentMessage()
    assert alice.anns[ann.id].label == "ORG"
    key(qtbot, alice.view, Qt.Key.Key_Z, CTRL)  # nothing left: no crash, nothing written
    assert alice_store.get_annotation(ann.id).label == "ORG"
