"""Where a span's edge lands when it is dragged to a position (Qt-free, code points).

``dragged(text, start, end, which, pos, words=)`` returns the span with its ``start`` or
``end`` moved to boundary ``pos``. With ``words`` the edge takes the whole token it touches
(the snapping of a selection, ``app.text.snap.snap``, applied to that edge only); without,
it lands exactly at ``pos`` (never between the two characters of a CRLF). A move that would
leave the span empty, or inverted, leaves it as it was.
"""

from __future__ import annotations

from app.text.snap import snap


def dragged(
    text: str, start: int, end: int, which: str, pos: int, *, words: bool = True
) -> tuple[int, int]:
    """The span ``start:end`` with edge ``which`` ("start" or "end") dragged to ``pos``."""
    pos = max(0, min(len(text), pos))
    if which == "start":
        if pos >= end:
            return start, end
        if words:
            got = snap(text, pos, end)
            new = got[0] if got is not None else start
        else:
            new = pos + 1 if _in_crlf(text, pos) else pos
        return (new, end) if new < end else (start, end)
    if which != "end":
        raise ValueError(f"which edge: 'start' or 'end', not {which!r}")
    if pos <= start:
        return start, end
    if words:
        got = snap(text, start, pos)
        new = got[1] if got is not None else end
    else:
        new = pos - 1 if _in_crlf(text, pos) else pos
    return (start, new) if new > start else (start, end)


def _in_crlf(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and text[pos - 1] == "\r" and text[pos] == "\n"
