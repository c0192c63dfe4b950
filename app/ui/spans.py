"""The spans drawn in the article, indexed per text block (paragraph) in Qt positions.

Built once per opened article; adding or removing one annotation touches only the blocks it
covers, so only those are re-highlighted. Each span gets a *lane* (the smallest one free
among the spans it overlaps): overlapping and nested spans draw their underlines on
different lanes.
"""

from __future__ import annotations

import gc
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from app.text.offsets import OffsetMap

if TYPE_CHECKING:
    from app.store.views import AnnotationView

_START, _END = attrgetter("start"), attrgetter("end")
DEFAULT_COLOR = "#888888"  # a label without a colour
_BREAK = re.compile("[\r\n\u2029]")  # what ``setPlainText`` turns into a new block ("\r\n" is one)


def block_starts(text: str, omap: OffsetMap) -> list[int]:
    """The Qt position of each text block's start, as ``QPlainTextEdit.setPlainText`` splits."""
    cps: list[int] = []
    if "\r" not in text and "\u2029" not in text:  # the usual text: "\n" only, found by str.find
        find = text.find
        i = find("\n")
        while i != -1:
            i += 1
            cps.append(i)
            i = find("\n", i)
    else:
        for m in _BREAK.finditer(text):
            i = m.start()
            if i and text[i] == "\n" and text[i - 1] == "\r":
                cps[-1] = i + 1  # the "\n" of a "\r\n": one separator, the block starts after it
            else:
                cps.append(i + 1)
    if omap.identity:
        return [0, *cps]
    to_qt = omap.to_qt
    return [0, *(to_qt(c) for c in cps)]


@dataclass(slots=True, eq=False)
class Span:
    """One annotation as drawn: Qt positions, its lane and its pieces' blocks."""

    ann: AnnotationView
    qs: int
    qe: int
    lane: int = 0
    blocks: tuple[int, ...] = ()
    color: str = "#888888"
    pending: bool = False
    fmt: Any = None  # the highlighter's cached QTextCharFormat

    @property
    def length(self) -> int:
        return self.qe - self.qs


@dataclass(slots=True)
class Piece:
    """The part of a span inside one block, in block-local positions."""

    start: int
    end: int
    span: Span


@dataclass
class SpanIndex:
    """Spans by annotation id and by block number."""

    omap: OffsetMap
    block_starts: list[int]  # Qt position of each block's first character
    colors: dict[str, str] = field(default_factory=dict)  # label name -> colour
    spans: dict[str, Span] = field(default_factory=dict)
    by_block: dict[int, list[Piece]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        annotations: Iterable[AnnotationView],
        omap: OffsetMap,
        block_starts: list[int],
        colors: dict[str, str],
    ) -> SpanIndex:
        """Index all spans at once (one tight loop: this runs on every article opened)."""
        gc_was_on = gc.isenabled()
        gc.disable()  # thousands of small objects: no collection passes meanwhile
        try:
            return cls._build(annotations, omap, block_starts, colors)
        finally:
            if gc_was_on:
                gc.enable()

    @classmethod
    def _build(
        cls,
        annotations: Iterable[AnnotationView],
        omap: OffsetMap,
        block_starts: list[int],
        colors: dict[str, str],
    ) -> SpanIndex:
        index = cls(omap, block_starts, colors)
        # text order, longest first at one start: two stable sorts on C attribute getters
        anns = sorted(annotations, key=_END, reverse=True)
        anns.sort(key=_START)
        spans, by_block = index.spans, index.by_block
        to_qt = None if omap.identity else omap.to_qt
        starts, nblocks = block_starts, len(block_starts)
        color_of = colors.get
        # greedy lane assignment in text order: lane_ends[k] = end of the span last on lane k
        lane_ends: list[int] = []
        for a in anns:
            if to_qt is None:
                qs, qe = a.start, a.end
            else:
                qs, qe = to_qt(a.start), to_qt(a.end)
            if lane_ends and lane_ends[0] <= qs:
                lane = 0
                lane_ends[0] = qe
            else:
                for lane, e in enumerate(lane_ends):
                    if e <= qs:
                        lane_ends[lane] = qe
                        break
                else:
                    lane = len(lane_ends)
                    lane_ends.append(qe)
            span = Span(a, qs, qe, lane, (), color_of(a.label, DEFAULT_COLOR), a.pending)
            b0 = bisect_right(starts, qs) - 1
            if b0 + 1 == nblocks or qe <= starts[b0 + 1]:  # within one block: the usual case
                base = starts[b0]
                span.blocks = (b0,)
                piece = Piece(qs - base, qe - base, span)
                if (lst := by_block.get(b0)) is None:
                    by_block[b0] = [piece]
                else:
                    lst.append(piece)
            else:
                b1 = bisect_right(starts, qe - 1) - 1
                span.blocks = tuple(range(b0, b1 + 1))
                for b in span.blocks:
                    base = starts[b]
                    nxt = starts[b + 1] - 1 if b + 1 < nblocks else qe
                    p = Piece(max(qs, base) - base, min(qe, nxt) - base, span)
                    if p.end > p.start:
                        by_block.setdefault(b, []).append(p)
            spans[a.id] = span
        return index

    def block_of(self, qt_pos: int) -> int:
        return max(0, bisect_right(self.block_starts, qt_pos) - 1)

    def _insert(self, span: Span) -> None:
        first, last = self.block_of(span.qs), self.block_of(max(span.qs, span.qe - 1))
        span.blocks = tuple(range(first, last + 1))
        span.color = self.colors.get(span.ann.label, DEFAULT_COLOR)
        for b in span.blocks:
            base = self.block_starts[b]
            nxt = self.block_starts[b + 1] - 1 if b + 1 < len(self.block_starts) else span.qe
            piece = Piece(max(span.qs, base) - base, min(span.qe, nxt) - base, span)
            if piece.end > piece.start:
                self.by_block.setdefault(b, []).append(piece)
        self.spans[span.ann.id] = span

    def add(self, ann: AnnotationView) -> tuple[int, ...]:
        """Add (or replace) an annotation; returns the block numbers to re-highlight."""
        touched = self.remove(ann.id)
        qs, qe = self.omap.to_qt(ann.start), self.omap.to_qt(ann.end)
        span = Span(ann, qs, qe, 0, (), self.colors.get(ann.label, DEFAULT_COLOR), ann.pending)
        busy = {s.lane for s in self.overlapping(qs, qe)}
        span.lane = next(k for k in range(len(busy) + 1) if k not in busy)
        self._insert(span)
        return tuple(sorted(set(touched) | set(span.blocks)))

    def remove(self, ann_id: str) -> tuple[int, ...]:
        span = self.spans.pop(ann_id, None)
        if span is None:
            return ()
        for b in span.blocks:
            pieces = [p for p in self.by_block.get(b, ()) if p.span is not span]
            if pieces:
                self.by_block[b] = pieces
            else:
                self.by_block.pop(b, None)
        return span.blocks

    def overlapping(self, qs: int, qe: int) -> list[Span]:
        """Spans sharing at least one position with ``qs:qe``."""
        found: dict[int, Span] = {}
        for b in range(self.block_of(qs), self.block_of(max(qs, qe - 1)) + 1):
            for p in self.by_block.get(b, ()):
                if p.span.qs < qe and p.span.qe > qs:
                    found[id(p.span)] = p.span
        return list(found.values())

    def at(self, qt_pos: int) -> list[Span]:
        """Spans covering the character at ``qt_pos``, innermost (shortest) first."""
        hits = [s for s in self.overlapping(qt_pos, qt_pos + 1)]
        return sorted(hits, key=lambda s: (s.pending, s.length))

    def pieces(self, block: int) -> list[Piece]:
        return self.by_block.get(block, [])


def segments(pieces: list[Piece]) -> list[tuple[int, int, Span | None]]:
    """Split a block's pieces into runs, each with the innermost accepted span covering it.

    Pending suggestions never fill: a run covered only by suggestions gets None.
    """
    if len(pieces) == 1:
        p = pieces[0]
        return [(p.start, p.end, None if p.span.pending else p.span)]
    ordered = sorted(pieces, key=lambda p: p.start)
    if all(a.end <= b.start for a, b in zip(ordered, ordered[1:], strict=False)):
        return [(p.start, p.end, None if p.span.pending else p.span) for p in ordered]
    cuts = sorted({p.start for p in pieces} | {p.end for p in pieces})
    out: list[tuple[int, int, Span | None]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        best: Span | None = None
        for p in ordered:
            if p.start > a:
                break
            if p.end >= b and not p.span.pending and (best is None or p.span.length < best.length):
                best = p.span
        out.append((a, b, best))
    return out
