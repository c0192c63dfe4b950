"""Our figure detector and quantulum3 side by side on the held-out corpus (issue 16).

Both are scored by the held-out test's own scorer (``app.figures.scoring``) on each corpus of
``CORPORA``: ``tests/data/figures/heldout/gold.json`` and the second set,
``tests/data/figures/heldout2/gold.json`` (gold written before either was run on it): per
label exact-span recall, precision and value accuracy (of the exactly matched spans, the share
with gold's value, unit and range).
quantulum3 is not a dependency of the app: install it in the bench environment only
(`make bench` installs the ``[bench]`` extra, quantulum3 0.10.0); without it its side is "n/a".

quantulum3's quantities are mapped to our labels (``to_detection``):

- unit named "percentage" → PERCENT "%" ("percentage point" → "pp", "basis point" → "bp");
- unit entity "currency" → MONEY, unit its ``currency_code`` (ISO 4217) when it has one;
  minor units ("cent", "penny", "paisa") → a hundredth of the value in USD, GBP and INR
  (quantulum names no currency for them; this favours it on US text);
- the "dimensionless" unit (a bare number) → CARDINAL, unit None;
- any other unit → QUANTITY, unit our code for it (``QUANTITY_UNITS``: "barrel per day" →
  "bbl/d", "knot" → "kn"…), else quantulum's first symbol ("MW", "km"), else its name.

quantulum3 reads a range ("1-2.5%") as its midpoint with an ``uncertainty`` of half its
width: that is mapped to ``low``/``high`` (value ∓ uncertainty), our convention. A rate in
money ("$80 a barrel") is MONEY only when quantulum calls its unit a currency.

Run alone: ``python -m bench.figures_heldout``; ``python -m bench`` adds its rows to the
"analysis" group.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.figures.scoring import LABELS, Detection, Score, load_gold, score
from bench.harness import ROOT, Results, Row

HELDOUT = ROOT / "tests" / "data" / "figures" / "heldout" / "gold.json"
# the second held-out set, written (gold first) after the rules had been built on the first
HELDOUT2 = ROOT / "tests" / "data" / "figures" / "heldout2" / "gold.json"
CORPORA = {"held-out": HELDOUT, "held-out 2": HELDOUT2}
MISSING = "n/a: quantulum3 not installed (make bench, or pip install -e '.[bench]')"
GOALS = {"MONEY": 0.95, "PERCENT": 0.95, "QUANTITY": 0.95, "CARDINAL": 0.85}  # recall, issue 16

PERCENT_UNITS = {"percentage": "%", "percentage point": "pp", "basis point": "bp"}
MINOR_CURRENCY = {"cent": "USD", "penny": "GBP", "paisa": "INR"}
QUANTITY_UNITS = {  # quantulum3 unit name -> our unit code (app/figures/lexicon.py)
    "barrel": "bbl", "barrel per day": "bbl/d", "bushel": "bu", "knot": "kn", "tonne": "t",
    "kilotonne": "kt", "degree Celsius": "°C", "ounce": "oz", "troy ounce": "oz",
    "pound-mass": "lb", "nautical mile": "nmi", "mile": "mi", "acre": "acre", "metre": "m",
    "kilometre": "km", "millimetre": "mm", "kilogram": "kg", "litre": "L", "pint": "pt",
    "kilometre per hour": "km/h", "litre per day": "L/d", "bushel per acre": "bu/acre",
    "megawatt hour": "MWh", "gigawatt hour": "GWh", "terawatt hour": "TWh",
}


def to_detection(q: Any) -> Detection:
    """One quantulum3 ``Quantity`` as ``(start, end, label, attributes)`` (mapping above)."""
    start, end = q.span
    unit = q.unit
    name = unit.name
    value = q.value
    code: str | None
    if name in PERCENT_UNITS:
        label, code = "PERCENT", PERCENT_UNITS[name]
    elif unit.entity.name == "currency":
        label = "MONEY"
        if name in MINOR_CURRENCY:
            code, value = MINOR_CURRENCY[name], value / 100
        else:
            code = getattr(unit, "currency_code", None)
    elif name == "dimensionless":
        label, code = "CARDINAL", None
    else:
        symbols = list(getattr(unit, "symbols", None) or ())
        label, code = "QUANTITY", QUANTITY_UNITS.get(name) or (symbols[0] if symbols else name)
    attrs: dict[str, Any] = {"value": _number(value), "unit": code}
    spread = getattr(q, "uncertainty", None)
    if spread:
        scale = value / q.value if q.value else 1
        attrs["low"], attrs["high"] = _number(value - spread * scale), _number(value + spread * scale)
    return start, end, label, attrs


def _number(v: float) -> float:
    return int(v) if isinstance(v, float) and v.is_integer() else v


def quantulum_run() -> Callable[[str], Sequence[Detection]] | None:
    """quantulum3's parser as a scorer's ``run``; None when quantulum3 is not installed."""
    try:
        import warnings

        with warnings.catch_warnings():  # "classifier dependencies not installed": not needed
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None

    def run(text: str) -> list[Detection]:
        return [to_detection(q) for q in parser.parse(text)]

    return run


def ours_run(text: str) -> list[Detection]:
    from app.figures import detect

    return [(s.start, s.end, s.label, s.attributes) for s in detect(text)]


def scores(path: Path = HELDOUT) -> tuple[Score, Score | None]:
    """Our detector's score and quantulum3's (None when it is not installed)."""
    docs = load_gold(path)
    run = quantulum_run()
    return score(docs, ours_run), score(docs, run) if run is not None else None


def side_by_side(ours: Score, theirs: Score | None) -> str:
    """The per-label table: recall, precision and value accuracy, ours then quantulum3's."""
    head = (f"{'label':<9} {'gold':>4}  {'recall':>13}  {'precision':>13}  {'value acc':>13}"
            f"\n{'':<9} {'':>4}  {'ours  quant.':>13}  {'ours  quant.':>13}  {'ours  quant.':>13}")
    lines = [head]
    for label in LABELS:
        o = ours.labels[label]
        t = theirs.labels[label] if theirs is not None else None
        cells = []
        for metric in ("recall", "precision", "value_accuracy"):
            q = f"{getattr(t, metric):5.2f}" if t is not None else "  n/a"
            cells.append(f"{getattr(o, metric):5.2f}  {q}".rjust(13))
        lines.append(f"{label:<9} {o.tp + o.fn:4d}  " + "  ".join(cells))
    if theirs is None:
        lines.append(MISSING)
    return "\n".join(lines)


def bench_figures_heldout(results: Results, path: Path = HELDOUT, name: str = "held-out") -> None:
    """One row per label (our recall against quantulum3's), and the n/a row without it; ``name``
    starts each row's item (one corpus of ``CORPORA`` per call)."""
    ours, theirs = scores(path)
    for label in LABELS:
        o = ours.labels[label]
        t = theirs.labels[label] if theirs is not None else None
        vs = (f"P {o.precision:.2f} vs {t.precision:.2f}, value acc {o.value_accuracy:.2f} vs"
              f" {t.value_accuracy:.2f}" if t is not None else
              f"P {o.precision:.2f}, value acc {o.value_accuracy:.2f}")
        goal = GOALS[label]
        results.add(Row(
            f"{name} {label} recall (ours vs quantulum3)", round(o.recall, 3), unit="recall",
            baseline=round(t.recall, 3) if t is not None else None, baseline_what="quantulum3",
            goal=f">= {goal}", ok=o.recall >= goal, note=f"{vs}; {o.tp + o.fn} gold",
            extra={"ours": _counts(o), "quantulum3": _counts(t) if t is not None else None},
        ))
    if theirs is None:
        results.add(Row(f"{name} figures, quantulum3", None, note=MISSING))


def _counts(s: Any) -> dict[str, float]:
    return {"recall": s.recall, "precision": s.precision, "value_accuracy": s.value_accuracy,
            "tp": s.tp, "fp": s.fp, "fn": s.fn}


def main() -> int:
    for name, path in CORPORA.items():
        ours, theirs = scores(path)
        print(f"{name} figures ({path.relative_to(ROOT)}): our detector vs quantulum3")
        print(side_by_side(ours, theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
