"""The selected span's relations in the details panel: one row each, with a delete button.

Del or Backspace on a row deletes its relation too. The window deletes it through the core
(``app.ops.unlink``: one transaction, undoable).

Signals: ``deleteRequested(str)`` — the relation id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:
    from app.store.views import AnnotationView, RelationView

RelationRow = tuple["RelationView", "AnnotationView | None", bool]  # relation, other end, outgoing
ID_ROLE = Qt.ItemDataRole.UserRole


def describe(rel: RelationView, other: AnnotationView | None, outgoing: bool) -> str:
    """``measures → ORG “SCO countries”`` (``←`` when the selected span is the target)."""
    other_text = f"{other.label} “{other.text}”" if other else "(not shown)"
    return f"{rel.type} {'→' if outgoing else '←'} {other_text}"


class RelationList(QListWidget):
    """One row per relation: its description and a delete button."""

    deleteRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relationList")
        self.setToolTip("Relations of the selected span: ✕ or Del deletes one (Ctrl+Z undoes)")

    def set_relations(self, rows: Sequence[RelationRow]) -> None:
        self.clear()
        for rel, other, outgoing in rows:
            text = describe(rel, other, outgoing)
            item = QListWidgetItem()
            item.setData(ID_ROLE, rel.id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            item.setToolTip(f"{text}\nby {rel.annotator}")
            row = QWidget(self)
            lay = QHBoxLayout(row)
            lay.setContentsMargins(4, 0, 0, 0)
            label = QLabel(text, row)
            label.setObjectName("relationText")
            label.setTextFormat(Qt.TextFormat.PlainText)
            lay.addWidget(label, 1)
            button = QToolButton(row)
            button.setObjectName("deleteRelation")
            button.setText("✕")
            button.setToolTip(f"Delete this relation ({rel.type}); Del on the row does too")
            button.setAutoRaise(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, rid=rel.id: self.deleteRequested.emit(rid))
            lay.addWidget(button, 0)
            item.setSizeHint(row.sizeHint())
            self.addItem(item)
            self.setItemWidget(item, row)

    def texts(self) -> list[str]:
        """What each row says (for the window's messages and for tests)."""
        return [str(self.item(i).data(Qt.ItemDataRole.AccessibleTextRole)) for i in range(self.count())]

    def buttons(self) -> list[QToolButton]:
        """Each row's delete button, in row order."""
        out = []
        for i in range(self.count()):
            w = self.itemWidget(self.item(i))
            b = w.findChild(QToolButton, "deleteRelation") if w is not None else None
            if b is not None:
                out.append(b)
        return out

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        item = self.currentItem()
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and item is not None:
            e.accept()
            self.deleteRequested.emit(str(item.data(ID_ROLE)))
            return
        super().keyPressEvent(e)
