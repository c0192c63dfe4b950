"""Defects a new curator found on an X display (issue 14 follow-up), each driven through the
real widgets and checked in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import key

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_esc_in_the_article_closes_the_find_bar_then_clears_the_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, bar = window.view, window.find_bar
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "SCO")
    assert not bar.isHidden() and bar.hits and view.extraSelections()
    hit = bar.hit()
    view.setFocus()  # back in the article (a click, or Tab), the bar still open
    assert window.focusWidget() is view
    key(qtbot, view, Qt.Key.Key_Escape)
    assert bar.isHidden() and view.extraSelections() == [] and bar.hits == []
    assert window.focusWidget() is view and view.selection() == hit  # the hit stays selected
    key(qtbot, view, Qt.Key.Key_Escape)  # a second Esc: the selection as before
    assert view.selection() is None
