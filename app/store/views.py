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
    n_annotations: int = 0


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

    @property
    def pending(self) -> bool:
        """A suggestion nobody has accepted or rejected yet."""
        return self.origin == "suggested" and self.review_status == "none"


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
