"""What every tool window (figures table, agreement report, dashboard, review) has: Esc and
Ctrl+W close it, and a Close button at the bottom right (issue 14.18)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QPushButton

CLOSE_KEYS = ("Esc", "Ctrl+W")


def make_closable(w: QMainWindow) -> QMainWindow:
    """Give ``w`` its close keys and button (once; returns ``w``)."""
    if w.property("closable"):
        return w
    w.setProperty("closable", True)
    keys = {QKeySequence(k) for k in CLOSE_KEYS} | set(QKeySequence.keyBindings(QKeySequence.StandardKey.Close))
    for seq in keys:
        sc = QShortcut(seq, w)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(w.close)
    button = QPushButton("Close", w.statusBar())
    button.setObjectName("closeToolButton")
    button.setToolTip("Close this window (Esc, Ctrl+W)")
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(w.close)
    bar = w.statusBar()
    bar.addPermanentWidget(button)
    bar.show()  # a window already shown (the agreement report) shows new children only so
    button.show()
    return w
