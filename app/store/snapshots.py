"""Exact row snapshots, and the one-transaction write that puts rows back: core undo/redo.

A :class:`Snapshot` holds, for one document, the full rows of some annotations (every column,
``created_at``/``updated_at`` and ``version`` included), the relations and review decisions
touching them, the document's status and one annotator's progress row. :func:`write_snapshot`
makes the store hold exactly that state again (with a NEW version per row, so a copy read
before is stale), in ONE transaction, after checking that every annotation is still exactly
as the caller expects (else :class:`ConflictError`, nothing written): an undo never
overwrites a colleague's newer edit.

The store package is the only place with SQL; ``app.ops`` builds undo entries from these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Integer, Table, and_, delete, insert, literal, or_, select, update
from sqlalchemy.orm import Session

from app.errors import ConflictError, ValidationError
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.store.changes import changed_by_whom, changer_name
from app.store.views import AnnotationView

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


class StaleAnnotation(ConflictError):
    """A snapshot write refused because annotation ``ann_id`` is not as the caller expected."""

    def __init__(self, message: str, ann_id: str) -> None:
        super().__init__(message)
        self.ann_id = ann_id


def state_view(store: Store, state: AnnotationState) -> AnnotationView:
    """The annotation as ``state`` holds it, as the view the UI shows (label and author named)."""
    r = state.row
    with store._read() as s:  # noqa: SLF001  (same package)
        label, kind = s.execute(
            select(Label.name, Label.kind).where(Label.id == r["label_id"])
        ).one()
        who = s.scalar(select(Annotator.name).where(Annotator.id == r["annotator_id"]))
        changer = changer_name(s, r.get("updated_by"))
    return AnnotationView(
        r["id"], r["document_id"], r["start"], r["end"], r["text"], label, kind, who or "?",
        dict(r["attributes"] or {}), r["note"] or "", r["origin"], r["review_status"],
        int(r["version"]), r["created_at"], r["updated_at"], changer,
    )


def _rows(s: Session, q: Any) -> list[dict[str, Any]]:
    # Core tables on the session's connection: the ORM's per-statement work (autoflush, ORM
    # compile state) is pure cost for these, and a snapshot runs up to five per key press
    return [dict(r._mapping) for r in s.connection().execute(q)]


def _head(
    s: Session, doc_id: int, annotator_id: int | None = None, annotator: str | None = None
) -> tuple[str, int | None, dict[str, Any] | None]:
    """The document's status, the annotator's id (by id or by name) and that annotator's
    progress row, in ONE statement (an add takes two snapshots per key press)."""
    prog = [c.label(f"p_{c.name}") for c in PROGRESS.c]
    if annotator_id is None and annotator is None:
        q = select(Document.status).where(Document.id == doc_id)
        found = s.connection().execute(q).first()
        if found is None:
            raise ValidationError(f"no document with id {doc_id}")
        return found[0], None, None
    aid = Annotator.id if annotator_id is None else literal(annotator_id, Integer)
    q = select(Document.status, aid.label("aid"), *prog).select_from(Document)
    if annotator_id is None:
        q = q.outerjoin(Annotator, Annotator.name == annotator)
    q = q.outerjoin(PROGRESS, and_(
        PROGRESS.c.document_id == Document.id, PROGRESS.c.annotator_id == aid,
    )).where(Document.id == doc_id)
    row = s.connection().execute(q).first()
    if row is None:
        raise ValidationError(f"no document with id {doc_id}")
    m = row._mapping
    progress = None if m["p_document_id"] is None else {c.name: m[f"p_{c.name}"] for c in PROGRESS.c}
    return m["status"], m["aid"], progress


def _take(
    s: Session, doc_id: int, ann_ids: Iterable[str], annotator_id: int | None,
    annotator: str | None = None, lock: bool = False,
) -> Snapshot:
    ids = list(dict.fromkeys(ann_ids))
    status, annotator_id, progress = _head(s, doc_id, annotator_id, annotator)
    q = select(ANN).where(ANN.c.id.in_(ids))
    if lock:  # PostgreSQL: the rows stay ours until the transaction ends (SQLite: its write lock)
        q = q.with_for_update()
    rows = {r["id"]: r for r in _rows(s, q)} if ids else {}
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
    return Snapshot(doc_id, anns, status, annotator_id, progress)


def take_snapshot(
    store: Store, doc_id: int, ann_ids: Iterable[str], annotator: str | None = None,
    *, lock: bool = False,
) -> Snapshot:
    """Read the exact current state of ``ann_ids`` (missing ones as ``None``) in ``doc_id``.

    ``lock``, inside ``store.transaction()`` on PostgreSQL: lock the annotation rows until
    it ends (SELECT ... FOR UPDATE), so no colleague edits them before the operation's write.
    SQLite's transaction holds the whole file's write lock already."""
    lock = lock and store.in_transaction and store.dialect != "sqlite"
    with store._read() as s:  # noqa: SLF001  (same package)
        return _take(s, doc_id, ann_ids, None, annotator, lock)


def _check(s: Session, expect: Mapping[str, int | None]) -> dict[str, int]:
    """Refuse (ConflictError) unless every annotation has the version the caller saw; the
    versions the existing ones have."""
    if not expect:
        return {}
    current = {
        r.id: (r.version, r.text, r.updated_by)
        for r in s.execute(
            select(ANN.c.id, ANN.c.version, ANN.c.text, ANN.c.updated_by).where(ANN.c.id.in_(list(expect)))
        )
    }
    for ann_id, want in expect.items():
        have = current.get(ann_id)
        if want is None and have is not None:
            raise StaleAnnotation(f"“{have[1]}” was added again by someone else: reloaded", ann_id)
        if want is not None and have is None:
            raise StaleAnnotation("the annotation was deleted by someone else: reloaded", ann_id)
        if want is not None and have is not None and have[0] != want:
            raise StaleAnnotation(
                f"“{have[1]}” was changed by {changer_name(s, have[2]) or 'someone else'}"
                f" (version {have[0]}, you had {want}): reloaded", ann_id
            )
    return {k: v[0] for k, v in current.items()}


def _same(row: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """The same row, every column but ``version`` (an undo writes a new one; it puts back
    ``updated_by`` too: the row is again as its last changer left it)."""
    return {k: v for k, v in row.items() if k != "version"} == {
        k: v for k, v in other.items() if k != "version"
    }


def _check_rows(s: Session, expected: Mapping[str, AnnotationState | None]) -> dict[str, int]:
    """Refuse (:class:`StaleAnnotation`) unless every annotation is exactly as ``expected``
    holds it (any edit since changed ``updated_at`` at least); the versions the existing have."""
    ids = list(expected)
    current = {r["id"]: r for r in _rows(s, select(ANN).where(ANN.c.id.in_(ids)))} if ids else {}
    for ann_id, want in expected.items():
        have = current.get(ann_id)
        if want is None and have is not None:
            raise StaleAnnotation(f"“{have['text']}” was added again by someone else: reloaded", ann_id)
        if want is not None and have is None:
            raise StaleAnnotation(
                f"“{want.row['text']}” was deleted by someone else: reloaded", ann_id
            )
        if want is not None and have is not None and not _same(have, want.row):
            raise StaleAnnotation(
                f"“{have['text']}” was changed by {changed_by_whom(s, have)}: reloaded", ann_id
            )
    return {k: int(r["version"]) for k, r in current.items()}


def _put_annotation(s: Session, row: Mapping[str, Any]) -> None:
    """Insert one full annotation row (a seam the atomicity test breaks on purpose)."""
    s.execute(insert(ANN).values(**row))


def _write(
    s: Session, target: Snapshot, current: Mapping[str, int], floor: Mapping[str, int],
    changed: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, int]:
    """Put ``target``'s rows in (checked by the caller); the highest version each row had."""
    ids = list(target.annotations)
    if ids:
        s.execute(delete(REV).where(REV.c.annotation_id.in_(ids)))
        s.execute(delete(REL).where(or_(REL.c.from_id.in_(ids), REL.c.to_id.in_(ids))))
        s.execute(delete(ANN).where(ANN.c.id.in_(ids)))
    states = [st for st in target.annotations.values() if st is not None]
    high = {k: max(current.get(k, 0), floor.get(k, 0)) for k in ids}
    for st in states:
        # a version never repeats (an undo writes a NEW one): a copy read before the undo
        # stays stale, so it can never overwrite what is written after it
        i = st.row["id"]
        row = {**st.row, "version": max(st.version, high[i]) + 1, **(changed or {}).get(i, {})}
        high[i] = max(high[i], int(row["version"]))
        _put_annotation(s, row)
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
    return high


def write_snapshot(
    store: Store, target: Snapshot, expected: Snapshot, floor: Mapping[str, int] | None = None
) -> dict[str, int]:
    """Make the store hold ``target`` in one transaction, if every annotation is still exactly
    as ``expected`` holds it (else :class:`StaleAnnotation`, nothing written): every column
    as it was except ``version``, which is new, above any the row had (``floor``: the highest
    seen before). Returns the highest version each row has had, for the next ``floor``."""
    with store._write() as s:  # noqa: SLF001  (same package)
        current = _check_rows(s, expected.annotations)
        return _write(s, target, current, floor or {})


def update_rows(
    store: Store,
    before: Snapshot,
    changes: Mapping[str, Mapping[str, Any]],
    relations: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Apply column changes to several annotations in ONE transaction (all or nothing),
    adding ``relations`` (full rows) in it too.

    Each changed row gets ``version + 1``; ``before`` gives the versions expected (a row
    changed since is refused with :class:`ConflictError`).
    """
    with store._write() as s:  # noqa: SLF001  (same package)
        for rel in relations:
            s.execute(insert(REL).values(**rel))
        versions = _check(s, before.versions())
        current = _take(s, before.doc_id, before.annotations, before.annotator_id)
        who = {} if before.annotator_id is None else {"updated_by": before.annotator_id}
        _write(s, current, versions, {}, changed={
            k: {**v, **who, "version": before.annotations[k].version + 1}  # type: ignore[union-attr]
            for k, v in changes.items()
        })
