"""The detector's fast paths give exactly the matches of the plain regexes they stand for."""

from __future__ import annotations

import importlib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.figures.lexicon import (
    CURRENCY_WORDS,
    IGNORECASE_EXTRA,
    PERCENT_UNITS,
    QUALIFIERS,
    SCALE_WORDS,
    UNITS,
    alternation,
    first_char_alternation,
)
from app.figures.periods import PERIOD, _year_word_in_period

D = importlib.import_module("app.figures.detector")

WORD_LISTS = [list(CURRENCY_WORDS), list(UNITS), list(QUALIFIERS), list(SCALE_WORDS), list(PERCENT_UNITS)]
ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00df", "\u00a0", "\u2009", "\n", "\r\n", "~", "%", "°"]
PIECES = sorted({w for ws in WORD_LISTS for w in ws}) + ODD + [
    "a", "an", "year", "Year", "YEAR", "last", "this", "next", "previous", "in", "the", "of", "half",
    "one", "ONE", "someone", "ten", "often", "twenty", "twenty-one", "million", "billion", "dozen",
    "38", "2020", "1999", "2100", "3.5", ".5", "1,234", "\u0663\u0665", "\uff13", "\U0001d7d3", "$", "€",
    "¥", "US$", ".", ",", "-", "(", ")", " ", "  ", "😀", "中国", "_", "x",
]


def _texts() -> st.SearchStrategy[str]:
    word = st.sampled_from(PIECES)
    pieces = word | word.map(str.upper) | word.map(str.title)
    return st.lists(pieces, max_size=30).map("".join) | st.lists(pieces, max_size=30).map(" ".join)


def test_ignorecase_extra_lists_every_non_ascii_match_of_an_ascii_letter() -> None:
    letters = re.compile("[a-z]", re.IGNORECASE)
    found: dict[str, str] = {}
    for i in range(128, 0x110000):
        c = chr(i)
        if letters.fullmatch(c):
            low = next(x for x in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(x, c, re.IGNORECASE))
            found[low] = found.get(low, "") + c
    assert found == IGNORECASE_EXTRA


@settings(max_examples=300, deadline=None)
@given(_texts(), st.integers(0, 40))
def test_first_char_alternation_matches_like_alternation(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    for words in WORD_LISTS:
        for flags in (0, re.IGNORECASE):
            a = re.compile(rf"[^\S\r\n]*({alternation(words)})(?![\w²³])", flags)
            b = re.compile(rf"[^\S\r\n]*({first_char_alternation(words, bool(flags))})(?![\w²³])", flags)
            ma, mb = a.match(text, pos), b.match(text, pos)
            assert (ma and (ma.span(), ma.span(1))) == (mb and (mb.span(), mb.span(1)))
            qa = re.compile(rf"(?<![\w])({alternation(words)})[^\S\r\n]+$", flags).search(text[:pos])
            qb = re.compile(rf"(?<![\w])({first_char_alternation(words, bool(flags))})[^\S\r\n]+$", flags).search(
                text[:pos]
            )
            assert (qa and qa.span(1)) == (qb and qb.span(1))


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_candidate_scans_match_the_plain_regexes(text: str) -> None:
    if len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        assert [m.span() for m in D.SIGNS_BMP.finditer(text)] == [m.span() for m in D.SIGNS.finditer(text)]
    low = text.lower()
    fast = [
        m.span() for m in D.WORD_CANDIDATE_END.finditer(low)
        if not m.start() or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_")
    ]
    assert fast == [m.span() for m in D.WORD_CANDIDATE.finditer(low)]


@settings(max_examples=300, deadline=None)
@given(_texts())
def test_year_word_test_never_skips_a_period(text: str) -> None:
    for m in re.finditer(r"\b(?:year)\b", text.lower()):
        a, b = m.span()
        if any(p.start() <= a and p.end() >= b for p in PERIOD.finditer(text, max(0, a - 48), min(len(text), b + 2))):
            assert _year_word_in_period(text, a, b)
