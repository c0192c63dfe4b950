"""Fills each run of text with the colour of the innermost accepted span covering it.

Driven by a per-block ``SpanIndex`` (see ``../shared/PERF.md``): formats stay out of the
document and its undo stack, and a change re-highlights only the blocks it touches. The
underline lanes, figure boxes and suggestion dashes are painted by ``ArticleView``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

from app.ui.spans import Span, SpanIndex, segments

FILL_ALPHA = 0.30  # how much of the label's colour tints the page behind a span


def mix(base: QColor, color: QColor, amount: float) -> QColor:
    """``color`` laid over ``base`` at ``amount`` opacity (works on light and dark pages)."""
    return QColor.fromRgbF(
        base.redF() + (color.redF() - base.redF()) * amount,
        base.greenF() + (color.greenF() - base.greenF()) * amount,
        base.blueF() + (color.blueF() - base.blueF()) * amount,
    )


class SpanHighlighter(QSyntaxHighlighter):
    """Background fills (and bold figures) from a ``SpanIndex``."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)  # the document is set per article (``setDocument``)
        self.index: SpanIndex | None = None
        self.blocks_highlighted = 0  # how many blocks were (re)highlighted: for tests, benchmarks
        self.base = QColor("white")
        self._formats: dict[tuple[str, str], QTextCharFormat] = {}
        self._bold = QTextCharFormat()
        self._bold.setFontWeight(QFont.Weight.Bold)

    def set_base(self, base: QColor) -> None:
        self.base = base
        self._formats.clear()
        if self.index is not None:
            for span in self.index.spans.values():
                span.fmt = None

    def _format(self, color: str, kind: str) -> QTextCharFormat:
        key = (color, kind)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(mix(self.base, QColor(color), FILL_ALPHA))
            if kind == "figure":
                fmt.setFontWeight(QFont.Weight.Bold)
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        # called for every block of the article: keep the common paths short
        self.blocks_highlighted += 1
        if self.index is None:
            return
        pieces = self.index.by_block.get(self.currentBlock().blockNumber())
        if not pieces:
            return
        if len(pieces) == 1:
            p = pieces[0]
            span = p.span
            if not span.pending:
                fmt = span.fmt or self._span_format(span)
                self.setFormat(p.start, p.end - p.start, fmt)
            elif span.ann.kind == "figure":
                self.setFormat(p.start, p.end - p.start, self._bold)
            return
        for start, end, best in segments(pieces):
            if best is not None:
                self.setFormat(start, end - start, best.fmt or self._span_format(best))
            elif any(p.start <= start and p.end >= end and p.span.ann.kind == "figure"
                     for p in pieces):
                self.setFormat(start, end - start, self._bold)

    def _span_format(self, span: Span) -> QTextCharFormat:
        span.fmt = self._format(span.color, span.ann.kind)
        return span.fmt
