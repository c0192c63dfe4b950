"""Ask for a database password in a dialog when the server wants one libpq could not find.

``curator gui`` without ``~/.pgpass`` or ``PGPASSWORD`` used to stop on "fe_sendauth: no
password supplied". :func:`open_store_for` asks instead (a password field, never echoed) and
retries once; the answer lives only in this process's ``PGPASSWORD`` (see
``app.store.team.open_store_asking``): never in the URL, settings or any file.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

if TYPE_CHECKING:
    from app.store.store import Store


def ask_password(parent: QWidget | None, prompt: str) -> str:
    """A modal password prompt; "" when cancelled."""
    dlg = QInputDialog(parent)
    dlg.setObjectName("passwordDialog")
    dlg.setWindowTitle("Article Curator — database password")
    dlg.setLabelText(prompt[:1].upper() + prompt[1:].rstrip(": ") + ":")
    dlg.setInputMode(QInputDialog.InputMode.TextInput)
    dlg.setTextEchoMode(QLineEdit.EchoMode.Password)
    try:
        return dlg.textValue() if dlg.exec() == QDialog.DialogCode.Accepted else ""
    finally:
        dlg.deleteLater()


def can_ask() -> bool:
    """Whether someone can answer a dialog (an offscreen run has nobody to ask)."""
    return os.environ.get("QT_QPA_PLATFORM") != "offscreen"


def open_store_for(parent: QWidget | None, location: str, ask: bool = True) -> Store:
    """``open_store(location)``; if the server wants a password nobody supplied, ask for it
    in a dialog over ``parent`` (when ``ask``) and retry."""
    from app.store.team import open_store_asking

    return open_store_asking(location, (lambda p: ask_password(parent, p)) if ask else None)


__all__ = ["ask_password", "can_ask", "open_store_for"]
