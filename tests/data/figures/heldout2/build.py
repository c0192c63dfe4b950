"""Build the held-out corpus (the .txt files and gold.json) from the hand-written source.txt.

Run from anywhere: ``python tests/data/figures/heldout2/build.py``. The gold is exactly what the
marks in source.txt say (see its header); offsets are Python code points in the stripped text.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
MARK = re.compile(r"\[\[(.+?)\]\]|\{\{(.+?)\}\}")
LABELS = {"M": "MONEY", "P": "PERCENT", "Q": "QUANTITY", "C": "CARDINAL"}
DESCRIPTION = (
    "Second held-out figure corpus (heldout2): English news paragraphs written fresh, gold written "
    "by hand in source.txt and committed before the detector was run on them. Spans: qualifier + "
    "number + scale + currency/unit (+ a rate's 'a day' / 'per share'); a count's noun is left out. "
    "Values fully scaled (million, crore, lakh, bn); money in major units (cents/pence/paise / 100); "
    "ranges: value = midpoint, low/high; a written sign (-, −, minus, negative) is in the value, a "
    "direction word is not; fractions and multipliers are CARDINAL with unit 'ratio'; percentage "
    "points 'pp', basis points 'bp'; rates are compound units (USD/bbl, bbl/d, GBP/yr). "
    "not_figures: years, dates, quarters, decades, versions, models, ordinals, phone numbers, ids, "
    "tenors, durations and names that must never be suggested as MONEY or PERCENT."
)


def number(text: str) -> int | float:
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() else float(str(d))


def parse(body: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    out: list[str] = []
    figures: list[dict[str, Any]] = []
    nots: list[dict[str, Any]] = []
    pos = last = 0
    for m in MARK.finditer(body):
        out.append(body[last:m.start()])
        pos += m.start() - last
        last = m.end()
        fields = (m.group(1) or m.group(2)).split("|")
        span = fields[0]
        start, end = pos, pos + len(span)
        out.append(span)
        pos = end
        if m.group(1):
            label, value, unit = LABELS[fields[1]], fields[2], fields[3]
            fig: dict[str, Any] = {"start": start, "end": end, "label": label, "text": span}
            if len(fields) == 6:
                low, high = Decimal(fields[4]), Decimal(fields[5])
                fig["value"] = number(str((low + high) / 2)) if value == "mid" else number(value)
                fig["unit"] = None if unit == "-" else unit
                fig["low"], fig["high"] = number(fields[4]), number(fields[5])
            else:
                assert len(fields) == 4 and value != "mid", fields
                fig["value"] = number(value)
                fig["unit"] = None if unit == "-" else unit
            figures.append(fig)
        else:
            assert len(fields) == 2, fields
            nots.append({"start": start, "end": end, "text": span, "kind": fields[1]})
    out.append(body[last:])
    text = "".join(out)
    for item in figures + nots:
        assert text[item["start"]:item["end"]] == item["text"], item
    assert "[[" not in text and "{{" not in text and "]]" not in text and "}}" not in text
    return text, figures, nots


def build() -> dict[str, Any]:
    source = (HERE / "source.txt").read_text(encoding="utf-8")
    docs: list[dict[str, Any]] = []
    for chunk in source.split("\n=== ")[1:]:
        head, _, body = chunk.partition("\n")
        name, _, style = (p.strip() for p in head.partition("|"))
        text, figures, nots = parse(" ".join(line.strip() for line in body.strip().splitlines()))
        (HERE / name).write_text(text + "\n", encoding="utf-8")
        docs.append({"file": name, "style": style, "figures": figures, "not_figures": nots})
    gold = {"description": DESCRIPTION, "documents": docs}
    (HERE / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
    return gold


if __name__ == "__main__":
    g = build()
    n = sum(len(d["figures"]) for d in g["documents"])
    print(f"{len(g['documents'])} documents, {n} figures")
