"""Corpus aggregates for ``curator stats`` and the statistics window."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, not_, select

from app.models import (
    Annotation,
    Annotator,
    Document,
    Label,
)
from app.rules import counted_sql
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
        than a GROUP BY walking the whole index), minus what is not counted work (app.rules:
        pending and rejected suggestions, rejected spans) from its own small range."""

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
            uncounted = s.execute(  # origin IN (all of them): seeks into the index
                select(Annotation.label_id, Annotation.annotator_id, func.count())
                .where(Annotation.origin.in_(ORIGINS), not_(counted_sql()))
                .group_by(Annotation.label_id, Annotation.annotator_id)
            ).all()
            per_annotator = s.execute(
                select(Annotator.id, Annotator.name, count(Annotation.annotator_id == Annotator.id))
            ).all()
        return stats_result(per_status, total, per_origin, labels, per_annotator, uncounted)

