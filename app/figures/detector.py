"""Find the figures of an article: spans labelled MONEY, PERCENT, QUANTITY or CARDINAL with
normalised attributes, conversions ("39 trillion yuan ($6 trillion)") and periods.

Dates, years, times, ordinals, durations, version and phone numbers, and names such as
"COVID-19" or "5G" are not figures. One left-to-right pass of compiled regexes: linear.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Any

from app.figures.grammar import CURRENCY_PREFIX, Figure, attributes, read_figure, weak_multiplier_ok
from app.figures.lexicon import (
    AMBIGUOUS_CURRENCY_WORDS,
    CURRENCY_WORDS,
    DENOMINATORS,
    HOME_DOLLARS,
    IGNORECASE_EXTRA,
    MULTIPLIER_WORDS,
    NUMBER_WORDS,
    QUALIFIERS,
    RATE_TOLERANCE,
    TIME_UNITS,
    USD_PER_UNIT,
    wordlist,
)
from app.figures.normalise import BETWEEN_BEFORE, QUALIFIER_BEFORE, counted_after, is_plural_noun
from app.figures.periods import PeriodIndex, find_periods

_SP = r"[^\S\r\n]"

# digits that are no figure: dates, times, versions, phone numbers; matched where a number starts
BLOCKED = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"  # 2021-05-27
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}(?!\d)"  # 27/05/2021
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:" + _SP + r"?[ap]\.?m\.?)?"  # 15:14:37, 9:30 am
    r"|\d{1,2}" + _SP + r"?[ap]\.m\.|\d{1,2}" + _SP + r"?[AaPp][Mm]\b"  # 10 a.m.
    r"|\d+\.\d+\.\d+(?:\.\d+)*"  # 7.2.0
    r"|\d{3,4}-\d{3,4}-\d{3,4}(?!\d)"  # 555-123-4567
    r"|\+\d{1,3}(?:[^\S\r\n.-]?[.-]?\(?\d{1,4}\)?){2,}"  # +86 23 6789 1234
    r"|\(\d{2,5}\)" + _SP + r"?\d{3,4}[\s-]?\d{3,4}"  # (010) 5555 1234
    r"|©" + _SP + r"?\d{4}(?:" + _SP + r"?[-–]" + _SP + r"?\d{4})?"  # ©2008-2024
    r"|[vV]\d+(?:\.\d+)*\b"  # v2.1
)
LINKS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# where a figure may start: a digit, a currency sign, or a word (number words, currency codes)
SIGNS = re.compile(r"[$€£¥￥₹₽₩₺₸₱₫₦]|\.?\d[\d,.]*")
# the same matches, faster on a text without characters beyond U+FFFF: one class of the
# possible first characters (the BMP's \d spelled out) lets re skip to them; the rest of a
# match is SIGNS' own
_BMP_DIGITS = "".join(c for c in map(chr, range(0x10000)) if c.isdecimal())  # \d is isdecimal
SIGNS_BMP = re.compile(
    "[$€£¥￥₹₽₩₺₸₱₫₦." + re.escape(_BMP_DIGITS) + "]"
    r"(?:(?<=\d)[\d,.]*|(?<=\.)\d[\d,.]*|(?<=[$€£¥￥₹₽₩₺₸₱₫₦]))"
)


def _trie_branches(words: list[str]) -> list[str]:
    """Regexes, one per first character, together matching any of ``words``, factored by
    prefix (fast in Python's re)."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            body = "(?:" + body + ")?"
        return body

    return [re.escape(ch) + emit(sub) for ch, sub in sorted(tree.items()) if ch]


_FIRST_LETTERS = {w[0] for w in NUMBER_WORDS} | {"h"}
# multiplier words join the trie where their first letter is a branch already (no new branch to
# try at every word); the others are scanned for only when the text holds one of their stems
_RARE_WORDS = sorted(w for w in set(MULTIPLIER_WORDS) | {"quarter", "minus"} if w[0] not in _FIRST_LETTERS)
_RARE_STEMS = ("quadrupl", "quarter", "minus")
_NUMBER_WORD_BRANCHES = _trie_branches(
    sorted(set(NUMBER_WORDS) | {"half", "year"} | {w for w in MULTIPLIER_WORDS if w[0] in _FIRST_LETTERS})
)
assert all(any(stem in w for stem in _RARE_STEMS) for w in _RARE_WORDS)
RARE_CANDIDATE = re.compile(r"\b(?:" + "|".join(_trie_branches(_RARE_WORDS)) + r")\b")  # lower-cased text
_NUMBER_WORD = "(?:" + "|".join(_NUMBER_WORD_BRANCHES) + ")"
_SINGULAR_DENOMINATORS = "|".join(sorted((d for d in DENOMINATORS if not d.endswith("s")), key=lambda w: (-len(w), w)))
_A_NUMBER = (
    r"an?(?=" + _SP + r"+(?:" + _SINGULAR_DENOMINATORS
    + r"|dozen|hundred|thousand|million|billion|trillion)\b)"
)
WORD_CANDIDATE = re.compile(rf"\b(?:{_NUMBER_WORD}|{_A_NUMBER})\b")  # on lower-cased text
WORD_CANDIDATE_CI = re.compile(WORD_CANDIDATE.pattern, re.IGNORECASE)
# WORD_CANDIDATE without its first \b: every alternative starts with a letter, so re skips to
# those; a match not at a word's start is dropped after (it covers letters only, so it hides
# no match WORD_CANDIDATE would find)
WORD_CANDIDATE_END = re.compile("(?:" + "|".join([*_NUMBER_WORD_BRANCHES, _A_NUMBER]) + r")\b")
DOLLAR_PREFIX = re.compile(r"(?<![A-Za-z])(?:US|U\.S\.|HK|AU|A|CA|C|NZ|S|NT|R|MX)$")
CODE_PREFIX = re.compile(
    r"(?<![A-Za-z])(?:[A-Z]{3}|Rs\.?|KSh|Ksh|Sh|RM|Rp|GH[¢₵]|Dhs?|SR)" + _SP + r"?$|(?<![A-Za-z])(?:R|US|N)$"
)
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
WORD_AFTER = re.compile(_SP + r"*([A-Za-z]+)")
WORD_BEFORE = re.compile(r"([A-Za-z]+\.?)" + _SP + r"*$")
# words after which a number is a name or a reference, not a figure
REFERENCE_WORDS = frozenset(wordlist(
    "no no. nos. number article articles chapter section sections room page pages p. pp. vol. "
    "volume level phase version windows figure fig. table route line gate terminal platform "
    "highway grade class stage round season episode part item rule paragraph clause tier "
    "flight bus channel expo sce ios android covid- category categories force"
))
# a number after these is a phone number, with its groups ("call 6123 4567", "helpline on 0800 123 456")
PHONE_BEFORE = re.compile(
    r"(?<![\w])(?:call|dial|phone|telephone|tel\.?|hotline|helpline|fax|ring|whatsapp|sms|text)"
    r"(?:" + _SP + r"+(?:us|on|at))?" + _SP + r"*:?" + _SP + r"*\Z",
    re.IGNORECASE,
)
PHONE_BODY = re.compile(r"\d+(?:[ .-]\d+)*")
DOLLAR_PREFIX_AT = re.compile(r"(?<![A-Za-z.])(U\.S\.|US|CA|AU|NZ|HK|NT|C|A|S)\Z")
DOLLAR_NAMES: dict[str, tuple[str, ...]] = {  # substrings (cheaper than regexes on a whole text)
    "CAD": ("Canadian dollar", "loonie"), "AUD": ("Australian dollar", "Aussie dollar"),
    "NZD": ("New Zealand dollar", "kiwi dollar"), "SGD": ("Singapore dollar",), "HKD": ("Hong Kong dollar",),
}
# the countries of the dollars a text may be written in ("$" of a Canadian paper is CAD)
DOLLAR_COUNTRIES: dict[str, re.Pattern[str]] = {
    code: re.compile(r"\b(?:" + words + r")\b") for code, words in {
        "CAD": "Canada|Canadian|Ottawa|Toronto|Alberta|Quebec|Montreal|Vancouver|Calgary|Ontario",
        "AUD": "Australia|Australian|Canberra|Sydney|Melbourne|Queensland|Brisbane|Perth",
        "NZD": "New Zealand|Wellington|Auckland",
        "SGD": "Singapore|Singaporean",
        "HKD": "Hong Kong",
        "USD": "U\\.S\\.|US|United States|America|American|Washington|Wall Street|Federal Reserve",
    }.items()
}
JAPAN_WORDS = re.compile(r"\b(?:Japan|Japanese|Tokyo|Osaka|Nikkei|BOJ|yen)\b")
CHINA_WORDS = re.compile(r"\b(?:China|Chinese|Beijing|Shanghai|Shenzhen|yuan|renminbi|RMB|PBOC)\b")
SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n")
_CURRENCY_NAMES = sorted({w for w in CURRENCY_WORDS if " " not in w}, key=lambda w: (-len(w), w))
CURRENCY_MENTION = re.compile(r"\b(" + "|".join(map(re.escape, _CURRENCY_NAMES)) + r")\b", re.IGNORECASE)
# words before a year that make it a date ("in 2020", "since 2012")
YEAR_PREPOSITIONS = frozenset(wordlist(
    "in since by from to until till of during before after year years fiscal early late mid "
    "between and through circa"
))
GRADE_AFTER = frozenset(("octane",))  # a number before these is a grade, not a count
SPAN_OF_TIME = re.compile(_SP + r"+of" + _SP + r"+an?" + _SP + r"+(?:century|decade|year|month|week|day|hour)\b", re.IGNORECASE)
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
MONTH_WORDS = frozenset(
    wordlist("january february march april may june july august september october november december")
    + wordlist("jan feb mar apr jun jul aug sep sept oct nov dec")
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


_SPACE_SET = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")  # _SP
# the last characters of the qualifiers: QUALIFIER_BEFORE is searched only after one of them
_QUALIFIER_LAST = frozenset(q[-1].lower() for q in QUALIFIERS) | {
    x for q in QUALIFIERS for x in IGNORECASE_EXTRA.get(q[-1].lower(), "")
}
_SIGN_BEFORE = frozenset(map(chr, range(0x3001))) & (frozenset(c for c in map(chr, range(0x3001)) if c.isspace()) | set("(["))
# words before "X% to Y%" that make it a change, not a range: "rose from 3% to 5%"
CHANGE_WORDS = frozenset(wordlist(
    "from rose fell climbed dropped declined increased decreased jumped slipped eased grew gained "
    "lost cut raised lifted lowered slid sank surged soared plunged tumbled edged rising falling "
    "up down by"
))
# words after "62,000-" that make no count ("a 7.8-magnitude quake", "5-star", "2-for-1")
HYPHEN_NOT_COUNTED = frozenset(wordlist(
    "magnitude star digit old odd plus something nil for to in and or on by of times strong"
))


def _may_end_prefix(text: str, s: int, dollar: bool) -> bool:
    """Whether DOLLAR_PREFIX (``dollar``) or CODE_PREFIX can match just before ``s`` (> 0):
    they end with a capital or "." ("US$", "U.S.$"), or CODE_PREFIX with "Rs" or "Rs." and
    maybe one space."""
    c = text[s - 1]
    if dollar:
        return "A" <= c <= "Z" or c == "."
    if c in _SPACE_SET and s >= 2:
        c = text[s - 2]
    return "A" <= c <= "Z" or c in "s.hMp¢₵"


def _links(text: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    if "://" in text or "www." in text or "@" in text:
        for m in LINKS.finditer(text):
            starts.append(m.start())
            ends.append(m.end())
    return starts, ends


def _overlaps(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    starts, ends = spans
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def _blocked(text: str, start: int) -> int:
    """The end of a date, time, version or phone number starting at or just before ``start``."""
    for p in (start, start - 1, start - 2):
        if p < 0 or (p < start and text[p] not in "+(©vV"):
            continue
        m = BLOCKED.match(text, p)
        if m is not None and m.end() > start:
            return m.end()
    return -1


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


def _rejected(text: str, fig: Figure, links: tuple[list[int], list[int]], whole: bool = False) -> bool:
    """True when the figure read at ``fig.start`` is a date, year, ordinal, name... """
    f = fig.first
    assert f is not None
    start, end = fig.start, fig.end
    if links[0] and _overlaps(links, start, end):
        return True  # a link or an e-mail address
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
        # 13-day, two-year, 5-star: a compound adjective, mostly a duration; "62,000-seat" counts
        return not (after == "-" and fig.bare and _hyphen_count(text, end + 1))
    if after in "/" and end + 1 < len(text) and text[end + 1].isalnum():
        return True
    # the words around are read only where a rule below needs them (for a count or a ratio)
    nxt = nxt_l = ""
    if fig.unit is None or fig.unit == "ratio":
        nxt = _word_after(text, end)
        nxt_l = nxt.lower()
    if fig.unit is None and nxt_l in TIME_UNITS:
        return True  # a duration: "13 days", "two years"
    if fig.unit is None and nxt_l in ("am", "pm", "a", "p") and re.match(_SP + r"*[ap]\.?m\b", text[end:end + 6], re.IGNORECASE):
        return True
    if f.words:
        if fig.unit == "ratio":
            prev = _word_before(text, start)
            if prev in ("first", "second", "third", "fourth", "last", "the", "latter", "former"):
                return True  # "the first half of 2021"
            if f.multiplier:
                return False
            w = text[f.start:f.end].lower().split()
            if w[-1] in DENOMINATORS and SPAN_OF_TIME.match(text, end):
                return True  # a span of time, not a share: "a quarter of a century"
            # "half" / "a quarter" / "a tenth" that is no share of something
            return not whole and w[0] in ("a", "an", "half") and w[-1] in DENOMINATORS and nxt_l not in FRACTION_OF
        if fig.out_of is not None or f.scaled or fig.unit is not None:
            return False
        if text[start].isupper() and _name_before(text, start):
            return True  # "Hornsea Two", "Formula One"
        if after in "\"”’'" and any(q in text[max(0, start - 16):start] for q in "\"“‘"):
            return True  # a name in quotes: the "big four", the "new three"
        prev = _word_before(text, start)
        if prev in REFERENCE_WORDS:
            return True  # "category two"
        return f.value <= 1  # "one of the", "zero"
    # digits
    if f.digits.startswith("0") and len(f.digits) > 1 and not f.digits.startswith("0."):
        return True  # codes: 007
    if (
        text[end - 1:end].isupper() and text[end - 2:end - 1].isdigit() and text[start].isdigit()
        and _word_before(text, start) in REFERENCE_WORDS
    ):
        return True  # a clause's name, not 24 billion or 80 °C: "Section 24B", "section 80C"
    if fig.unit is None and nxt_l in GRADE_AFTER:
        return True  # a fuel grade: "91 octane"
    if fig.bare and len(f.digits) >= 3 and f.digits.isdigit() and not _counts_noun(nxt) and PHONE_BEFORE.search(text, max(0, start - 24), start):
        return True  # a short phone number: "call 211", "dial 999"
    if fig.bare or (fig.low is not None and fig.unit is None and not f.scaled):
        if ORDINAL_SUFFIX.match(text, f.end):
            return True
        if MONTH_ABBR_BEFORE.search(text, max(0, start - 12), start) or MONTH_AFTER.match(text, end):
            return True  # "August 23-25", "10 May 2021", "Aug 20 to 21"
        prev = _word_before(text, start)
        if prev.rstrip(".") + "." in REFERENCE_WORDS or prev in REFERENCE_WORDS:
            return True
        if fig.bare and _name_before(text, start) and not _counts_noun(nxt):
            return True  # part of a name: "iPhone 15", "Boeing 737", "Python 3.11"
        if fig.bare and _model_number(text, fig):
            return True  # "43 737 MAX jets": a number right after a count is a model's
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


HYPHEN_WORD = re.compile(r"[a-z]+(?![\w-])")


def _hyphen_count(text: str, pos: int) -> str:
    """The noun of a count written as a compound adjective ("62,000-seat"), or ""."""
    m = HYPHEN_WORD.match(text, pos)
    if m is None:
        return ""
    w = m.group()
    if len(w) < 3 or w in TIME_UNITS or w in HYPHEN_NOT_COUNTED:
        return ""
    return w


NAME_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9&.-]*)" + _SP + r"$")


def _name_before(text: str, start: int) -> bool:
    """The number follows a capitalised word (not a sentence's first word): a name's part."""
    m = NAME_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return False
    word = m.group(1)
    if not (word[0].isupper() or any(ch.isupper() for ch in word[1:])):
        return False
    if word.rstrip(".").lower() in MONTH_WORDS:
        return False
    before = text[max(0, m.start() - 3):m.start()].rstrip(" \t\u00a0")
    return not (before == "" or before[-1:] in ".!?\n\"“'‘(:")


def _model_number(text: str, fig: Figure) -> bool:
    """A bare number right after another number ("43 737 MAX jets", "27 787 Dreamliners"), or
    a name before it: a model's or a line's number, not a count."""
    s = fig.start
    return s >= 2 and text[s - 1] == " " and text[s - 2].isdigit()


def _counts_noun(word: str) -> bool:
    return word[:1].islower() and is_plural_noun(word)


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


def _may_be_range(text: str, s: int) -> bool:
    """Whether "X% to Y%" at ``s`` may be a range: not after "from" or a verb of change ("rose
    from 3% to 5%"). The grammar asks only when it meets "to" (the word before costs a search)."""
    return _word_before(text, s) not in CHANGE_WORDS


def _set_unit(fig: Figure, attrs: dict[str, Any], code: str, confidence: str | None, note: str | None) -> None:
    """Replace the currency of ``fig`` (and of its rate: USD/share -> CAD/share)."""
    unit = str(fig.unit or "")
    rest = unit[unit.index("/"):] if "/" in unit and not unit.startswith("/") else ""
    fig.unit = code + (unit if unit.startswith("/") else rest)
    attrs["unit"] = fig.unit
    if confidence is not None:
        attrs["confidence"] = confidence
        attrs["confidence_note"] = note


def _ambiguous(text_lower: str, word: str) -> tuple[str | None, str]:
    """The currency of a word several countries use, from the countries the text names."""
    found = {code for key, code in AMBIGUOUS_CURRENCY_WORDS[word].items() if key in text_lower}
    if len(found) == 1:
        return found.pop(), "named"
    return None, "none" if not found else "several"


def _home_dollar(text: str) -> tuple[str | None, str, str, str | None]:
    """The dollar a bare "$" means in ``text``: (code or None, note, confidence, the dollar of
    "cents"). A text that writes one non-US dollar prefix (C$, A$, S$...) and never US$ means
    that dollar by "$"; one that writes no prefix at all but names one country's dollar ("the
    Canadian dollar", "the loonie") means that dollar when it names that country more often than
    the United States (a guess: confidence "low")."""
    kinds: set[str] = set()
    us = "USD" in text and re.search(r"\bUSD\b", text) is not None
    i = text.find("$")
    while i >= 0:
        c = text[i - 1] if i else ""
        m = DOLLAR_PREFIX_AT.search(text, max(0, i - 5), i) if c.isupper() or c == "." else None
        i = text.find("$", i + 1)
        if m is not None:
            if m.group(1) in ("US", "U.S."):
                us = True
            else:
                kinds.add(HOME_DOLLARS[m.group(1) + "$"])
    if len(kinds) == 1:
        code = next(iter(kinds))
        if not us:
            return code, f"a bare '$' read as {code}: the text writes its own dollar and never US$", "medium", code
        return None, "", "", code
    if kinds or us:
        return None, "", "", None
    if "dollar" not in text and "loonie" not in text:
        return None, "", "", None
    named = [code for code, names in DOLLAR_NAMES.items() if any(n in text for n in names)]
    if len(named) != 1:
        return None, "", "", None
    counts = {code: len(rx.findall(text)) for code, rx in DOLLAR_COUNTRIES.items()}
    us_count = counts.pop("USD")
    if counts[named[0]] > us_count:
        code = named[0]
        return code, f"a bare '$' read as {code}: the text is about {code[:2]} and writes no other dollar", "low", code
    return None, "", "", None


def _resolve_currencies(text: str, found: list[tuple[int, Figure, str | None]], attrs_list: list[dict[str, Any]]) -> None:
    """Currencies the figure alone cannot tell: a bare "$" or "cents" in a text written in
    another dollar, "¥" in a Japanese text, "pesos" in an Argentine one, and the currency of an
    exchange rate ("the rand firmed to 18.62 per dollar")."""
    money = [(i, fig) for i, (_, fig, _) in enumerate(found) if fig.label == "MONEY"]
    if not money:
        return
    if not any((f.symbol == "$" and str(f.unit).startswith("USD")) or f.minor for _, f in money):
        home = home_note = home_confidence = cents_home = None
    else:
        home, home_note, home_confidence, cents_home = _home_dollar(text)
    lower = ""
    for i, fig in money:
        attrs = attrs_list[i]
        unit = str(fig.unit or "")
        bare_dollar = fig.symbol == "$" and unit.startswith("USD")
        cents = fig.minor and fig.currency_word in ("cents", "cent")
        if bare_dollar and home is None and cents_home is not None:
            attrs["confidence"] = "low"
            attrs["confidence_note"] = f"a bare '$' in a text written in both US$ and {cents_home}"
        elif (bare_dollar and home) or (cents and (home or cents_home)):
            prev = found[i - 1][1] if i else None
            in_conversion = (
                prev is not None and prev.label == "MONEY" and prev.unit != "USD" and "/" not in unit
                and not fig.minor
                and CONVERSION_GAP.match(text, prev.end, found[i][0]) is not None
            )
            code = home if bare_dollar else (home or cents_home)
            if not in_conversion and code:
                _set_unit(fig, attrs, code, home_confidence if bare_dollar or home else "medium",
                          home_note if bare_dollar or home else f"'cents' read as {code}: the text writes its own dollar")
        elif fig.symbol in ("¥", "￥") and unit.startswith("CNY"):
            japan, china = JAPAN_WORDS.search(text), CHINA_WORDS.search(text)
            if japan and not china:
                _set_unit(fig, attrs, "JPY", "medium", "'¥' read as yen: the text is about Japan")
            elif japan and china:
                attrs["confidence"], attrs["confidence_note"] = "low", "'¥' may be yuan or yen"
        elif fig.currency_word in AMBIGUOUS_CURRENCY_WORDS:
            lower = lower or text.lower()
            code, how = _ambiguous(lower, fig.currency_word)
            if code is not None:
                _set_unit(fig, attrs, code, None, None)
            else:
                attrs["confidence"] = "low"
                attrs["confidence_note"] = (
                    f"'{fig.currency_word}' is several countries' currency; read as {unit.split('/')[0]}"
                )
        elif unit.startswith("/"):  # an exchange rate: the currency named before in the sentence
            a = max(0, found[i][0] - 200)
            for e in SENTENCE_END.finditer(text, a, found[i][0]):
                a = e.end()
            ms = list(CURRENCY_MENTION.finditer(text, a, found[i][0]))
            if ms:
                w = ms[-1].group(1).lower()
                code = CURRENCY_WORDS[w]
                if w in AMBIGUOUS_CURRENCY_WORDS:
                    lower = lower or text.lower()
                    code = _ambiguous(lower, w)[0] or code
                _set_unit(fig, attrs, code, None, None)
            else:
                attrs["confidence"] = "low"
                attrs["confidence_note"] = "an exchange rate whose currency the sentence does not name"


def detect(text: str, published: str | None = None, *, whole: bool = False) -> list[Suggestion]:
    """The figures of ``text`` in order; ``published`` ("YYYY-MM-DD") resolves relative
    periods such as "last year". ``whole``: ``text`` is one figure's span (the normaliser's
    case), so the words after it that tell a multiplier or a fraction are not required."""
    links = _links(text)
    found: list[tuple[int, Figure, str | None]] = []  # (span start with qualifier, figure, qualifier)
    anchors: list[tuple[int, int]] = []  # years and the word "year": where periods may be
    name_numbers: set[str] = set()  # digits seen as a model's name ("737 MAX")
    low_text = text.lower()
    if len(low_text) == len(text):
        cands = [
            (m.start(), m.end(), m.group())
            for m in WORD_CANDIDATE_END.finditer(low_text)
            if not (ws := m.start()) or not ((wc := low_text[ws - 1]).isalnum() or wc == "_")
        ]
    else:  # lower() changed the length (rare letters): match case-insensitively instead
        cands = [(m.start(), m.end(), m.group().lower()) for m in WORD_CANDIDATE_CI.finditer(text)]
    if any(stem in low_text for stem in _RARE_STEMS):
        cands += [(m.start(), m.end(), m.group()) for m in RARE_CANDIDATE.finditer(low_text)] if len(low_text) == len(text) else [
            (m.start(), m.end(), m.group().lower()) for m in re.finditer(RARE_CANDIDATE.pattern, text, re.IGNORECASE)
        ]
    bmp = text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
    cands += [(m.start(), m.end(), "") for m in (SIGNS_BMP if bmp else SIGNS).finditer(text)]
    cands.sort()
    pos = 0
    for s, e, word in cands:
        if s < pos:
            continue
        if word == "year":
            anchors.append((s, e))
            continue
        if not word:
            c = text[s]
            back = (DOLLAR_PREFIX if c == "$" else CODE_PREFIX if c.isdigit() else None)
            if back is not None and s and not _may_end_prefix(text, s, c == "$"):
                back = None  # (cheap test first: most numbers follow a lower-case word)
            digit_at = s
            if back is not None and s and text[s - 1] != "\n":
                b = back.search(text, max(0, s - 5), s)
                if b is not None and b.start() >= pos and CURRENCY_PREFIX.match(text, b.start()):
                    s = b.start()  # US$, HK$, RMB 5, Rs 5 (not a prefix an earlier figure took)
                    c = text[s]
            if c.isdigit():
                if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
                    continue  # glued to a word: G20, COVID19
                blocked_end = _blocked(text, s)
                if blocked_end > 0:
                    pos = blocked_end
                    continue
                if (
                    (text[e:e + 1] in (" ", "-") and text[e + 1:e + 2].isdigit()) or (e - s >= 6 and text[s:e].isdigit())
                ) and PHONE_BEFORE.search(text, max(0, s - 24), s):
                    pos = PHONE_BODY.match(text, s).end()  # type: ignore[union-attr]
                    continue
            if s > pos and text[s - 1] in "-−" and (s == 1 or text[s - 2] in _SIGN_BEFORE):
                s -= 1  # a written sign: "-2.1%", "−0.4 per cent"
            elif s - 9 >= pos and text[s - 9:s].lower() == "negative " and (s == 9 or not text[s - 10].isalnum()):
                s -= 9  # a sign in words: "negative $38 million"
        else:
            digit_at = -1
        window = text[max(0, s - 30):s]
        between = "etween" in window and BETWEEN_BEFORE.search(window) is not None
        fig = read_figure(text, s, between=between, to_range=_may_be_range, whole=whole)
        if fig is None and between:
            between = False
            fig = read_figure(text, s, to_range=_may_be_range, whole=whole)
        if fig is None and digit_at > s and text[s] not in "-−":  # a weak prefix: "R2", "US 5"
            s = digit_at
            window = text[max(0, s - 30):s]
            fig = read_figure(text, s, to_range=_may_be_range, whole=whole)
        if fig is not None and fig.start > s:  # "a quarter-point rise": the article is not in it
            s = fig.start
            window = text[max(0, s - 30):s]
        if fig is not None and _year_like(fig):
            anchors.append((s, fig.first.end if fig.first else fig.end))
        if name_numbers and fig is not None and fig.bare and fig.first is not None and fig.first.digits in name_numbers:
            pos = fig.end  # "raise 737 output" after "737 MAX jets": the same model
            continue
        if fig is None or _rejected(text, fig, links, whole):
            if fig is not None and fig.bare and fig.first is not None and len(fig.first.digits) >= 3 and not _year_like(fig) and (
                _model_number(text, fig) or _name_before(text, fig.start)
            ):
                name_numbers.add(fig.first.digits)
            # past this number only: a rejected year may precede a real figure
            nxt = fig.first.end if fig is not None and fig.first is not None else e
            if fig is not None and fig.low is not None and fig.first is not None and MONTH_ABBR_BEFORE.search(text, max(0, s - 12), s):
                nxt = fig.end  # the whole date range "Aug 20 to 21"
            pos = max(nxt, e)
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
            w = window.rstrip()
            q = QUALIFIER_BEFORE.search(window) if w != window and w[-1:].lower() in _QUALIFIER_LAST else None
            if q is not None:
                qualifier = " ".join(q.group(1).lower().split())
                span_start = s - len(q.group())
        if not whole and fig.first is not None and fig.first.multiplier and not weak_multiplier_ok(text, fig, qualifier is not None):
            pos = fig.end  # "twice a week", "a double-digit rise"
            continue
        found.append((span_start, fig, qualifier))
        pos = fig.end
    periods = PeriodIndex(text, find_periods(text, published, anchors))
    out: list[Suggestion] = []
    attrs_list: list[dict[str, Any]] = []
    rels: list[list[tuple[str, int]]] = []
    for span_start, fig, qualifier in found:
        counted = None
        if fig.label == "CARDINAL" and fig.unit != "ratio":
            if text[fig.end:fig.end + 1] == "-":
                counted = _hyphen_count(text, fig.end + 1) or None
            else:
                counted = counted_after(text, fig.end)
        attrs = attributes(fig, qualifier, counted)
        period = periods.period_for(span_start, fig.end)
        if period is not None:
            attrs["period"] = period
        attrs_list.append(attrs)
        rels.append([])
    _resolve_currencies(text, found, attrs_list)
    # conversions: "39 trillion yuan ($6 trillion)"
    for i in range(len(found) - 1):
        (_, src, _), (dst_start, dst, _) = found[i], found[i + 1]
        if src.label != "MONEY" or dst.label != "MONEY" or src.unit == dst.unit:
            continue
        if ("/" in str(src.unit)) != ("/" in str(dst.unit)) or src.minor != dst.minor:
            continue  # "S$1.3 billion, or 41 cents a share": a rate is no conversion of a total
        if not CONVERSION_GAP.match(text, src.end, dst_start):
            continue
        rate = _rate(src, dst)
        if rate.get("rate_plausible") is False and src.symbol in ("¥", "￥"):
            alt = replace(src, unit="JPY")  # ¥ is also the yen's sign
            if _rate(alt, dst).get("rate_plausible"):
                src.unit, rate = "JPY", _rate(alt, dst)
                attrs_list[i]["unit"] = "JPY"
        elif rate.get("rate_plausible") is False and dst.symbol in ("¥", "￥"):
            alt = replace(dst, unit="JPY")
            if _rate(src, alt).get("rate_plausible"):
                dst.unit, rate = "JPY", _rate(src, alt)
                attrs_list[i + 1]["unit"] = "JPY"
        attrs_list[i].update({"converts_to": dst.unit, **rate})
        attrs_list[i + 1].update({"converted_from": src.unit, **rate})
        if "period" in attrs_list[i + 1] and "period" not in attrs_list[i]:
            attrs_list[i]["period"] = attrs_list[i + 1]["period"]
        elif "period" in attrs_list[i]:
            attrs_list[i + 1]["period"] = attrs_list[i]["period"]
        rels[i].append(("converts", i + 1))
    for (span_start, fig, _), attrs, r in zip(found, attrs_list, rels, strict=True):
        out.append(Suggestion(span_start, fig.end, fig.label, text[span_start:fig.end], attrs, tuple(r)))
    return out


__all__ = ["Suggestion", "detect"]
