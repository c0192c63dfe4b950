"""Accent- and case-insensitive matching with offsets into the original text (Qt-free).

The article list's search ignores accents and case (SQLite FTS5 ``unicode61
remove_diacritics 2``: "sao paulo" finds "São Paulo"); :func:`fold` does the same in Python so
finding in the article agrees with it: NFD, combining marks dropped, case folded. ``origin``
maps every folded character back to the code point it came from, so a hit in the folded text
is a ``(start, end)`` of code points in the original, whole characters only (a mark the fold
dropped right after a hit belongs to it; "ß" folds to "ss" and is hit whole).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str, case: bool) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    return base if case else base.casefold()


def fold(text: str, case: bool = False) -> tuple[str, list[int] | None]:
    """``text`` without accents (and, unless ``case``, case-folded), and the original code
    point of each folded character (None: the same positions, as for ASCII text)."""
    if text.isascii():
        return (text if case else text.lower()), None
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = ch if ch.isascii() and case else (ch.lower() if ch.isascii() else _fold_char(ch, case))
        if f:
            out.append(f)
            origin.extend([i] * len(f))
    return "".join(out), origin


_last: tuple[str, bool, str, list[int] | None] | None = None  # an article searched keystroke after keystroke


def _folded(text: str, case: bool) -> tuple[str, list[int] | None]:
    global _last
    if _last is not None and _last[0] is text and _last[1] == case:
        return _last[2], _last[3]
    folded, origin = fold(text, case)
    _last = (text, case, folded, origin)
    return folded, origin


def find_folded(text: str, query: str, case: bool = False) -> list[tuple[int, int]]:
    """Every occurrence of ``query`` in ``text``, ignoring accents (and case unless ``case``),
    as ``(start, end)`` code points of ``text``."""
    q, _ = fold(query, case)
    if not q:
        return []
    folded, origin = _folded(text, case)
    hits = []
    n = len(text)
    for m in re.finditer(re.escape(q), folded):
        if origin is None:
            hits.append((m.start(), m.end()))
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < n and not _fold_char(text[end], case) and not text[end].isascii():
            end += 1  # a combining mark after the hit (decomposed text) is part of it
        if not hits or start >= hits[-1][1]:
            hits.append((start, end))
    return hits
