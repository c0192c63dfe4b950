"""Annotations: the spans, read raw for speed, written with compare-and-set on the version."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    String,
    bindparam,
    delete,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, aliased

from app.errors import (
    ConflictError,
    PermissionDenied,
    ValidationError,
)
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.store.annotators_repo import Annotators
from app.store.changes import changed_by_whom
from app.store.labels_repo import Labels
from app.store.raw import fetch_prepared, fetch_raw
from app.store.rows import (
    ORIGINS,
    REVIEW_STATUSES,
    add_progress,
    ann_view,
    ann_views,
    check_span,
    now,
)
from app.store.sessions import Repository, Sessions
from app.store.team import retrying
from app.store.views import (
    AnnotationView,
)


class Annotations(Repository):
    """The store's annotations (``labels``, ``annotators``: names to ids)."""

    def __init__(self, db: Sessions, labels: Labels, annotators: Annotators) -> None:
        super().__init__(db)
        self.labels = labels
        self.annotators = annotators

    def _ann_select(self):
        return (
            select(
                Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
                Annotation.text, Label.name, Label.kind, Annotator.name.label("annotator"),
                # read raw and converted in ann_view: SQLAlchemy's per-row processors cost
                # more than the query on a document with thousands of spans
                type_coerce(Annotation.attributes, String), Annotation.note, Annotation.origin,
                Annotation.review_status, Annotation.version,
                type_coerce(Annotation.created_at, String), type_coerce(Annotation.updated_at, String),
                _CHANGER.name,
            )
            .join(Label, Label.id == Annotation.label_id)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
            .outerjoin(_CHANGER, _CHANGER.id == Annotation.updated_by)
        )

    def annotations(
        self,
        doc_id: int,
        annotator: str | Sequence[str] | None = None,
        suggestions: bool = True,
        rejected: bool = False,
    ) -> list[AnnotationView]:
        """The document's annotations in text order.

        ``suggestions`` keeps pending suggestions; ``rejected`` keeps rejected ones.
        """
        if annotator is None:  # the window's read: one statement compiled once
            def build() -> Any:
                return self._ann_query(bindparam("doc_id"), suggestions, rejected)
            with self.db.read() as conn:
                return ann_views(fetch_prepared(
                    conn, ("annotations", suggestions, rejected), build, {"doc_id": doc_id}))
        names = [annotator] if isinstance(annotator, str) else list(annotator)
        q = self._ann_query(doc_id, suggestions, rejected).where(Annotator.name.in_(names))
        with self.db.read() as conn:  # the driver's rows: SQLAlchemy's row iteration cost more
            return ann_views(fetch_raw(conn, q))  # than the query (10,000 spans)

    def _ann_query(self, doc_id: Any, suggestions: bool, rejected: bool) -> Any:
        q = self._ann_select().where(Annotation.document_id == doc_id)
        if not suggestions:
            q = q.where(Annotation.origin != "suggested")
        if not rejected:
            q = q.where(Annotation.review_status != "rejected")
        return q.order_by(Annotation.start, Annotation.end, Annotation.id)

    def get_annotation(self, ann_id: str) -> AnnotationView:
        with self.db.read_session() as s:
            r = s.connection().execute(self._ann_select().where(Annotation.id == ann_id)).first()
        if r is None:
            raise ValidationError(f"no annotation with id {ann_id}")
        return ann_view(r)

    def get_annotations(self, ann_ids: Sequence[str]) -> list[AnnotationView]:
        """The annotations with these ids, in the order given, in one query per 500 ids;
        an unknown id is an error."""
        found: dict[str, AnnotationView] = {}
        ids = list(dict.fromkeys(ann_ids))
        with self.db.read_session() as s:
            for i in range(0, len(ids), 500):
                q = self._ann_select().where(Annotation.id.in_(ids[i:i + 500]))
                found.update((v.id, v) for v in map(ann_view, s.connection().execute(q)))
        missing = [a for a in ids if a not in found]
        if missing:
            raise ValidationError(f"no annotation with id {', '.join(missing[:5])}")
        return [found[a] for a in ann_ids]

    def count_annotations(self) -> int:
        with self.db.read_session() as s:
            return s.scalar(select(func.count()).select_from(Annotation)) or 0

    def document_revision(self, doc_id: int) -> tuple[int, str]:
        """A cheap fingerprint of the document's annotations, relations and reviews.

        ``(annotation count, token)``: it changes whenever anyone adds, edits or deletes one,
        so the UI can poll it every few seconds and reload only when it differs.
        """
        with self.db.read_session() as s:
            n, versions, last, rels, revs = s.execute(_revision_query(), {"doc_id": doc_id}).one()
        return int(n), f"{int(versions)}:{last}:{int(rels)}:{int(revs)}"

    @retrying
    def add_annotation(
        self,
        doc_id: int,
        start: int,
        end: int,
        label: str,
        annotator: str,
        *,
        attributes: dict[str, Any] | None = None,
        note: str = "",
        origin: str = "manual",
        review_status: str = "none",
        ann_id: str | None = None,
        allow_duplicate: bool = False,
    ) -> AnnotationView:
        """Add a span; refuses bad offsets, unknown labels and exact duplicates."""
        lv = self.labels.label(label)
        who = self.annotators.annotator(annotator)
        if origin not in ORIGINS:
            raise ValidationError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        if review_status not in REVIEW_STATUSES:
            raise ValidationError(f"review status must be one of {REVIEW_STATUSES}")
        stamp = now()
        with self.db.write() as s:
            if type(start) is not int or type(end) is not int:
                check_span("", start, end, None)  # raises: offsets must be integers
            # the span's text, not the whole article (a 1 MB text costs milliseconds per key press);
            # SQLite's and PostgreSQL's length/substr count characters, i.e. code points
            found = s.execute(
                select(Document.length, func.substr(Document.text, max(start, 0) + 1, max(end - start, 0)))
                .where(Document.id == doc_id)
            ).first()
            if found is None:
                raise ValidationError(f"no document with id {doc_id}")
            length, span_text = found
            if start < 0 or end > length or start >= end or len(span_text or "") != end - start:
                text = s.scalar(select(Document.text).where(Document.id == doc_id)) or ""
                check_span(text, start, end, None)  # raises with the usual message
                span_text = text[start:end]
            if not allow_duplicate:
                dup = s.scalar(
                    select(Annotation.id).where(
                        Annotation.document_id == doc_id, Annotation.start == start,
                        Annotation.end == end, Annotation.label_id == lv.id,
                        Annotation.annotator_id == who.id,
                        Annotation.review_status != "rejected",
                    )
                )
                if dup is not None:
                    raise ValidationError(
                        f"{label} {span_text!r} at {start}-{end} by {annotator} exists already"
                    )
            row = Annotation(
                id=ann_id or str(uuid.uuid4()), document_id=doc_id, annotator_id=who.id,
                label_id=lv.id, start=start, end=end, text=span_text,
                attributes=dict(attributes or {}), note=note, origin=origin,
                review_status=review_status, created_at=stamp, updated_at=stamp, version=1,
                updated_by=who.id,
            )
            s.add(row)
            if origin == "manual":
                self._touch_progress(s, doc_id, who.id)
        return AnnotationView(
            row.id, doc_id, start, end, row.text, lv.name, lv.kind, who.name, dict(row.attributes),
            note, origin, review_status, 1, stamp, stamp, who.name,
        )

    def touch_progress(self, doc_id: int, annotator: str) -> None:
        """``annotator`` worked on the document (e.g. accepted suggestions): a not-started
        document, and their own progress, move to in progress (inside an open transaction,
        part of it)."""
        aid = self.annotators.annotator(annotator).id
        with self.db.write() as s:
            self._touch_progress(s, doc_id, aid)

    def _touch_progress(self, s: Session, doc_id: int, aid: int) -> None:
        """A first manual annotation (or accepted suggestion) moves a not-started document to
        in progress."""
        s.execute(
            update(Document)
            .where(Document.id == doc_id, Document.status == "not_started")
            .values(status="in_progress")
        )
        if s.get(DocumentProgress, (doc_id, aid)) is None:
            add_progress(s, doc_id, aid, "in_progress")

    def _check_owner(self, s: Session, row: Annotation, by: str | None, action: str) -> None:
        if by is None:
            return
        # read in this transaction: the role as of now, and no second transaction meanwhile
        who = s.execute(select(Annotator.id, Annotator.role).where(Annotator.name == by)).first()
        if who is None or (row.annotator_id != who.id and who.role != "reviewer"):
            owner = s.scalar(select(Annotator.name).where(Annotator.id == row.annotator_id))
            label = s.scalar(select(Label.name).where(Label.id == row.label_id))
            raise PermissionDenied(  # people and the span, never the row's uuid
                f"{by} may not {action} {owner}'s annotation {label} “{row.text}”:"
                " only its author or a reviewer can"
            )

    @retrying
    def update_annotation(
        self,
        ann_id: str,
        *,
        expected_version: int | None = None,
        by: str | None = None,
        changed_by: str | None = None,
        **fields: Any,
    ) -> AnnotationView:
        """Change label, start/end, attributes, note, origin or review_status.

        ``expected_version`` refuses the write when someone changed the annotation meanwhile;
        ``by`` enforces roles (only the author or a reviewer may edit); the row's ``updated_by``
        becomes ``changed_by`` (default ``by``; neither: NULL, nobody known).
        """
        allowed = {"label", "start", "end", "attributes", "note", "origin", "review_status"}
        if bad := set(fields) - allowed:
            raise ValidationError(f"annotations have no editable field(s) {sorted(bad)}")
        label_id = self.labels.label(fields["label"]).id if "label" in fields else None
        changer = changed_by or by
        changer_id = self.annotators.annotator(changer).id if changer else None
        with self.db.write() as s:
            row = s.get(Annotation, ann_id)
            if row is None:
                raise ConflictError("the annotation no longer exists (deleted by someone?)")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(
                    f"annotation {row.text!r} was changed by {changed_by_whom(s, row)}"
                    f" (version {row.version}, you had {expected_version}): reloaded"
                )
            self._check_owner(s, row, by, "edit")
            values: dict[str, Any] = {"updated_at": now(), "version": row.version + 1}
            values["updated_by"] = changer_id  # None: nobody known (not the author by default)
            if "start" in fields or "end" in fields:
                start, end = fields.get("start", row.start), fields.get("end", row.end)
                text = s.scalar(select(Document.text).where(Document.id == row.document_id))
                assert text is not None
                check_span(text, start, end, None)
                values.update(start=start, end=end, text=text[start:end])
            if label_id is not None:
                values["label_id"] = label_id
            if "attributes" in fields:
                values["attributes"] = dict(fields["attributes"] or {})
            if "note" in fields:
                values["note"] = fields["note"] or ""
            if "origin" in fields:
                if fields["origin"] not in ORIGINS:
                    raise ValidationError(f"origin must be one of {', '.join(ORIGINS)}")
                values["origin"] = fields["origin"]
            if "review_status" in fields:
                if fields["review_status"] not in REVIEW_STATUSES:
                    raise ValidationError(f"review status must be one of {REVIEW_STATUSES}")
                values["review_status"] = fields["review_status"]
            # compare-and-set on the version: a concurrent writer makes this match nothing
            res = s.execute(
                update(Annotation)
                .where(Annotation.id == ann_id, Annotation.version == row.version)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(f"annotation {row.text!r} was changed by someone else: reloaded")
            if values.get("review_status") == "accepted" and changer_id is not None:
                self._touch_progress(s, row.document_id, changer_id)  # accepting is work
        return self.get_annotation(ann_id)

    @retrying
    def delete_annotation(
        self, ann_id: str, *, by: str | None = None, expected_version: int | None = None
    ) -> AnnotationView:
        """Delete an annotation (and its relations and reviews); returns what was deleted."""
        view = self.get_annotation(ann_id)
        with self.db.write() as s:
            row = s.get(Annotation, ann_id)
            if row is None:
                raise ConflictError("the annotation no longer exists (deleted by someone?)")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(f"annotation {row.text!r} was changed by someone else")
            self._check_owner(s, row, by, "delete")
            s.execute(delete(ReviewDecision).where(ReviewDecision.annotation_id == ann_id))
            s.execute(delete(Relation).where((Relation.from_id == ann_id) | (Relation.to_id == ann_id)))
            # compare-and-set: an edit committed since the read makes this delete nothing
            res = s.execute(
                delete(Annotation)
                .where(Annotation.id == ann_id, Annotation.version == row.version)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(f"annotation {row.text!r} was changed by someone else: reloaded")
        return view


_CHANGER = aliased(Annotator, name="changer")  # who last changed an annotation


@lru_cache(maxsize=1)
def _revision_query() -> Any:
    """``document_revision``'s statement, built once (``:doc_id`` bound per call): built anew,
    its aliases made SQLAlchemy compile it again on every poll and every article opened.

    Joins, not IN (subquery): SQLite built a temporary list of every annotation id for each
    (≈ 15 ms apiece on an article with 10,000 spans; the joins take ≈ 3 ms).
    """
    doc_id: Any = bindparam("doc_id")
    a_rel, a_rev = aliased(Annotation), aliased(Annotation)
    return select(
        func.count(Annotation.id),
        func.coalesce(func.sum(Annotation.version), 0),
        func.max(Annotation.updated_at),
        select(func.count(Relation.id)).join(a_rel, a_rel.id == Relation.from_id)
        .where(a_rel.document_id == doc_id).scalar_subquery(),
        select(func.count(ReviewDecision.id)).join(a_rev, a_rev.id == ReviewDecision.annotation_id)
        .where(a_rev.document_id == doc_id).scalar_subquery(),
    ).where(Annotation.document_id == doc_id)

