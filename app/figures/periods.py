"""Periods near a figure ("in 2020", "last year", "the first quarter of 2021"), resolved
against the article's published date to a year ("2020") or an ISO interval
("2021-01-01/2021-03-31").
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass

from app.figures.lexicon import MONTH_NUMBERS, MONTHS

_SP = r"[^\S\r\n]+"
_PREP = r"(?:in|during|for|by|as\s+of|over|through|throughout|until|till)"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_REL = r"(?:last|this|next|previous)" + _SP + "year"
_MONTH = "|".join(MONTHS + ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

PERIOD = re.compile(
    rf"\b{_PREP}{_SP}(?:the{_SP})?(?P<qn>first|second|third|fourth|1st|2nd|3rd|4th){_SP}quarter"
    rf"(?:{_SP}of)?{_SP}(?P<qy>{_YEAR}|{_REL})\b"
    rf"|\b{_PREP}{_SP}(?:the{_SP})?(?P<hn>first|second){_SP}half(?:{_SP}of)?{_SP}(?P<hy>{_YEAR}|{_REL})\b"
    rf"|\b(?P<qq>Q[1-4]){_SP}(?P<qqy>{_YEAR})\b"
    rf"|\b{_PREP}{_SP}(?P<mn>{_MONTH})\.?{_SP}(?P<my>{_YEAR}|{_REL})\b"
    rf"|\b{_PREP}{_SP}(?:(?:the{_SP})?(?:fiscal{_SP})?year{_SP})?(?P<y>{_YEAR})\b(?![-/.–]\d)"
    rf"|\b(?P<rel>last|this|next|previous){_SP}year\b",
    re.IGNORECASE,
)
BOUNDARY = re.compile(r"[.!?;](?=\s|$)|\n")
FOLLOW_WINDOW = 40
PRECEDE_WINDOW = 160


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    value: str  # "2020" or "2021-01-01/2021-03-31"


def _year(word: str, published_year: int | None) -> int | None:
    w = " ".join(word.casefold().split())  # casefold: "laſt" (long s) is "last", as the regex saw it
    if w[:1].isdigit():
        return int(w)
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}.get(w.split()[0]) if w else None
    if published_year is None or step is None:
        return None
    return published_year + step


def _interval(y: int, m1: int, m2: int) -> str:
    return f"{y:04d}-{m1:02d}-01/{y:04d}-{m2:02d}-{calendar.monthrange(y, m2)[1]:02d}"


# white space on one line, as ``[^\S\r\n]`` matches it (``str.isspace`` is ``\s``)
_SP_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")


def _year_word_in_period(text: str, a: int, b: int) -> bool:
    """Whether the word "year" at ``a:b`` can be part of a PERIOD phrase: only as
    "last/this/next/previous year" or "year 2020" (a cheap test before the regex)."""
    n = len(text)
    q = b
    while q < n and text[q] in _SP_CHARS:
        q += 1
    if b < q < n and text[q] in "12":  # "... year 2020": the years PERIOD knows start so
        return True
    k = a
    while k > 0 and text[k - 1] in _SP_CHARS:
        k -= 1
    # last/next or this/previous, case-insensitively (U+017F LONG S is an "s" to re.IGNORECASE)
    return 0 < k < a and text[k - 1] in "tTsS\u017f"


def _matches(text: str, anchors: list[tuple[int, int]] | None) -> list[re.Match[str]]:
    if anchors is None:
        return list(PERIOD.finditer(text))
    out: list[re.Match[str]] = []
    last_end = -1
    n = len(text)
    for a, b in anchors:  # every phrase ends with a year or the word "year"
        if a < last_end:
            continue
        if b - a == 4 and text[a:b].lower() == "year" and not _year_word_in_period(text, a, b):
            continue
        for m in PERIOD.finditer(text, max(0, a - 48, last_end), min(n, b + 2)):
            if m.start() <= a and m.end() >= b:
                out.append(m)
                last_end = m.end()
                break
    return out


def find_periods(
    text: str, published: str | None = None, anchors: list[tuple[int, int]] | None = None
) -> list[Period]:
    """Every resolvable period phrase of ``text``, in order. ``anchors`` (the spans of the
    years and of the word "year", in order) limit the search to where a phrase can end."""
    py = int(published[:4]) if published and published[:4].isdigit() else None
    out: list[Period] = []
    for m in _matches(text, anchors):
        g = m.groupdict()
        value: str | None = None
        if g["qn"]:
            y = _year(g["qy"], py)
            q = _ORD[g["qn"].lower()]
            value = _interval(y, 3 * q - 2, 3 * q) if y else None
        elif g["hn"]:
            y = _year(g["hy"], py)
            h = 1 if g["hn"].lower() == "first" else 2
            value = _interval(y, 6 * h - 5, 6 * h) if y else None
        elif g["qq"]:
            q = int(g["qq"][1])
            value = _interval(int(g["qqy"]), 3 * q - 2, 3 * q)
        elif g["mn"]:
            y = _year(g["my"], py)
            mo = MONTH_NUMBERS[g["mn"].lower()]
            value = _interval(y, mo, mo) if y else None
        elif g["y"]:
            value = g["y"]
        elif g["rel"]:
            y = _year(g["rel"] + " year", py)
            value = str(y) if y else None
        if value is not None:
            out.append(Period(m.start(), m.end(), value))
    return out


class PeriodIndex:
    """Finds the period phrase that belongs to a figure: one right after it in its sentence
    (within 40 characters), else the nearest one before it in the same sentence."""

    def __init__(self, text: str, periods: list[Period]) -> None:
        self.text = text
        self.periods = periods
        self.starts = [p.start for p in periods]

    def period_for(self, start: int, end: int) -> str | None:
        i = bisect.bisect_left(self.starts, end)
        if i < len(self.periods):
            p = self.periods[i]
            if p.start - end <= FOLLOW_WINDOW and not BOUNDARY.search(self.text, end, p.start):
                return p.value
        j = bisect.bisect_right(self.starts, start) - 1
        while j >= 0:
            p = self.periods[j]
            if p.end <= start:
                if start - p.end <= PRECEDE_WINDOW and not BOUNDARY.search(self.text, p.end, start):
                    return p.value
                return None
            j -= 1
        return None


def period_of(text: str, published: str | None = None) -> str:
    """The period a span linked as a figure's period names ("2020", "the first quarter of
    2021" → "2021-01-01/2021-03-31", "last year" from ``published``); the span's own text
    when it reads as none of these."""
    for candidate in (text, "in " + text):
        found = find_periods(candidate, published)
        if found:
            return found[0].value
    return " ".join(text.split())
