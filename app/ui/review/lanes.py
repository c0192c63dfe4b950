"""The article in review mode: one lane per annotator under each line of text.

Every chosen annotator's spans are drawn as bars in the label's colour on that annotator's own
lane (lane 1 right under the text, then lane 2...), each annotator with its own line style
(solid, dashed, dotted...), so agreement reads as bars stacked in line and conflicts as bars
that differ. Gold spans get a tinted background; the current case is outlined.

Offsets in and out are code points of the STORED text, converted with ``OffsetMap``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLine,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from app.store.views import AnnotationView
from app.text.offsets import OffsetMap

LANE_H = 5.0  # pixels per lane
BAR_W = 2.6
STYLES = [
    (Qt.PenStyle.SolidLine, "solid"),
    (Qt.PenStyle.DashLine, "dashed"),
    (Qt.PenStyle.DotLine, "dotted"),
    (Qt.PenStyle.DashDotLine, "dash-dot"),
    (Qt.PenStyle.DashDotDotLine, "dash-dot-dot"),
]


def lane_style(i: int) -> tuple[Qt.PenStyle, str]:
    return STYLES[i % len(STYLES)]


class LaneView(QTextEdit):
    """A read-only article with per-annotator lanes of spans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewArticle")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptRichText(False)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        self.setFont(font)
        self.text = ""
        self.omap = OffsetMap("")
        self.annotators: list[str] = []
        self.layers: dict[str, list[AnnotationView]] = {}
        self.colors: dict[str, str] = {}
        self.current: tuple[int, int] | None = None
        self.gold: list[AnnotationView] = []

    # -- content -------------------------------------------------------------------------

    def load(
        self,
        text: str,
        annotators: Sequence[str],
        annotations: Sequence[AnnotationView],
        gold: Sequence[AnnotationView],
        colors: dict[str, str],
    ) -> None:
        self.text = text
        self.omap = OffsetMap(text)
        self.annotators = list(annotators)
        self.colors = dict(colors)
        self.layers = {n: [] for n in self.annotators}
        for a in annotations:
            if a.annotator in self.layers:
                self.layers[a.annotator].append(a)
        self.current = None
        self.setPlainText(text)
        # room under every line for the lanes
        cur = QTextCursor(self.document())
        cur.select(QTextCursor.SelectionType.Document)
        fmt = QTextBlockFormat()
        extra = int(LANE_H * len(self.annotators) + 4)
        fmt.setLineHeight(extra, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
        cur.mergeBlockFormat(fmt)
        self.set_gold(gold)

    def set_gold(self, gold: Sequence[AnnotationView]) -> None:
        self.gold = list(gold)
        self._selections()

    def set_current(self, start: int | None, end: int | None) -> None:
        """Outline the case ``start:end`` (code points) and scroll it into view."""
        self.current = None if start is None or end is None else (start, end)
        self._selections()
        if self.current is not None:
            cur = QTextCursor(self.document())
            cur.setPosition(self.omap.to_qt(self.current[0]))
            self.setTextCursor(cur)
            self.ensureCursorVisible()
        self.viewport().update()

    def _selections(self) -> None:
        sels = []
        for g in self.gold:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(g.start, g.end)
            fmt = QTextCharFormat()
            tint = QColor(self.colors.get(g.label, "#888888"))
            tint.setAlpha(60)
            fmt.setBackground(tint)
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            sel.format = fmt
            sels.append(sel)
        self.setExtraSelections(sels)

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cur = QTextCursor(self.document())
        cur.setPosition(self.omap.to_qt(start))
        cur.setPosition(self.omap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cur

    def selection(self) -> tuple[int, int] | None:
        """The selected span in code points of the stored text, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        s, e = self.omap.from_qt(cur.selectionStart()), self.omap.from_qt(cur.selectionEnd())
        return (s, e) if s < e else None

    def select(self, start: int, end: int) -> None:
        self.setTextCursor(self._cursor(start, end))

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(e)
        if not self.text:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        layout = self.document().documentLayout()
        rect = e.rect()
        pieces = [
            (lane, a, self.omap.to_qt(a.start), self.omap.to_qt(a.end))
            for lane, n in enumerate(self.annotators) for a in self.layers.get(n, [])
        ]
        cur = self.current
        cur_qt = (self.omap.to_qt(cur[0]), self.omap.to_qt(cur[1])) if cur else None
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        block = self.document().firstBlock()
        while block.isValid():
            br = layout.blockBoundingRect(block).translated(dx, dy)
            if br.bottom() < rect.top():
                block = block.next()
                continue
            if br.top() > rect.bottom():
                break
            bl = block.layout()
            bpos = block.position()
            for i in range(bl.lineCount()):
                line = bl.lineAt(i)
                ls = bpos + line.textStart()
                le = ls + line.textLength()
                top = br.top() + line.y()
                under = top + line.ascent() + line.descent() + 2
                for lane, a, qs, qe in pieces:
                    s, t = max(qs, ls), min(qe, le)
                    if s >= t:
                        continue
                    x1 = br.left() + _x(line, s - bpos)
                    x2 = br.left() + _x(line, t - bpos)
                    pen = QPen(QColor(self.colors.get(a.label, "#888888")).darker(110), BAR_W)
                    pen.setStyle(lane_style(lane)[0])
                    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                    painter.setPen(pen)
                    y = under + lane * LANE_H + BAR_W / 2
                    painter.drawLine(QPointF(x1 + 1, y), QPointF(x2 - 1, y))
                if cur_qt is not None:
                    s, t = max(cur_qt[0], ls), min(cur_qt[1], le)
                    if s < t:
                        x1 = br.left() + _x(line, s - bpos)
                        x2 = br.left() + _x(line, t - bpos)
                        painter.setPen(QPen(highlight, 2.0))
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        height = line.ascent() + line.descent() + 4 + LANE_H * len(self.annotators)
                        painter.drawRoundedRect(QRectF(x1 - 3, top - 1, x2 - x1 + 6, height), 3, 3)
            block = block.next()
        painter.end()


def _x(line: QTextLine, pos: int) -> float:
    res: Any = line.cursorToX(pos)
    return float(res[0] if isinstance(res, tuple) else res)
