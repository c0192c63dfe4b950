"""Label names are never cut so that two look alike ("PERCE…" for PERCENT and PERSON...):
label columns elide in the middle ("PE…NT" / "PE…ON"), the full name is in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem


class MiddleElide(QStyledItemDelegate):
    """A delegate that elides its column's text in the middle."""

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle
