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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, combinations, compress, repeat
from operator import eq, is_, is_not, itemgetter, lt, methodcaller, ne
from typing import Any

import orjson
from sqlalchemy import String, case, func, select, type_coerce

from app.errors import ValidationError
from app.models import Annotation, Annotator, Document, DocumentProgress
from app.rules import counted_sql
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


class _ChunkTokens(dict[str, int]):
    """How many tokens a whitespace-free chunk of text has, remembered by chunk.

    Tokens never contain whitespace and never look past it (``TOKEN_RE`` matches no whitespace
    character, and its one lookahead fails on whitespace as at the end of the text), so a text's
    tokens are its chunks' tokens: counting them by chunk gives ``len(tokens(text))``."""

    def __missing__(self, chunk: str) -> int:
        if len(self) > 500_000:
            self.clear()
        n = self[chunk] = len(TOKEN_RE.findall(chunk))
        return n


_CHUNK_TOKENS = _ChunkTokens()


def token_count(text: str, sha256: str | None = None) -> int:
    """How many tokens ``text`` has (remembered by its sha256 when given)."""
    if sha256 is not None and (n := _TOKEN_COUNTS.get(sha256)) is not None:
        return n
    n = sum(map(_CHUNK_TOKENS.__getitem__, text.split()))
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
                Annotator.id.in_(select(Annotation.annotator_id).where(counted_sql()).distinct())
                | Annotator.id.in_(
                    select(DocumentProgress.annotator_id).where(DocumentProgress.status == "done")
                ),
            ).order_by(Annotator.name)
        ).scalars().all()
    return list(rows)


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


class _SpanTokens(dict[tuple[str, int, int], tuple[int, ...]]):
    """The tokens a span overlaps, remembered by the span's text.

    A span ``s:e`` is widened to whole whitespace-separated chunks ``p:q``; tokenizing
    ``text[p:q]`` alone gives the same tokens as the whole text there (see ``_ChunkTokens``), so
    ``(text[p:q], s - p, e - p)`` -> the starts of the tokens overlapping the span, relative to p."""

    def __missing__(self, key: tuple[str, int, int]) -> tuple[int, ...]:
        if len(self) > 200_000:
            self.clear()
        seg, s, e = key
        rel = self[key] = tuple(ts for ts, te in map(_match_span, TOKEN_RE.finditer(seg)) if ts < e and te > s)
        return rel


_match_span = methodcaller("span")
_SPAN_TOKENS = _SpanTokens()
_LONG_CHUNKS = 256  # wider than this (text without spaces), a span's tokens are not remembered


def _span_chunks(text: str, s: int, e: int) -> tuple[int, int, tuple[int, ...]]:
    """``(p, q, starts)``: the span ``s:e`` widened to whole whitespace-separated chunks
    ``p:q``, and the starts (minus p) of the tokens overlapping the span."""
    p, q, n = s, e, len(text)
    while p > 0 and not text[p - 1].isspace():  # tokens never hold whitespace
        p -= 1
    while q < n and not text[q].isspace():
        q += 1
    if q - p <= _LONG_CHUNKS:
        return p, q, _SPAN_TOKENS[text[p:q], s - p, e - p]
    return p, q, tuple(ts - p for ts, te in map(_match_span, TOKEN_RE.finditer(text, p, q)) if ts < e and te > s)
_SQL_BITS = 62  # spans packed by the database stay below 2**62 (SQLite and PostgreSQL: 64-bit)
_NOWHERE = (0, 0, ())


class _Lazy(dict[int, list[int]]):
    """A dict filled on demand by ``make(key)``."""

    def __init__(self, make: Callable[[int], list[int]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: int) -> list[int]:
        v = self[key] = self.make(key)
        return v


class _Data:
    """The chosen annotators' counted work, loaded in one query and kept corpus-wide as sets of
    packed integers, so that the metrics run as set operations rather than document by document.

    A span is packed as ``(start << pb | end) << db | doc`` and a token as ``token start << db |
    doc`` (``pb``, ``db``: bits for any offset, any document id; the document in the low bits
    spreads the hashes). Each annotator has a set of spans per label id; each span, how many
    tokens it overlaps. Tokens are listed only where the annotators differ."""

    def __init__(self, store: Store, ids: list[int], label_ids: set[int] | None) -> None:
        with store.engine.connect() as conn:
            top_id, top_len = conn.execute(select(func.max(Document.id), func.max(Document.length))).one()
            self.db, self.pb = (top_id or 0).bit_length(), (top_len or 0).bit_length()
            rows = None
            if self.db + 2 * self.pb <= _SQL_BITS:
                span = case((
                    Annotation.end < 1 << self.pb,
                    (Annotation.start * (1 << self.pb) + Annotation.end) * (1 << self.db)
                    + Annotation.document_id,
                ))  # NULL if an offset were past every text's length
                rows = _fetch_raw(conn, self._query(store, span, ids, label_ids))
                if any(map(is_, map(itemgetter(2), rows), repeat(None))):
                    rows = None
            if rows is None:  # pack in Python
                raw = _fetch_raw(conn, self._query(store, Annotation.start, ids, label_ids, Annotation.end))
                self.pb = max(map(itemgetter(5), raw), default=0).bit_length()
                pb, db = self.pb, self.db
                rows = [(a, d, (s << pb | e) << db | d, lab, attrs) for a, d, s, lab, attrs, e in raw]
            done = _fetch_raw(conn, select(DocumentProgress.annotator_id, DocumentProgress.document_id).where(
                DocumentProgress.annotator_id.in_(ids), DocumentProgress.status == "done",
            ))
        # by annotator, document, start, end; stable: rows on the same span keep the query's order
        rows.sort(key=itemgetter(0, 1, 2))
        self.dmask = (1 << self.db) - 1
        first = list(map(itemgetter(0), rows))
        self.keys: dict[int, list[int]] = {}  # annotator -> spans, in that order
        self.labels: dict[int, list[int]] = {}  # annotator -> their label ids
        self.docs: dict[int, list[int]] = {}  # annotator -> their documents
        self.spans: dict[int, dict[int, set[int]]] = {}  # annotator -> label id -> spans
        self.figures: dict[int, dict[int, Any]] = {}  # annotator -> span -> attributes
        self.worked: dict[int, set[int]] = {}
        for aid in ids:
            part = rows[bisect_left(first, aid) : bisect_right(first, aid)]
            keys = self.keys[aid] = list(map(itemgetter(2), part))
            labs = self.labels[aid] = list(map(itemgetter(3), part))
            docs = self.docs[aid] = list(map(itemgetter(1), part))
            by_label: defaultdict[int, set[int]] = defaultdict(set)
            for k, lab in zip(keys, labs, strict=True):
                by_label[lab].add(k)
            self.spans[aid] = dict(by_label)
            attrs = list(map(itemgetter(4), part))
            self.figures[aid] = dict(  # by span, whatever the figure label; the last row wins
                compress(zip(keys, attrs, strict=True), map(is_not, attrs, repeat(None)))
            )
            self.worked[aid] = set(docs)
        for aid, doc in done:
            self.worked[aid].add(doc)
        self.uids: dict[int, str] = {}
        self.n_tokens: dict[int, int] = {}
        self.ntok: dict[int, int] = {}  # span -> how many tokens it overlaps
        # span -> (doc << pb | p, doc << pb | q, its tokens' starts - p), p:q the span widened
        # to whole chunks
        self.where: dict[int, tuple[int, int, tuple[int, ...]]] = {}
        self.tangled: set[int] = set()  # documents where an annotator's spans may share a token
        self._span_tokens: _Lazy | None = None
        self._store = store

    @staticmethod
    def _query(store: Store, span: Any, ids: list[int], label_ids: set[int] | None, *more: Any) -> Any:
        figure_ids = [lv.id for lv in store.labels() if lv.kind == "figure"]
        q = select(
            Annotation.annotator_id, Annotation.document_id, span, Annotation.label_id,
            case((Annotation.label_id.in_(figure_ids), type_coerce(Annotation.attributes, String))),
            *more,
        ).where(
            # "+ 0" keeps SQLite from a slower index search: most rows are wanted
            (Annotation.annotator_id + 0).in_(ids), counted_sql(),
        )
        if label_ids is not None:
            q = q.where(Annotation.label_id.in_(list(label_ids)))
        return q

    def load_texts(self, doc_ids: set[int]) -> None:
        """Uids and token counts of ``doc_ids``; where each span there lies and how many tokens
        it overlaps; which of them are tangled."""
        ordered = sorted(doc_ids)
        texts: dict[int, str] = {}
        with self._store.engine.connect() as conn:
            for i in range(0, len(ordered), 5000):
                query = select(Document.id, Document.uid, Document.sha256, Document.text).where(
                    Document.id.in_(ordered[i : i + 5000])
                )
                for d, uid, sha, text in _fetch_raw(conn, query):
                    texts[d] = text
                    self.uids[d] = uid
                    self.n_tokens[d] = token_count(text, sha)
        pb, db, dmask, pmask = self.pb, self.db, self.dmask, (1 << self.pb) - 1
        ntok, where = self.ntok, self.where
        for key in set(chain.from_iterable(self.keys.values())):
            d = key & dmask
            text = texts.get(d)
            if text is None:
                continue
            p, q, rel = _span_chunks(text, key >> db >> pb, key >> db & pmask)
            ntok[key] = len(rel)
            where[key] = (d << pb | p, d << pb | q, rel)
        # Tangled: an annotator's spans widen to overlapping chunks, so they may share a token
        # (then the first span decides its label). Spans are in order of start, and so are their
        # chunks: comparing each span with the one before finds every overlap.
        for keys in self.keys.values():
            spots = list(map(where.get, keys, repeat(_NOWHERE)))
            starts, ends = list(map(itemgetter(0), spots)), list(map(itemgetter(1), spots))
            for i in compress(range(1, len(keys)), map(lt, starts[1:], ends[:-1])):
                self.tangled.add(keys[i] & dmask)

    def tokens(self, key: int) -> list[int]:
        """The tokens the span ``key`` overlaps (its document's text loaded)."""
        start, _, rel = self.where[key]
        p, d, db = start & ((1 << self.pb) - 1), key & self.dmask, self.db
        return [(p + r) << db | d for r in rel]

    @property
    def span_tokens(self) -> _Lazy:
        """Span -> its tokens, listed when first asked for."""
        if self._span_tokens is None:
            self._span_tokens = _Lazy(self.tokens)
        return self._span_tokens

    def token_map(self, aid: int, doc: int) -> dict[int, int]:
        """Token -> label id of the annotator's first span (by start, then end) covering it."""
        docs = self.docs[aid]
        i, j = bisect_left(docs, doc), bisect_right(docs, doc)
        m: dict[int, int] = {}
        for key, lab in zip(reversed(self.keys[aid][i:j]), reversed(self.labels[aid][i:j]), strict=True):
            for t in self.tokens(key):
                m[t] = lab
        return m

    def labelled(self, aid: int, doc: int) -> set[tuple[int, int]]:
        """The annotator's (span, label id) on ``doc``."""
        docs = self.docs[aid]
        i, j = bisect_left(docs, doc), bisect_right(docs, doc)
        return set(zip(self.keys[aid][i:j], self.labels[aid][i:j], strict=True))


def _only(items: Any, docs: set[int], dmask: int) -> Any:
    """The packed items (a set, or a dict's keys) whose document (``item & dmask``) is in ``docs``."""
    if isinstance(items, dict):
        return {k: v for k, v in items.items() if k & dmask in docs}
    return {x for x in items if x & dmask in docs}


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
    """Pause the cyclic garbage collector: these millions of small objects make no cycles, and
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
    # how many of the chosen annotators worked on each document: Krippendorff's coincidences
    # weigh each token's pairs of values by 1 / (that - 1)
    coders = Counter(d for aid in ids.values() for d in worked[aid] & alpha_docs)
    uniform = len(set(coders.values())) <= 1
    coincide: defaultdict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
    pairs = []
    for (a, b), docs in pair_docs.items():
        pairs.append(_pair(a, b, ids[a], ids[b], docs, data, lname, coders, uniform, coincide))
        progress(2 + len(pairs), total)
    alpha = _alpha(coincide, lname)
    progress(total, total)
    return AgreementReport(
        names, list(labels) if labels else None, pairs, alpha,
        sorted(data.uids[d] for d in alpha_docs),
    )


def _pair(
    a: str, b: str, ia: int, ib: int, docs: set[int], data: _Data, lname: dict[int, str],
    coders: Counter[int], uniform: bool, coincide: defaultdict[int, Counter[tuple[int, int]]],
) -> PairAgreement:
    """The pair's report; adds the pair's token confusions, by number of coders of the document,
    to ``coincide`` (for Krippendorff's alpha)."""
    result = PairAgreement(a, b, sorted(data.uids[d] for d in docs))
    if uniform:
        groups = [(coders[next(iter(docs))] if docs else 2, docs)]
    else:
        by_m: defaultdict[int, set[int]] = defaultdict(set)
        for d in docs:
            by_m[coders[d]].add(d)
        groups = sorted(by_m.items())
    per_label: dict[int, tuple[Counts, Counts]] = {}
    confusion: Counter[tuple[int, int]] = Counter()
    for m, g in groups:
        conf = _compare(data, ia, ib, g, per_label)
        confusion.update(conf)
        co = coincide[m]
        for (x, y), n in conf.items():
            co[(x, y)] += n
            co[(y, x)] += n
    for lid in sorted(per_label, key=lname.__getitem__):
        ex, ov = per_label[lid]
        result.per_label[lname[lid]] = {"exact": ex, "overlap": ov}
        result.exact.add(ex)
        result.overlap.add(ov)
    result.tokens = sum(confusion.values())
    result.cohen_kappa = cohen_kappa(
        Counter({(lname[x], lname[y]): n for (x, y), n in confusion.items() if n})
    )

    all_a, all_b = data.worked[ia] <= docs, data.worked[ib] <= docs
    fa = data.figures[ia] if all_a else _only(data.figures[ia], docs, data.dmask)
    fb = data.figures[ib] if all_b else _only(data.figures[ib], docs, data.dmask)
    both = fa.keys() & fb.keys()
    va, vb = list(map(fa.__getitem__, both)), list(map(fb.__getitem__, both))
    result.figures.pairs = len(both)
    if set(map(type, chain(va, vb))) <= {str}:  # equal strings: the same key (_figure_key)
        result.figures.agree = sum(map(eq, va, vb)) + sum(
            _figure_key(x) == _figure_key(y) for x, y in compress(zip(va, vb, strict=True), map(ne, va, vb))
        )
    else:
        result.figures.agree = sum(_figure_key(x) == _figure_key(y) for x, y in zip(va, vb, strict=True))
    return result


def _compare(
    data: _Data, ia: int, ib: int, docs: set[int], per_label: dict[int, tuple[Counts, Counts]]
) -> Counter[tuple[int, int]]:
    """Adds the exact and overlap counts of A (reference) and B over ``docs`` to ``per_label``;
    returns their token-level confusion there (label id by A, by B; 0 for O).

    Where neither annotator's spans share a token, a span both have gives its tokens the same
    label on both sides, so only the spans one of them has are listed token by token; the
    tangled documents are compared token by token."""
    dmask = data.dmask
    sa, sb = data.spans[ia], data.spans[ib]
    if not data.worked[ia] <= docs:
        sa = {lab: _only(s, docs, dmask) for lab, s in sa.items()}
    if not data.worked[ib] <= docs:
        sb = {lab: _only(s, docs, dmask) for lab, s in sb.items()}
    tangled = data.tangled & docs
    ntok, tokens = data.ntok, data.span_tokens
    conf: Counter[tuple[int, int]] = Counter()
    only_a: dict[int, int] = {}  # token -> label id, under spans only A has
    only_b: dict[int, int] = {}
    empty: set[int] = set()
    for lid in sa.keys() | sb.keys():
        xa, xb = sa.get(lid, empty), sb.get(lid, empty)
        if not xa and not xb:
            continue
        both = xa & xb
        ra, rb = xa - xb, xb - xa
        ex = Counts(len(both), len(rb), len(ra))
        m = _residual_matches(ra, rb, data) if ra and rb else 0
        acc = per_label.setdefault(lid, (Counts(), Counts()))
        acc[0].add(ex)
        acc[1].add(Counts(ex.tp + m, ex.fp - m, ex.fn - m))
        conf[(lid, lid)] += sum(map(ntok.__getitem__, both))
        only_a.update(zip(chain.from_iterable(map(tokens.__getitem__, ra)), repeat(lid)))
        only_b.update(zip(chain.from_iterable(map(tokens.__getitem__, rb)), repeat(lid)))
    if tangled:  # their tokens are compared below
        only_a = {t: x for t, x in only_a.items() if t & dmask not in tangled}
        only_b = {t: y for t, y in only_b.items() if t & dmask not in tangled}
    both_t = only_a.keys() & only_b.keys()
    conf.update(zip(map(only_a.__getitem__, both_t), map(only_b.__getitem__, both_t), strict=True))
    conf.update(zip(map(only_a.__getitem__, only_a.keys() - both_t), repeat(0)))
    conf.update(zip(repeat(0), map(only_b.__getitem__, only_b.keys() - both_t)))
    for d in tangled:
        for key, lid in data.labelled(ia, d) & data.labelled(ib, d):
            conf[(lid, lid)] -= ntok[key]  # counted above as agreeing token by token
        ma, mb = data.token_map(ia, d), data.token_map(ib, d)
        for t in ma.keys() | mb.keys():
            conf[(ma.get(t, 0), mb.get(t, 0))] += 1
    conf[(0, 0)] += sum(map(data.n_tokens.__getitem__, docs)) - sum(conf.values())
    return conf


def _residual_matches(ra: set[int], rb: set[int], data: _Data) -> int:
    """The size of a maximum overlap matching between spans left unmatched by exact matching
    (the spans of one label)."""
    db, pb, dmask = data.db, data.pb, data.dmask
    pmask = (1 << pb) - 1
    ga: defaultdict[int, list[int]] = defaultdict(list)  # by document
    for x in ra:
        ga[x & dmask].append(x)
    gb: defaultdict[int, list[int]] = defaultdict(list)
    for x in rb:
        if (d := x & dmask) in ga:
            gb[d].append(x)
    n = 0
    for d, ys in gb.items():
        xs = ga[d]
        if len(xs) == 1 and len(ys) == 1:  # the usual case: one span on each side
            x, y = xs[0] >> db, ys[0] >> db
            n += (y >> pb) < (x & pmask) and (x >> pb) < (y & pmask)
        else:
            n += max_overlap_matching(
                [(x >> db >> pb, x >> db & pmask) for x in xs], [(y >> db >> pb, y >> db & pmask) for y in ys]
            )
    return n


def _alpha(coincide: dict[int, Counter[tuple[int, int]]], lname: dict[int, str]) -> float | None:
    """Krippendorff's alpha from the pairs' token confusions, by number of coders: a token's
    coincidences are the ordered pairs of its coders' values, each weighed 1 / (coders - 1)."""
    co = Coincidences()
    for m, conf in sorted(coincide.items()):
        for (x, y), n in conf.items():
            if n:
                co.o[(lname[x], lname[y])] += n / (m - 1)
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
