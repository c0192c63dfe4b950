"""Label names are never cut so that two look alike ("PERCE…" for PERCENT and PERSON...):
label columns elide in the middle ("PE…NT" / "PE…ON"), the full name is in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem


class MiddleElide(QStyledItemDelegate):
    """A delegate that elides its column's text in the middle."""

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


def swatch_room(view: QAbstractItemView) -> int:
    """The width a cell's colour swatch and the text margins take (beside the text itself): the
    view's icon size (the style's small icon when unset) and the style's margins."""
    style = view.style()
    icon = view.iconSize().width()
    if icon <= 0:
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return icon + 4 * margin  # around the swatch and on both sides of the text
