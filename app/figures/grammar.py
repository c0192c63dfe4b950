"""The figure grammar: from a position in a text, read one figure (``[currency] number [scale]
[range] [percent | currency | unit]``) with exact Decimal values.

Both the normaliser (one span) and the detector (a whole article) read figures through
``read_figure``, so a suggested span and a hand-tagged one are normalised alike. Every regex is
compiled once and matched anchored at a position: reading is linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from app.figures.lexicon import (
    CASE_SENSITIVE_UNITS,
    CODE_ALIASES,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DENOMINATORS,
    NUMBER_WORDS,
    PERCENT_UNITS,
    SCALE_ABBREVS,
    SCALE_WORDS,
    TENS,
    UNITS,
    alternation,
    first_char_alternation,
)

_SP = r"[^\S\r\n]"  # white space on one line (NBSP included)
_END = r"(?![\w²³])"

DIGITS = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"  # 70,000 / 1,234.5
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?!\d)"  # 70 000 (no-break/thin space)
    r"|\d+(?:\.\d+)?"  # 45.5
    r"|\.\d+"  # .5
)
WORD = re.compile(r"[A-Za-z]+")
HYPHEN_WORD = re.compile(r"-([A-Za-z]+)")
SPACE = re.compile(rf"{_SP}*")
CURRENCY_PREFIX = re.compile(
    rf"(?:{alternation(CURRENCY_SYMBOLS)}){_SP}?(?=[\d.])"
    rf"|(?:{alternation(CURRENCY_CODES | set(CODE_ALIASES))}){_SP}?(?=\d)"
)
SCALE_WORD = re.compile(rf"{_SP}*({first_char_alternation(SCALE_WORDS, True)}){_END}", re.IGNORECASE)
SCALE_ATTACHED = re.compile(rf"({alternation(SCALE_ABBREVS)}){_END}", re.IGNORECASE)
SCALE_SPACED = re.compile(rf"{_SP}+(bn|mn|mln|bln|tn|trn){_END}", re.IGNORECASE)
SCALE_AFTER_CURRENCY = re.compile(rf"{_SP}?(k|m|b|bn|mn|mln|tn){_END}", re.IGNORECASE)
RANGE_SEP = re.compile(rf"{_SP}*(?:-|–|—|to){_SP}*(?=[\d$€£¥])|{_SP}*(?:-|–|—){_SP}*(?=\d)")
AND_SEP = re.compile(rf"{_SP}+and{_SP}+")
PERCENT = re.compile(
    rf"{_SP}?%|{_SP}*({first_char_alternation([k for k in PERCENT_UNITS if k != '%'], True)}){_END}",
    re.IGNORECASE,
)
CURRENCY_WORD = re.compile(rf"{_SP}*({first_char_alternation(CURRENCY_WORDS, True)}){_END}", re.IGNORECASE)
CURRENCY_CODE = re.compile(
    rf"{_SP}*({alternation(CURRENCY_CODES | set(CODE_ALIASES))}){_END}"
)
_CI_UNITS = [u for u in UNITS if u not in CASE_SENSITIVE_UNITS]
UNIT_CI = re.compile(rf"{_SP}*({first_char_alternation(_CI_UNITS, True)}){_END}", re.IGNORECASE)
UNIT_CS = re.compile(rf"{_SP}*({alternation(CASE_SENSITIVE_UNITS)}){_END}")
METRES_CONTEXT = re.compile(rf"{_SP}+(?:tall|long|high|wide|deep|thick)\b")
AND_A_HALF = re.compile(rf"{_SP}+and{_SP}+a{_SP}+half{_END}", re.IGNORECASE)
OUT_OF = re.compile(rf"{_SP}+out{_SP}+of{_SP}+", re.IGNORECASE)
ONE_IN = re.compile(rf"{_SP}+in{_SP}+", re.IGNORECASE)

_ZERO = Decimal(0)
# cheap tests of the character after a number before running a regex that needs one of these
_SPACE_SET = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")  # _SP
_PREFIX_FIRST = frozenset(w[0] for w in set(CURRENCY_SYMBOLS) | CURRENCY_CODES | set(CODE_ALIASES))
# SCALE_ATTACHED's first letters in both cases, and U+212A KELVIN SIGN (a "k" to IGNORECASE)
_SCALE_WORD_FIRST = frozenset({w[0] for w in SCALE_WORDS} | {w[0].upper() for w in SCALE_WORDS})
_SCALE_ABBREV_FIRST = frozenset({w[0] for w in SCALE_ABBREVS} | {w[0].upper() for w in SCALE_ABBREVS} | {"\u212a"})


def _skip(text: str, pos: int) -> int:
    """The position after the white space at ``pos``."""
    m = SPACE.match(text, pos)
    return m.end() if m is not None else pos


@dataclass
class Number:
    """A number as written: its exact value and what it was made of."""

    start: int
    end: int
    value: Decimal
    words: bool = False  # spelled out ("eleven")
    digits: str = ""  # the digits as written ("70,000"), when written in digits
    scaled: bool = False  # a scale word or abbreviation followed
    ratio: bool = False  # a fraction ("one fifth", "half")


@dataclass
class Figure:
    """One figure read from a text: span ``start:end`` (no qualifier) and its attributes."""

    start: int
    end: int
    value: Decimal
    label: str
    unit: str | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    out_of: Decimal | None = None
    first: Number | None = None
    currency_prefix: bool = False
    symbol: str = ""  # the currency sign or code as written ("¥", "US$", "RMB")
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def bare(self) -> bool:
        """A plain number: no unit, currency, percent, scale, range or fraction."""
        f = self.first
        return (
            self.unit is None and self.low is None and self.out_of is None
            and f is not None and not f.scaled and not f.words
        )


def number_value(d: Decimal) -> int | float:
    """An exact Decimal as JSON number: int when integral, else the nearest float."""
    d = d.normalize() if d != _ZERO else _ZERO
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _digits(text: str, pos: int) -> Number | None:
    m = DIGITS.match(text, pos)
    if m is None:
        return None
    raw = m.group()
    clean = raw.replace(",", "") if "," in raw else raw
    if not clean.isascii():
        clean = clean.replace("\u00a0", "").replace("\u202f", "").replace("\u2009", "")
    return Number(pos, m.end(), Decimal(clean), digits=raw)


def _words(text: str, pos: int) -> Number | None:
    """Spelled-out numbers: "eleven", "twenty-five", "one hundred and five", "a million",
    fractions ("one fifth", "two thirds", "a quarter", "half")."""
    total = current = _ZERO
    seen = scaled = False
    end = p = pos
    last = ""  # kind of the last word: unit, teen, tens, hundred, scale
    while True:
        m = WORD.match(text, p)
        if m is None:
            break
        w = m.group().lower()
        if w in ("a", "an") and p == pos:
            nxt = WORD.match(text, _skip(text, m.end()))
            nw = nxt.group().lower() if nxt is not None else ""
            if nxt is not None and nxt.start() > m.end() and (nw in SCALE_WORDS or nw == "dozen"):
                current, last, p = Decimal(1), "unit", nxt.start()
                continue
            if nxt is not None and nxt.start() > m.end() and nw in ("half", "quarter", "third"):
                return Number(pos, nxt.end(), Decimal(1) / DENOMINATORS[nw], words=True, ratio=True)
            return None
        if w == "half" and p == pos:
            return Number(pos, m.end(), Decimal("0.5"), words=True, ratio=True)
        if w in NUMBER_WORDS and w != "dozen":
            n = NUMBER_WORDS[w]
            if last in ("unit", "teen") or (last == "tens" and n >= 10):
                break  # "five six" is two numbers
            current += n
            last = "tens" if w in TENS else ("teen" if n >= 10 else "unit")
        elif w == "dozen" and last in ("unit", "teen", "tens"):
            current *= 12
            last = "scale"
        elif w == "hundred" and last in ("unit", "teen", "tens") and 0 < current < 100:
            current *= 100
            last = "hundred"
        elif w in SCALE_WORDS and w != "hundred" and last in ("unit", "teen", "tens", "hundred"):
            total += current * SCALE_WORDS[w]
            current, last, scaled = _ZERO, "scale", True
        elif w == "and" and last in ("hundred", "scale"):
            nxt = WORD.match(text, _skip(text, m.end()))
            if nxt is None or nxt.group().lower() not in NUMBER_WORDS:
                break
            p = nxt.start()
            continue
        else:
            break
        seen, end = True, m.end()
        if end < len(text) and text[end] == "-":
            nxt = WORD.match(text, end + 1)
            if nxt is None or nxt.group().lower() not in NUMBER_WORDS or last != "tens":
                break
            p = end + 1
            continue
        p = _skip(text, end)
        if p == end:
            break
    if not seen:
        return None
    value = total + current
    # a fraction: "one fifth", "two thirds", "three quarters", "one-third"
    m = None
    if end < len(text) and text[end] == "-":
        m = WORD.match(text, end + 1)
    else:
        sp = _skip(text, end)
        if sp > end:
            m = WORD.match(text, sp)
    if m is not None and m.group().lower() in DENOMINATORS and 0 < value < 100 and not scaled:
        den = m.group().lower()
        if (value == 1) != den.endswith("s") or den == "half":
            return Number(pos, m.end(), value / DENOMINATORS[den], words=True, ratio=True)
    return Number(pos, end, value, words=True, scaled=scaled)


def read_number(text: str, pos: int) -> Number | None:
    """A number at ``pos``: digits (with an optional scale) or words."""
    n = _digits(text, pos)
    if n is None:
        n = _words(text, pos)
        if n is None:
            return None
    else:
        c = text[n.end:n.end + 1]
        m = None
        if c in _SPACE_SET:
            m = SCALE_SPACED.match(text, n.end)
        elif c in _SCALE_ABBREV_FIRST:
            m = SCALE_ATTACHED.match(text, n.end)
        if m is not None and m.group(1) == "m" and METRES_CONTEXT.match(text, m.end()):
            m = None  # "1.8m tall": metres, not millions
        if m is not None:
            n.value *= SCALE_ABBREVS[m.group(1).lower()]
            n.end, n.scaled = m.end(), True
    if not n.ratio:
        c = text[n.end:n.end + 1]
        if c not in _SPACE_SET and c not in _SCALE_WORD_FIRST:  # no scale word, no "and a half"
            return n
        m = AND_A_HALF.match(text, n.end)
        if m is not None:
            n.value += Decimal("0.5")
            n.end = m.end()
        m = SCALE_WORD.match(text, n.end)
        if m is not None and not (n.words and m.group(1).lower() == "hundred"):
            n.value *= SCALE_WORDS[m.group(1).lower()]
            n.end, n.scaled = m.end(), True
            m2 = SCALE_WORD.match(text, n.end)  # "one hundred million"
            if m2 is not None and SCALE_WORDS[m2.group(1).lower()] > SCALE_WORDS[m.group(1).lower()]:
                n.value *= SCALE_WORDS[m2.group(1).lower()]
                n.end = m2.end()
    return n


def _currency_prefix(text: str, pos: int) -> tuple[str, int, str] | None:
    m = CURRENCY_PREFIX.match(text, pos)
    if m is None:
        return None
    sym = m.group().strip()
    code = CURRENCY_SYMBOLS.get(sym) or CODE_ALIASES.get(sym) or sym
    return code, m.end(), sym


def read_figure(text: str, pos: int, *, between: bool = False) -> Figure | None:
    """Read one figure starting at ``pos`` (no qualifier), or None when none starts there."""
    unit: str | None = None
    label = "CARDINAL"
    prefix = _currency_prefix(text, pos) if text[pos:pos + 1] in _PREFIX_FIRST else None
    p = prefix[1] if prefix else pos
    if prefix:
        unit, label = prefix[0], "MONEY"
    first = read_number(text, p)
    if first is None:
        return None
    if prefix and not first.scaled:
        m = SCALE_AFTER_CURRENCY.match(text, first.end)
        if m is not None:
            first.value *= SCALE_ABBREVS[m.group(1).lower()]
            first.end, first.scaled = m.end(), True
    fig = Figure(pos, first.end, first.value, label, unit, first=first, currency_prefix=bool(prefix),
                 symbol=prefix[2] if prefix else "")
    end = first.end
    # ranges: "23-25", "5 to 7 percent", "$5-7 billion", "between 5 and 7"
    if not first.ratio:
        sep = (AND_SEP if between else RANGE_SEP).match(text, end)
        if sep is not None:
            p2 = sep.end()
            pre2 = _currency_prefix(text, p2)
            if pre2 is not None and (prefix is None or pre2[0] == unit):
                p2 = pre2[1]
            second = read_number(text, p2)
            if second is not None and not second.ratio and second.words == first.words:
                low, high = first.value, second.value
                if second.scaled and not first.scaled:
                    scale = second.value / _digits_value(text, second)
                    low = low * scale
                if low < high:
                    fig.low, fig.high = low, high
                    fig.value = (low + high) / 2
                    end = second.end
        elif between:
            return None
    elif between:
        return None
    if fig.low is None and not first.ratio:
        # "eleven out of thirteen", "one in five"
        m = OUT_OF.match(text, end)
        if m is not None:
            total = read_number(text, m.end())
            if total is not None and total.value > 0 and not total.ratio:
                fig.out_of = total.value
                end = total.end
        else:
            # "one in five", "2 in 3" (small whole numbers only: "7 in 2020" is no ratio)
            m = ONE_IN.match(text, end)
            total = read_number(text, m.end()) if m is not None else None
            if total is not None and total.words == first.words and total.value > first.value and (
                first.words or (total.value <= 1000 and "." not in first.digits + total.digits
                                and not total.scaled and not first.scaled)
            ):
                fig.value = first.value / total.value
                fig.unit, end = "ratio", total.end
                first.ratio = True
    # what the number counts or measures
    if label != "MONEY" and not first.ratio:
        m = PERCENT.match(text, end)
        if m is not None:
            word = (m.group(1) or "%").lower()
            word = " ".join(word.split())
            fig.unit, fig.label, end = PERCENT_UNITS[word], "PERCENT", m.end()
        else:
            m = CURRENCY_WORD.match(text, end) or CURRENCY_CODE.match(text, end)
            if m is not None and not (m.group(1).lower() in ("real", "won", "dong", "rand", "som", "sums") and first.words):
                key = " ".join(m.group(1).split())
                fig.unit = CURRENCY_WORDS.get(key.lower()) or CODE_ALIASES.get(key) or key
                fig.label, end = "MONEY", m.end()
            else:
                at = end + 1 if text[end:end + 1] == "-" else end  # "a 2,000-km pipeline"
                m = UNIT_CI.match(text, at) or UNIT_CS.match(text, at)
                if m is not None and (at == end or m.start(1) == at):
                    key = m.group(1)
                    fig.unit = UNITS.get(key) or UNITS[key.lower()]
                    fig.label, end = "QUANTITY", m.end()
    if first.ratio and fig.unit is None:
        fig.unit = "ratio"
    fig.end = end
    return fig


def _digits_value(text: str, n: Number) -> Decimal:
    """The unscaled value of a scaled number (for "5-7 billion": 7 billion / 7)."""
    d = _digits(text, n.start)
    if d is not None:
        return d.value
    w = _words(text, n.start)
    return w.value if w is not None and w.value else Decimal(1)


def attributes(fig: Figure, qualifier: str | None = None, counted: str | None = None) -> dict[str, object]:
    """The annotation attributes of a figure."""
    out: dict[str, object] = {"value": number_value(fig.value), "unit": fig.unit, "qualifier": qualifier}
    if fig.low is not None and fig.high is not None:
        out["low"], out["high"] = number_value(fig.low), number_value(fig.high)
    if fig.out_of is not None:
        out["out_of"] = number_value(fig.out_of)
    if counted:
        out["counted"] = counted
    out.update(fig.extra)
    return out
