"""Normalise a figure's text to attributes: ``{"value", "unit", "qualifier", ...}``.

"nearly 38 trillion yuan" -> value 38000000000000, unit CNY, qualifier "nearly";
"over 610 enterprises" -> 610, counted "enterprises"; "one fifth" -> 0.2, unit "ratio".
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from app.errors import ValidationError
from app.figures.grammar import attributes, read_figure
from app.figures.lexicon import QUALIFIERS, first_char_alternation, wordlist

_SP = r"[^\S\r\n]"
# where a figure may start: a digit, a currency sign or code, or a number word
START = re.compile(
    r"(?:US\$|U\.S\.\$|HK\$|A\$|AU\$|C\$|CA\$|NZ\$|S\$|NT\$|R\$|MX\$|Rs\.?|[$€£¥￥₹₽₩₺₸₱₫])"
    r"|\b(?:USD|CNY|RMB|EUR|GBP|JPY|INR|RUB|KRW|HKD|AUD|CAD|CHF|KZT|UZS|KGS|TJS)(?=[^\S\r\n]?\d)"
    r"|(?<![\w.])\.?\d"
    r"|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|half|a(?=[^\S\r\n]+(?:half|quarter|third|dozen|hundred|thousand|"
    r"million|billion|trillion)\b))\b",
    re.IGNORECASE,
)
# "plus or minus 3%" is a tolerance: the figure is 3 with that qualifier (not -3)
TOLERANCE = ("plus or minus",)
QUALIFIER_BEFORE = re.compile(
    rf"(?<![\w])({first_char_alternation(QUALIFIERS + TOLERANCE, True)}){_SP}+\Z", re.IGNORECASE  # \Z: $ also matches before a final newline
)
BETWEEN_BEFORE = re.compile(rf"(?<![\w])between{_SP}+\Z", re.IGNORECASE)
COUNTED_WORD = re.compile(r"[A-Za-z][A-Za-z&'’-]*")
_SKIP_WORDS = frozenset(wordlist("of from in at on to with that which who for by per than as the a an"))
_IRREGULAR_PLURALS = frozenset(wordlist(
    "people personnel staff children men women police cattle sheep fish deer aircraft "
    "livestock equipment media"
))


def is_plural_noun(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    return (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))
        and w.isalpha() is not False
    )


def counted_after(text: str, pos: int, limit: int = 6) -> str | None:
    """The noun a count counts: the first plural noun among the next few words
    ("610 enterprises", "50 large projects", "1 million electronic R&D engineers")."""
    p = pos
    n = len(text)
    for _ in range(limit):
        while p < n and text[p] in " \t\u00a0\u202f(":
            p += 1
        m = COUNTED_WORD.match(text, p)
        if m is None:
            # skip a parenthesised abbreviation "(R&D)"
            if p < n and text[p] == ")":
                p += 1
                continue
            return None
        w = m.group().rstrip("-'’")
        if w.lower() in _SKIP_WORDS:
            return None
        if is_plural_noun(w):
            return w
        p = m.end()
        while p < n and text[p] == ")":
            p += 1
    return None


_CONTEXT_KEYS = frozenset({"period", "converts_to", "converted_from", "rate", "expected_rate", "rate_plausible"})


def normalise(text: str, label: str | None = None) -> dict[str, object]:
    """Attributes of the figure written in ``text`` (the first figure in it).

    ``label`` (MONEY, PERCENT, QUANTITY, CARDINAL) is a hint: a PERCENT figure without a
    percent sign gets unit "%". Raises ValidationError when ``text`` holds no number.
    """
    from app.figures.detector import detect  # the detector reads figures with normalise's helpers

    first = START.search(text)
    found = detect(text, whole=True)
    if found and (first is None or found[0].start <= first.start() + 6):
        attrs = {k: v for k, v in found[0].attributes.items() if k not in _CONTEXT_KEYS}
        if label == "PERCENT" and attrs.get("unit") is None:
            attrs["unit"] = "%"
        return attrs
    pos = 0
    while True:
        m = START.search(text, pos)
        if m is None:
            raise ValidationError(f"no number in {text!r}")
        start = m.start()
        before = text[:start]
        between = BETWEEN_BEFORE.search(before) is not None
        fig = read_figure(text, start, between=between)
        if fig is None and between:
            fig = read_figure(text, start)
        if fig is not None:
            break
        pos = m.end()
    b = BETWEEN_BEFORE.search(before) if between else None
    q = QUALIFIER_BEFORE.search(before[: b.start()] if b is not None else before)
    qualifier = " ".join(q.group(1).lower().split()) if q else None
    if qualifier is None and b is not None and fig.low is not None:
        qualifier = "between"
    counted = None
    if fig.label == "CARDINAL" and fig.unit != "ratio":
        counted = counted_after(text, fig.end)
    if label == "PERCENT" and fig.unit is None:
        fig.unit = "%"
    return attributes(fig, qualifier, counted)


def prefill(text: str, label: str | None = None) -> dict[str, object]:
    """Attributes to pre-fill when a curator tags a figure by hand: ``normalise``'s, or an
    empty dict when the text holds no number (the curator fills them in)."""
    try:
        return normalise(text, label)
    except ValidationError:
        return {}


# what the article around a figure says (its period, a conversion) or how sure the detector
# was: not read from the figure's own text, so a boundary move keeps them
_KEPT_ON_MOVE = _CONTEXT_KEYS | {"confidence", "confidence_note"}


def after_move(
    attrs: Mapping[str, object], old_text: str, new_text: str, label: str | None = None
) -> dict[str, object] | None:
    """A figure's attributes once its span's text changed from ``old_text`` to ``new_text``
    (a boundary moved): the value, unit, qualifier… read again from ``new_text``, when they
    are still what ``old_text`` reads as (the detector's or the pre-fill's, ``{}`` when it
    held no number); None (keep them) when the curator had edited them by hand. The period,
    conversions and the detector's confidence are kept either way."""
    if old_text == new_text:
        return None
    def own(a: Mapping[str, object]) -> dict[str, object]:
        return {k: v for k, v in a.items() if k not in _KEPT_ON_MOVE}

    if own(attrs) != own(prefill(old_text, label)):
        return None  # edited by hand: the curator's figures stay
    kept = {k: v for k, v in attrs.items() if k in _KEPT_ON_MOVE}
    return {**kept, **prefill(new_text, label)}
