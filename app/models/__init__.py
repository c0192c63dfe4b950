"""SQLAlchemy tables of the store (typed declarative, SQLAlchemy 2)."""

from app.models.tables import (
    Annotation,
    Annotator,
    Base,
    Document,
    DocumentProgress,
    EntityModel,
    Label,
    Relation,
    ReviewDecision,
)

__all__ = [
    "Annotation",
    "Annotator",
    "Base",
    "Document",
    "DocumentProgress",
    "EntityModel",
    "Label",
    "Relation",
    "ReviewDecision",
]
