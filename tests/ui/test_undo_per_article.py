"""One undo history per article for the session (issue 13 item 1, issue 19), checked in the store."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from tests.ui.helpers import drag, key

CTRL = Qt.KeyboardModifier.ControlModifier


def tag_a_word(window, qtbot, hotkey: str):  # type: ignore[no-untyped-def]
    """Drag over the open article's first long word and press ``hotkey``: the new span."""
    text = window.doc.text
    m = re.search(r"(?<!\S)[A-Za-z]{5,}(?![\w-])", text)
    assert m is not None
    before = {a.id for a in window.store.annotations(window.doc.id, annotator="alice")}
    drag(qtbot, window.view, m.start(), m.end())
    key(qtbot, window.view, hotkey)
    [new] = [a for a in window.store.annotations(window.doc.id, annotator="alice") if a.id not in before]
    assert new.text == m.group()
    return new


def ids_of(store, doc_id):  # type: ignore[no-untyped-def]
    return {a.id for a in store.annotations(doc_id, annotator="alice")}


def undo_text(window) -> str:  # type: ignore[no-untyped-def]
    [undo] = [a for a in window.edit_menu.actions() if a.text().startswith("&Undo")]
    return undo.text()


def test_switching_articles_keeps_each_articles_undo_history(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_a = window.doc.id
    a = tag_a_word(window, qtbot, "g")
    key(qtbot, window.view, Qt.Key.Key_PageDown, CTRL)  # the navigator: next article
    doc_b = window.doc.id
    assert doc_b != doc_a
    b = tag_a_word(window, qtbot, "p")
    assert undo_text(window) == "&Undo Tag PERSON"
    key(qtbot, window.view, Qt.Key.Key_PageUp, CTRL)  # back to A
    assert window.doc.id == doc_a
    assert undo_text(window) == "&Undo Tag GPE"  # the Edit menu names A's entry, not B's
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # undoes A's edit, exactly
    assert a.id not in ids_of(store, doc_a)
    assert a.id not in window.anns and a.id not in window.view.index.spans
    assert b.id in ids_of(store, doc_b)  # B's edit is B's
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # A has nothing more to undo: B untouched
    assert b.id in ids_of(store, doc_b)
    key(qtbot, window.view, Qt.Key.Key_PageDown, CTRL)
    assert window.doc.id == doc_b
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    assert b.id not in ids_of(store, doc_b)
    key(qtbot, window.view, Qt.Key.Key_PageUp, CTRL)  # and A's redo is still there
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert a.id in ids_of(store, doc_a)
    assert store.get_annotation(a.id).label == "GPE"


def test_a_stale_undo_after_switching_is_refused_in_the_status_bar(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_a = window.doc.id
    a = tag_a_word(window, qtbot, "g")
    key(qtbot, window.view, Qt.Key.Key_PageDown, CTRL)
    store.update_annotation(a.id, note="checked by a second window")  # a colleague, meanwhile
    key(qtbot, window.view, Qt.Key.Key_PageUp, CTRL)
    assert window.doc.id == doc_a
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    now = store.get_annotation(a.id)  # refused: the colleague's change is kept
    assert now.note == "checked by a second window"
    assert window.statusBar().currentMessage().startswith("cannot ")
    assert window.anns[a.id].note == "checked by a second window"  # reloaded
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # nothing left to undo, no crash
    assert store.get_annotation(a.id).note == "checked by a second window"
