"""Ctrl+Enter on an article with suggestions still pending: asked first, default No.

Marking an article done says the curator has looked at all of it; a pending suggestion (dashed
underline) has not been looked at. The question names how many are left; No (the default, so
Enter or Esc does nothing) keeps the article open and says how to walk to them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_done(parent: QWidget, pending: int, title: str) -> bool:
    """Whether to mark the article done with ``pending`` suggestions undecided."""
    if pending <= 0:
        return True
    box = QMessageBox(parent)
    box.setObjectName("pendingDoneBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Suggestions still pending")
    noun = "suggestion is" if pending == 1 else "suggestions are"
    box.setText(f"{pending} {noun} still pending in “{title}”.")
    box.setInformativeText(
        "Mark the article done anyway? Pending suggestions are not part of your work "
        "until accepted (Enter) or rejected (Del)."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Mark done")
    box.button(QMessageBox.StandardButton.No).setText("Not yet")
    return box.exec() == QMessageBox.StandardButton.Yes
