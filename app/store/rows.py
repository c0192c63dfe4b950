"""Constants, small checks and row-to-view conversions shared by the repositories."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.errors import (
    CuratorError,
    ValidationError,
)
from app.models import (
    Annotator,
    DocumentProgress,
    Label,
)
from app.models.enums import LabelKind, Origin, ReviewStatus, Role, Status
from app.store.views import (
    AnnotationView,
    AnnotatorView,
    LabelView,
    annotation_view,
)

# the values as plain strings, in order (app/models/enums.py is the one definition)
STATUSES = tuple(v.value for v in Status)
ORIGINS = tuple(v.value for v in Origin)
REVIEW_STATUSES = tuple(v.value for v in ReviewStatus)
KINDS = tuple(v.value for v in LabelKind)  # of labels
ROLES = tuple(v.value for v in Role)
Progress = Callable[[int, int], None]


class Cancelled(CuratorError):
    """Raised by a progress callback to cancel a long operation; it rolls back."""


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def check_span(text: str, start: Any, end: Any, span_text: str | None, where: str = "") -> None:
    """Raise ValidationError unless ``start:end`` is a valid span of ``text`` covering ``span_text``."""
    prefix = f"{where}: " if where else ""
    if type(start) is not int or type(end) is not int:
        raise ValidationError(f"{prefix}offsets must be integers, got {start!r} and {end!r}")
    if start < 0 or end > len(text) or start >= end:
        raise ValidationError(
            f"{prefix}span {start}-{end} is out of range for a text of {len(text)} characters"
            if start < 0 or end > len(text)
            else f"{prefix}span {start}-{end} is empty or reversed (need start < end)"
        )
    if span_text is not None and text[start:end] != span_text:
        raise ValidationError(
            f"{prefix}span {start}-{end} covers {text[start:end]!r}, not {span_text!r}"
        )


def label_view(r: Label) -> LabelView:
    return LabelView(r.id, r.name, r.kind, r.color, r.hotkey, r.description, r.position,
                     dict(r.options or {}))


def annotator_view(r: Annotator) -> AnnotatorView:
    return AnnotatorView(r.id, r.name, r.role)


def ann_view(r: Any) -> AnnotationView:
    return annotation_view(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _json_dict(r[8]), r[9] or "", r[10], r[11],
        r[12], _stamp(r[13]), _stamp(r[14]), r[15],
    )


def ann_views(rows: Iterable[Any]) -> list[AnnotationView]:
    """:func:`ann_view` of every row, its per-row work inlined (no call for an empty
    attributes object or a timestamp parsed before: the common case of a 10,000-span read)."""
    make, jd, parse, other = annotation_view, _json_dict, _parse_stamp, _stamp
    return [
        make(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], {} if r[8] == "{}" else jd(r[8]),
            r[9] or "", r[10], r[11], r[12],
            parse(r[13]) if type(r[13]) is str else other(r[13]),
            parse(r[14]) if type(r[14]) is str else other(r[14]), r[15],
        )
        for r in rows
    ]


def _json_dict(v: Any) -> dict[str, Any]:
    """A JSON object column read raw: text on SQLite, already parsed on PostgreSQL."""
    if isinstance(v, str):
        if v == "{}":
            return {}
        try:
            v = orjson.loads(v)
        except orjson.JSONDecodeError:  # NaN or Infinity, which the json module writes
            import json

            v = json.loads(v)
    return dict(v or {})


def _stamp(v: Any) -> datetime:
    """A timestamp column read raw: SQLite's text ("YYYY-MM-DD HH:MM:SS.ffffff", UTC), or a
    datetime from PostgreSQL."""
    return _parse_stamp(v) if isinstance(v, str) else _aware(v)


@lru_cache(maxsize=4096)
def _parse_stamp(v: str) -> datetime:
    return _aware(datetime.fromisoformat(v))


def _aware(d: datetime) -> datetime:
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


def add_progress(s: Session, doc_id: int, aid: int, status: str) -> DocumentProgress | None:
    """Insert an annotator's progress row: None, or the row their other window inserted meanwhile."""
    try:
        with s.begin_nested():
            s.add(DocumentProgress(document_id=doc_id, annotator_id=aid, status=status))
        return None
    except IntegrityError:
        return s.get(DocumentProgress, (doc_id, aid))
