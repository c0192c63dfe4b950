"""The chosen annotators' counted work, loaded for agreement as sets of packed integers."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from itertools import chain, compress, repeat
from operator import is_, is_not, itemgetter, lt
from typing import Any

from sqlalchemy import String, case, func, select, type_coerce

from app.models import Annotation, Annotator, Document, DocumentProgress
from app.review.tokens import TokenCache
from app.rules import counted_sql
from app.store.raw import fetch_raw
from app.store.store import Store


def default_annotators(store: Store) -> list[str]:
    """Annotators (role annotator) with counted work, by name."""
    with store.read() as conn:
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


class AgreementData:
    """The chosen annotators' counted work, loaded in one query and kept corpus-wide as sets of
    packed integers, so that the metrics run as set operations rather than document by document.

    A span is packed as ``(start << pb | end) << db | doc`` and a token as ``token start << db |
    doc`` (``pb``, ``db``: bits for any offset, any document id; the document in the low bits
    spreads the hashes). Each annotator has a set of spans per label id; each span, how many
    tokens it overlaps. Tokens are listed only where the annotators differ."""

    def __init__(self, store: Store, ids: list[int], label_ids: set[int] | None, cache: TokenCache) -> None:
        self.cache = cache
        with store.read() as conn:
            top_id, top_len = conn.execute(select(func.max(Document.id), func.max(Document.length))).one()
            self.db, self.pb = (top_id or 0).bit_length(), (top_len or 0).bit_length()
            rows = None
            if self.db + 2 * self.pb <= _SQL_BITS:
                span = case((
                    Annotation.end < 1 << self.pb,
                    (Annotation.start * (1 << self.pb) + Annotation.end) * (1 << self.db)
                    + Annotation.document_id,
                ))  # NULL if an offset were past every text's length
                rows = fetch_raw(conn, self._query(store, span, ids, label_ids))
                if any(map(is_, map(itemgetter(2), rows), repeat(None))):
                    rows = None
            if rows is None:  # pack in Python
                raw = fetch_raw(conn, self._query(store, Annotation.start, ids, label_ids, Annotation.end))
                self.pb = max(map(itemgetter(5), raw), default=0).bit_length()
                pb, db = self.pb, self.db
                rows = [(a, d, (s << pb | e) << db | d, lab, attrs) for a, d, s, lab, attrs, e in raw]
            done = fetch_raw(conn, select(DocumentProgress.annotator_id, DocumentProgress.document_id).where(
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
        with self._store.read() as conn:
            for i in range(0, len(ordered), 5000):
                query = select(Document.id, Document.uid, Document.sha256, Document.text).where(
                    Document.id.in_(ordered[i : i + 5000])
                )
                for d, uid, sha, text in fetch_raw(conn, query):
                    texts[d] = text
                    self.uids[d] = uid
                    self.n_tokens[d] = self.cache.token_count(text, sha)
        pb, db, dmask, pmask = self.pb, self.db, self.dmask, (1 << self.pb) - 1
        ntok, where = self.ntok, self.where
        for key in set(chain.from_iterable(self.keys.values())):
            d = key & dmask
            text = texts.get(d)
            if text is None:
                continue
            p, q, rel = self.cache.span_chunks(text, key >> db >> pb, key >> db & pmask)
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
