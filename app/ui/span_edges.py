"""Drag either edge of the selected span with the mouse to move that boundary.

Hovering an edge of the selected span shows a resize cursor; pressing there and dragging
moves that edge (a bar shows where it will land), snapped to whole words unless Alt is held
(or snapping is off). On release the view emits ``moved``; the window makes it ONE core
operation (``app.ops.move_boundary``), undoable. A click on an edge, or a drag that ends
where the span already was, writes nothing.

Signals: ``moved(str, int, int)`` — annotation id, new start, new end (code points).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QMouseEvent, QPainter, QPalette, QTextCursor

from app.text.edges import dragged

if TYPE_CHECKING:
    from PySide6.QtCore import QRect

    from app.ui.article_view import ArticleView
    from app.ui.spans import Span

GRAB = 4  # pixels outside an edge (and the edge itself) that grab it: inside the span, a
# press still starts a text selection


class EdgeDrag(QObject):
    """The selected span's edges under the mouse (an event filter on the view's viewport)."""

    moved = Signal(str, int, int)

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.snapping: Callable[[], bool] = lambda: True  # the window's "snap to words"
        self.dragging: tuple[str, str] | None = None  # (annotation id, "start" | "end")
        self.preview: tuple[int, int] | None = None  # where the span would go, code points
        self._pressed_at = QPoint()
        self._saved_cursor: QCursor | None = None  # the viewport's cursor while one is shown
        vp = view.viewport()
        vp.setMouseTracking(True)
        vp.installEventFilter(self)

    # -- hit testing -------------------------------------------------------------------------

    def _span(self) -> Span | None:
        view = self.view
        if view.index is None or not view.current:
            return None
        return view.index.span(view.current)

    def _caret(self, qt_pos: int) -> QRect:
        c = QTextCursor(self.view.document())
        c.setPosition(qt_pos)
        return self.view.cursorRect(c)

    def edge_at(self, point: QPoint) -> str | None:
        """"start" or "end" when ``point`` (viewport) is on an edge of the selected span."""
        span = self._span()
        if span is None:
            return None
        best: tuple[int, str] | None = None
        for which, qpos in (("start", span.qs), ("end", span.qe)):
            r = self._caret(qpos)
            out = r.x() - point.x() if which == "start" else point.x() - r.x()
            dist = abs(out)
            near = 0 <= out <= GRAB and r.top() - 1 <= point.y() <= r.bottom() + 1
            if near and (best is None or dist < best[0]):
                best = (dist, which)
        return best[1] if best else None

    def target(self, point: QPoint, words: bool) -> tuple[int, int] | None:
        """The span as it would be with the dragged edge released at ``point``."""
        if self.dragging is None:
            return None
        ann_id, which = self.dragging
        span = self._span()
        if span is None or span.ann.id != ann_id:
            return None
        view = self.view
        pos = view.omap.from_qt(view.cursorForPosition(point).position())
        return dragged(view.text, span.ann.start, span.ann.end, which, pos, words=words)

    # -- events ------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        t = e.type()
        if not isinstance(e, QMouseEvent) or t not in (
            QEvent.Type.MouseMove, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
        ):
            return False
        point = e.position().toPoint()
        left = e.button() == Qt.MouseButton.LeftButton
        if t == QEvent.Type.MouseButtonPress:
            which = self.edge_at(point) if left else None
            if which is None or self.view.current is None:
                return False
            self.dragging = (self.view.current, which)
            self._pressed_at = point
            self.preview = self.target(point, self._words(e))
            self.view.viewport().update()
            return True
        if t == QEvent.Type.MouseMove:
            if self.dragging is not None:
                self.preview = self.target(point, self._words(e))
                self.view.viewport().update()
                return True
            if e.buttons() == Qt.MouseButton.NoButton:
                self._hover(self.edge_at(point) is not None)
            return False
        if self.dragging is None or not left:
            return False
        moved = (point - self._pressed_at).manhattanLength() >= 3  # not a click on the edge
        new = self.target(point, self._words(e)) if moved else None
        ann_id = self.dragging[0]
        self.dragging = self.preview = None
        self.view.viewport().update()
        span = self._span()
        if new is not None and span is not None and new != (span.ann.start, span.ann.end):
            self.moved.emit(ann_id, new[0], new[1])
        self._hover(self.edge_at(point) is not None)
        return True

    def _words(self, e: QMouseEvent) -> bool:
        return self.snapping() and not (e.modifiers() & Qt.KeyboardModifier.AltModifier)

    def _hover(self, on: bool) -> None:
        vp = self.view.viewport()
        if on and self._saved_cursor is None:
            self._saved_cursor = vp.cursor()
            vp.setCursor(Qt.CursorShape.SizeHorCursor)
        elif not on and self._saved_cursor is not None:
            vp.setCursor(self._saved_cursor)
            self._saved_cursor = None

    # -- painting (an overlay of the article view) -------------------------------------------

    def active(self) -> bool:
        return self.dragging is not None and self.preview is not None

    def paint(self, painter: QPainter, lo: int, hi: int) -> None:
        """A bar where the dragged edge will land."""
        if self.dragging is None or self.preview is None:
            return
        start, end = self.preview
        cp = start if self.dragging[1] == "start" else end
        r = self._caret(self.view.omap.to_qt(cp))
        color = QColor(self.view.palette().color(QPalette.ColorRole.Highlight))
        painter.fillRect(QRectF(r.x() - 1.0, r.top(), 3.0, r.height()), color)
