"""The figure grammar: from a position in a text, read one figure (``[currency] number [scale]
[range] [percent | currency | unit]``) with exact Decimal values.

Both the normaliser (one span) and the detector (a whole article) read figures through
``read_figure``, so a suggested span and a hand-tagged one are normalised alike. Every regex is
compiled once and matched anchored at a position: reading is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from app.figures.lexicon import (
    CASE_SENSITIVE_UNITS,
    CODE_ALIASES,
    COMPARISON_AFTER,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DENOMINATORS,
    DOUBTFUL_UNITS,
    GLUED_ONLY_PREFIXES,
    LOCAL_PREFIXES,
    MINOR_UNITS,
    MULTIPLIER_WORDS,
    NAIRA_CONTEXT,
    NUMBER_WORDS,
    PERCENT_UNITS,
    RATE_AFTER_A,
    RATE_NOUNS,
    SCALE_ABBREVS,
    SCALE_WORDS,
    TENS,
    UNIT_SCALES,
    UNITS,
    WEAK_MULTIPLIERS,
    WEAK_PREFIXES,
    alternation,
    first_char_alternation,
)

_SP = r"[^\S\r\n]"  # white space on one line (NBSP included)
_END = r"(?![\w²³])"

DIGITS = re.compile(
    r"\d{1,3}(?:,\d{2})*(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"  # 70,000 / 1,234.5 / Indian 2,40,000
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
    rf"|(?:{alternation(set(LOCAL_PREFIXES) - GLUED_ONLY_PREFIXES)}){_SP}?(?=\d)"
    rf"|(?:{alternation(GLUED_ONLY_PREFIXES)})(?=\d)"
)
SCALE_WORD = re.compile(rf"{_SP}*({first_char_alternation(SCALE_WORDS, True)}){_END}", re.IGNORECASE)
SCALE_ATTACHED = re.compile(rf"({alternation(SCALE_ABBREVS)}){_END}", re.IGNORECASE)
SCALE_SPACED = re.compile(rf"{_SP}+(bn|mn|mln|bln|tn|trn){_END}", re.IGNORECASE)
SCALE_AFTER_CURRENCY = re.compile(rf"{_SP}?(k|m|b|bn|mn|mln|tn){_END}", re.IGNORECASE)
RANGE_SEP = re.compile(rf"{_SP}*(?:-|–|—|to){_SP}*(?=[\d$€£¥])|{_SP}*(?:-|–|—){_SP}*(?=\d)")
# between two figures that each carry their unit ("3%-5%", "$10bn to $12bn", "5%–6%")
RANGE_SEP_UNIT = re.compile(rf"{_SP}*(?:-|–|—){_SP}*(?=[\d$€£¥₹₦A-Z])|{_SP}+to{_SP}+(?=[\d$€£¥₹₦A-Z])")
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
ONE_IN = re.compile(rf"(?:{_SP}+in{_SP}+|-in-)", re.IGNORECASE)
SIGN = re.compile(rf"[-−](?=[\d.$€£¥₹₦])|(?:minus|negative){_SP}+(?=[\d.$€£¥₹₦])", re.IGNORECASE)
# a currency word after a hyphenated scale ("300-billion-yen", "90-million-pound": the adjective's
# "pound" is sterling, never lb)
HYPHEN_ONLY_CURRENCY = {"pound": "GBP"}
HYPHEN_CURRENCY = re.compile(
    rf"-({alternation({w for w in CURRENCY_WORDS if ' ' not in w} | set(HYPHEN_ONLY_CURRENCY))}){_END}(?!-)",
    re.IGNORECASE,
)
# an exchange rate written "X to the dollar" (the currency named before it in the sentence)
TO_THE_CURRENCY = re.compile(
    rf"{_SP}+(?:to{_SP}+the|(against{_SP}+the|an?)){_SP}+(dollar|euro|u\.s\.{_SP}+dollar|us{_SP}+dollar){_END}",
    re.IGNORECASE,
)
LEVEL_BEFORE = re.compile(rf"\b(?:at|to|near|around){_SP}+\Z", re.IGNORECASE)
SCALE_HYPHEN = re.compile(rf"-({first_char_alternation(set(SCALE_WORDS) - {'hundred'}, True)}){_END}", re.IGNORECASE)
# "half a million", "a quarter of a million", "three quarters of a billion"
RATIO_OF_SCALE = re.compile(
    rf"{_SP}+(?:of{_SP}+)?an?{_SP}+({first_char_alternation(SCALE_WORDS, True)}){_END}", re.IGNORECASE
)
# "half a percentage point", "a quarter point", "quarter-point", "three quarters of a point"
RATIO_POINT = re.compile(
    rf"(?:{_SP}+of)?(?:{_SP}+an?)?(?:{_SP}+|-)(?:percentage(?:{_SP}+|-))?point{_END}", re.IGNORECASE
)
POINT_FRACTION = re.compile(rf"(quarter|half)(?:{_SP}+|-)(?:percentage(?:{_SP}+|-))?point{_END}", re.IGNORECASE)
FOLD = re.compile(rf"(?:-|{_SP})?fold{_END}", re.IGNORECASE)
TIMES_END = re.compile(rf"{_SP}+times\s*\Z", re.IGNORECASE)
TIMES_X = re.compile(r"[x×](?![\w])")
TIMES_WORD = re.compile(rf"{_SP}+times{_SP}+(?=([A-Za-z]+))", re.IGNORECASE)
SLASH_FRACTION = re.compile(r"/(\d{1,2})(?![\d/.,]|[A-Za-z])")
MULTIPLIER = re.compile(rf"({first_char_alternation(MULTIPLIER_WORDS, True)}){_END}", re.IGNORECASE)
MINOR = re.compile(rf"{_SP}*({first_char_alternation(MINOR_UNITS, True)}){_END}", re.IGNORECASE)
MINOR_ATTACHED = re.compile(rf"([pc]){_END}")
ATTACHED_CELSIUS = re.compile(rf"C{_END}")
_RATE_WORDS = first_char_alternation(RATE_NOUNS, True)
_NOT_A_RATE = rf"(?!{_SP}+(?:earlier|ago|before|later|after|previously|prior|back)\b)"  # "a year earlier"
RATE = re.compile(
    rf"(?:{_SP}+(?:(per)|(an?))(?:{_SP}+|-)({_RATE_WORDS}|[a-z]+){_END}|/({_RATE_WORDS}){_END}){_NOT_A_RATE}",
    re.IGNORECASE,
)

_ZERO = Decimal(0)
# cheap tests of the character after a number before running a regex that needs one of these
_SPACE_SET = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")  # _SP
_PREFIX_FIRST = frozenset(w[0] for w in set(CURRENCY_SYMBOLS) | CURRENCY_CODES | set(CODE_ALIASES) | set(LOCAL_PREFIXES))
# SCALE_ATTACHED's first letters in both cases, and U+212A KELVIN SIGN (a "k" to IGNORECASE)
_SCALE_WORD_FIRST = frozenset({w[0] for w in SCALE_WORDS} | {w[0].upper() for w in SCALE_WORDS})
_SCALE_ABBREV_FIRST = frozenset({w[0] for w in SCALE_ABBREVS} | {w[0].upper() for w in SCALE_ABBREVS} | {"\u212a"})


def _after_space(text: str, pos: int) -> str:
    """The first character after the white space at ``pos`` ("" at the end)."""
    c = text[pos:pos + 1]
    if c == " ":
        c = text[pos + 1:pos + 2]
        if c != " ":
            return c or "\x00"
    if c and c in _SPACE_SET:
        n = len(text)
        while pos < n and text[pos] in _SPACE_SET:
            pos += 1
        c = text[pos:pos + 1]
    return c or "\x00"


def _skip(text: str, pos: int) -> int:
    """The position after the white space at ``pos``."""
    m = SPACE.match(text, pos)
    return m.end() if m is not None else pos


@dataclass(slots=True)
class Number:
    """A number as written: its exact value and what it was made of."""

    start: int
    end: int
    value: Decimal
    words: bool = False  # spelled out ("eleven")
    digits: str = ""  # the digits as written ("70,000"), when written in digits
    scaled: bool = False  # a scale word or abbreviation followed
    ratio: bool = False  # a fraction ("one fifth", "half") or a multiplier ("15-fold")
    multiplier: str = ""  # a multiplier word as written ("doubled", "twice")


@dataclass(slots=True)
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
    minor: bool = False  # written in a minor unit ("12 cents"), value in major units
    currency_word: str = ""  # the currency word as written after the amount ("pesos")
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
            if nxt is not None and nxt.start() > m.end() and nw in DENOMINATORS and not nw.endswith("s"):
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
        if n.ratio:  # "half a million", "a quarter of a million"
            m = RATIO_OF_SCALE.match(text, n.end)
            if m is not None:
                n.value *= SCALE_WORDS[m.group(1).lower()]
                n.end, n.scaled, n.ratio = m.end(), True, False
            return n
    else:
        c = text[n.end:n.end + 1]
        m = None
        if c == "-":  # "$1.2-billion"
            m = SCALE_HYPHEN.match(text, n.end)
            if m is not None:
                n.value *= SCALE_WORDS[m.group(1).lower()]
                n.end, n.scaled = m.end(), True
                return n
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
    code = CURRENCY_SYMBOLS.get(sym) or CODE_ALIASES.get(sym) or LOCAL_PREFIXES.get(sym) or sym
    return code, m.end(), sym


def _multiplier(text: str, pos: int) -> Figure | None:
    """A multiplier word at ``pos``: "doubled", "tripled", "fivefold", "twice"."""
    m = MULTIPLIER.match(text, pos)
    if m is None:
        return None
    w = m.group(1).lower()
    n = Number(pos, m.end(), MULTIPLIER_WORDS[w], words=True, ratio=True, multiplier=w)
    return Figure(pos, m.end(), n.value, "CARDINAL", "ratio", first=n)


def weak_multiplier_ok(text: str, fig: Figure, qualified: bool) -> bool:
    """Whether a multiplier that is also an adjective or a frequency ("twice a week",
    "double-digit") is a ratio here: before a comparison ("twice as high", "double the
    amount") or after a qualifier ("more than double")."""
    f = fig.first
    if f is None or f.multiplier not in WEAK_MULTIPLIERS:
        return True
    if text[fig.end:fig.end + 1] in "-–":
        return False
    nxt = WORD.match(text, _skip(text, fig.end))
    if nxt is not None and nxt.start() > fig.end:
        return nxt.group().lower() in COMPARISON_AFTER and not (
            f.multiplier != "twice" and nxt.group().lower() in ("in", "from"))
    return qualified and (nxt is None or nxt.start() == fig.end)


def _unit_after_range(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` carries a unit ("... from 0.5 to 1.5 per cent": the unit
    written once makes "X to Y" a range even after a verb of change; "fell by 1,200 to 48,900"
    is two figures)."""
    n = read_number(text, pos)
    if n is None:
        return False
    return PERCENT.match(text, n.end) is not None or CURRENCY_WORD.match(text, n.end) is not None or (
        UNIT_CI.match(text, n.end) or UNIT_CS.match(text, n.end)) is not None


def _yes(flag: bool | Callable[[str, int], bool], text: str, pos: int) -> bool:
    return flag(text, pos) if callable(flag) else flag


def _unit_range(text: str, fig: Figure, end: int, between: bool, to_range: bool | Callable[[str, int], bool]) -> int:
    """A range with the unit on both ends ("3%-5%", "between 2% and 4%", "$10bn to $12bn"):
    merges the second figure into ``fig``; returns the new end (``end`` when none)."""
    sep = (AND_SEP if between else RANGE_SEP_UNIT).match(text, end)
    if sep is None or (not between and "to" in sep.group().lower() and not _yes(to_range, text, fig.start)):
        return end
    second = read_figure(text, sep.end(), ranges=False)
    if (
        second is None or second.label != fig.label or second.unit != fig.unit
        or second.low is not None or second.first is None or second.first.ratio
        or fig.first is None or second.first.words != fig.first.words
        or not fig.value < second.value
    ):
        return end
    fig.low, fig.high = fig.value, second.value
    fig.value = (fig.low + fig.high) / 2
    return second.end


def read_figure(text: str, pos: int, *, between: bool = False, ranges: bool = True,
                to_range: bool | Callable[[str, int], bool] = True, whole: bool = False) -> Figure | None:
    """Read one figure starting at ``pos`` (no qualifier), or None when none starts there.

    ``between``: "between" precedes (only "X and Y" ranges are read); ``to_range`` (or a
    function asked only when "to" follows): "X% to Y%" may be a range (the detector says no after "from" or a verb of change: "rose from 3% to
    5%" is two figures); ``ranges``: read ranges at all (False for a range's second end);
    ``whole``: the text is this figure's span ("three times" needs no comparison after it).
    """
    c0 = text[pos:pos + 1]
    if c0 in "hHqQ":  # "half-point", "quarter point"
        m = POINT_FRACTION.match(text, pos)
        if m is not None:
            v = Decimal("0.5") if m.group(1).lower() == "half" else Decimal("0.25")
            return Figure(pos, m.end(), v, "PERCENT", "pp", first=Number(pos, m.end(), v, words=True))
    if c0.isalpha() and c0 not in "aAoOmM":
        mult = _multiplier(text, pos)
        if mult is not None:
            return None if between else mult
    negative = False
    sign = SIGN.match(text, pos) if c0 in "-−mMnN" else None
    p = pos
    if sign is not None:
        if text[max(0, pos - 8):pos].lower() == "plus or ":
            return None  # "plus or minus 3%": a tolerance, the qualifier of the "3%" read next
        negative, p = True, sign.end()
    unit: str | None = None
    label = "CARDINAL"
    prefix = _currency_prefix(text, p) if text[p:p + 1] in _PREFIX_FIRST else None
    if prefix:
        p = prefix[1]
        unit, label = prefix[0], "MONEY"
    first = read_number(text, p)
    if first is None:
        return None
    if prefix and not first.scaled:
        m = SCALE_AFTER_CURRENCY.match(text, first.end)
        if m is not None:
            first.value *= SCALE_ABBREVS[m.group(1).lower()]
            first.end, first.scaled = m.end(), True
    if negative:
        first.value = -first.value
    fig = Figure(pos, first.end, first.value, label, unit, first=first, currency_prefix=bool(prefix),
                 symbol=prefix[2] if prefix else "")
    end = first.end
    # ranges: "23-25", "5 to 7 percent", "$5-7 billion", "between 5 and 7"
    if not first.ratio and ranges:
        sep = (AND_SEP if between else RANGE_SEP).match(text, end)
        pre2 = _currency_prefix(text, sep.end()) if sep is not None else None
        if sep is not None and ("to" not in sep.group().lower() or _yes(to_range, text, fig.start) or (
            pre2 is None and _unit_after_range(text, sep.end())
        )):
            p2 = sep.end()
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
    ae, ac = end, ""  # the first character after the white space at ae, once computed
    if fig.low is None and not first.ratio and not prefix and not negative and not first.scaled:
        c = text[end:end + 1]
        if c == "/" and first.digits.isdigit():  # "1/3"
            m = SLASH_FRACTION.match(text, end)
            if m is not None and 0 < first.value < int(m.group(1)) <= 10:
                fig.value = first.value / int(m.group(1))
                fig.unit, end, first.ratio = "ratio", m.end(), True
                fig.extra["confidence"] = "low"
                fig.extra["confidence_note"] = "a slash figure read as a fraction; it may be a date"
        elif (c in "-f" or c in _SPACE_SET) and (ac := _after_space(text, end)) in "-fFtT":  # "15-fold", "three times higher"
            m = FOLD.match(text, end)
            if m is None and c != "-" and c != "f":
                t = TIMES_WORD.match(text, end)
                if t is not None and t.group(1).lower() in COMPARISON_AFTER - {"in", "from", "since", "its", "their"}:
                    m = t
                elif whole:
                    m = TIMES_END.match(text, end)
            if m is not None:
                fig.unit, end, first.ratio = "ratio", m.end(), True
                if m.re is not FOLD:
                    end = m.end() - len(m.group()) + len(m.group().rstrip())
        elif c in "x×" and not first.words:  # "3.5x"
            m = TIMES_X.match(text, end)
            if m is not None:
                fig.unit, end, first.ratio = "ratio", m.end(), True
    # what the number counts or measures
    if label != "MONEY" and not first.ratio:
        m = PERCENT.match(text, end)
        if m is not None:
            word = (m.group(1) or "%").lower()
            word = " ".join(word.split())
            fig.unit, fig.label, end = PERCENT_UNITS[word], "PERCENT", m.end()
        else:
            if end != ae or not ac:
                ae, ac = end, _after_space(text, end)
            end = _money_or_unit(text, fig, end, prefix, ac)
    elif prefix and not first.scaled and text[end:end + 1] == "c":
        end = _money_or_unit(text, fig, end, prefix, "c")  # "US64.10c"
    elif first.ratio and first.words and fig.low is None:
        m = RATIO_POINT.match(text, end)  # "half a percentage point"
        if m is not None:
            fig.unit, fig.label, end = "pp", "PERCENT", m.end()
            first.ratio = False
            if text[pos:pos + 2].lower() in ("a ", "an"):  # the article is not the fraction's
                w = WORD.match(text, _skip(text, pos + (2 if text[pos + 1] in "nN" else 1)))
                if w is not None:
                    fig.start = w.start()
    if prefix and prefix[2] in WEAK_PREFIXES:
        if prefix[2] == "US":
            if fig.label != "MONEY" or not fig.minor:
                return None
        elif not (first.scaled or "," in first.digits or "." in first.digits):
            return None  # "R2": not a rand amount
    if first.ratio and fig.unit is None:
        fig.unit = "ratio"
    if end != ae or not ac:
        ae, ac = end, _after_space(text, end)
    if ranges and fig.low is None and not first.ratio and (fig.unit is not None or prefix) and (
        ac in ("-–—aA" if between else "-–—tT")
    ):
        end = _unit_range(text, fig, end, between, to_range)
        if end != ae:
            ae, ac = end, _after_space(text, end)
    if between and fig.low is None:
        return None
    if (fig.label in ("MONEY", "QUANTITY") or (fig.label == "CARDINAL" and fig.unit is None and not first.words)) and (
        ac in "pPaA" or text[end:end + 1] == "/"
    ):
        end = _rate(text, fig, end)
    if _after_space(text, end) in "tTaA" and not first.words and fig.low is None and (
        (fig.label == "CARDINAL" and fig.unit is None) or (prefix and fig.unit == prefix[0])
    ):
        m = TO_THE_CURRENCY.match(text, end)  # "18.9 to the dollar": an exchange rate, as "per dollar"
        if m is not None and m.group(1) is not None and not LEVEL_BEFORE.search(text, max(0, fig.start - 8), fig.start):
            m = None  # "against the"/"a" only after a level's "at"/"to" ("closed at 15.35 against the dollar")
        if m is not None:
            den = CURRENCY_WORDS[" ".join(m.group(2).lower().split())]
            if fig.unit != den:  # "N1,495 to the dollar" -> NGN/USD; not "$5 to the dollar"
                fig.label, fig.unit = "MONEY", (fig.unit or "") + "/" + den
                end = m.end()
    if prefix and prefix[2] in GLUED_ONLY_PREFIXES and NAIRA_CONTEXT.search(text) is None:
        if not (first.scaled or "," in first.digits or "/" in str(fig.unit)):
            return None  # "N95 masks", "the N7 road": no naira named, no scale, grouping or rate
        fig.extra["confidence"] = "low"
        fig.extra["confidence_note"] = "'N' read as naira in a text that names neither the naira nor Nigeria"
    fig.end = end
    return fig


def _money_or_unit(text: str, fig: Figure, end: int, prefix: tuple[str, int, str] | None, after: str) -> int:
    """Read a currency word, a minor currency unit or a measurement unit after the number
    (``after``: the first character after the white space at ``end``)."""
    first = fig.first
    assert first is not None
    if not prefix and first.scaled and not first.words and text[end:end + 1] == "-":  # "a 300-billion-yen package"
        h = HYPHEN_CURRENCY.match(text, end)
        if h is not None:
            key = h.group(1).lower()
            fig.unit, fig.label = CURRENCY_WORDS.get(key) or HYPHEN_ONLY_CURRENCY[key], "MONEY"
            fig.currency_word = key
            return h.end()
    m = None if prefix else (CURRENCY_WORD.match(text, end) or CURRENCY_CODE.match(text, end))
    if m is not None and not (m.group(1).lower() in ("real", "won", "dong", "rand", "som", "sums") and first.words):
        key = " ".join(m.group(1).split())
        fig.unit = CURRENCY_WORDS.get(key.lower()) or CODE_ALIASES.get(key) or key
        fig.label = "MONEY"
        fig.currency_word = key.lower()
        return m.end()
    m = None if prefix or after not in "cCpPkKuUeE" else MINOR.match(text, end)
    attached = None
    if m is None and not first.words and text[end:end + 1] in "pc":
        attached = MINOR_ATTACHED.match(text, end)
        if attached is not None and attached.group(1) == "c" and not prefix:
            attached = None  # "US64.10c" only
    if m is not None or attached is not None:
        if m is not None:
            key = " ".join(m.group(1).lower().split())
            cur, per = MINOR_UNITS[key]
            fig.currency_word = key
            end = m.end()
        else:
            assert attached is not None
            cur, per = ("GBP", 100) if attached.group(1) == "p" else ("USD", 100)
            end = attached.end()
        if prefix:
            cur = prefix[0]
        fig.value /= per
        if fig.low is not None and fig.high is not None:
            fig.low, fig.high = fig.low / per, fig.high / per
        fig.unit, fig.label = cur, "MONEY"
        fig.minor = True
        return end
    if prefix:
        return end
    at = end + 1 if text[end:end + 1] == "-" else end  # "a 2,000-km pipeline"
    m = UNIT_CI.match(text, at) or UNIT_CS.match(text, at)
    if m is not None and (at == end or m.start(1) == at):
        key = m.group(1)
        unit_key = key if key in UNITS else " ".join(key.lower().split())
        fig.unit = UNITS[unit_key]
        scale = UNIT_SCALES.get(key)
        if scale is not None:
            fig.value *= scale
            if fig.low is not None and fig.high is not None:
                fig.low, fig.high = fig.low * scale, fig.high * scale
        if unit_key in DOUBTFUL_UNITS:
            fig.extra["confidence"] = "low"
            fig.extra["confidence_note"] = DOUBTFUL_UNITS[unit_key]
        fig.label = "QUANTITY"
        return m.end()
    if not first.words and text[end:end + 1] == "C":
        m = ATTACHED_CELSIUS.match(text, end)  # "38.5C"
        if m is not None:
            fig.unit, fig.label = "°C", "QUANTITY"
            return m.end()
    return end


def _rate(text: str, fig: Figure, end: int) -> int:
    """A rate after money or a quantity: "$81.40 a barrel" (USD/bbl), "1.5 million barrels per
    day" (bbl/d), "150 yen per dollar" (JPY/USD); returns the new end."""
    c = text[end:end + 1]
    if c != "/" and c not in _SPACE_SET:
        return end
    m = RATE.match(text, end)
    if m is None:
        return end
    if m.group(4) is not None:
        noun = m.group(4)
    else:
        noun = m.group(3)
        if noun.lower() in ("cent", "centum", "cents"):
            return end
    key = " ".join(noun.lower().replace("-", " ").split())
    key = {"megawatt hour": "megawatt hour", "kilowatt hour": "kilowatt hour"}.get(key, key)
    den = RATE_NOUNS.get(key) or RATE_NOUNS.get(noun.lower())
    if den is None:
        if m.group(1) is None or not noun.islower():
            return end  # "a" takes known nouns only; "per" any lower-case noun
        den = noun
    elif m.group(2) is not None and key not in RATE_AFTER_A and noun.lower() not in RATE_AFTER_A:
        return end
    if fig.label == "CARDINAL":  # "18.62 per dollar": an exchange rate, currency named before
        if m.group(1) is None or den not in ("USD", "EUR"):
            return end
        fig.label, fig.unit = "MONEY", "/" + den
        return m.end()
    if den == fig.unit:
        return end
    base = fig.unit or ""
    if base.endswith("/d") or "/" in base:
        return end
    fig.unit = f"{base}/{den}" if base else den
    return m.end()


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
