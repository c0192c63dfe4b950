"""The workspace's keys: what a key press in the article (or the annotation list) means.

``key_command`` turns a key event into a command name and argument; the main window runs it.
``SHORTCUTS`` is the same table for people (Help > Keyboard shortcuts).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

Command = tuple[str, Any]
RELATION_KEYS = {int(Qt.Key.Key_M): "measures", int(Qt.Key.Key_P): "period"}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

SHORTCUTS = [
    ("a label's key", "tag the selected text (or relabel the selected annotation)"),
    ("drag, double-click, Shift+click, Shift+arrows", "select text (snapped to whole words)"),
    ("Alt+Left / Alt+Right", "move the selected annotation's start one word"),
    ("Alt+Shift+Left / Alt+Shift+Right", "move its end one word"),
    ("drag an edge of the selected annotation", "move that edge (to whole words; Alt: exactly)"),
    ("Del / Backspace", "delete the annotation; reject a suggestion and go to the next pending one"),
    ("Enter", "accept a suggestion and go to the next pending one"),
    ("Tab / Shift+Tab", "next / previous annotation"),
    ("Shift+M, then click a span (or Tab, Enter)", "link the selected figure to what it measures"),
    ("Shift+P, then click a span (or Tab, Enter)", "link the selected figure to its period; Esc cancels"),
    ("✕ or Del on a relation (details)", "delete that relation"),
    ("Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y", "undo / redo (saved too)"),
    ("Ctrl+Enter", "mark the article done, open the next one not done (asks first if suggestions are pending)"),
    ("Ctrl+PgDown / Ctrl+PgUp", "next / previous article"),
    ("Ctrl+F", "find in the article (Enter / F3: next hit, Shift+Enter / Shift+F3: previous, Esc: close)"),
    ("Ctrl+K", "search the articles (Enter opens the first, at its first hit)"),
    ("Ctrl++ / Ctrl+- / Ctrl+0", "larger / smaller / default text"),
    ("Esc", "close the find bar (first), else clear the selection"),
    ("Ctrl+Shift+R", "review colleagues' work (pick whom to compare)"),
    ("Ctrl+Shift+F", "the figures table of the whole corpus"),
    ("N / P, 1-9, A / R / E", "in review: next / previous conflict, pick a version, accept / reject / edit"),
]


def key_command(e: QKeyEvent, hotkeys: dict[str, str]) -> Command | None:
    """The command for key event ``e`` (``hotkeys``: key -> label name), or None."""
    key, mods = e.key(), e.modifiers()
    m = Qt.KeyboardModifier
    ctrl, alt, shift = (bool(mods & x) for x in (m.ControlModifier, m.AltModifier, m.ShiftModifier))
    if e.matches(QKeySequence.StandardKey.Undo):
        return ("undo", None)
    if e.matches(QKeySequence.StandardKey.Redo) or (ctrl and key == Qt.Key.Key_Y) or (
        ctrl and shift and key == Qt.Key.Key_Z
    ):
        return ("redo", None)
    if ctrl and key in _ENTER:
        return ("done_next", None)
    if ctrl and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
        return ("step", 1 if key == Qt.Key.Key_PageDown else -1)
    if ctrl or mods & m.MetaModifier:
        return None
    if alt:
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return ("move", ("end" if shift else "start", -1 if key == Qt.Key.Key_Left else 1))
        return None
    if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        return ("walk", -1 if (key == Qt.Key.Key_Backtab or shift) else 1)
    if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
        return ("delete", None)
    if key in _ENTER:
        return ("accept", None)
    if key == Qt.Key.Key_Escape:
        return ("escape", None)
    if shift and int(key) in RELATION_KEYS:
        return ("link", RELATION_KEYS[int(key)])
    text = e.text().lower()
    if text and not shift and text in hotkeys:
        return ("label", hotkeys[text])
    return None
