"""Inter-annotator agreement (Qt-free): exact and overlap P/R/F1, Cohen's kappa, Krippendorff's alpha.

For each pair of annotators (the first one is the reference), over the documents both have
worked on (at least one annotation, or marked done, by each):

- **exact**: a span of the second annotator is a true positive when the first has the same
  start, end and label; false positives are the second's others, false negatives the first's.
- **overlap**: same label and overlapping spans, matched one to one: exact matches first, then
  a maximum matching of the spans left (so the counts do not depend on the order of either
  side, and F1 is symmetric).
- **Cohen's kappa** at token level: each token (``app.text.tokenize``) gets the label of the
  annotator's span covering it (the first by start, then end, when several do) or ``O``.
- **figures**: spans both marked (same start and end) with a figure label: the share whose
  normalised ``value`` and ``unit`` attributes agree.

Krippendorff's alpha (nominal, token level) covers all chosen annotators together, over the
documents at least two of them worked on (an annotator who did not work on a document is a
missing value there). Pending suggestions and rejected annotations never count. An undefined
value (nothing to compare, or no variation at all) is ``None``.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, groupby, repeat
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import String, and_, case, not_, select, type_coerce

from app.errors import ValidationError
from app.models import Annotation, Annotator, Document, DocumentProgress
from app.store.store import Progress, Store
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
        for ts in _span_tokens(text, s, e):
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

_TOKEN_COUNTS: dict[str, int] = {}  # by the text's sha256: an article's text never changes


def token_count(text: str, sha256: str | None = None) -> int:
    """How many tokens ``text`` has (remembered by its sha256 when given)."""
    if sha256 is not None and (n := _TOKEN_COUNTS.get(sha256)) is not None:
        return n
    n = len(TOKEN_RE.findall(text))
    if sha256 is not None:
        if len(_TOKEN_COUNTS) > 2_000_000:
            _TOKEN_COUNTS.clear()
        _TOKEN_COUNTS[sha256] = n
    return n


_ENDS_WORD = frozenset(" \t\r\n.,;:!?)\"”")


def _span_tokens(text: str, s: int, e: int) -> tuple[int, ...]:
    """The starts of the tokens overlapping ``s:e``."""
    seg = text[s:e]
    if (
        seg.isascii()
        and seg.replace(" ", "").isalpha()
        and (s == 0 or text[s - 1].isspace())
        and (e == len(text) or text[e] in _ENDS_WORD)
    ):
        # fast path, same result: ASCII words separated by spaces, the span ending a word
        if " " not in seg:
            return (s,)
        out, pos = [], s
        for part in seg.split(" "):
            if part:
                out.append(pos)
            pos += len(part) + 1
        return tuple(out)
    p = s
    while p > 0 and not text[p - 1].isspace():  # tokens never contain whitespace
        p -= 1
    out = []
    for m in TOKEN_RE.finditer(text, p):
        ts, te = m.span()
        if ts >= e:
            break
        if te > s:
            out.append(ts)
    return tuple(out)


def default_annotators(store: Store) -> list[str]:
    """Annotators (role annotator) with counted work, by name."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(Annotator.name).where(
                Annotator.role == "annotator",
                Annotator.id.in_(select(Annotation.annotator_id).where(_counted()).distinct())
                | Annotator.id.in_(
                    select(DocumentProgress.annotator_id).where(DocumentProgress.status == "done")
                ),
            ).order_by(Annotator.name)
        ).scalars().all()
    return list(rows)


def _counted() -> Any:
    """Neither a pending suggestion nor rejected."""
    return and_(
        Annotation.review_status != "rejected",
        not_(and_(Annotation.origin == "suggested", Annotation.review_status == "none")),
    )


def _fetch_raw(conn: Any, q: Any) -> list[tuple[Any, ...]]:
    """All rows of ``q`` through the driver's cursor: plain tuples, no per-row processing."""
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[k] for k in compiled.positiontup)
    cur = conn.connection.dbapi_connection.cursor()
    try:
        cur.execute(compiled.string, params)
        return cur.fetchall()
    finally:
        cur.close()


Item = tuple[int, int, int, int]  # document, start, end, label id


class _Data:
    """The chosen annotators' counted work, loaded in one query, kept as corpus-wide sets and
    dicts so that the metrics run as set operations rather than document by document."""

    def __init__(self, store: Store, ids: list[int], label_ids: set[int] | None) -> None:
        figure_ids = [lv.id for lv in store.labels() if lv.kind == "figure"]
        q = select(
            Annotation.annotator_id, Annotation.document_id, Annotation.start, Annotation.end,
            Annotation.label_id,
            case((Annotation.label_id.in_(figure_ids), type_coerce(Annotation.attributes, String))),
        ).where(
            # "+ 0" keeps SQLite from a slower index search: most rows are wanted
            (Annotation.annotator_id + 0).in_(ids), _counted(),
        )
        if label_ids is not None:
            q = q.where(Annotation.label_id.in_(list(label_ids)))
        with store.engine.connect() as conn:
            rows = _fetch_raw(conn, q)  # the one query for all annotations
            done = conn.execute(
                select(DocumentProgress.annotator_id, DocumentProgress.document_id).where(
                    DocumentProgress.annotator_id.in_(ids), DocumentProgress.status == "done",
                )
            ).all()
        rows.sort(key=itemgetter(0, 1, 2, 3))  # by annotator, document, start, end
        keys = [r[0] for r in rows]
        self.rows: dict[int, list[tuple[Any, ...]]] = {}
        self.items: dict[int, set[Item]] = {}
        self.figures: dict[int, dict[tuple[int, int, int], Any]] = {}
        self.worked: dict[int, set[int]] = {}
        for aid in ids:
            part = self.rows[aid] = rows[bisect_left(keys, aid) : bisect_right(keys, aid)]
            self.items[aid] = set(map(itemgetter(1, 2, 3, 4), part))
            self.figures[aid] = {(r[1], r[2], r[3]): r[5] for r in part if r[5] is not None}
            self.worked[aid] = set(map(itemgetter(1), part))
        for aid, doc in done:
            self.worked[aid].add(doc)
        self.texts: dict[int, str] = {}
        self.uids: dict[int, str] = {}
        self.n_tokens: dict[int, int] = {}
        self._maps: dict[int, dict[int, dict[int, int]]] = {}
        self._span_cache: dict[tuple[int, int, int], tuple[int, ...]] = {}
        self._store = store

    def load_texts(self, doc_ids: set[int]) -> None:
        ordered = sorted(doc_ids)
        with self._store.engine.connect() as conn:
            for i in range(0, len(ordered), 5000):
                part = ordered[i : i + 5000]
                for d, uid, sha, text in conn.execute(
                    select(Document.id, Document.uid, Document.sha256, Document.text).where(
                        Document.id.in_(part)
                    )
                ):
                    self.texts[d] = text
                    self.uids[d] = uid
                    self.n_tokens[d] = token_count(text, sha)

    def token_maps(self, aid: int) -> dict[int, dict[int, int]]:
        """Per document (whose text is loaded): token start -> label id of the annotator's span
        covering the token (the first by start, then end)."""
        out = self._maps.get(aid)
        if out is None:
            out = {}
            texts, cache = self.texts, self._span_cache
            for doc, grp in groupby(self.rows[aid], itemgetter(1)):
                text = texts.get(doc)
                if text is None:
                    continue
                m: dict[int, int] = {}
                for r in reversed(list(grp)):  # so that the first span covering a token wins
                    s, e = r[2], r[3]
                    toks = cache.get((doc, s, e))
                    if toks is None:
                        toks = cache[(doc, s, e)] = _span_tokens(text, s, e)
                    for ts in toks:
                        m[ts] = r[4]
                out[doc] = m
            self._maps[aid] = out
        return out


def _in_docs(items: Any, docs: set[int], everything: bool) -> Any:
    """The items (or dict) whose document is in ``docs`` (all of them when ``everything``)."""
    if everything:
        return items
    if isinstance(items, dict):
        first = next(iter(items), None)
        if isinstance(first, int):  # a token map
            return {k: v for k, v in items.items() if k >> 32 in docs}
        return {k: v for k, v in items.items() if k[0] in docs}
    return {x for x in items if x[0] in docs}


def compute_agreement(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    """Pairwise agreement of ``annotators`` (default: every annotator with work), optionally
    restricted to ``labels`` (annotations with other labels are ignored, their tokens are O).

    ``progress(done, total)`` is called after each step; raising from it stops the work."""
    names = list(annotators) if annotators else default_annotators(store)
    if len(set(names)) != len(names):
        raise ValidationError("each annotator may be named once")
    if len(names) < 2:
        raise ValidationError(
            "agreement needs at least two annotators"
            + (f" (found {', '.join(names)})" if names else " (none has annotated anything)")
        )
    ids = {n: store.annotator(n, create=False).id for n in names}
    by_label = {lv.name: lv for lv in store.labels()}
    if labels:
        unknown = [lab for lab in labels if lab not in by_label]
        if unknown:
            raise ValidationError(f"unknown label(s): {', '.join(unknown)}")
    label_ids = {by_label[lab].id for lab in labels} if labels else None
    lname = {lv.id: lv.name for lv in by_label.values()}
    lname[0] = OUTSIDE

    with _no_gc():
        return _compute(store, names, ids, labels, label_ids, lname, progress or _quiet)


def _quiet(done: int, total: int) -> None:
    pass


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: these millions of small tuples make no cycles, and
    its passes over them would cost more than the metrics."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _compute(
    store: Store, names: list[str], ids: dict[str, int], labels: Sequence[str] | None,
    label_ids: set[int] | None, lname: dict[int, str], progress: Progress,
) -> AgreementReport:
    total = 3 + len(names) * (len(names) - 1) // 2
    progress(0, total)
    data = _Data(store, list(ids.values()), label_ids)
    progress(1, total)
    worked = data.worked
    pair_docs = {(a, b): worked[ids[a]] & worked[ids[b]] for a, b in combinations(names, 2)}
    alpha_docs = {d for docs in pair_docs.values() for d in docs}
    data.load_texts(alpha_docs)
    progress(2, total)
    pairs = []
    for (a, b), docs in pair_docs.items():
        pairs.append(_pair(a, b, ids[a], ids[b], docs, data, lname))
        progress(2 + len(pairs), total)
    alpha = _alpha([ids[n] for n in names], alpha_docs, data, lname)
    progress(total, total)
    return AgreementReport(
        names, list(labels) if labels else None, pairs, alpha,
        sorted(data.uids[d] for d in alpha_docs),
    )


def _pair(
    a: str, b: str, ia: int, ib: int, docs: set[int], data: _Data, lname: dict[int, str]
) -> PairAgreement:
    result = PairAgreement(a, b, sorted(data.uids[d] for d in docs))
    all_a, all_b = data.worked[ia] <= docs, data.worked[ib] <= docs
    sa = _in_docs(data.items[ia], docs, all_a)
    sb = _in_docs(data.items[ib], docs, all_b)
    tp = sa & sb
    ra, rb = sa - sb, sb - sa
    n_tp = Counter(map(itemgetter(3), tp))
    n_fn = Counter(map(itemgetter(3), ra))
    n_fp = Counter(map(itemgetter(3), rb))
    n_otp = Counter(_residual_matches(ra, rb))
    for lid in n_tp.keys() | n_fp.keys() | n_fn.keys():
        ex = Counts(n_tp[lid], n_fp[lid], n_fn[lid])
        m = n_otp[lid]
        ov = Counts(ex.tp + m, ex.fp - m, ex.fn - m)
        result.per_label[lname[lid]] = {"exact": ex, "overlap": ov}
        result.exact.add(ex)
        result.overlap.add(ov)

    ma, mb = data.token_maps(ia), data.token_maps(ib)
    empty: dict[int, int] = {}
    confusion: Counter[tuple[int, int]] = Counter()
    diag: Counter[int] = Counter()
    covered = 0
    for doc in docs:
        ta, tb = ma.get(doc, empty), mb.get(doc, empty)
        if ta == tb:
            diag.update(ta.values())
            covered += len(ta)
        else:
            keys = ta.keys() | tb.keys()
            confusion.update(zip(map(ta.get, keys, repeat(0)), map(tb.get, keys, repeat(0)), strict=True))
            covered += len(keys)
    for lid, n in diag.items():
        confusion[(lid, lid)] += n
    confusion[(0, 0)] += sum(data.n_tokens[d] for d in docs) - covered
    result.tokens = sum(confusion.values())
    result.cohen_kappa = cohen_kappa(
        Counter({(lname[x], lname[y]): n for (x, y), n in confusion.items() if n})
    )

    fa = _in_docs(data.figures[ia], docs, all_a)
    fb = _in_docs(data.figures[ib], docs, all_b)
    for span in fa.keys() & fb.keys():
        result.figures.pairs += 1
        result.figures.agree += _figure_key(fa[span]) == _figure_key(fb[span])
    return result


def _residual_matches(ra: set[Item], rb: set[Item]) -> list[int]:
    """Label ids of a maximum overlap matching between spans left unmatched by exact matching."""
    ga: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    gb: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for doc, s, e, lid in ra:
        ga[(doc, lid)].append((s, e))
    for doc, s, e, lid in rb:
        gb[(doc, lid)].append((s, e))
    out: list[int] = []
    for key in ga.keys() & gb.keys():
        n = max_overlap_matching(ga[key], gb[key])
        if n:
            out.extend([key[1]] * n)
    return out


def _alpha(ids: list[int], docs: set[int], data: _Data, lname: dict[int, str]) -> float | None:
    """Krippendorff's alpha over the tokens of ``docs``; on each document, the annotators who did
    not work on it are missing values."""
    maps = {a: data.token_maps(a) for a in ids}
    empty: dict[int, int] = {}
    units: Counter[tuple[int, ...]] = Counter()  # the coders' values -> how many units
    for doc in docs:
        coded = [maps[a].get(doc, empty) for a in ids if doc in data.worked[a]]
        m = len(coded)
        if m < 2:
            continue
        first = coded[0]
        if all(mp == first for mp in coded[1:]):
            for v, n in Counter(first.values()).items():
                units[(v,) * m] += n
            covered = len(first)
        else:
            keys = set(first).union(*coded[1:])
            units.update(zip(*(map(mp.get, keys, repeat(0)) for mp in coded), strict=True))
            covered = len(keys)
        units[(0,) * m] += data.n_tokens[doc] - covered
    co = Coincidences()
    for values, n in units.items():
        co.add_unit([lname[v] for v in values], n)
    return co.alpha()


def _attrs(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = orjson.loads(raw)
    return raw if isinstance(raw, dict) else {}


@lru_cache(maxsize=65536)
def _figure_key_str(raw: str) -> tuple[Any, Any]:
    a = _attrs(raw)
    return normalise_value(a.get("value")), normalise_unit(a.get("unit"))


def _figure_key(raw: Any) -> tuple[Any, Any]:
    """A figure's normalised (value, unit) from its stored attributes."""
    if isinstance(raw, str):
        return _figure_key_str(raw)
    a = _attrs(raw)
    return normalise_value(a.get("value")), normalise_unit(a.get("unit"))
