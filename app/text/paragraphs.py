"""Paragraph breaks: a span a curator tags never crosses one (issue 14.6).

Qt-free: offsets are code points into the stored text, end exclusive. A paragraph break is
a blank line (two line breaks with only spaces or tabs between them; ``\\r\\n``, ``\\n`` and
a lone ``\\r`` are line breaks) or a Unicode paragraph separator (U+2029).
"""

from __future__ import annotations

import re

_BREAK = r"(?:\r\n|\r(?!\n)|\n)"
PARAGRAPH_BREAK_RE = re.compile(_BREAK + r"[ \t\u00a0\u3000]*" + _BREAK + r"|\u2029")


def paragraph_break(text: str, start: int, end: int) -> int | None:
    """The offset of the first paragraph break inside ``text[start:end]``, or None."""
    m = PARAGRAPH_BREAK_RE.search(text, max(0, start), max(0, end))
    return m.start() if m is not None else None


def crosses_paragraph(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` crosses a blank line or paragraph separator."""
    return paragraph_break(text, start, end) is not None


REFUSAL = "Not tagged: a span cannot cross a paragraph break (a blank line)"
