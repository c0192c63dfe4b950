"""Find the figures of an article: spans labelled MONEY, PERCENT, QUANTITY or CARDINAL with
normalised attributes, conversions ("39 trillion yuan ($6 trillion)") and periods.

Dates, years, times, ordinals, durations, version and phone numbers, and names such as
"COVID-19" or "5G" are not figures. One left-to-right pass of compiled regexes: linear.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from app.figures.grammar import Figure, attributes, read_figure
from app.figures.lexicon import RATE_TOLERANCE, TIME_UNITS, USD_PER_UNIT, wordlist
from app.figures.normalise import BETWEEN_BEFORE, QUALIFIER_BEFORE, START, counted_after
from app.figures.periods import PeriodIndex, find_periods

_SP = r"[^\S\r\n]"

# spans that hold digits but no figure: dates, times, versions, phone numbers, links
BLOCKED = re.compile(
    r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # 2021-05-27
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"  # 27/05/2021
    r"|\b\d{1,2}:\d{2}(?::\d{2})?(?:" + _SP + r"?[ap]\.?m\.?)?"  # 15:14:37, 9:30 am
    r"|\b\d{1,2}" + _SP + r"?[ap]\.m\.|\b\d{1,2}" + _SP + r"?[AaPp][Mm]\b"  # 10 a.m.
    r"|\b[vV]?\d+\.\d+\.\d+(?:\.\d+)*\b"  # 7.2.0
    r"|\b[vV]\d+(?:\.\d+)*\b"  # v2, v3.1
    r"|\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,}"  # +86 23 6789 1234
    r"|\(\d{2,5}\)" + _SP + r"?\d{3,4}[\s-]?\d{3,4}"  # (010) 5555 1234
    r"|\b\d{3,4}-\d{3,4}-\d{3,4}\b"  # 555-123-4567
    r"|\b(?:https?://|www\.)\S+|\b\S+@\S+\.\w+"  # links, e-mail
    r"|©\s?\d{4}(?:\s?[-–]\s?\d{4})?"  # ©2008-2024
)
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
WORD_AFTER = re.compile(_SP + r"*([A-Za-z]+)")
WORD_BEFORE = re.compile(r"([A-Za-z]+\.?)" + _SP + r"*$")
# words after which a number is a name or a reference, not a figure
REFERENCE_WORDS = frozenset(wordlist(
    "no no. nos. number article articles chapter section sections room page pages p. pp. vol. "
    "volume level phase version windows figure fig. table route line gate terminal platform "
    "highway grade class stage round season episode part item rule paragraph clause tier "
    "flight bus channel expo sce ios android covid-"
))
# words before a year that make it a date ("in 2020", "since 2012")
YEAR_PREPOSITIONS = frozenset(wordlist(
    "in since by from to until till of during before after year years fiscal early late mid "
    "between and through circa"
))
FRACTION_OF = frozenset(wordlist("of the its their his her our all that these those them this"))
CONVERSION_GAP = re.compile(
    _SP + r"*(?:\(|,?" + _SP + r"*or|,?" + _SP + r"*about|,?" + _SP + r"*equivalent" + _SP
    + r"+to|/)" + _SP + r"*$"
)
CONVERSION_CLOSE = re.compile(_SP + r"*\)")
MONTH_ABBR_BEFORE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?" + _SP + r"*$"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    + _SP + r"*$"
)
MONTH_AFTER = re.compile(
    _SP + r"*(?:of" + _SP + r"+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed figure: code-point span, label, attributes and links to other suggestions
    (``relations``: ``(type, index)`` pairs into the list ``detect`` returned)."""

    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)
    relations: tuple[tuple[str, int], ...] = ()


def _blocked_spans(text: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for m in BLOCKED.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _overlaps(blocked: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = blocked
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def _year_like(fig: Figure) -> bool:
    f = fig.first
    return (
        f is not None and not f.words and len(f.digits) == 4 and f.digits.isdigit()
        and 1000 <= int(f.digits) <= 2100 and not f.scaled
    )


def _word_before(text: str, pos: int) -> str:
    m = WORD_BEFORE.search(text, max(0, pos - 20), pos)
    return m.group(1).lower() if m else ""


def _word_after(text: str, pos: int) -> str:
    m = WORD_AFTER.match(text, pos)
    return m.group(1) if m else ""


def _rejected(text: str, fig: Figure, blocked: tuple[list[int], list[int]]) -> bool:
    """True when the figure read at ``fig.start`` is a date, year, ordinal, name... """
    f = fig.first
    assert f is not None
    start, end = fig.start, fig.end
    if _overlaps(blocked, start, end):
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    # glued to a word: COVID-19, G20, 5G, 3D, 5th, 1990s
    if before.isalnum() or before == "_":
        return True
    if before in "-/." and start >= 2 and text[start - 2].isalnum():
        return True
    if after.isalnum() or after == "_" or (after in "°²³" and fig.unit is None):
        return True
    if after in "-–" and end + 1 < len(text) and text[end + 1].isalpha():
        return True  # 13-day, two-year, 5-star: a compound adjective, mostly a duration
    if after in "/" and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    nxt = _word_after(text, end)
    nxt_l = nxt.lower()
    if fig.unit is None and nxt_l in TIME_UNITS:
        return True  # a duration: "13 days", "two years"
    if fig.unit is None and nxt_l in ("am", "pm", "a", "p") and re.match(_SP + r"*[ap]\.?m\b", text[end:end + 6], re.IGNORECASE):
        return True
    prev = _word_before(text, start)
    if f.words:
        if fig.unit == "ratio":
            if prev in ("first", "second", "third", "fourth", "last", "the", "latter", "former"):
                return True  # "the first half of 2021"
            w = text[f.start:f.end].lower()
            # "half" / "a quarter" that is no share of something
            return w.endswith(("half", "quarter", "third")) and w.split()[0] in ("a", "an", "half") and nxt_l not in FRACTION_OF
        if fig.out_of is not None or f.scaled or fig.unit is not None:
            return False
        return f.value <= 1  # "one of the", "zero"
    # digits
    if f.digits.startswith("0") and len(f.digits) > 1 and not f.digits.startswith("0."):
        return True  # codes: 007
    if fig.bare or (fig.low is not None and fig.unit is None and not f.scaled):
        if ORDINAL_SUFFIX.match(text, f.end):
            return True
        if MONTH_ABBR_BEFORE.search(text, max(0, start - 12), start) or MONTH_AFTER.match(text, end):
            return True  # "August 23-25", "10 May 2021", "Aug 20 to 21"
        if prev.rstrip(".") + "." in REFERENCE_WORDS or prev in REFERENCE_WORDS:
            return True
        if text[max(0, start - 6):start].rstrip().endswith("COVID-"):
            return True
        digits = f.digits.replace(",", "")
        if "." not in digits and len(digits) >= 7 and "," not in f.digits:
            return True  # phone-like or an identifier
        if _year_like(fig):
            if fig.low is not None:
                return True  # 2012-2021
            plural_noun = nxt[:1].islower() and nxt_l.endswith("s") and not nxt_l.endswith("ss")
            return not plural_noun or prev in YEAR_PREPOSITIONS
        if fig.low is not None:
            hi = fig.high
            if hi is not None and 1000 <= hi <= 2100 and hi == hi.to_integral_value() and (fig.low or 0) >= 1000:
                return True
    return False


def _rate(src: Figure, dst: Figure) -> dict[str, Any]:
    """The implied exchange rate of a conversion, flagged when far from the usual rate."""
    out: dict[str, Any] = {}
    if not src.value:
        return out
    rate = dst.value / src.value
    out["rate"] = float(round(rate, 6 - rate.adjusted() - 1)) if rate else 0.0
    a, b = USD_PER_UNIT.get(str(src.unit)), USD_PER_UNIT.get(str(dst.unit))
    if a is not None and b is not None:
        expected = a / b
        ratio = rate / expected
        out["rate_plausible"] = bool(1 / RATE_TOLERANCE <= ratio <= RATE_TOLERANCE)
        out["expected_rate"] = float(round(expected, 6 - expected.adjusted() - 1))
    return out


def detect(text: str, published: str | None = None) -> list[Suggestion]:
    """The figures of ``text`` in order; ``published`` ("YYYY-MM-DD") resolves relative
    periods such as "last year"."""
    blocked = _blocked_spans(text)
    found: list[tuple[int, Figure, str | None]] = []  # (span start with qualifier, figure, qualifier)
    pos = 0
    n = len(text)
    while pos < n:
        m = START.search(text, pos)
        if m is None:
            break
        s = m.start()
        window = text[max(0, s - 30):s]
        between = BETWEEN_BEFORE.search(window) is not None
        fig = read_figure(text, s, between=between)
        if fig is None and between:
            between = False
            fig = read_figure(text, s)
        if fig is None or _rejected(text, fig, blocked):
            # past this number only: a rejected year may precede a real figure
            nxt = fig.first.end if fig is not None and fig.first is not None else m.end()
            if fig is not None and fig.low is not None and fig.first is not None and MONTH_ABBR_BEFORE.search(text, max(0, s - 12), s):
                nxt = fig.end  # the whole date range "Aug 20 to 21"
            pos = max(nxt, m.end())
            continue
        span_start = s
        qualifier = None
        if between and fig.low is not None:
            b = BETWEEN_BEFORE.search(window)
            assert b is not None
            span_start = s - (len(window) - b.start())
            q = QUALIFIER_BEFORE.search(text[max(0, span_start - 30):span_start])
            qualifier = "between"
            if q is not None:
                qualifier = " ".join(q.group(1).lower().split())
                span_start -= len(q.group())
        else:
            q = QUALIFIER_BEFORE.search(window)
            if q is not None:
                qualifier = " ".join(q.group(1).lower().split())
                span_start = s - len(q.group())
        found.append((span_start, fig, qualifier))
        pos = fig.end
    periods = PeriodIndex(text, find_periods(text, published))
    out: list[Suggestion] = []
    attrs_list: list[dict[str, Any]] = []
    rels: list[list[tuple[str, int]]] = []
    for span_start, fig, qualifier in found:
        counted = None
        if fig.label == "CARDINAL" and fig.unit != "ratio":
            counted = counted_after(text, fig.end)
        attrs = attributes(fig, qualifier, counted)
        period = periods.period_for(span_start, fig.end)
        if period is not None:
            attrs["period"] = period
        attrs_list.append(attrs)
        rels.append([])
    # conversions: "39 trillion yuan ($6 trillion)"
    for i in range(len(found) - 1):
        (_, a, _), (b_start, b, _) = found[i], found[i + 1]
        if a.label != "MONEY" or b.label != "MONEY" or a.unit == b.unit:
            continue
        if not CONVERSION_GAP.match(text, a.end, b_start):
            continue
        rate = _rate(a, b)
        attrs_list[i].update({"converts_to": b.unit, **rate})
        attrs_list[i + 1].update({"converted_from": a.unit, **rate})
        if "period" in attrs_list[i + 1] and "period" not in attrs_list[i]:
            attrs_list[i]["period"] = attrs_list[i + 1]["period"]
        elif "period" in attrs_list[i]:
            attrs_list[i + 1]["period"] = attrs_list[i]["period"]
        rels[i].append(("converts", i + 1))
    for (span_start, fig, _), attrs, r in zip(found, attrs_list, rels, strict=True):
        out.append(Suggestion(span_start, fig.end, fig.label, text[span_start:fig.end], attrs, tuple(r)))
    return out


__all__ = ["Suggestion", "detect"]
