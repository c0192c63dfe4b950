"""Fills each run of text with the colour of the innermost accepted span covering it.

Driven by a per-block ``SpanIndex`` (see ``../shared/PERF.md``): formats go into each block's
layout (``QTextLayout.setFormats``, as ``QSyntaxHighlighter`` does), so they stay out of the
document, its undo stack and the clipboard. Unlike ``QSyntaxHighlighter``, which formats every
block of the document when attached, only the blocks asked for are formatted — the view asks
for the ones it is about to show — and a change re-formats only the touched blocks already
formatted. The underline lanes, figure boxes and suggestion dashes are painted by
``ArticleView``. Pending suggestions get no fill: a figure's text is inked (``FIGURE_INK``), and
one the detector was unsure of (``confidence: "low"``, see ``confidence``) also gets a wavy
amber underline, so it stands apart from the confident ones. Figures are marked weight-neutrally
(a colour, never bold): marking one must not widen its text and reflow the line under the cursor.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from app.ui.confidence import DOUBT_COLOR, is_low
from app.ui.spans import Piece, Span, SpanIndex, segments

FILL_ALPHA = 0.30  # how much of the label's colour tints the page behind a span
FIGURE_INK = "#0b3a8c"  # a figure's text colour: same glyph widths as the plain text (not bold)


def _figure_ink(fmt: QTextCharFormat) -> None:
    fmt.setForeground(QColor(FIGURE_INK))


def mix(base: QColor, color: QColor, amount: float) -> QColor:
    """``color`` laid over ``base`` at ``amount`` opacity (works on light and dark pages)."""
    return QColor.fromRgbF(
        base.redF() + (color.redF() - base.redF()) * amount,
        base.greenF() + (color.greenF() - base.greenF()) * amount,
        base.blueF() + (color.blueF() - base.blueF()) * amount,
    )


class SpanHighlighter:
    """Background fills (and inked figures) from a ``SpanIndex``, block by block, on demand."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.index: SpanIndex | None = None
        self.blocks_highlighted = 0  # how many blocks were (re)formatted: for tests, benchmarks
        self.base = QColor("white")
        self.done: set[int] = set()  # block numbers whose formats follow the index
        self._marked: set[int] = set()  # block numbers carrying formats set here
        self._formats: dict[tuple[str, str], QTextCharFormat] = {}
        self._ink = QTextCharFormat()  # a pending figure suggestion
        _figure_ink(self._ink)
        self._doubt = {fig: _doubt_format(fig) for fig in (False, True)}  # by "is a figure"
        self.spaced: set[int] = set()  # blocks whose lines get a gap above (arcs draw in it)
        self._gap: QTextCharFormat | None = None

    def set_spaced(self, blocks: set[int], gap: QTextCharFormat | None) -> None:
        """Give the lines of ``blocks`` a gap above their text (``gap``: the spaces' format, see
        ``gap_format``); the blocks that change are formatted again now if shown, else when shown."""
        changed = (blocks ^ self.spaced) | (blocks if gap is not self._gap else set())
        self.spaced, self._gap = set(blocks), gap
        self.refresh(changed)

    def new_text(self) -> None:
        """The document's text was replaced: its new blocks carry no formats."""
        self.index = None
        self.spaced = set()
        self.done.clear()
        self._marked.clear()

    def set_index(self, index: SpanIndex | None) -> None:
        """New spans on the same text: every block is formatted again when next shown."""
        self.index = index
        self.done.clear()

    def rehighlight(self) -> None:
        """Colours changed: re-format each block when next shown."""
        self.done.clear()

    def set_base(self, base: QColor) -> None:
        self.base = base
        self._formats.clear()
        if self.index is not None:
            for span in self.index.made():
                span.fmt = None
        self.done.clear()

    def refresh(self, blocks: Iterable[int]) -> None:
        """Re-format now the touched ``blocks`` that are formatted (the others wait to be shown)."""
        doc = self.document
        for b in blocks:
            if b in self.done:
                self.highlight_block(doc.findBlockByNumber(b))

    def highlight_block(self, block: QTextBlock) -> None:
        """Set the formats of ``block`` from the index."""
        n = block.blockNumber()
        self.done.add(n)
        pieces = self.index.pieces(n) if self.index is not None else None
        ranges = self._ranges(pieces) if pieces else []
        if n in self.spaced and self._gap is not None:
            text = block.text()
            ranges += [_range(i, i + 1, self._gap) for i, ch in enumerate(text) if ch == " "]
        if not ranges and n not in self._marked:
            return  # no span here, and nothing set before: leave the block untouched
        self.blocks_highlighted += 1
        if ranges:
            self._marked.add(n)
        else:
            self._marked.discard(n)
        block.layout().setFormats(ranges)
        self.document.markContentsDirty(block.position(), block.length())  # lays it out again

    def _ranges(self, pieces: list[Piece]) -> list[QTextLayout.FormatRange]:
        out: list[QTextLayout.FormatRange] = []
        if len(pieces) == 1:
            p = pieces[0]
            span = p.span
            if not span.pending:
                out.append(_range(p.start, p.end, span.fmt or self._span_format(span)))
            elif is_low(span.ann.attributes):
                out.append(_range(p.start, p.end, self._doubt[span.ann.kind == "figure"]))
            elif span.ann.kind == "figure":
                out.append(_range(p.start, p.end, self._ink))
            return out
        for start, end, best in segments(pieces):
            if best is not None:
                out.append(_range(start, end, best.fmt or self._span_format(best)))
                continue
            over = [p.span for p in pieces if p.start <= start and p.end >= end]  # all pending
            figure = any(s.ann.kind == "figure" for s in over)
            if any(is_low(s.ann.attributes) for s in over):
                out.append(_range(start, end, self._doubt[figure]))
            elif figure:
                out.append(_range(start, end, self._ink))
        return out

    def _format(self, color: str, kind: str) -> QTextCharFormat:
        key = (color, kind)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(mix(self.base, QColor(color), FILL_ALPHA))
            if kind == "figure":
                _figure_ink(fmt)
            self._formats[key] = fmt
        return fmt

    def _span_format(self, span: Span) -> QTextCharFormat:
        span.fmt = self._format(span.color, span.ann.kind)
        return span.fmt


def gap_format(font: QFont, gap: float) -> QTextCharFormat:
    """A format for the spaces of a line that needs ``gap`` pixels above its text: a taller font
    (the line grows to hold it) with the letter spacing taken back, so every space keeps its
    width and no character moves sideways or wraps elsewhere (QPlainTextEdit ignores block
    margins and line heights)."""
    fm = QFontMetricsF(font)
    big = QFont(font)
    big.setPointSizeF(font.pointSizeF() * (fm.ascent() + gap) / max(1.0, fm.ascent()))
    fmt = QTextCharFormat()
    fmt.setFont(big)
    fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
    fmt.setFontLetterSpacing(fm.horizontalAdvance(" ") - QFontMetricsF(big).horizontalAdvance(" "))
    return fmt


def _doubt_format(figure: bool) -> QTextCharFormat:
    """A low-confidence suggestion: a wavy amber underline (inked text for a figure)."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor(DOUBT_COLOR))
    if figure:
        _figure_ink(fmt)
    return fmt


def _range(start: int, end: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    r = QTextLayout.FormatRange()
    r.start = start
    r.length = end - start
    r.format = fmt
    return r
