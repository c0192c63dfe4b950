"""Relations between annotations, and reviewers' decisions on them."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    delete,
    select,
)

from app.errors import (
    PermissionDenied,
    ValidationError,
)
from app.models import (
    Annotation,
    Annotator,
    Relation,
    ReviewDecision,
)
from app.store.annotations_repo import Annotations
from app.store.annotators_repo import Annotators
from app.store.rows import (
    now,
)
from app.store.sessions import Repository, Sessions
from app.store.team import retrying
from app.store.views import (
    RelationView,
    ReviewView,
)


class Relations(Repository):
    """Relations and review decisions (``annotations``, ``annotators``: their ends and authors)."""

    def __init__(self, db: Sessions, annotations: Annotations, annotators: Annotators) -> None:
        super().__init__(db)
        self.annotations = annotations
        self.annotators = annotators

    def add_relation(self, from_id: str, to_id: str, type_: str, annotator: str) -> RelationView:
        if from_id == to_id:
            raise ValidationError("a relation needs two different annotations")
        a, b = self.annotations.get_annotation(from_id), self.annotations.get_annotation(to_id)
        if a.document_id != b.document_id:
            raise ValidationError("a relation links annotations of one document")
        who = self.annotators.annotator(annotator)
        rid = str(uuid.uuid4())
        with self.db.write() as s:
            s.add(Relation(id=rid, from_id=from_id, to_id=to_id, type=type_, annotator_id=who.id))
        return RelationView(rid, from_id, to_id, type_, who.name)

    def delete_relation(self, rel_id: str) -> None:
        with self.db.write() as s:
            s.execute(delete(Relation).where(Relation.id == rel_id))

    def relations(self, doc_id: int) -> list[RelationView]:
        # a join, not IN (subquery): SQLite listed every annotation id of the article first
        with self.db.read_session() as s:
            rows = s.execute(
                select(Relation.id, Relation.from_id, Relation.to_id, Relation.type, Annotator.name)
                .join(Annotation, Annotation.id == Relation.from_id)
                .join(Annotator, Annotator.id == Relation.annotator_id)
                .where(Annotation.document_id == doc_id)
                .order_by(Relation.id)
            ).all()
        return [RelationView(*r) for r in rows]

    @retrying
    def add_review(
        self, ann_id: str, reviewer: str, decision: str, comment: str = ""
    ) -> ReviewView:
        """Record a reviewer's decision. Reviewers only (a new name is created as a reviewer)."""
        who = self.annotators.annotator(reviewer, role="reviewer")
        stamp = now()
        with self.db.write() as s:
            role = s.scalar(select(Annotator.role).where(Annotator.id == who.id))
            if role != "reviewer":
                raise PermissionDenied(
                    f"{reviewer} may not review annotations: only a reviewer can (their role is {role})"
                )
            if s.get(Annotation, ann_id) is None:
                raise ValidationError(f"no annotation with id {ann_id}")
            row = ReviewDecision(
                annotation_id=ann_id, reviewer_id=who.id, decision=decision, comment=comment, at=stamp
            )
            s.add(row)
            s.flush()
            return ReviewView(row.id, ann_id, who.name, decision, comment, stamp)

    def reviews(self, doc_id: int) -> list[ReviewView]:
        ann_ids = select(Annotation.id).where(Annotation.document_id == doc_id)
        with self.db.read_session() as s:
            rows = s.execute(
                select(
                    ReviewDecision.id, ReviewDecision.annotation_id, Annotator.name,
                    ReviewDecision.decision, ReviewDecision.comment, ReviewDecision.at,
                )
                .join(Annotator, Annotator.id == ReviewDecision.reviewer_id)
                .where(ReviewDecision.annotation_id.in_(ann_ids))
                .order_by(ReviewDecision.id)
            ).all()
        return [ReviewView(*r) for r in rows]

