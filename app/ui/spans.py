"""The spans drawn in the article, indexed per text block (paragraph) in Qt positions.

Built once per opened article, lazily (a block's spans are made when the block is shown);
adding or removing one annotation touches only the blocks it covers, so only those are
re-highlighted. Each span gets a *lane* (the smallest one free
among the spans it overlaps): overlapping and nested spans draw their underlines on
different lanes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, count
from operator import attrgetter, sub
from typing import TYPE_CHECKING, Any

from app.text.offsets import OffsetMap

if TYPE_CHECKING:
    from app.store.views import AnnotationView

_START, _END = attrgetter("start"), attrgetter("end")
LONG = 4096  # Qt positions: longer spans are looked up apart when a block is made
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
    return [0, *omap.to_qt_many(cps)]


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


class SpanIndex:
    """Spans by annotation id and by block number, made as they are asked for.

    ``build`` only sorts the annotations and converts their offsets (C-level passes); a
    block's pieces and the spans in it are made the first time the block is asked for
    (``pieces``: the blocks shown), so opening an article with 10,000 spans makes only the
    few dozen on screen. Lanes are those of a greedy pass in text order (``_lane``): it only
    depends on the run of overlapping spans a span belongs to, computed for that run alone.
    """

    def __init__(self, omap: OffsetMap, block_starts: list[int], colors: dict[str, str] | None = None) -> None:
        self.omap = omap
        self.block_starts = block_starts  # Qt position of each block's first character
        self.colors = colors if colors is not None else {}  # label name -> colour
        self._spans: dict[str, Span] = {}  # made so far (and added), by annotation id
        self._by_block: dict[int, list[Piece]] = {}  # pieces of the blocks made so far
        self._filled: set[int] = set()  # blocks whose pieces are all made
        # the annotations as built, in text order (longest first at one start)
        self._anns: list[AnnotationView] = []
        self._qs: list[int] = []
        self._qe: list[int] = []
        self._reach: list[int] = []  # running maximum of _qe: how far the spans so far reach
        self._long: list[int] = []  # the built spans longer than LONG, by number
        self._lanes: list[int] = []  # -1 until computed
        self._made: dict[int, Span] = {}  # built annotation number -> its span
        self._gone: set[int] = set()  # built annotations removed (or replaced) since
        self._number: dict[str, int] | None = None  # annotation id -> number, on first need
        self._count = 0

    @classmethod
    def build(
        cls,
        annotations: Iterable[AnnotationView],
        omap: OffsetMap,
        block_starts: list[int],
        colors: dict[str, str],
    ) -> SpanIndex:
        """Index the spans of one article (runs on every article opened: no Python loop)."""
        index = cls(omap, block_starts, colors)
        anns = sorted(annotations, key=_END, reverse=True)
        anns.sort(key=_START)
        index._anns = anns
        index._qs = omap.to_qt_many(list(map(_START, anns)))
        index._qe = omap.to_qt_many(list(map(_END, anns)))
        index._reach = list(accumulate(index._qe, max))
        index._lanes = [-1] * len(anns)
        index._long = list(compress(count(), map(LONG.__lt__, map(sub, index._qe, index._qs))))
        index._count = len(anns)
        return index

    # -- made on demand ------------------------------------------------------------------------

    def _blocks_of(self, qs: int, qe: int) -> tuple[tuple[int, ...], bool]:
        """The blocks a built span covers, and whether it lies within one block."""
        starts = self.block_starts
        b0 = bisect_right(starts, qs) - 1
        if b0 + 1 == len(starts) or qe <= starts[b0 + 1]:
            return (b0,), True
        return tuple(range(b0, bisect_right(starts, qe - 1))), False

    def _lane(self, i: int) -> int:
        """The lane of built span ``i``: a greedy pass over its run of overlapping spans."""
        lanes = self._lanes
        if lanes[i] >= 0:
            return lanes[i]
        qs, qe, reach = self._qs, self._qe, self._reach
        j = i
        while j > 0 and reach[j - 1] > qs[j]:  # back to the start of the run
            j -= 1
        lane_ends: list[int] = []
        n = len(qs)
        k = j
        while k < n and (k == j or reach[k - 1] > qs[k]):
            s = qs[k]
            for lane, e in enumerate(lane_ends):
                if e <= s:
                    lane_ends[lane] = qe[k]
                    break
            else:
                lane = len(lane_ends)
                lane_ends.append(qe[k])
            lanes[k] = lane
            k += 1
        return lanes[i]

    def _span(self, i: int) -> Span:
        span = self._made.get(i)
        if span is None:
            a = self._anns[i]
            blocks, _single = self._blocks_of(self._qs[i], self._qe[i])
            span = Span(a, self._qs[i], self._qe[i], self._lane(i), blocks,
                        self.colors.get(a.label, DEFAULT_COLOR), a.pending)
            self._made[i] = span
            self._spans[a.id] = span
        return span

    def _fill(self, b: int) -> None:
        """Make the pieces of block ``b`` (and the built spans in it)."""
        self._filled.add(b)
        starts = self.block_starts
        base = starts[b]
        last = b + 1 == len(starts)
        end = starts[b + 1] if not last else None
        qs, qe = self._qs, self._qe
        hi = bisect_left(qs, end) if end is not None else len(qs)
        # a span in this block starts in it, or at most LONG before it, or is one of the long ones
        lo = max(bisect_left(self._reach, base), bisect_left(qs, base - LONG))
        near = range(lo, hi)
        far = [i for i in self._long if i < lo and qe[i] >= base]
        gone = self._gone
        out = self._by_block.get(b)
        for i in (*far, *near) if far else near:
            if i in gone or qe[i] < base:
                continue
            blocks, single = self._blocks_of(qs[i], qe[i])
            if b not in blocks:
                continue
            span = self._span(i)
            if single:
                piece = Piece(span.qs - base, span.qe - base, span)
            else:
                nxt = end - 1 if end is not None else span.qe
                piece = Piece(max(span.qs, base) - base, min(span.qe, nxt) - base, span)
                if piece.end <= piece.start:
                    continue
            if out is None:
                out = self._by_block[b] = []
            out.append(piece)

    def pieces(self, block: int) -> list[Piece]:
        """The pieces of spans in ``block``, in text order of their spans."""
        if block not in self._filled:
            self._fill(block)
        return self._by_block.get(block, [])

    def span(self, ann_id: str) -> Span | None:
        """The span of annotation ``ann_id`` (None when not indexed)."""
        span = self._spans.get(ann_id)
        if span is None:
            i = self._numbers().get(ann_id)
            if i is not None and i not in self._gone:
                span = self._span(i)
        return span

    def _numbers(self) -> dict[str, int]:
        if self._number is None:
            self._number = {a.id: i for i, a in enumerate(self._anns)}
        return self._number

    @property
    def spans(self) -> dict[str, Span]:
        """Every span by annotation id (makes them all: for tests and tools, not for paint)."""
        for i in range(len(self._anns)):
            if i not in self._gone and i not in self._made:
                self._span(i)
        return self._spans

    def made(self) -> list[Span]:
        """The spans made so far (the others take the current colours when made)."""
        return list(self._spans.values())

    def __len__(self) -> int:
        return self._count

    # -- changes --------------------------------------------------------------------------------

    def block_of(self, qt_pos: int) -> int:
        return max(0, bisect_right(self.block_starts, qt_pos) - 1)

    def _insert(self, span: Span) -> None:
        first, last = self.block_of(span.qs), self.block_of(max(span.qs, span.qe - 1))
        span.blocks = tuple(range(first, last + 1))
        span.color = self.colors.get(span.ann.label, DEFAULT_COLOR)
        for b in span.blocks:
            self.pieces(b)  # the block's built spans first
            base = self.block_starts[b]
            nxt = self.block_starts[b + 1] - 1 if b + 1 < len(self.block_starts) else span.qe
            piece = Piece(max(span.qs, base) - base, min(span.qe, nxt) - base, span)
            if piece.end > piece.start:
                self._by_block.setdefault(b, []).append(piece)
        self._spans[span.ann.id] = span
        self._count += 1

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
        span = self._spans.pop(ann_id, None)
        i = self._numbers().get(ann_id) if self._anns else None
        if i is not None and i not in self._gone and (span is None or self._made.get(i) is span):
            self._gone.add(i)
            if span is None:  # never made: none of its blocks is filled
                self._count -= 1
                return self._blocks_of(self._qs[i], self._qe[i])[0]
        if span is None:
            return ()
        self._count -= 1
        for b in span.blocks:
            pieces = [p for p in self._by_block.get(b, ()) if p.span is not span]
            if pieces:
                self._by_block[b] = pieces
            else:
                self._by_block.pop(b, None)
        return span.blocks

    def overlapping(self, qs: int, qe: int) -> list[Span]:
        """Spans sharing at least one position with ``qs:qe``."""
        found: dict[int, Span] = {}
        for b in range(self.block_of(qs), self.block_of(max(qs, qe - 1)) + 1):
            for p in self.pieces(b):
                if p.span.qs < qe and p.span.qe > qs:
                    found[id(p.span)] = p.span
        return list(found.values())

    def at(self, qt_pos: int) -> list[Span]:
        """Spans covering the character at ``qt_pos``, innermost (shortest) first."""
        hits = [s for s in self.overlapping(qt_pos, qt_pos + 1)]
        return sorted(hits, key=lambda s: (s.pending, s.length))


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
