"""How an import writes its rows: the plain SQLAlchemy Core path, or on SQLite a fast path.

The fast path runs inside the store's transaction on its raw DBAPI connection (so a failure
anywhere rolls it back with everything else): ``executemany`` with tuples, document ids
assigned in order from ``max(id) + 1`` (what SQLite itself would give them), each value
converted by the column type's own bind processor (so the stored bytes are the plain
path's), with the conversions that repeat (the import's time stamp, empty attributes)
done once. PostgreSQL keeps the plain path.

The full-text indexes: a large import (``FTS_DEFER_MIN`` new documents or more, or any import
into an empty store) drops the per-row insert triggers and indexes its documents in one
statement at the end, in the same transaction; a small one keeps the triggers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import JSON, Connection, Table, insert, select
from sqlalchemy.orm import Session

from app.models import Annotation, Document
from app.store import search

FAST = True  # the SQLite fast path (tests compare it with the plain path)
FTS_DEFER_MIN = 500  # new documents in one import from which the index is built in one pass

# (row key, column) in the order of the fast path's INSERT; the keys are Ingest's
DOC_FIELDS = (
    ("uid", "uid"), ("sha256", "sha256"), ("title", "title"), ("source", "source"),
    ("published", "published"), ("status", "status"), ("meta", "metadata"), ("length", "length"),
    ("text", "text"), ("created_at", "created_at"),
)
ANN_FIELDS = tuple((c, c) for c in (
    "id", "document_id", "annotator_id", "label_id", "start", "end", "text", "attributes", "note",
    "origin", "review_status", "created_at", "updated_at", "version", "updated_by",
))


def uuid7_strings(n: int) -> list[str]:
    """``n`` new version-7 UUIDs (RFC 9562) as ``str(uuid.UUID(...))`` writes them, in
    ascending order: the 48-bit Unix time in milliseconds, then a 12-bit counter (the id's
    place among the call's ids of that millisecond, at most 4096 each), then 62 random bits from one
    ``os.urandom`` call. Time-ordered ids append to the annotations' primary-key B-tree
    instead of landing on random pages (a bulk import writes fewer pages: issue 15)."""
    global _last_ms
    out: list[str] = []
    for k0 in range(0, n, 4096):
        m = min(4096, n - k0)
        ms = max(time.time_ns() // 1_000_000, _last_ms + 1)  # strictly later than any earlier call
        _last_ms = ms
        head = f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-7"
        h = os.urandom(8 * m).hex()
        v = "89ab89ab89ab89ab"  # the RFC variant: 10xx in the first nibble of the 4th group
        out += [
            f"{head}{k:03x}-{v[int(h[j], 16)]}{h[j + 1:j + 4]}-{h[j + 4:j + 16]}"
            for k, j in zip(range(m), range(0, 16 * m, 16), strict=True)
        ]
    return out


_last_ms = 0


class Ids:
    """New annotation and relation ids, generated a block at a time."""

    def __init__(self, block: int = 4096) -> None:  # one millisecond's worth of uuid7_strings
        self.block = block
        self._it: Iterator[str] = iter(())

    def __call__(self) -> str:
        for x in self._it:
            return x
        self._it = iter(uuid7_strings(self.block))
        return next(self._it)


class Writer:
    """The plain path: SQLAlchemy Core / ORM bulk inserts of dicts (every dialect)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def next_document_id(self) -> int:
        return int(self.s.execute(select(Document.id).order_by(Document.id.desc()).limit(1)).scalar() or 0) + 1

    def documents(self, rows: list[dict[str, Any]]) -> list[int]:
        result = self.s.execute(insert(Document).returning(Document.id, sort_by_parameter_order=True), rows)
        return [r[0] for r in result]

    def annotations(self, rows: list[dict[str, Any]]) -> None:
        self.s.execute(insert(cast(Table, Annotation.__table__)), rows)  # Core executemany


class SqliteWriter(Writer):
    """The fast path: ``executemany`` of tuples on the raw sqlite3 connection, same transaction."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        conn = session.connection()  # begins the store's transaction if it has not yet
        raw = conn.connection.driver_connection
        assert raw is not None
        self.raw = raw
        dialect = conn.dialect
        self.next_id = self.next_document_id()
        docs, anns = cast(Table, Document.__table__), cast(Table, Annotation.__table__)
        self.doc_sql = _insert_sql(docs, ["id", *(c for _, c in DOC_FIELDS)], dialect)
        self.doc_values = _Values(docs, DOC_FIELDS, dialect)
        self.ann_sql = _insert_sql(anns, [c for _, c in ANN_FIELDS], dialect)
        self.ann_values = _Values(anns, ANN_FIELDS, dialect)

    def documents(self, rows: list[dict[str, Any]]) -> list[int]:
        first = self.next_id
        ids = list(range(first, first + len(rows)))
        self.next_id += len(rows)
        self.raw.executemany(self.doc_sql, [(i, *v) for i, v in zip(ids, self.doc_values(rows), strict=True)])
        return ids

    def annotations(self, rows: list[dict[str, Any]]) -> None:
        self.raw.executemany(self.ann_sql, self.ann_values(rows))


class _Values:
    """Rows (dicts) as tuples in column order, each value through its column type's bind
    processor; a value that repeats (the chunk's time stamp: one object) or an empty JSON
    object is converted once."""

    def __init__(self, table: Table, fields: tuple[tuple[str, str], ...], dialect: Any) -> None:
        self.get = itemgetter(*(k for k, _ in fields))
        self.procs: list[list[Any]] = []  # [index, processor, last value, its conversion, {} converted]
        for i, (_, col) in enumerate(fields):
            typ = table.c[col].type
            proc = typ.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                self.procs.append([i, proc, _NOTHING, None, proc({}) if isinstance(typ, JSON) else None])

    def __call__(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        get, procs = self.get, self.procs
        out = []
        for row in rows:
            vals = list(get(row))
            for p in procs:
                i = p[0]
                v = vals[i]
                if v is None:
                    continue
                if v is p[2]:
                    vals[i] = p[3]
                elif p[4] is not None and type(v) is dict and not v:
                    vals[i] = p[4]
                else:
                    vals[i] = p[1](v)
                    if not isinstance(v, dict | list):  # immutable: safe to reuse by identity
                        p[2], p[3] = v, vals[i]
            out.append(tuple(vals))
        return out


_NOTHING = object()


def _insert_sql(table: Table, columns: list[str], dialect: Any) -> str:
    quote = dialect.identifier_preparer.quote
    return (f"INSERT INTO {table.name} ({', '.join(quote(c) for c in columns)})"
            f" VALUES ({', '.join('?' * len(columns))})")


class Bulk:
    """What one import transaction shares over its bundles: how rows are written, and
    whether (from which document id) the full-text indexes are built at the end."""

    def __init__(self, session: Session, dialect: str) -> None:
        self.s = session
        self.sqlite = dialect == "sqlite"
        self.added = 0
        self.deferred_from: int | None = None
        self.empty = False
        self.conn: Connection | None = None
        if self.sqlite:
            self.conn = session.connection()
            self.empty = session.execute(select(Document.id).limit(1)).first() is None
            if self.empty:  # a first import: everything is indexed in one pass ('rebuild')
                search.bulk_index_begin(self.conn)
                self.deferred_from = 1

    def writer(self) -> Writer:
        return SqliteWriter(self.s) if self.sqlite and FAST else Writer(self.s)

    def before_documents(self, writer: Writer, n: int) -> None:
        """``n`` new documents are about to be inserted through ``writer``."""
        self.added += n
        if self.conn is not None and self.deferred_from is None and self.added >= FTS_DEFER_MIN:
            self.deferred_from = writer.next_document_id()
            search.bulk_index_begin(self.conn)

    def finish(self) -> None:
        if self.conn is not None and self.deferred_from is not None:
            search.bulk_index_end(self.conn, None if self.empty else self.deferred_from)
