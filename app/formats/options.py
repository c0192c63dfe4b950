"""What an export includes: filters shared by every format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExportOptions:
    annotators: list[str] | None = None  # None: everyone
    labels: list[str] | None = None  # None: every label
    statuses: list[str] | None = None  # document statuses to include
    documents: list[str] | None = None  # document ids (uid) or numeric store ids
    include_suggestions: bool = False  # pending suggestions (origin suggested, not reviewed)
    gold_only: bool = False  # only gold (app.rules.gold_sql: what a reviewer decided)
    include_rejected: bool = False
    # Label Studio: annotator name -> the email of a real Label Studio user (completed_by);
    # names not in it get no completed_by (a stock install refuses unknown emails)
    labelstudio_emails: dict[str, str] = field(default_factory=dict)


@dataclass
class ExportResult:
    documents: int = 0
    annotations: int = 0
    warnings: list[str] = field(default_factory=list)
