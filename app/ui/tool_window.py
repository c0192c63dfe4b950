"""What every tool window (figures table, agreement report, dashboard, review) has: Esc and
Ctrl+W close it, and a Close button at the bottom right (issue 14.18); and it opens no larger
than the screen's available area (each asks for its own size, e.g. 1250×560 for the figures)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QPushButton

from app.ui.workspace_layout import fit_to_screen

CLOSE_KEYS = ("Esc", "Ctrl+W")


def make_closable(w: QMainWindow) -> QMainWindow:
    """Give ``w`` its close keys and button, and fit its initial size to the screen (once;
    returns ``w``)."""
    if w.property("closable"):
        return w
    w.setProperty("closable", True)
    fit_to_screen(w)  # now, and once shown (the callers show it next), with its frame known
    QTimer.singleShot(0, w, lambda: fit_to_screen(w))
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
