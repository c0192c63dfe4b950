"""Exact row snapshots, and the one-transaction write that puts rows back: core undo/redo.

A :class:`Snapshot` holds, for one document, the full rows of some annotations (every column,
``created_at``/``updated_at`` and ``version`` included), the relations and review decisions
touching them, the document's status and one annotator's progress row. :func:`write_snapshot`
makes the store hold exactly that state again, in ONE transaction, after checking that every
annotation still has the version the caller expects (else :class:`ConflictError`, nothing
written): an undo never overwrites a colleague's newer edit.

The store package is the only place with SQL; ``app.ops`` builds undo entries from these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from app.errors import ConflictError, ValidationError
from app.models import Annotation, Annotator, Document, DocumentProgress, Relation, ReviewDecision

if TYPE_CHECKING:
    from app.store.store import Store

ANN = cast(Table, Annotation.__table__)
REL = cast(Table, Relation.__table__)
REV = cast(Table, ReviewDecision.__table__)
PROGRESS = cast(Table, DocumentProgress.__table__)


@dataclass(frozen=True)
class AnnotationState:
    """One annotation's full row, and the relations and review decisions touching it."""

    row: Mapping[str, Any]
    relations: tuple[Mapping[str, Any], ...] = ()
    reviews: tuple[Mapping[str, Any], ...] = ()

    @property
    def version(self) -> int:
        return int(self.row["version"])


@dataclass(frozen=True)
class Snapshot:
    """The state of some annotations of one document (``None``: the annotation does not exist)."""

    doc_id: int
    annotations: Mapping[str, AnnotationState | None]
    doc_status: str
    annotator_id: int | None = None
    progress: Mapping[str, Any] | None = None  # that annotator's progress row, if any
    extra: Mapping[str, Any] = field(default_factory=dict)

    def versions(self) -> dict[str, int | None]:
        """Each annotation's version (``None`` where it does not exist)."""
        return {k: (v.version if v is not None else None) for k, v in self.annotations.items()}


def _rows(s: Session, q: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in s.execute(q)]


def _take(s: Session, doc_id: int, ann_ids: Iterable[str], annotator_id: int | None) -> Snapshot:
    ids = list(dict.fromkeys(ann_ids))
    status = s.scalar(select(Document.status).where(Document.id == doc_id))
    if status is None:
        raise ValidationError(f"no document with id {doc_id}")
    rows = {r["id"]: r for r in _rows(s, select(ANN).where(ANN.c.id.in_(ids)))} if ids else {}
    rels = _rows(s, select(REL).where(or_(REL.c.from_id.in_(ids), REL.c.to_id.in_(ids)))) if ids else []
    revs = _rows(s, select(REV).where(REV.c.annotation_id.in_(ids)).order_by(REV.c.id)) if ids else []
    anns: dict[str, AnnotationState | None] = {}
    for i in ids:
        row = rows.get(i)
        anns[i] = None if row is None else AnnotationState(
            row,
            tuple(r for r in rels if i in (r["from_id"], r["to_id"])),
            tuple(r for r in revs if r["annotation_id"] == i),
        )
    progress = None
    if annotator_id is not None:
        found = _rows(s, select(PROGRESS).where(
            PROGRESS.c.document_id == doc_id, PROGRESS.c.annotator_id == annotator_id
        ))
        progress = found[0] if found else None
    return Snapshot(doc_id, anns, status, annotator_id, progress)


def take_snapshot(
    store: Store, doc_id: int, ann_ids: Iterable[str], annotator: str | None = None
) -> Snapshot:
    """Read the exact current state of ``ann_ids`` (missing ones as ``None``) in ``doc_id``."""
    with store._read() as s:  # noqa: SLF001  (same package)
        aid = None
        if annotator is not None:
            aid = s.scalar(select(Annotator.id).where(Annotator.name == annotator))
        return _take(s, doc_id, ann_ids, aid)


def _check(s: Session, expect: Mapping[str, int | None]) -> None:
    """Refuse (ConflictError) unless every annotation has the version the caller saw."""
    if not expect:
        return
    current = {
        r.id: (r.version, r.text)
        for r in s.execute(select(ANN.c.id, ANN.c.version, ANN.c.text).where(ANN.c.id.in_(list(expect))))
    }
    for ann_id, want in expect.items():
        have = current.get(ann_id)
        if want is None and have is not None:
            raise ConflictError(f"annotation {have[1]!r} was added again by someone else: reloaded")
        if want is not None and have is None:
            raise ConflictError(f"annotation {ann_id} no longer exists (deleted by someone?)")
        if want is not None and have is not None and have[0] != want:
            raise ConflictError(
                f"annotation {have[1]!r} was changed by someone else (version {have[0]},"
                f" you had {want}): reloaded"
            )


def _put_annotation(s: Session, row: Mapping[str, Any]) -> None:
    """Insert one full annotation row (a seam the atomicity test breaks on purpose)."""
    s.execute(insert(ANN).values(**row))


def _write(
    s: Session, target: Snapshot, expect: Mapping[str, int | None],
    changed: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    _check(s, expect)
    ids = list(target.annotations)
    if ids:
        s.execute(delete(REV).where(REV.c.annotation_id.in_(ids)))
        s.execute(delete(REL).where(or_(REL.c.from_id.in_(ids), REL.c.to_id.in_(ids))))
        s.execute(delete(ANN).where(ANN.c.id.in_(ids)))
    states = [st for st in target.annotations.values() if st is not None]
    for st in states:
        _put_annotation(s, {**st.row, **(changed or {}).get(st.row["id"], {})})
    s.flush()
    rels = {r["id"]: r for st in states for r in st.relations}
    if rels:
        ends = {e for r in rels.values() for e in (r["from_id"], r["to_id"])}
        alive = set(s.scalars(select(ANN.c.id).where(ANN.c.id.in_(list(ends)))))
        for r in rels.values():  # a relation whose other end is gone (deleted since) stays gone
            if r["from_id"] in alive and r["to_id"] in alive:
                s.execute(insert(REL).values(**r))
    for st in states:
        for rv in st.reviews:
            s.execute(insert(REV).values(**rv))
    s.execute(update(Document).where(Document.id == target.doc_id).values(status=target.doc_status))
    if target.annotator_id is not None:
        s.execute(delete(PROGRESS).where(
            PROGRESS.c.document_id == target.doc_id, PROGRESS.c.annotator_id == target.annotator_id
        ))
        if target.progress is not None:
            s.execute(insert(PROGRESS).values(**target.progress))


def write_snapshot(store: Store, target: Snapshot, expect: Mapping[str, int | None]) -> None:
    """Make the store hold ``target`` exactly, in one transaction, if ``expect`` still holds."""
    with store._write() as s:  # noqa: SLF001  (same package)
        _write(s, target, expect)


def update_rows(
    store: Store,
    before: Snapshot,
    changes: Mapping[str, Mapping[str, Any]],
) -> None:
    """Apply column changes to several annotations in ONE transaction (all or nothing).

    Each changed row gets ``version + 1``; ``before`` gives the versions expected (a row
    changed since is refused with :class:`ConflictError`).
    """
    with store._write() as s:  # noqa: SLF001  (same package)
        current = _take(s, before.doc_id, before.annotations, before.annotator_id)
        _write(s, current, before.versions(), changed={
            k: {**v, "version": before.annotations[k].version + 1}  # type: ignore[union-attr]
            for k, v in changes.items()
        })
