"""The article, read-only, with its spans drawn in their labels' colours.

Offsets leave this widget as code points of the STORED text (``OffsetMap``), never as Qt
positions. Drawing, for the blocks shown only (a 1 MB article opens at the cost of one
screen): ``SpanHighlighter`` fills the innermost accepted span of each block as it is about to
be shown; this view paints an underline per span on its lane (solid for accepted spans,
dashed for pending suggestions; a low-confidence one also has the highlighter's wavy amber
underline and its note in the tooltip), a box around figures and an outline around the current
annotation; then its overlays: the relations' arcs (``arcs``) and the edge of the selected
span being dragged (``span_edges``).

Signals: ``spanClicked(str)`` — the innermost annotation under a click ("" for none);
``selectionFinished()`` — a mouse selection ended (the window snaps it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from app.text.offsets import OffsetMap
from app.ui.arcs import ArcLayer
from app.ui.confidence import confidence_line
from app.ui.highlighter import SpanHighlighter
from app.ui.scrolling import reveal
from app.ui.span_edges import EdgeDrag
from app.ui.spans import DEFAULT_COLOR, Piece, SpanIndex, block_starts

if TYPE_CHECKING:
    from app.store.views import AnnotationView

READING_COLUMNS = 84  # comfortable line length, in average characters
LANE_GAP = 2.6  # pixels between stacked underlines
MAX_LANES = 4


class Overlay(Protocol):
    """Something painted over the text and the spans' marks (arcs, a dragged edge)."""

    def active(self) -> bool: ...
    def paint(self, painter: QPainter, lo: int, hi: int) -> None: ...


class ArticleView(QPlainTextEdit):
    """A read-only article with spans; positions in and out are code points."""

    spanClicked = Signal(str)
    selectionFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.text = ""
        self.omap = OffsetMap("")
        self.index: SpanIndex | None = None
        self.current: str | None = None
        self.key_handler: Callable[[QKeyEvent], bool] | None = None
        self.highlighter = SpanHighlighter(self.document())
        self.highlighter.set_base(self.palette().color(QPalette.ColorRole.Base))
        self._press: QPoint | None = None
        self.arcs = ArcLayer(self)  # the window gives it the relations (``arcs.source``)
        self.edges = EdgeDrag(self)  # drag the selected span's edges (``edges.moved``)
        self.overlays: list[Overlay] = [self.arcs, self.edges]
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.format_visible())

    # -- content -----------------------------------------------------------------------------

    def load(self, text: str, annotations: Iterable[AnnotationView], colors: dict[str, str]) -> None:
        """Show ``text`` (the stored text) with its annotations; only the blocks shown are formatted."""
        self.highlighter.new_text()
        self.index = None
        self.current = None
        self.text = text
        self.omap = OffsetMap(text)
        self.setPlainText(text)
        self.load_annotations(annotations, colors)

    def load_annotations(self, annotations: Iterable[AnnotationView], colors: dict[str, str]) -> None:
        """Replace all spans of the article shown (keeps the text and the scroll position)."""
        doc = self.document()
        starts = block_starts(self.text, self.omap)
        if len(starts) != doc.blockCount():  # never expected: ask Qt instead
            starts = []
            block = doc.firstBlock()
            while block.isValid():
                starts.append(block.position())
                block = block.next()
        self.index = SpanIndex.build(annotations, self.omap, starts, colors)
        self.highlighter.set_index(self.index)
        self.format_visible()
        self.viewport().update()

    def clear_article(self) -> None:
        self.highlighter.new_text()
        self.index = None
        self.current = None
        self.text = ""
        self.omap = OffsetMap("")
        self.setPlainText("")

    def put(self, ann: AnnotationView) -> None:
        """Add or replace one annotation; re-highlights only the blocks it touches."""
        if self.index is not None:
            self._rehighlight(self.index.add(ann))

    def drop(self, ann_id: str) -> None:
        if self.index is not None:
            self._rehighlight(self.index.remove(ann_id))
            if self.current == ann_id:
                self.current = None

    def set_colors(self, colors: dict[str, str]) -> None:
        if self.index is not None:
            self.index.colors = colors  # spans not made yet take them when made
            for span in self.index.made():
                span.color = colors.get(span.ann.label, DEFAULT_COLOR)
                span.fmt = None
            self.highlighter.rehighlight()
            self.format_visible()
            self.viewport().update()

    def _rehighlight(self, blocks: Iterable[int]) -> None:
        self.highlighter.refresh(blocks)
        self.viewport().update()

    def format_visible(self) -> None:
        """Format the blocks in the viewport that are not yet (called before they are shown)."""
        hl = self.highlighter
        if hl.index is None:
            return
        done = hl.done
        block = self.firstVisibleBlock()
        if not block.isValid():
            return
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom = self.viewport().height()
        while block.isValid() and top <= bottom:
            if block.blockNumber() not in done:
                hl.highlight_block(block)
            top += self.blockBoundingRect(block).height()
            block = block.next()

    # -- positions ---------------------------------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        """The selected span in code points of the stored text, or None."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        start, end = self.omap.from_qt(c.selectionStart()), self.omap.from_qt(c.selectionEnd())
        # a selection ending inside a surrogate pair includes the whole character
        if end < len(self.text) and self.omap.to_qt(end) < c.selectionEnd():
            end += 1
        return (start, end) if start < end else None

    def select(self, start: int, end: int) -> None:
        """Select code points ``start:end`` (anchor at start, cursor at end)."""
        c = self.textCursor()
        c.setPosition(self.omap.to_qt(start))
        c.setPosition(self.omap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)

    def qt_rect(self, cp: int) -> QRectF:
        """The viewport rectangle of the character at code point ``cp`` (for tests and tips)."""
        c = QTextCursor(self.document())
        c.setPosition(self.omap.to_qt(cp))
        return QRectF(self.cursorRect(c))

    def set_current(self, ann_id: str | None, scroll: bool = True) -> None:
        """Outline annotation ``ann_id``; with ``scroll`` move the caret there and show it."""
        self.current = ann_id
        span = self.index.span(ann_id) if (self.index is not None and ann_id) else None
        if span is not None and scroll:
            c = self.textCursor()
            c.setPosition(span.qe)
            self.setTextCursor(c)
            c.setPosition(span.qs)
            self.setTextCursor(c)
            reveal(self, span.qs)  # in the upper third, not on the bottom edge
        self.viewport().update()

    def spans_at_qt(self, pos: int) -> list[str]:
        if self.index is None:
            return []
        return [s.ann.id for s in self.index.at(pos)]

    # -- events --------------------------------------------------------------------------------

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(e)
        self.update_margins()
        self.format_visible()

    def update_margins(self) -> None:
        """Centre a column of comfortable reading width."""
        width = self.fontMetrics().averageCharWidth() * READING_COLUMNS + 40
        side = max(0, (self.width() - width) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)
            # the text was laid out for the viewport before the margins: lay it out again at
            # the new width, or it overflows the column with a horizontal scrollbar
            super().resizeEvent(QResizeEvent(self.size(), QSize(-1, -1)))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        super().changeEvent(e)
        if e.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.highlighter.set_base(self.palette().color(QPalette.ColorRole.Base))
            self.format_visible()

    def event(self, e: QEvent) -> bool:
        # Tab/Shift+Tab walk annotations instead of moving the focus
        if (
            e.type() == QEvent.Type.KeyPress
            and isinstance(e, QKeyEvent)
            and e.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self.key_handler is not None
            and self.key_handler(e)
        ):
            return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        if self.key_handler is not None and self.key_handler(e):
            e.accept()
            return
        super().keyPressEvent(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        self._press = e.position().toPoint()
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(e)
        if e.button() != Qt.MouseButton.LeftButton:
            return
        pressed, self._press = self._press, None
        if self.textCursor().hasSelection():
            self.selectionFinished.emit()
        elif pressed is not None and (pressed - e.position().toPoint()).manhattanLength() < 4:
            self.spanClicked.emit(self._span_under(e.position().toPoint()))

    def mouseDoubleClickEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        super().mouseDoubleClickEvent(e)
        if self.textCursor().hasSelection():
            self.selectionFinished.emit()

    def _span_under(self, point: QPoint) -> str:
        pos = self.cursorForPosition(point).position()
        rect = self.cursorRect(self.cursorForPosition(point))
        # the caret lands on the nearer edge of a character: look at the one clicked
        first = pos - 1 if point.x() < rect.x() else pos
        for p in (first, pos if first != pos else pos - 1):
            ids = self.spans_at_qt(p) if p >= 0 else []
            if ids:
                return ids[0]
        return ""

    def viewportEvent(self, e: QEvent) -> bool:  # noqa: N802
        if e.type() == QEvent.Type.ToolTip and self.index is not None:
            pos = self.cursorForPosition(e.pos()).position()  # type: ignore[attr-defined]
            spans = self.index.at(pos)
            if spans:
                lines = [
                    f"{s.ann.label}{' (suggested)' if s.pending else ''}: {s.ann.text}"
                    + (f" = {s.ann.attributes.get('value')}" if s.ann.attributes.get("value") is not None else "")
                    + (f" — {doubt}" if s.pending and (doubt := confidence_line(s.ann.attributes)) else "")
                    for s in spans
                ]
                QToolTip.showText(e.globalPos(), "\n".join(lines), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(e)

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802
        self.format_visible()  # a block that came into view without a scroll (zoom, relayout)
        super().paintEvent(e)
        if self.index is None or not len(self.index):
            return
        bottom = e.rect().bottom()
        block = self.firstVisibleBlock()
        if block.isValid():
            origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        pieces_of = self.index.pieces
        marks = _Marks()
        while block.isValid() and origin.y() <= bottom:
            height = self.blockBoundingRect(block).height()
            if block.isVisible():
                pieces = pieces_of(block.blockNumber())
                if pieces:
                    self._mark_block(marks, block, origin, pieces)
            origin = QPointF(origin.x(), origin.y() + height)
            block = block.next()
        overlays = [o for o in self.overlays if o.active()]
        if not marks.lines and not marks.outlines and not overlays:
            return
        pal = self.palette()
        dark_page = pal.color(QPalette.ColorRole.Base).lightness() < 128
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if marks.outlines:  # under the underlines of other spans, which cross it
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2.0))
            for r in marks.outlines:
                painter.drawRoundedRect(r, 3, 3)
        # one pen change per label colour, not per piece
        for (color_name, pending), lines in marks.lines.items():
            color = QColor(color_name).lighter(135) if dark_page else QColor(color_name).darker(125)
            pen = QPen(color, 1.6)
            if pending:
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setDashPattern([2.0, 2.0])
            painter.setPen(pen)
            painter.drawLines(lines)
            boxes = marks.boxes.get(color_name)
            if boxes and not pending:
                painter.setPen(QPen(color, 1.0))
                for r in boxes:
                    painter.drawRoundedRect(r, 2, 2)
        if overlays:  # relations' arcs, a span edge being dragged (``arcs``, ``span_edges``)
            lo, hi = self.visible_range()
            for overlay in overlays:
                overlay.paint(painter, lo, hi)
        painter.end()

    def visible_range(self) -> tuple[int, int]:
        """The Qt positions of the blocks shown in the viewport: ``lo:hi``."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return 0, 0
        lo = hi = block.position()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom = self.viewport().height()
        while block.isValid() and top <= bottom:
            top += self.blockBoundingRect(block).height()
            hi = block.position() + block.length()
            block = block.next()
        return lo, hi

    def _mark_block(self, marks: _Marks, block: QTextBlock, origin: QPointF, pieces: list[Piece]) -> None:
        """Collect the underlines, figure boxes and outline of one block's pieces."""
        layout = block.layout()
        ox, oy = origin.x(), origin.y()
        current = self.current
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls = line.textStart()
            le = ls + line.textLength()
            top = oy + line.y()
            base = top + line.ascent()
            for p in pieces:
                a, b = max(p.start, ls), min(p.end, le)
                if a >= b:
                    continue
                x1 = ox + _x(line, a)
                x2 = ox + _x(line, b)
                x1, x2 = min(x1, x2), max(x1, x2)
                span = p.span
                y = base + 2.5 + min(span.lane, MAX_LANES - 1) * LANE_GAP
                marks.lines.setdefault((span.color, span.pending), []).append(QLineF(x1, y, x2, y))
                if span.ann.kind == "figure" and not span.pending:
                    marks.boxes.setdefault(span.color, []).append(QRectF(x1, top + 0.5, x2 - x1, line.height() - 1))
                if span.ann.id == current:
                    marks.outlines.append(
                        QRectF(x1 - 2, top - 1, x2 - x1 + 4, line.height() + 2 + span.lane * LANE_GAP)
                    )


class _Marks:
    """What one paint draws over the text, grouped by pen."""

    __slots__ = ("boxes", "lines", "outlines")

    def __init__(self) -> None:
        self.lines: dict[tuple[str, bool], list[QLineF]] = {}  # (colour, pending) -> underlines
        self.boxes: dict[str, list[QRectF]] = {}  # colour -> figure boxes
        self.outlines: list[QRectF] = []  # the current annotation


def _x(line: QTextLine, pos: int) -> float:
    """The x of a cursor position in a laid-out line (PySide returns ``(x, pos)``)."""
    res: Any = line.cursorToX(pos)
    return float(res[0] if isinstance(res, tuple) else res)
