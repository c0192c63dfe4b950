"""Snap a selection to whole tokens and trim surrounding spaces, quotes and separators.

Qt-free: offsets are code points into the stored text, end exclusive. Tokens are the app's
tokenizer's (``app.text.tokenize``), so a CJK character is a token of its own and ``39,000``
or ``O'Neil`` are one token each.
"""

from __future__ import annotations

from app.text.tokenize import TOKEN_RE

# characters a curator never means to include at either end of a span
TRIM = frozenset(
    " \t\r\n\u00a0\u2028\u2029\u3000"  # spaces and line breaks
    "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"  # quotes
    "\u300c\u300d\u300e\u300f\uff02\uff07"  # CJK quotes
    ",;:\u3001\uff0c\uff1b\uff1a"  # separators
)
_WINDOW = 256  # tokens are short: look this far around a position


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without leading/trailing spaces, quotes and separators (may be empty)."""
    while start < end and (text[start] in TRIM or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in TRIM or text[end - 1].isspace()):
        end -= 1
    return start, end


def token_at(text: str, pos: int) -> tuple[int, int] | None:
    """The token containing the character at ``pos``, or None (space, or out of range)."""
    if not 0 <= pos < len(text) or text[pos].isspace():
        return None
    # tokens never span white space: tokenizing from the last space before pos is exact
    lo = pos
    while lo > 0 and not text[lo - 1].isspace() and pos - lo < _WINDOW:
        lo -= 1
    for m in TOKEN_RE.finditer(text, lo, min(len(text), pos + _WINDOW)):
        if m.start() <= pos < m.end():
            return m.span()
        if m.start() > pos:
            break
    return None


APOSTROPHES = "'\u2018\u2019"  # ASCII, and the curly ones an editor types ("China‘s", "China’s")


def strip_possessive(text: str, start: int, end: int) -> int:
    """``end`` before a trailing possessive "'s" ("China's" → "China"), with an ASCII or
    curly apostrophe; a word without one (or a figure's "1990's") keeps its end."""
    if (
        end - start > 2
        and text[end - 1] in "sS"
        and text[end - 2] in APOSTROPHES
        and text[end - 3].isalpha()
        and not (end < len(text) and (text[end].isalnum() or text[end] == "_"))
    ):
        return end - 2
    return end


def snap(
    text: str, start: int, end: int, *, words: bool = True, possessive: bool = False
) -> tuple[int, int] | None:
    """The span a curator meant by selecting ``start:end``; None when nothing is left.

    Trims spaces, quotes and separators at both ends, then (``words``) widens each end to
    the whole token it cuts through; with ``possessive`` (an entity span, or a double-click
    before the label is known) a trailing "'s" is left out.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    start, end = trim(text, start, end)
    if start >= end:
        return None
    if words:
        first = token_at(text, start)
        if first is not None:
            start = min(start, first[0])
        last = token_at(text, end - 1)
        if last is not None:
            end = max(end, last[1])
        if possessive:
            end = strip_possessive(text, start, end)
    start, end = balance(text, start, end)
    return (start, end) if start < end else None


_PAIRS = {"(": ")", "[": "]", "{": "}", "\uff08": "\uff09", "\u3010": "\u3011", "\u300a": "\u300b"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _closes_inside(text: str, start: int, end: int) -> bool:
    """Whether the opening bracket at ``start`` is closed before ``end``."""
    opener, closer, depth = text[start], _PAIRS[text[start]], 0
    for i in range(start, end):
        depth += (text[i] == opener) - (text[i] == closer)
        if depth == 0:
            return True
    return False


def _opens_inside(text: str, start: int, end: int) -> bool:
    """Whether the closing bracket at ``end - 1`` was opened at or after ``start``."""
    closer, opener, depth = text[end - 1], _CLOSERS[text[end - 1]], 0
    for i in range(end - 1, start - 1, -1):
        depth += (text[i] == closer) - (text[i] == opener)
        if depth == 0:
            return True
    return False


def balance(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` without an unmatched bracket at either end ("(GCBEC" → "GCBEC",
    "Expo)" → "Expo") and never ending on an opening one; a matched pair stays ("(GCBEC)"),
    and a bracket left open inside takes in its closer when that comes next ("Expo (2021" →
    "Expo (2021)")."""
    while start < end:
        if text[start] in _PAIRS and not _closes_inside(text, start, end):
            start += 1
        elif text[end - 1] in _PAIRS or (
                text[end - 1] in _CLOSERS and not _opens_inside(text, start, end)):
            end -= 1
        else:
            break
        start, end = trim(text, start, end)
    for opener, closer in _PAIRS.items():  # "Expo (2021" with ")" next: take the closer in
        depth = text.count(opener, start, end) - text.count(closer, start, end)
        if depth == 1 and end < len(text) and text[end] == closer:
            end += 1
        elif depth == -1 and start > 0 and text[start - 1] == opener:
            start -= 1
    return start, end


def _tokens_near(text: str, pos: int) -> list[tuple[int, int]]:
    lo = max(0, pos - _WINDOW)
    while lo > 0 and not text[lo - 1].isspace() and pos - lo < 2 * _WINDOW:
        lo -= 1
    return [m.span() for m in TOKEN_RE.finditer(text, lo, min(len(text), pos + _WINDOW))]


def _skip_crlf(text: str, pos: int, step: int) -> int:
    """Never stop between the ``\\r`` and ``\\n`` of a CRLF pair."""
    if 0 < pos < len(text) and text[pos - 1] == "\r" and text[pos] == "\n":
        pos += step
    return pos


def move_start(text: str, start: int, end: int, step: int, *, words: bool = True) -> int:
    """A span's start moved one token (or character) left (``step<0``) or right; stays < end."""
    if words:
        starts = [s for s, _ in _tokens_near(text, start)]
        if step < 0:
            before = [s for s in starts if s < start]
            new = before[-1] if before else start
        else:
            after = [s for s in starts if s > start]
            new = after[0] if after else start
    else:
        new = _skip_crlf(text, start + (1 if step > 0 else -1), 1 if step > 0 else -1)
    return start if not 0 <= new < end else new


def move_end(text: str, start: int, end: int, step: int, *, words: bool = True) -> int:
    """A span's end moved one token (or character) left or right; stays > start."""
    if words:
        ends = [e for _, e in _tokens_near(text, end)]
        if step < 0:
            before = [e for e in ends if e < end]
            new = before[-1] if before else end
        else:
            after = [e for e in ends if e > end]
            new = after[0] if after else end
    else:
        new = _skip_crlf(text, end + (1 if step > 0 else -1), 1 if step > 0 else -1)
    return end if not start < new <= len(text) else new
