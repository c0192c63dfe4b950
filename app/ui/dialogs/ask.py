"""The standard dialogs that ask the user for a file, a folder or a colour, in one place.

Each is a plain module function so that tests replace it with ``monkeypatch.setattr`` (as the
pytest-qt docs advise for native dialogs, which a test cannot drive). ``None`` means cancelled.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QFileDialog, QWidget


def ask_open_file(parent: QWidget | None, caption: str, filters: str = "") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", filters)
    return Path(path) if path else None


def ask_open_files(parent: QWidget | None, caption: str, filters: str = "") -> list[Path]:
    paths, _ = QFileDialog.getOpenFileNames(parent, caption, "", filters)
    return [Path(p) for p in paths]


def ask_directory(parent: QWidget | None, caption: str) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, caption)
    return Path(path) if path else None


def ask_save_file(
    parent: QWidget | None, caption: str, start: str = "", filters: str = "",
    confirm_overwrite: bool = True,
) -> Path | None:
    options = QFileDialog.Option(0)
    if not confirm_overwrite:
        options |= QFileDialog.Option.DontConfirmOverwrite
    path, _ = QFileDialog.getSaveFileName(parent, caption, start, filters, options=options)
    return Path(path) if path else None


def ask_color(parent: QWidget | None, initial: str, caption: str = "Choose a colour") -> str | None:
    """A colour as ``#rrggbb``, or None."""
    color = QColorDialog.getColor(QColor(initial), parent, caption)
    return color.name() if color.isValid() else None
