"""Issue 14.17: Esc (or Enter) in the note field returns the focus to the article."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import key


def test_esc_in_the_note_returns_to_the_article(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, view, note = window.store, window.view, window.details.note
    doc_id = window.doc.id
    text = window.doc.text
    i = text.index(" ") + 1
    j = text.index(" ", i)
    ann = store.add_annotation(doc_id, i, j, "ORG", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id)
    window.activateWindow()
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "ask the desk")
    key(qtbot, note, Qt.Key.Key_Escape)
    qtbot.waitUntil(view.hasFocus)
    assert QApplication.focusWidget() is view
    key(qtbot, QApplication.focusWidget(), "g")  # a label key: relabels, types nothing
    [a] = store.annotations(doc_id, annotator="alice")
    assert (a.note, a.label) == ("ask the desk", "GPE")
    assert note.text() == "ask the desk"

    # Enter leaves the field too, with the note saved
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, " today")
    key(qtbot, note, Qt.Key.Key_Return)
    qtbot.waitUntil(view.hasFocus)
    key(qtbot, QApplication.focusWidget(), "o")
    [b] = store.annotations(doc_id, annotator="alice")
    assert (b.note, b.label) == ("ask the desk today", "ORG")
