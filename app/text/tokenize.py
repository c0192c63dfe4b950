"""The app's tokenizer: words, numbers and single punctuation marks; CJK one character each.

Every token is a ``(start, end)`` pair of code-point offsets into the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
TOKEN_RE = re.compile(
    rf"[{_CJK}]"  # one CJK character
    r"|\d+(?:[.,]\d+)*"  # numbers with separators: 39,000 or 45.5
    rf"|[^\W\d_{_CJK}](?:[^\W_{_CJK}]|['’-](?=[^\W_{_CJK}]))*"  # words, O'Neil, e-commerce
    r"|\S",  # any other single mark
    re.UNICODE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?:\r\n|\n|\r|\u2029){1,}")


def tokens(text: str) -> list[tuple[int, int]]:
    """All tokens of ``text`` as code-point spans."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def iter_tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end):
        yield m.span()


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after . ! ? followed by space, and at every line break."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos : m.start()].strip():
            spans.append(_trim(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_trim(text, pos, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
