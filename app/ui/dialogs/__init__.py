"""Dialogs around the workspace: label schema, import/export, open store, help.

Each dialog takes what it works on (the store, the window) in its constructor and calls only
the core; long work goes through ``app.ui.workers``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from app.ui.dialogs.menus import WorkspaceActions


def install_actions(window: QMainWindow) -> WorkspaceActions:
    """Add File → Open store / Recent / Import / Export, Settings → Labels, Help → Shortcuts /
    About to the workspace's menus, and set its icon (see ``app.ui.dialogs.menus``)."""
    from app.ui.dialogs.menus import install_actions as install

    return install(window)
