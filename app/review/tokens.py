"""Tokens of texts and spans for agreement, counted by whitespace-separated chunk.

Tokens (``app.text.tokenize``) never contain whitespace and never look past it (``TOKEN_RE``
matches no whitespace character, and its one lookahead fails on whitespace as at the end of the
text), so a text's tokens are its chunks' tokens, and a span's tokens are found by tokenizing
only the chunks it touches. What is counted is remembered in a :class:`TokenCache` the caller
owns (one per agreement run by default; keep one to make repeated runs faster).
"""

from __future__ import annotations

from operator import methodcaller

from app.text.tokenize import TOKEN_RE

_ENDS_WORD = frozenset(" \t\r\n.,;:!?)\"”")
_match_span = methodcaller("span")


def span_tokens(text: str, s: int, e: int) -> tuple[int, ...]:
    """The starts of the tokens overlapping ``s:e``."""
    seg = text[s:e]
    if (
        seg.isascii()
        and seg.replace(" ", "").isalpha()
        and (s == 0 or text[s - 1].isspace())
        and (e == len(text) or text[e] in _ENDS_WORD)
    ):
        # fast path, same result: ASCII words separated by spaces, the span ending a word
        if " " not in seg:
            return (s,)
        out, pos = [], s
        for part in seg.split(" "):
            if part:
                out.append(pos)
            pos += len(part) + 1
        return tuple(out)
    p = s
    while p > 0 and not text[p - 1].isspace():  # tokens never contain whitespace
        p -= 1
    out = []
    for m in TOKEN_RE.finditer(text, p):
        ts, te = m.span()
        if ts >= e:
            break
        if te > s:
            out.append(ts)
    return tuple(out)


class _ChunkTokens(dict[str, int]):
    """How many tokens a whitespace-free chunk of text has, counted when first asked for."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, chunk: str) -> int:
        if len(self) > self.limit:
            self.clear()
        n = self[chunk] = len(TOKEN_RE.findall(chunk))
        return n


class _SpanTokens(dict[tuple[str, int, int], tuple[int, ...]]):
    """``(text[p:q], s - p, e - p)`` -> the starts (relative to p) of the tokens overlapping the
    span ``s:e`` widened to whole chunks ``p:q``; tokenizing ``text[p:q]`` alone gives the same
    tokens as the whole text there."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, key: tuple[str, int, int]) -> tuple[int, ...]:
        if len(self) > self.limit:
            self.clear()
        seg, s, e = key
        rel = self[key] = tuple(ts for ts, te in map(_match_span, TOKEN_RE.finditer(seg)) if ts < e and te > s)
        return rel


class TokenCache:
    """Token counts of texts (by sha256: an article's text never changes), of chunks, and the
    tokens of spans by their chunks' text; each table is cleared when it outgrows its limit."""

    def __init__(self, long_chunks: int = 256, chunks: int = 500_000, spans: int = 200_000,
                 texts: int = 2_000_000) -> None:
        self.long_chunks = long_chunks  # wider than this (text without spaces): not remembered
        self._chunks = _ChunkTokens(chunks)
        self._spans = _SpanTokens(spans)
        self._texts: dict[str, int] = {}
        self._texts_limit = texts

    def token_count(self, text: str, sha256: str | None = None) -> int:
        """How many tokens ``text`` has (remembered by its sha256 when given)."""
        if sha256 is not None and (n := self._texts.get(sha256)) is not None:
            return n
        n = sum(map(self._chunks.__getitem__, text.split()))
        if sha256 is not None:
            if len(self._texts) > self._texts_limit:
                self._texts.clear()
            self._texts[sha256] = n
        return n

    def span_chunks(self, text: str, s: int, e: int) -> tuple[int, int, tuple[int, ...]]:
        """``(p, q, starts)``: the span ``s:e`` widened to whole whitespace-separated chunks
        ``p:q``, and the starts (minus p) of the tokens overlapping the span."""
        p, q, n = s, e, len(text)
        while p > 0 and not text[p - 1].isspace():  # tokens never hold whitespace
            p -= 1
        while q < n and not text[q].isspace():
            q += 1
        if q - p <= self.long_chunks:
            return p, q, self._spans[text[p:q], s - p, e - p]
        return p, q, tuple(ts - p for ts, te in map(_match_span, TOKEN_RE.finditer(text, p, q))
                           if ts < e and te > s)
