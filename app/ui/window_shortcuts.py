"""Window-wide commands that a text field must not swallow (Ctrl+E: export).

On X11 (and KDE/GNOME) Qt's key bindings give Ctrl+E to "move to the end of the line", so a
focused line edit accepts Ctrl+E's shortcut override and File → Export… never fires while the
article list's search box (or any field) has the focus. :func:`install` filters the override
for these commands on every text field of the window, so the window's shortcut runs; every
other key (typing, Ctrl+A/C/V/Z, the arrows) is left to the field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QMainWindow, QPlainTextEdit, QTextEdit

WINDOW_WIDE = ("exportAction",)  # object names of the actions no field may take the keys of


class WindowShortcuts(QObject):
    """The event filter: a field's ShortcutOverride for a window-wide command is refused."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window

    def actions(self) -> list[QAction]:
        found = (self.window_.findChild(QAction, name) for name in WINDOW_WIDE)
        return [a for a in found if a is not None]

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            for act in self.actions():
                if act.isEnabled() and any(
                    k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for k in act.shortcuts()
                ):
                    event.ignore()
                    return True  # not overridden: the window's shortcut fires
        return False


def install(window: QMainWindow) -> WindowShortcuts:
    """Keep the window-wide commands' keys for the window in every text field it has."""
    keys = WindowShortcuts(window)
    for act in keys.actions():
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    for cls in (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox):
        for w in window.findChildren(cls):
            w.installEventFilter(keys)
    return keys
