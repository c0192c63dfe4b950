"""Corpus aggregates for ``curator stats`` and the statistics window."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    func,
    select,
)

from app.models import (
    Annotation,
    Annotator,
    Document,
    Label,
)
from app.store.quick import stats_result
from app.store.rows import (
    ORIGINS,
)
from app.store.sessions import Repository


class Stats(Repository):
    """Counts over the whole store."""


    def stats(self) -> dict[str, Any]:
        """Corpus aggregates, computed in SQL from covering indexes (migration 0002): documents
        per status, annotations per label, annotator and origin as one range count each (cheaper
        than a GROUP BY walking the whole index), rejections from their own small range."""

        def count(*where: Any) -> Any:
            return select(func.count()).select_from(Annotation).where(*where).scalar_subquery()

        with self.db.read_session() as s:
            per_status = s.execute(
                select(Document.status, func.count(), func.coalesce(func.sum(Document.length), 0))
                .group_by(Document.status)
            ).all()
            total = s.execute(select(func.count()).select_from(Annotation)).scalar_one()
            per_origin = s.execute(select(*(count(Annotation.origin == o) for o in ORIGINS))).one()
            labels = s.execute(
                select(Label.id, Label.name, Label.kind, count(Annotation.label_id == Label.id))
                .order_by(Label.position, Label.id)
            ).all()
            rejected: dict[int, int] = {  # origin IN (all of them): seeks into the index
                lid: n for lid, n in s.execute(
                    select(Annotation.label_id, func.count())
                    .where(Annotation.origin.in_(ORIGINS), Annotation.review_status == "rejected")
                    .group_by(Annotation.label_id)
                )
            }
            per_annotator = s.execute(
                select(Annotator.name, count(Annotation.annotator_id == Annotator.id))
            ).all()
        return stats_result(per_status, total, per_origin, labels, rejected, per_annotator)

