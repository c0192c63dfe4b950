"""SQLAlchemy tables of the store (typed declarative, SQLAlchemy 2).

The tables are loaded on first use (PEP 562): ``app.models.enums`` (plain ``StrEnum`` values)
imports no SQLAlchemy, so the store's lean read path (``app.store.quick``) can use it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        Setting,
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
    "Setting",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from app.models import tables

        return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
