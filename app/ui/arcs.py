"""Relations drawn in the article: a curved connector between two spans, with the type as a
small label at its top (as brat and INCEpTION draw them).

Painted by the article view after its own marks, from the cursor rectangles of the spans'
ends. Kept cheap: only relations with an end in the blocks shown are laid out; when the other
end is outside them, a short stub points up or down towards it ("measures ↓").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QTextCursor,
)

if TYPE_CHECKING:
    from app.store.views import RelationView
    from app.ui.article_view import ArticleView
    from app.ui.spans import Span

RISE = 12.0  # how far an arc rises above the higher of its two ends, at least
MAX_RISE = 30.0
LEVEL = 10.0  # extra rise per label that would overlap one already placed
MAX_LEVELS = 4
PAD = 2.0  # around a label's text
GAP_EXTRA = 5.0  # the gap above a line with arcs: a label's height and this, for the curve


@dataclass(frozen=True)
class Arc:
    """One relation as drawn, in viewport coordinates."""

    rel_id: str
    type: str
    from_id: str
    to_id: str
    start: QPointF  # on the source span
    end: QPointF  # on the target span (the arrowhead)
    path: QPainterPath
    label_rect: QRectF
    color: str
    clipped: bool  # one end is outside the blocks shown: a short stub towards it
    text: str  # the label: the type, with ↑ or ↓ on a stub


class ArcLayer:
    """The relations of the article shown; ``source`` gives them (read when first needed)."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.source: Callable[[], Sequence[RelationView]] = lambda: ()
        self.shown: list[Arc] = []  # what the last paint drew
        self._gaps: tuple[object, ...] = ()  # what the lines' gaps were made for (``_keep_gaps``)

    def label_font(self) -> QFont:
        f = QFont(self.view.font())
        f.setPointSizeF(max(6.5, f.pointSizeF() * 0.72))
        return f

    def active(self) -> bool:
        """Whether there is anything to draw (the article has spans and relations)."""
        index = self.view.index
        rels = self.source() if index is not None and len(index) else ()
        self._keep_gaps(rels)
        if not rels:
            self.shown = []
            return False
        return True

    def gap(self) -> float:
        """Pixels above a line's text where its arcs and their labels are drawn."""
        fm = QFontMetricsF(self.label_font())
        return fm.height() + PAD + GAP_EXTRA

    def _keep_gaps(self, rels: Sequence[RelationView]) -> None:
        """The paragraphs holding a relation's end get a gap above each line (the highlighter's
        formats), so arcs draw between the lines instead of over the text above. Re-made when the
        relations, the spans or the text size change; applied after this paint."""
        index = self.view.index
        key = (id(index), self.view.font().pointSizeF(),
               tuple((r.from_id, r.to_id) for r in rels)) if rels else ()
        if key == self._gaps:
            return
        self._gaps = key
        QTimer.singleShot(0, self.view, self._apply_gaps)

    def _apply_gaps(self) -> None:
        view, index = self.view, self.view.index
        blocks: set[int] = set()
        if index is not None and self._gaps:
            doc = view.document()
            for rel in self.source():
                for end in (index.span(rel.from_id), index.span(rel.to_id)):
                    if end is not None:
                        blocks.add(doc.findBlock(end.qs).blockNumber())
        from app.ui.highlighter import gap_format

        view.highlighter.set_spaced(blocks, gap_format(view.font(), self.gap()) if blocks else None)
        view.viewport().update()

    def compute(self, lo: int, hi: int) -> list[Arc]:
        """The arcs of relations with an end in Qt positions ``lo:hi`` (the blocks shown)."""
        index = self.view.index
        if index is None or not len(index):
            return []
        rels = self.source()
        if not rels:
            return []
        fm = QFontMetricsF(self.label_font())
        placed: list[QRectF] = []
        out: list[Arc] = []
        height = self.view.viewport().height()
        for rel in rels:
            a, b = index.span(rel.from_id), index.span(rel.to_id)
            if a is None or b is None:
                continue  # an end not shown (another annotator's, rejected)
            a_in, b_in = _within(a, lo, hi), _within(b, lo, hi)
            if not a_in and not b_in:
                continue
            # an end in a block shown may still be scrolled just out of the viewport
            pa = self._anchor(a) if a_in else None
            pb = self._anchor(b) if b_in else None
            a_up = pa.y() < 0 if pa is not None else a.qs < lo
            b_up = pb.y() < 0 if pb is not None else b.qs < lo
            a_on = pa is not None and 0 <= pa.y() <= height
            b_on = pb is not None and 0 <= pb.y() <= height
            if a_on and b_on:
                assert pa is not None and pb is not None
                out.append(self._arc(rel, a, pa, pb, fm, placed))
            elif a_on or b_on:
                shown = a if a_on else b
                out.append(self._stub(rel, a, shown, b_up if a_on else a_up, a_on, fm, placed))
        return out

    def _anchor(self, span: Span) -> QPointF:
        """The top middle of the span's text on its first line (its start's and end's cursor
        rectangles; the text's top is below the line's gap, if it has one)."""
        view = self.view
        c = QTextCursor(view.document())
        c.setPosition(span.qs)
        r1 = view.cursorRect(c)
        c.setPosition(span.qe)
        r2 = view.cursorRect(c)
        if r2.top() == r1.top() and r2.x() > r1.x():
            x = (r1.x() + r2.x()) / 2.0
        else:  # the span wraps: the middle of its part on the first line
            x = r1.x() + min(12.0, max(2.0, view.viewport().width() - r1.x()) / 2.0)
        return QPointF(x, self._text_top(span.qs, float(r1.top())) + 1.0)

    def _text_top(self, qpos: int, line_top: float) -> float:
        """The top of the text (not of the line, which may carry a gap) at Qt position ``qpos``."""
        block = self.view.document().findBlock(qpos)
        if block.blockNumber() not in self.view.highlighter.spaced:
            return line_top
        layout = block.layout()
        line = layout.lineForTextPosition(qpos - block.position()) if layout is not None else None
        if line is None or not line.isValid():
            return line_top
        return line_top + max(0.0, line.ascent() - QFontMetricsF(self.view.font()).ascent())

    def _stub(
        self, rel: RelationView, src: Span, shown: Span, above: bool, outgoing: bool,
        fm: QFontMetricsF, placed: list[QRectF],
    ) -> Arc:
        """A short connector from the end shown towards the other, above or below the view:
        labelled "type ↑" / "type ↓"; the arrowhead at the target's side."""
        v = self._anchor(shown)
        if not above:  # leave from the bottom of the span's first line
            c = QTextCursor(self.view.document())
            c.setPosition(shown.qs)
            v = QPointF(v.x(), float(self.view.cursorRect(c).bottom()))
        text = f"{rel.type} {'↑' if above else '↓'}"
        w, h = fm.horizontalAdvance(text) + 2 * PAD, fm.height() + PAD
        sign = -1.0 if above else 1.0
        rect = QRectF()
        for level in range(MAX_LEVELS):
            cy = v.y() + sign * (RISE + h / 2.0 + level * LEVEL)
            cy = max(cy, h / 2.0 + 1.0) if above else cy
            rect = QRectF(v.x() + 10.0, cy - h / 2.0, w, h)
            if not any(rect.intersects(o) for o in placed):
                break
        placed.append(rect)
        far = QPointF(rect.left(), rect.center().y())
        p, q = (v, far) if outgoing else (far, v)
        path = QPainterPath(p)
        path.quadTo(QPointF(v.x(), far.y()), q)  # up (or down) from the span, then sideways
        return Arc(rel.id, rel.type, rel.from_id, rel.to_id, p, q, path, rect, src.color, True, text)

    def _arc(
        self, rel: RelationView, src: Span, p: QPointF, q: QPointF,
        fm: QFontMetricsF, placed: list[QRectF],
    ) -> Arc:
        dx = abs(q.x() - p.x())
        w, h = fm.horizontalAdvance(rel.type) + 2 * PAD, fm.height() + PAD
        rise = min(MAX_RISE, RISE + dx * 0.08, self.gap() - h / 2.0 - 1.0)  # its label in the gap
        top = min(p.y(), q.y())
        mid_x = (p.x() + q.x()) / 2.0
        rect = QRectF()
        for level in range(MAX_LEVELS):
            apex = max(top - rise - level * LEVEL, h / 2.0 + 1.0)  # not off the top
            rect = QRectF(mid_x - w / 2.0, apex - h / 2.0, w, h)
            if not any(rect.intersects(o) for o in placed):
                break
        placed.append(rect)
        apex = rect.center().y()
        # a cubic curve through the label: at its middle, y = (p.y + q.y) / 8 + 3/4 cy
        cy = (apex - (p.y() + q.y()) / 8.0) * 4.0 / 3.0
        path = QPainterPath(p)
        path.cubicTo(QPointF(p.x(), cy), QPointF(q.x(), cy), q)
        return Arc(rel.id, rel.type, rel.from_id, rel.to_id, p, q, path, rect, src.color, False, rel.type)

    def paint(self, painter: QPainter, lo: int, hi: int) -> None:
        """Draw the arcs with an end in ``lo:hi`` (called by the view's paint event)."""
        self.shown = arcs = self.compute(lo, hi)
        if not arcs:
            return
        view = self.view
        pal = view.palette()
        dark_page = pal.color(QPalette.ColorRole.Base).lightness() < 128
        current = view.current
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.label_font())
        base = QColor(pal.color(QPalette.ColorRole.Base))
        base.setAlpha(225)
        for arc in arcs:
            color = QColor(arc.color)
            color = color.lighter(140) if dark_page else color.darker(150)
            width = 2.2 if current in (arc.from_id, arc.to_id) else 1.3
            pen = QPen(color, width)
            if arc.clipped:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(arc.path)
            _arrowhead(painter, arc, color)
            painter.setPen(QPen(color, 1.0))
            painter.setBrush(QBrush(base))
            painter.drawRoundedRect(arc.label_rect, 3, 3)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(arc.label_rect, Qt.AlignmentFlag.AlignCenter, arc.text)
        painter.restore()


def _within(span: Span, lo: int, hi: int) -> bool:
    """Whether the span starts in the blocks shown (its anchor is on its first line)."""
    return lo <= span.qs < hi


def _arrowhead(painter: QPainter, arc: Arc, color: QColor) -> None:
    """A small filled triangle at the target end, pointing along the curve's last part."""
    path = arc.path
    tip = arc.end
    back = path.pointAtPercent(0.92)
    dx, dy = tip.x() - back.x(), tip.y() - back.y()
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / norm, dy / norm
    size = 5.0
    left = QPointF(tip.x() - ux * size - uy * size * 0.6, tip.y() - uy * size + ux * size * 0.6)
    right = QPointF(tip.x() - ux * size + uy * size * 0.6, tip.y() - uy * size - ux * size * 0.6)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    painter.drawPolygon(QPolygonF([tip, left, right]))
