"""Map positions between the stored text (code points) and a Qt document (UTF-16 units).

Qt counts UTF-16 units, and ``setPlainText`` turns each ``\\r\\n`` into one paragraph
separator. The stored text is never changed; positions are converted here with two sorted
lists (astral characters: +1 unit each; CRLF pairs: -1 each) and a bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import repeat
from operator import add, sub

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units each


class OffsetMap:
    """Code point <-> Qt position for one text as shown by ``QPlainTextEdit.setPlainText``."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # code-point indices of astral characters and of the '\r' of each '\r\n'
        self._astral = (
            [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        )
        self._crlf: list[int] = []
        i = text.find("\r\n")
        while i != -1:
            self._crlf.append(i)
            i = text.find("\r\n", i + 2)
        self.identity = not self._astral and not self._crlf
        if not self.identity:
            self._qt_astral = [i + k - bisect_left(self._crlf, i) for k, i in enumerate(self._astral)]
            self._qt_crlf = [i + bisect_left(self._astral, i) - k for k, i in enumerate(self._crlf)]

    def to_qt(self, cp: int) -> int:
        """The Qt position of code point ``cp`` (0 <= cp <= len(text))."""
        if self.identity:
            return cp
        # a position just after a '\r' of a CRLF sits inside the separator: fold it onto it
        return cp + bisect_left(self._astral, cp) - bisect_right(self._crlf, cp - 1)

    def to_qt_many(self, cps: Iterable[int]) -> list[int]:
        """``[to_qt(cp) for cp in cps]`` in C-level passes (no Python call per position: an
        article with 10,000 spans converts 20,000 offsets each time it is opened)."""
        if self.identity:
            return list(cps)
        cps = cps if isinstance(cps, list) else list(cps)
        n = len(cps)
        out = list(map(add, cps, map(bisect_left, repeat(self._astral, n), cps))) if self._astral else list(cps)
        if self._crlf:  # minus the CRLFs whose '\r' is before cp (bisect_right(crlf, cp - 1))
            out = list(map(sub, out, map(bisect_left, repeat(self._crlf, n), cps)))
        return out

    def from_qt(self, pos: int) -> int:
        """The code point at Qt position ``pos``; inside a surrogate pair rounds down."""
        if self.identity:
            return max(0, min(pos, self.length))
        # astral characters starting before pos added a unit each (one starting at pos - 1
        # means pos is inside its surrogate pair: rounds down); each CRLF before removed one
        n_astral = bisect_left(self._qt_astral, pos)
        n_crlf = bisect_right(self._qt_crlf, pos - 1)
        return max(0, min(pos - n_astral + n_crlf, self.length))
