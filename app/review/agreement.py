"""Inter-annotator agreement (Qt-free): exact and overlap P/R/F1, Cohen's kappa, Krippendorff's alpha.

For each pair of annotators (the first one is the reference), over the documents both have
worked on (at least one annotation, or marked done, by each):

- **exact**: a span of the second annotator is a true positive when the first has the same
  start, end and label; false positives are the second's others, false negatives the first's.
- **overlap**: same label and overlapping spans, matched one to one (a maximum matching, so
  the counts do not depend on the order of either side); F1 is symmetric.
- **Cohen's kappa** at token level: each token (``app.text.tokenize``) gets the label of the
  annotator's span covering it (the first in text order when several do) or ``O``.
- **figures**: spans both marked (same start and end) with a figure label: the share whose
  normalised ``value`` and ``unit`` attributes agree.

Krippendorff's alpha (nominal, token level) covers all chosen annotators together, over the
documents at least two of them worked on (an annotator who did not work on a document is a
missing value there). Pending suggestions and rejected annotations never count. An undefined
value (nothing to compare, or no variation at all) is ``None``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import orjson
from sqlalchemy import String, and_, not_, select, type_coerce

from app.errors import ValidationError
from app.models import Annotation, Annotator, Document, DocumentProgress
from app.store.store import Store
from app.text.tokenize import TOKEN_RE

OUTSIDE = "O"  # the category of a token no span covers
Span = tuple[int, int, str]  # start, end, label


# -- counts and the pure metrics --------------------------------------------------------------


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
    """Overlap counts: same label, spans overlap, each span matched at most once."""
    by_label_a: dict[str, list[tuple[int, int]]] = defaultdict(list)
    by_label_b: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s, e, lab in set(reference):
        by_label_a[lab].append((s, e))
    for s, e, lab in set(other):
        by_label_b[lab].append((s, e))
    total = Counts()
    for lab in by_label_a.keys() | by_label_b.keys():
        a, b = by_label_a.get(lab, []), by_label_b.get(lab, [])
        tp = max_overlap_matching(a, b)
        total.add(Counts(tp, len(b) - tp, len(a) - tp))
    return total


def max_overlap_matching(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """The size of a maximum one-to-one matching between overlapping intervals of ``a`` and ``b``."""
    if not a or not b:
        return 0
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


def token_labels(text: str, spans: Iterable[Span], starts: Sequence[int] | None = None) -> dict[int, str]:
    """The label of each token that a span covers (by token start); the first span wins."""
    out: dict[int, str] = {}
    for s, e, lab in sorted(spans, key=lambda x: (x[0], -x[1], x[2])):
        # tokens never contain whitespace: scan from the run of non-space characters around s
        p = s
        while p > 0 and not text[p - 1].isspace():
            p -= 1
        for m in TOKEN_RE.finditer(text, p):
            ts, te = m.span()
            if ts >= e:
                break
            if te > s:
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


# -- reports ----------------------------------------------------------------------------------


@dataclass
class FigureAgreement:
    pairs: int = 0
    agree: int = 0

    @property
    def share(self) -> float | None:
        return self.agree / self.pairs if self.pairs else None

    def as_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "agree": self.agree, "share": self.share}


@dataclass
class PairAgreement:
    a: str
    b: str
    documents: list[str]  # document ids (uid) both worked on
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    cohen_kappa: float | None = None
    tokens: int = 0
    per_label: dict[str, dict[str, Counts]] = field(default_factory=dict)
    figures: FigureAgreement = field(default_factory=FigureAgreement)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "documents": self.documents,
            "exact": self.exact.as_dict(), "overlap": self.overlap.as_dict(),
            "cohen_kappa": self.cohen_kappa, "tokens": self.tokens,
            "per_label": {
                lab: {k: c.as_dict() for k, c in d.items()} for lab, d in sorted(self.per_label.items())
            },
            "figures": self.figures.as_dict(),
        }


@dataclass
class AgreementReport:
    annotators: list[str]
    labels: list[str] | None  # None: every label
    pairs: list[PairAgreement]
    krippendorff_alpha: float | None
    alpha_documents: list[str]  # document ids at least two annotators worked on

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotators": self.annotators, "labels": self.labels,
            "pairs": [p.as_dict() for p in self.pairs],
            "krippendorff_alpha": self.krippendorff_alpha,
            "alpha_documents": self.alpha_documents,
        }

    def pair(self, a: str, b: str) -> PairAgreement:
        for p in self.pairs:
            if (p.a, p.b) == (a, b):
                return p
        raise KeyError((a, b))


# -- computing from a store -------------------------------------------------------------------


@dataclass
class _Layer:
    """One annotator's counted work: spans and figure attributes per document."""

    spans: dict[int, list[Span]] = field(default_factory=lambda: defaultdict(list))
    figures: dict[int, dict[tuple[int, int], Any]] = field(default_factory=lambda: defaultdict(dict))
    worked: set[int] = field(default_factory=set)


def default_annotators(store: Store) -> list[str]:
    """Annotators (role annotator) with counted work, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Annotator.name).where(
                Annotator.role == "annotator",
                Annotator.id.in_(select(Annotation.annotator_id).where(_counted()).distinct())
                | Annotator.id.in_(select(DocumentProgress.annotator_id).where(DocumentProgress.status == "done")),
            ).order_by(Annotator.name)
        ).scalars().all()
    return list(rows)


def _counted() -> Any:
    """Neither a pending suggestion nor rejected."""
    return and_(
        Annotation.review_status != "rejected",
        not_(and_(Annotation.origin == "suggested", Annotation.review_status == "none")),
    )


def compute_agreement(
    store: Store, annotators: Sequence[str] | None = None, labels: Sequence[str] | None = None
) -> AgreementReport:
    """Pairwise agreement of ``annotators`` (default: every annotator with work), optionally
    restricted to ``labels`` (annotations with other labels are ignored, their tokens are O)."""
    names = list(annotators) if annotators else default_annotators(store)
    if len(set(names)) != len(names):
        raise ValidationError("each annotator may be named once")
    if len(names) < 2:
        raise ValidationError(
            "agreement needs at least two annotators"
            + (f" (found {', '.join(names)})" if names else " (none has annotated anything)")
        )
    ids: dict[str, int] = {}
    for n in names:
        ids[n] = store.annotator(n, create=False).id
    by_id = {v: k for k, v in ids.items()}
    label_kinds = {lv.name: lv.kind for lv in store.labels()}
    if labels:
        unknown = [lab for lab in labels if lab not in label_kinds]
        if unknown:
            raise ValidationError(f"unknown label(s): {', '.join(unknown)}")
    wanted = set(labels) if labels else None

    layers = {n: _Layer() for n in names}
    q = (
        select(
            Annotation.document_id, Annotation.annotator_id, Annotation.start, Annotation.end,
            Annotation.label_id, type_coerce(Annotation.attributes, String),
        )
        .where(Annotation.annotator_id.in_(list(ids.values())), _counted())
    )
    label_names = {lv.id: lv.name for lv in store.labels()}
    with store.engine.connect() as conn:
        for doc, aid, s, e, lid, attrs in conn.execute(q):  # the one query for all annotations
            lab = label_names[lid]
            if wanted is not None and lab not in wanted:
                continue
            layer = layers[by_id[aid]]
            layer.spans[doc].append((s, e, lab))
            if label_kinds[lab] == "figure":
                layer.figures[doc].setdefault((s, e), (lab, attrs))
        for doc, aid in conn.execute(
            select(DocumentProgress.document_id, DocumentProgress.annotator_id).where(
                DocumentProgress.annotator_id.in_(list(ids.values())),
                DocumentProgress.status == "done",
            )
        ):
            layers[by_id[aid]].worked.add(doc)
    for layer in layers.values():
        layer.worked.update(layer.spans)

    pair_docs = {(a, b): layers[a].worked & layers[b].worked for a, b in combinations(names, 2)}
    alpha_docs = {d for docs in pair_docs.values() for d in docs}
    texts, uids = _texts(store, alpha_docs)
    n_tokens = {d: len(TOKEN_RE.findall(t)) for d, t in texts.items()}
    tok_cache: dict[tuple[str, int], dict[int, str]] = {}

    def tok(name: str, doc: int) -> dict[int, str]:
        key = (name, doc)
        if key not in tok_cache:
            tok_cache[key] = token_labels(texts[doc], layers[name].spans.get(doc, ()))
        return tok_cache[key]

    pairs = []
    for (a, b), docs in pair_docs.items():
        pairs.append(_pair(a, b, sorted(docs), layers, tok, n_tokens, uids, label_kinds))

    co = Coincidences()
    for doc in sorted(alpha_docs):
        coders = [n for n in names if doc in layers[n].worked]
        maps = [tok(n, doc) for n in coders]
        covered = set().union(*maps)
        for ts in covered:
            co.add_unit([m.get(ts, OUTSIDE) for m in maps])
        co.add_unit([OUTSIDE] * len(coders), n_tokens[doc] - len(covered))
    return AgreementReport(
        names, list(labels) if labels else None, pairs, co.alpha(),
        sorted(uids[d] for d in alpha_docs),
    )


def _pair(
    a: str, b: str, docs: list[int], layers: dict[str, _Layer], tok: Any,
    n_tokens: dict[int, int], uids: dict[int, str], label_kinds: dict[str, str],
) -> PairAgreement:
    la, lb = layers[a], layers[b]
    result = PairAgreement(a, b, sorted(uids[d] for d in docs))
    confusion: Counter[tuple[str, str]] = Counter()
    per_label: dict[str, dict[str, Counts]] = {}
    for doc in docs:
        sa, sb = la.spans.get(doc, []), lb.spans.get(doc, [])
        ga: dict[str, list[Span]] = defaultdict(list)
        gb: dict[str, list[Span]] = defaultdict(list)
        for sp in sa:
            ga[sp[2]].append(sp)
        for sp in sb:
            gb[sp[2]].append(sp)
        for lab in ga.keys() | gb.keys():
            x, y = ga.get(lab, []), gb.get(lab, [])
            ex = exact_counts(x, y)
            if ex.fp == 0 and ex.fn == 0:
                ov = Counts(ex.tp, 0, 0)
            else:
                tp = max_overlap_matching([(s, e) for s, e, _ in x], [(s, e) for s, e, _ in y])
                ov = Counts(tp, len(y) - tp, len(x) - tp)
            d = per_label.get(lab)
            if d is None:
                d = per_label[lab] = {"exact": Counts(), "overlap": Counts()}
            d["exact"].add(ex)
            d["overlap"].add(ov)
        ta, tb = tok(a, doc), tok(b, doc)
        covered = ta.keys() | tb.keys()
        for ts in covered:
            confusion[(ta.get(ts, OUTSIDE), tb.get(ts, OUTSIDE))] += 1
        confusion[(OUTSIDE, OUTSIDE)] += n_tokens[doc] - len(covered)
        fa, fb = la.figures.get(doc), lb.figures.get(doc)
        if fa and fb:
            for span in fa.keys() & fb.keys():
                result.figures.pairs += 1
                result.figures.agree += _same_figure(fa[span][1], fb[span][1])
    for d in per_label.values():
        result.exact.add(d["exact"])
        result.overlap.add(d["overlap"])
    result.per_label = per_label
    result.tokens = sum(confusion.values())
    result.cohen_kappa = cohen_kappa(confusion) if confusion else None
    return result


def _attrs(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = orjson.loads(raw)
    return raw if isinstance(raw, dict) else {}


def _same_figure(x: Any, y: Any) -> bool:
    ax, ay = _attrs(x), _attrs(y)
    return bool(
        normalise_value(ax.get("value")) == normalise_value(ay.get("value"))
        and normalise_unit(ax.get("unit")) == normalise_unit(ay.get("unit"))
    )


def _texts(store: Store, doc_ids: set[int]) -> tuple[dict[int, str], dict[int, str]]:
    texts: dict[int, str] = {}
    uids: dict[int, str] = {}
    ordered = sorted(doc_ids)
    with store.engine.connect() as conn:
        for i in range(0, len(ordered), 5000):
            part = ordered[i : i + 5000]
            for d, uid, text in conn.execute(
                select(Document.id, Document.uid, Document.text).where(Document.id.in_(part))
            ):
                texts[d] = text
                uids[d] = uid
    return texts, uids
