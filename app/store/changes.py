"""Who last changed an annotation (``annotations.updated_by``, migration 0004): named in the
messages that refuse a stale edit, so a curator knows which colleague to talk to."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Annotator


def changer_name(s: Session, annotator_id: int | None) -> str | None:
    """The name of annotator ``annotator_id`` (None for none or an unknown id)."""
    if annotator_id is None:
        return None
    return s.scalar(select(Annotator.name).where(Annotator.id == annotator_id))


def changed_by_whom(s: Session, row: Any) -> str:
    """"bob" for a row bob changed last; "someone else" when the store does not know who."""
    updated_by = row["updated_by"] if isinstance(row, dict) else getattr(row, "updated_by", None)
    return changer_name(s, updated_by) or "someone else"


__all__ = ["changed_by_whom", "changer_name"]
