"""Agreement metrics on plain spans (no store): exact and overlap counts, a maximum overlap
matching, Cohen's kappa, Krippendorff's alpha (nominal) and the normalising of figure values.
The definitions are in :mod:`app.review.agreement`."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.review.tokens import span_tokens

OUTSIDE = "O"  # the category of a token no span covers
Span = tuple[int, int, str]  # start, end, label


@dataclass
class Counts:
    """True positives, false positives and false negatives, with P/R/F1 (None when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        n = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / n if n else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


def exact_counts(reference: Iterable[Span], other: Iterable[Span]) -> Counts:
    """Exact-match counts of ``other`` against ``reference`` (same start, end and label)."""
    ref, oth = set(reference), set(other)
    tp = len(ref & oth)
    return Counts(tp, len(oth) - tp, len(ref) - tp)


def overlap_counts(reference: Iterable[Span], other: Iterable[Span]) -> Counts:
    """Overlap counts: same label, spans overlap, each span matched at most once.

    Exact matches pair first; the spans left over are paired by a maximum matching.
    """
    by_label_a: dict[str, list[tuple[int, int]]] = defaultdict(list)
    by_label_b: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, e, lab in set(reference):
        by_label_a[lab].append((s, e))
    for s, e, lab in set(other):
        by_label_b[lab].append((s, e))
    total = Counts()
    for lab in by_label_a.keys() | by_label_b.keys():
        a, b = set(by_label_a.get(lab, [])), set(by_label_b.get(lab, []))
        tp = len(a & b) + max_overlap_matching(sorted(a - b), sorted(b - a))
        total.add(Counts(tp, len(b) - tp, len(a) - tp))
    return total


def max_overlap_matching(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """The size of a maximum one-to-one matching between overlapping intervals of ``a`` and ``b``."""
    if not a or not b:
        return 0
    if len(a) == 1 or len(b) == 1:  # one span on a side: matched when anything overlaps it
        (s, e), others = (a[0], b) if len(a) == 1 else (b[0], a)
        return int(any(x < e and s < y for x, y in others))
    if len(a) == len(b) and sorted(a) == sorted(b):
        return len(a)  # identical sets: the identity is a perfect matching
    a = sorted(a)
    b = sorted(b)
    b_starts = [s for s, _ in b]
    adj: list[list[int]] = []
    for s, e in a:
        hi = bisect_left(b_starts, e)  # b spans starting before a ends...
        adj.append([j for j in range(hi) if b[j][1] > s])  # ...and ending after it starts
    match_b: list[int] = [-1] * len(b)

    def augment(i: int, seen: list[bool]) -> bool:
        for j in adj[i]:
            if not seen[j]:
                seen[j] = True
                if match_b[j] < 0 or augment(match_b[j], seen):
                    match_b[j] = i
                    return True
        return False

    return sum(1 for i in range(len(a)) if adj[i] and augment(i, [False] * len(b)))


def cohen_kappa(confusion: Counter[tuple[str, str]]) -> float | None:
    """Cohen's kappa from a confusion counter of (category by A, category by B) per item."""
    n = sum(confusion.values())
    if not n:
        return None
    agree = sum(c for (x, y), c in confusion.items() if x == y)
    pa: Counter[str] = Counter()
    pb: Counter[str] = Counter()
    for (x, y), c in confusion.items():
        pa[x] += c
        pb[y] += c
    p_o = agree / n
    p_e = sum(pa[k] * pb[k] for k in pa) / (n * n)
    if math.isclose(p_e, 1.0):
        return None  # both used one and the same category throughout: undefined
    return (p_o - p_e) / (1 - p_e)


class Coincidences:
    """Krippendorff's coincidence matrix for nominal data, filled unit by unit."""

    def __init__(self) -> None:
        self.o: defaultdict[tuple[str, str], float] = defaultdict(float)

    def add_unit(self, values: Sequence[str], times: int = 1) -> None:
        """A unit (one token) with the values of the annotators who coded it, ``times`` over."""
        m = len(values)
        if m < 2 or times <= 0:
            return  # a unit coded by one annotator carries no pairable value
        counts = Counter(values)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - (c == k))
                if pairs:
                    self.o[(c, k)] += times * pairs / (m - 1)

    def alpha(self) -> float | None:
        n_c: defaultdict[str, float] = defaultdict(float)
        for (c, _), v in self.o.items():
            n_c[c] += v
        n = sum(n_c.values())
        disagree = sum(v for (c, k), v in self.o.items() if c != k)
        expected = n * n - sum(v * v for v in n_c.values())  # sum over c != k of n_c * n_k
        if n <= 1 or expected <= 0:
            return None  # no variation at all: undefined
        return 1 - (n - 1) * disagree / expected


def krippendorff_alpha(units: Iterable[Sequence[str]]) -> float | None:
    """Nominal Krippendorff's alpha over units, each the list of values it received."""
    co = Coincidences()
    for u in units:
        co.add_unit(u)
    return co.alpha()


def token_labels(text: str, spans: Iterable[Span]) -> dict[int, str]:
    """The label of each token that a span covers (by token start); the first span in text
    order (by start, then end) wins."""
    out: dict[int, str] = {}
    for s, e, lab in sorted(spans):
        for ts in span_tokens(text, s, e):
            out.setdefault(ts, lab)
    return out


def normalise_value(v: Any) -> Any:
    """A figure's value for comparison: numbers as floats, strings trimmed and lower-cased."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        t = v.strip().replace(",", "")
        try:
            return float(t)
        except ValueError:
            return v.strip().lower()
    return v


def normalise_unit(u: Any) -> Any:
    return (u.strip().lower() or None) if isinstance(u, str) else u
