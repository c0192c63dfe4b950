"""Score figure suggestions against a gold list: per label exact-span recall and precision,
value accuracy, and planted non-figures (years, dates, versions...) suggested as figures.

Pure and Qt-free: the held-out test and the bench row share it. A *detection* is
``(start, end, label, attributes)``; a gold figure is a dict with ``start``, ``end``,
``label``, ``value``, ``unit`` and optionally ``low``/``high``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LABELS = ("MONEY", "PERCENT", "QUANTITY", "CARDINAL")
Detection = tuple[int, int, str, dict[str, Any]]


@dataclass
class LabelScore:
    """Counts for one label: exact span + label matches (tp), and how many of those also
    have the gold value, unit and range (``value_ok``)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    value_ok: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def value_accuracy(self) -> float:
        """Of the exactly matched spans, the share with the right value and unit."""
        return self.value_ok / self.tp if self.tp else 1.0


@dataclass
class Score:
    labels: dict[str, LabelScore] = field(default_factory=lambda: {k: LabelScore() for k in LABELS})
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (file, gold figure)
    spurious: list[tuple[str, Detection]] = field(default_factory=list)
    wrong_values: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    # planted non-figures (kind, text) covered by a MONEY or PERCENT detection / by any detection
    non_figures_as_money_or_percent: list[tuple[str, str, str]] = field(default_factory=list)
    non_figures_as_any: list[tuple[str, str, str]] = field(default_factory=list)
    non_figures_checked: int = 0


def same_number(a: object, b: object) -> bool:
    """Numbers equal to 4 significant digits (gold writes 1/3 as 0.333333)."""
    if a is None or b is None:
        return a is b
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-4, abs_tol=1e-9)


def value_matches(gold: dict[str, Any], attrs: dict[str, Any]) -> bool:
    """The detection's value, unit and (when gold has one) range are gold's."""
    if not same_number(gold.get("value"), attrs.get("value")):
        return False
    if gold.get("unit") != attrs.get("unit"):
        return False
    if "low" not in gold:
        return True
    return same_number(gold["low"], attrs.get("low")) and same_number(gold["high"], attrs.get("high"))


def score(docs: Iterable[dict[str, Any]], run: Callable[[str], Sequence[Detection]]) -> Score:
    """Score ``run(text)`` on gold documents (``text``, ``figures``, optional ``not_figures``)."""
    out = Score()
    for d in docs:
        name = str(d.get("file", ""))
        got = list(run(d["text"]))
        by_span = {(s, e, lab): attrs for s, e, lab, attrs in got}
        want = {(f["start"], f["end"], f["label"]): f for f in d["figures"]}
        for key, f in want.items():
            ls = out.labels[f["label"]]
            if key in by_span:
                ls.tp += 1
                if value_matches(f, by_span[key]):
                    ls.value_ok += 1
                else:
                    out.wrong_values.append((name, f, by_span[key]))
            else:
                ls.fn += 1
                out.misses.append((name, f))
        for det in got:
            s, e, lab, _ = det
            if (s, e, lab) not in want and lab in out.labels:
                out.labels[lab].fp += 1
                out.spurious.append((name, det))
        for nf in d.get("not_figures", ()):
            out.non_figures_checked += 1
            hits = [g for g in got if g[0] < nf["end"] and nf["start"] < g[1]]
            if hits:
                out.non_figures_as_any.append((name, nf["kind"], nf["text"]))
            if any(g[2] in ("MONEY", "PERCENT") for g in hits):
                out.non_figures_as_money_or_percent.append((name, nf["kind"], nf["text"]))
    return out


def load_gold(path: Path) -> list[dict[str, Any]]:
    """A gold file's documents with their ``text`` read (files relative to the gold file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = []
    for d in data["documents"]:
        text = (path.parent / d["file"]).read_text(encoding="utf-8")
        docs.append({**d, "text": text})
    return docs


def table(result: Score) -> str:
    """The per-label scores as text lines."""
    lines = [f"{'label':<9} {'recall':>7} {'precision':>9} {'value acc':>9}   tp  fp  fn"]
    for label, s in result.labels.items():
        lines.append(f"{label:<9} {s.recall:7.3f} {s.precision:9.3f} {s.value_accuracy:9.3f} "
                     f"{s.tp:4d} {s.fp:3d} {s.fn:3d}")
    lines.append(f"non-figures as MONEY/PERCENT: {len(result.non_figures_as_money_or_percent)}, "
                 f"as any figure: {len(result.non_figures_as_any)} of {result.non_figures_checked}")
    return "\n".join(lines)
