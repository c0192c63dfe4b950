"""``curator check``: SQLite's own checks plus the store's invariants, and the safe repairs.

Checked: ``PRAGMA integrity_check`` and the full-text index (SQLite); every row's parent
exists (annotations, relations, reviews, progress); annotations' offsets lie inside their
document's text (``0 <= start < end <= len(text)``) and their text equals that slice;
documents' length and sha256 match their text.

Repaired by :func:`repair` (only what is derived or already orphaned, never a curator's
decision): indexes rebuilt (``REINDEX``) when SQLite's check finds index damage; the full-text
index rebuilt; rows whose document or annotation is gone deleted (what the cascade would have
done); documents' length recomputed. Left for the user (restore a backup): damaged tables,
offsets outside the text, span texts that differ from the text, annotations whose label or
annotator is gone, a sha256 that does not match the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, delete, func, literal, or_, select, update
from sqlalchemy.exc import DatabaseError

from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.store.engine import writer
from app.store.store import Store

FTS_TABLE = "documents_fts"
SHOWN = 20  # problems of one kind listed one by one; the rest are counted


@dataclass(frozen=True)
class Problem:
    """One broken invariant: its kind, the row it concerns, what is wrong, whether
    :func:`repair` fixes it."""

    kind: str
    where: str
    detail: str
    repairable: bool

    def line(self) -> str:
        fix = "repairable" if self.repairable else "not repairable"
        return f"{self.kind}: {self.where}: {self.detail} ({fix})"


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


@dataclass(frozen=True)
class _Parent:
    """A child column and the key it refers to; ``repairable``: the child means nothing without
    its parent (ON DELETE CASCADE would have removed it)."""

    kind: str
    table: Table
    column: Any
    parent: Any
    parent_table: str
    repairable: bool


def _p(kind: str, child: Any, column: Any, parent: Any, repairable: bool) -> _Parent:
    return _Parent(kind, _table(child), column, parent.id, _table(parent).name, repairable)


_PARENTS = (
    _p("orphan-annotation", Annotation, Annotation.document_id, Document, True),
    _p("orphan-relation", Relation, Relation.from_id, Annotation, True),
    _p("orphan-relation", Relation, Relation.to_id, Annotation, True),
    _p("orphan-review", ReviewDecision, ReviewDecision.annotation_id, Annotation, True),
    _p("orphan-progress", DocumentProgress, DocumentProgress.document_id, Document, True),
    _p("missing-label", Annotation, Annotation.label_id, Label, False),
    _p("missing-annotator", Annotation, Annotation.annotator_id, Annotator, False),
    _p("missing-annotator", Relation, Relation.annotator_id, Annotator, False),
    _p("missing-annotator", ReviewDecision, ReviewDecision.reviewer_id, Annotator, False),
    _p("missing-annotator", DocumentProgress, DocumentProgress.annotator_id, Annotator, False),
)


def check(store: Store) -> list[Problem]:
    """Every problem found in ``store`` (empty: all is well)."""
    problems: list[Problem] = []
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            problems += _integrity(conn)
            problems += _fts(conn)
        problems += _orphans(conn)
        problems += _offsets(conn)
        problems += _documents(conn)
    return problems


def repair(store: Store) -> list[str]:
    """Fix what can be fixed safely (see the module docstring); one line per fix made."""
    done: list[str] = []
    found = check(store)
    kinds = {p.kind for p in found if p.repairable}
    with writer(store.engine).begin() as conn:
        if "index" in kinds:
            conn.exec_driver_sql("REINDEX")
            done.append("rebuilt every index (REINDEX)")
        for ref in _PARENTS:
            if ref.repairable and ref.kind in kinds:
                n = conn.execute(delete(ref.table).where(_orphaned(ref.column, ref.parent))).rowcount
                if n:
                    done.append(f"deleted {n} {ref.kind.removeprefix('orphan-')} row(s) of "
                                f"{ref.table.name} whose {ref.parent_table[:-1]} is gone")
        if "length" in kinds:
            n = conn.execute(
                update(Document).where(Document.length != func.length(Document.text))
                .values(length=func.length(Document.text))
            ).rowcount
            done.append(f"recomputed the length of {n} document(s)")
        if "fts" in kinds and conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            done.append("rebuilt the full-text search index")
    return done


def _integrity(conn: Connection) -> list[Problem]:
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check(1000)")]
    if rows == ["ok"]:
        return []
    out = []
    for msg in rows:
        index_only = "index" in msg.lower() and "constraint" not in msg.lower()
        out.append(Problem("index" if index_only else "integrity", "database", msg, index_only))
    return out


def _fts(conn: Connection) -> list[Problem]:
    present = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).scalar()
    if not present:
        return []
    try:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    except DatabaseError as exc:
        return [Problem("fts", FTS_TABLE, f"the search index does not match the documents ({exc.orig})", True)]
    finally:
        conn.rollback()
    return []


def _orphaned(column: Any, parent: Any) -> Any:
    return ~select(literal(1)).where(parent == column).exists()


def _orphans(conn: Connection) -> Iterator[Problem]:
    for ref in _PARENTS:
        key = list(ref.table.primary_key.columns)
        rows = conn.execute(select(*key, ref.column).where(_orphaned(ref.column, ref.parent))).all()
        name = ref.table.name
        for i, row in enumerate(rows):
            if i == SHOWN:
                yield Problem(ref.kind, name, f"and {len(rows) - SHOWN} more", ref.repairable)
                break
            ids = "/".join(str(v) for v in row[:-1])
            yield Problem(ref.kind, f"{name.removesuffix('s')} {ids}",
                          f"its {ref.column.name} {row[-1]!r} is not in {ref.parent_table}",
                          ref.repairable)


def _offsets(conn: Connection) -> Iterator[Problem]:
    doc_len = func.length(Document.text)
    base = select(Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
                  Annotation.text).join(Document, Document.id == Annotation.document_id)
    outside = or_(Annotation.start < 0, Annotation.end > doc_len, Annotation.start >= Annotation.end)
    rows = conn.execute(base.add_columns(doc_len).where(outside).order_by(Annotation.id)).all()
    for i, r in enumerate(rows):
        if i == SHOWN:
            yield Problem("offsets", "annotations", f"and {len(rows) - SHOWN} more", False)
            break
        yield Problem("offsets", f"annotation {r.id} (document {r.document_id})",
                      f"span {r.start}-{r.end} is outside a text of {r[-1]} characters", False)
    piece = func.substr(Document.text, Annotation.start + 1, Annotation.end - Annotation.start)
    rows = conn.execute(
        base.add_columns(piece).where(and_(~outside, Annotation.text != piece)).order_by(Annotation.id)
    ).all()
    for i, r in enumerate(rows):
        if i == SHOWN:
            yield Problem("span-text", "annotations", f"and {len(rows) - SHOWN} more", False)
            break
        yield Problem("span-text", f"annotation {r.id} (document {r.document_id})",
                      f"its text {r.text!r} differs from the text at {r.start}-{r.end}, {r[-1]!r}", False)


def _documents(conn: Connection) -> Iterator[Problem]:
    rows = conn.execute(select(Document.id, Document.length, func.length(Document.text))
                        .where(Document.length != func.length(Document.text))).all()
    for r in rows[:SHOWN]:
        yield Problem("length", f"document {r[0]}", f"length {r[1]} but its text has {r[2]} characters", True)
    bad = 0
    for doc_id, sha, body in conn.execute(
            select(Document.id, Document.sha256, Document.text).execution_options(yield_per=500)):
        if hashlib.sha256((body or "").encode("utf-8")).hexdigest() != sha:
            bad += 1
            if bad <= SHOWN:
                yield Problem("sha256", f"document {doc_id}",
                              "its sha256 does not match its text (the text or the hash was altered)", False)
    if bad > SHOWN:
        yield Problem("sha256", "documents", f"and {bad - SHOWN} more", False)


__all__ = ["Problem", "check", "repair"]
