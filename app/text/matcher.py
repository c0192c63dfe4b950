"""Whole-token, case-sensitive, longest-first matching of a set of labelled strings: the entity
string matcher (``app.suggest.entities``), and the baseline the learned recommender is scored
against (``app.learn``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from app.text.tokenize import tokens


class Matcher:
    """Whole-token, case-sensitive, longest-first matching of a set of strings."""

    def __init__(self, strings: dict[str, str]) -> None:
        self.by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for s, label in strings.items():
            toks = tokens(s)
            if toks:
                a, b = toks[0]
                self.by_first[s[a:b]].append((s, label))
        for cands in self.by_first.values():
            cands.sort(key=lambda c: -len(c[0]))

    def matches(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, label)`` of every match, left to right, never overlapping."""
        if not self.by_first:
            return
        toks = tokens(text)
        ends = {e for _, e in toks}
        pos = 0
        for s, e in toks:
            if s < pos:
                continue
            for cand, label in self.by_first.get(text[s:e], ()):
                end = s + len(cand)
                if end in ends and text.startswith(cand, s):
                    yield s, end, label
                    pos = end
                    break
