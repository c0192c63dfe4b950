"""Frozen read models the store returns: plain values, safe to hand to any thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class LabelView:
    id: int
    name: str
    kind: str
    color: str
    hotkey: str | None
    description: str
    position: int
    options: dict[str, Any] = field(default_factory=dict)  # app.text.label_options


@dataclass(frozen=True, slots=True)
class AnnotatorView:
    id: int
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A row of the document list: no text."""

    id: int
    uid: str
    title: str
    source: str
    published: str | None
    status: str
    length: int
    n_annotations: int = 0  # counted spans of every annotator
    n_own: int | None = None  # the listed annotator's own counted spans (None: no annotator)


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    uid: str
    sha256: str
    title: str
    source: str
    published: str | None
    status: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnnotationView:
    id: str
    document_id: int
    start: int
    end: int
    text: str
    label: str
    kind: str
    annotator: str
    attributes: dict[str, Any]
    note: str
    origin: str
    review_status: str
    version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str | None = None  # who last changed it (the author unless someone else did)

    @property
    def pending(self) -> bool:
        """A suggestion nobody has accepted or rejected yet."""
        return self.origin == "suggested" and self.review_status == "none"


_new = object.__new__
_slot = AnnotationView.__dict__
# the slots' own setters: what the frozen dataclass's __init__ calls through object.__setattr__,
# without that call's lookup per field (a 10,000-span document builds 10,000 views per read)
_set_id = _slot["id"].__set__
_set_document_id = _slot["document_id"].__set__
_set_start = _slot["start"].__set__
_set_end = _slot["end"].__set__
_set_text = _slot["text"].__set__
_set_label = _slot["label"].__set__
_set_kind = _slot["kind"].__set__
_set_annotator = _slot["annotator"].__set__
_set_attributes = _slot["attributes"].__set__
_set_note = _slot["note"].__set__
_set_origin = _slot["origin"].__set__
_set_review_status = _slot["review_status"].__set__
_set_version = _slot["version"].__set__
_set_created_at = _slot["created_at"].__set__
_set_updated_at = _slot["updated_at"].__set__
_set_updated_by = _slot["updated_by"].__set__


def annotation_view(
    id: str, document_id: int, start: int, end: int, text: str, label: str, kind: str,
    annotator: str, attributes: dict[str, Any], note: str, origin: str, review_status: str,
    version: int, created_at: datetime, updated_at: datetime, updated_by: str | None = None,
) -> AnnotationView:
    """``AnnotationView(...)`` with the same fields, built about 40 % faster (the read paths
    use it; the result is the same frozen view: equal, hashed and immutable alike)."""
    v: AnnotationView = _new(AnnotationView)
    _set_id(v, id)
    _set_document_id(v, document_id)
    _set_start(v, start)
    _set_end(v, end)
    _set_text(v, text)
    _set_label(v, label)
    _set_kind(v, kind)
    _set_annotator(v, annotator)
    _set_attributes(v, attributes)
    _set_note(v, note)
    _set_origin(v, origin)
    _set_review_status(v, review_status)
    _set_version(v, version)
    _set_created_at(v, created_at)
    _set_updated_at(v, updated_at)
    _set_updated_by(v, updated_by)
    return v


@dataclass(frozen=True, slots=True)
class RelationView:
    id: str
    from_id: str
    to_id: str
    type: str
    annotator: str


@dataclass(frozen=True, slots=True)
class ReviewView:
    id: int
    annotation_id: str
    reviewer: str
    decision: str
    comment: str
    at: datetime


@dataclass
class ImportSummary:
    """What an import did: counts, and the files or records that failed."""

    imported: int = 0
    skipped: int = 0
    annotations: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    added_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def result_lines(self) -> list[str]:
        """What was imported (the command line prints these on stdout)."""
        out = [
            f"imported {self.imported} document(s), skipped {self.skipped} already there,"
            f" {self.annotations} annotation(s), failed {len(self.failed)}"
        ]
        if self.added_labels:
            out.append("added labels: " + ", ".join(self.added_labels))
        return out

    def problem_lines(self) -> list[str]:
        """Failures and warnings (the command line prints these on stderr)."""
        return [f"failed: {name}: {reason}" for name, reason in self.failed] + [
            f"warning: {w}" for w in self.warnings
        ]

    def lines(self) -> list[str]:
        return self.result_lines() + self.problem_lines()
