"""How a figure's value reads to a person: digits grouped, and the scale word ("38 trillion").

``grouped(38000000000000) == "38,000,000,000,000"``; ``scaled(38000000000000, "CNY") ==
"38 trillion CNY"``; ``parse_number("38 trillion") == 38000000000000`` (grouped digits,
scale words and number words, as ``normalise`` reads them). Qt-free; the details panel uses it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.errors import ValidationError
from app.figures.normalise import normalise

SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
          (Decimal(10) ** 6, "million"), (Decimal(10) ** 3, "thousand"))
SEPARATORS = (",", "_", " ", "\u00a0", "\u2009", "\u202f")  # digit group marks people type


def _decimal(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def grouped(value: int | float | Decimal) -> str:
    """The number with its thousands grouped by commas, never in exponent form."""
    d = _decimal(value)
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():,f}"


def scaled(value: int | float | Decimal, unit: str | None = None) -> str:
    """The value with its scale word ("213.86 billion"), "about" when rounded to 3 decimals;
    "" below a thousand, where the digits read well enough."""
    d = _decimal(value)
    for size, word in SCALES:
        if abs(d) >= size:
            q = d / size
            short = q.quantize(Decimal("0.001")).normalize()
            text = f"{short:f} {word}" if short == q else f"about {short:f} {word}"
            break
    else:
        return ""
    if unit and unit not in ("ratio",):
        text += unit if unit in ("%",) else f" {unit}"
    return text


def parse_number(text: str) -> int | float:
    """A typed value: grouped digits ("38,000,000,000,000"), or words ("38 trillion", "two
    million"); ``int`` when integral. Raises ``ValidationError`` for anything else."""
    raw = text.strip()
    for sep in SEPARATORS:
        raw = raw.replace(sep, "")
    try:
        d = Decimal(raw)
    except InvalidOperation:
        try:
            value = normalise(text).get("value")
        except ValidationError:
            value = None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValidationError(f"not a number: {text.strip()!r}") from None
        return value
    if not d.is_finite():
        raise ValidationError(f"not a number: {text.strip()!r}")
    return int(d) if d == d.to_integral_value() and "." not in raw and "e" not in raw.lower() else float(d)
