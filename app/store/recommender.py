"""The store side of the entity recommender (``app.learn``): the curated entity spans it trains
on, and the trained model's row (``entity_models``). The only SQL of the recommender.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, exists, insert, or_, select

from app.models import Annotation, Annotator, Document, DocumentProgress, EntityModel, Label
from app.rules import counted_sql, gold_sql

if TYPE_CHECKING:
    from app.store.store import Store

WORKED = ("in_progress", "done")  # the statuses whose articles the recommender learns from


@dataclass(frozen=True, slots=True)
class CuratedSpan:
    start: int
    end: int
    label: str
    annotator: str
    gold: bool


@dataclass(frozen=True, slots=True)
class CuratedDoc:
    """An article worked on (in progress or done) and its curated entity spans (possibly none:
    an article marked done without entities teaches the model that it has none)."""

    id: int
    uid: str
    text: str
    spans: tuple[CuratedSpan, ...]


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A stored model without its pipeline bytes."""

    id: int
    created_at: datetime
    spacy_version: str
    meta: dict[str, Any]


def curated_entities(
    store: Store,
    *,
    annotators: Sequence[str] | None = None,
    gold_only: bool = False,
    labels: Sequence[str] | None = None,
) -> list[CuratedDoc]:
    """The articles in progress or done and their entity spans that count (``app.rules``:
    counted, or gold with ``gold_only``), of ``labels`` (default: every entity label) by
    ``annotators`` (default: everyone), in document id order.

    With ``annotators``, an article counts when one of them has it in progress or done (their
    own status) or when it is in progress/done and holds their spans; with ``gold_only``, only
    articles holding gold spans count."""
    rule = gold_sql() if gold_only else counted_sql()
    span_q = (
        select(
            Annotation.document_id, Annotation.start, Annotation.end, Label.name,
            Annotator.name, gold_sql().label("gold"),
        )
        .join(Label, Label.id == Annotation.label_id)
        .join(Annotator, Annotator.id == Annotation.annotator_id)
        .where(Label.kind == "entity", rule)
    )
    if labels is not None:
        span_q = span_q.where(Label.name.in_(list(labels)))
    if annotators is not None:
        span_q = span_q.where(Annotator.name.in_(list(annotators)))
    own_progress = select(DocumentProgress.document_id).where(
        DocumentProgress.status.in_(WORKED)
    )
    if annotators is not None:
        own_progress = own_progress.join(
            Annotator, Annotator.id == DocumentProgress.annotator_id
        ).where(Annotator.name.in_(list(annotators)))
        with_spans = select(Annotation.document_id).join(
            Annotator, Annotator.id == Annotation.annotator_id
        ).join(Label, Label.id == Annotation.label_id).where(
            Annotator.name.in_(list(annotators)), Label.kind == "entity", rule
        )
        worked = or_(
            Document.id.in_(own_progress),
            and_(Document.status.in_(WORKED), Document.id.in_(with_spans)),
        )
    else:
        worked = or_(Document.status.in_(WORKED), Document.id.in_(own_progress))
    if gold_only:
        worked = and_(worked, exists().where(
            Annotation.document_id == Document.id, gold_sql(),
            Annotation.label_id.in_(select(Label.id).where(Label.kind == "entity")),
        ))
    with store.engine.connect() as conn:
        docs = conn.execute(
            select(Document.id, Document.uid, Document.text).where(worked).order_by(Document.id)
        ).all()
        ids = [d.id for d in docs]
        spans: dict[int, list[CuratedSpan]] = defaultdict(list)
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for doc_id, start, end, label, who, gold in conn.execute(
                span_q.where(Annotation.document_id.in_(part))
            ):
                spans[doc_id].append(CuratedSpan(start, end, label, who, bool(gold)))
    return [
        CuratedDoc(d.id, d.uid, d.text, tuple(sorted(spans[d.id], key=lambda s: (s.start, s.end))))
        for d in docs
    ]


def save_entity_model(
    store: Store, *, spacy_version: str, config: str, pipeline: bytes, meta: dict[str, Any]
) -> ModelInfo:
    """Store a trained model as the current one, replacing the previous ones (one transaction:
    a failure keeps the previous model)."""
    with store._write() as s:  # noqa: SLF001  (same package)
        s.execute(delete(EntityModel))
        new_id = s.execute(
            insert(EntityModel).values(
                spacy_version=spacy_version, config=config, pipeline=pipeline, meta=meta
            ).returning(EntityModel.id)
        ).scalar_one()
    info = entity_model_info(store)
    assert info is not None and info.id == new_id
    return info


def entity_model_info(store: Store) -> ModelInfo | None:
    """The current model's metadata (its pipeline bytes are not read), or None."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(EntityModel.id, EntityModel.created_at, EntityModel.spacy_version,
                   EntityModel.meta).order_by(EntityModel.id.desc()).limit(1)
        ).first()
    if row is None:
        return None
    model_id, created_at, version, meta = row
    return ModelInfo(model_id, created_at, version, meta)


def entity_model_pipeline(store: Store, model_id: int) -> tuple[str, bytes] | None:
    """The config and pipeline bytes of model ``model_id`` (None when it was replaced)."""
    with store.engine.connect() as conn:
        row = conn.execute(
            select(EntityModel.config, EntityModel.pipeline).where(EntityModel.id == model_id)
        ).first()
    return None if row is None else (row.config, bytes(row.pipeline))
