"""The tables. Offsets are Unicode code points, end exclusive: ``text[start:end]``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class Document(Base):
    """An article. Its text is stored exactly as imported and never changes."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str | None] = mapped_column(String(10), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    length: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        CheckConstraint("status IN ('not_started','in_progress','done')", name="status"),
        Index("ix_documents_status_length", "status", "length"),  # stats: covering
    )


class Label(Base):
    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="entity")
    color: Mapped[str] = mapped_column(String(16), default="#888888")
    hotkey: Mapped[str | None] = mapped_column(String(8), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # per-label behaviour (app.text.label_options): cross_paragraphs, keep_possessive
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")

    __table_args__ = (CheckConstraint("kind IN ('entity','figure')", name="kind"),)


class Annotator(Base):
    __tablename__ = "annotators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="annotator")

    __table_args__ = (CheckConstraint("role IN ('annotator','reviewer')", name="role"),)


class Annotation(Base):
    """A labelled span of one document by one annotator."""

    __tablename__ = "annotations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="manual")
    review_status: Mapped[str] = mapped_column(String(16), default="none")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # the annotator who last changed the row (the author when nobody else did); no foreign key:
    # added by migration 0004 with ALTER TABLE, and annotators are never deleted
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="span"),
        CheckConstraint("origin IN ('manual','suggested','imported')", name="origin"),
        # a document's spans in text order, read from the index without a sort
        Index("ix_annotations_document_order", "document_id", "start", "end", "id"),
        Index("ix_annotations_annotator", "annotator_id"),
        Index("ix_annotations_label", "label_id"),
        # stats: origins and rejections counted from the index alone
        Index("ix_annotations_origin_review_label", "origin", "review_status", "label_id"),
    )


class Relation(Base):
    __tablename__ = "relations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    from_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    to_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))

    __table_args__ = (Index("ix_relations_from", "from_id"), Index("ix_relations_to", "to_id"))


class ReviewDecision(Base):
    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    decision: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_review_decisions_annotation", "annotation_id"),)


class DocumentProgress(Base):
    """Each annotator's own status for a document."""

    __tablename__ = "document_progress"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("document_id", "annotator_id", name="uq_progress"),)


class Setting(Base):
    """One store setting (``app.store.settings``): a key and its JSON value."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class EntityModel(Base):
    """A trained entity recommender (``app.learn``): the spaCy pipeline's bytes, the config that
    rebuilds it, and what it was trained on and how it scored (``meta``). The newest row is the
    current model; saving a new one replaces the older rows in the same transaction."""

    __tablename__ = "entity_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    spacy_version: Mapped[str] = mapped_column(String(32))
    config: Mapped[str] = mapped_column(Text)
    pipeline: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
