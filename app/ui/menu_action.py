"""One menu action of the workspace (the window and its collaborators fill the menus with it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def menu_action(
    parent: QObject,
    menu: QMenu,
    text: str,
    slot: Callable[[], Any],
    shortcut: str | QKeySequence | list[QKeySequence] | None = None,
    name: str = "",
) -> QAction:
    """A menu action; ``shortcut`` a real window shortcut, or a ``\\t`` hint in ``text``."""
    act = QAction(text, parent)
    if shortcut is not None:
        if isinstance(shortcut, list):
            act.setShortcuts(shortcut)
        else:
            act.setShortcut(QKeySequence(shortcut))
    act.triggered.connect(lambda _checked=False: slot())
    if name:
        act.setObjectName(name)
    menu.addAction(act)
    return act


__all__ = ["menu_action"]
