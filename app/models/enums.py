"""The closed sets of values the store keeps as strings: one definition each.

``StrEnum`` members are ``str``: they compare equal to the stored text and go into SQL and
JSON as it, so code may use either; new code uses the members.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """An annotator's progress on an article."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Origin(StrEnum):
    """Where an annotation came from."""

    MANUAL = "manual"  # tagged in the app
    SUGGESTED = "suggested"  # proposed by the figure detector or the entity suggester
    IMPORTED = "imported"  # read from a file


class ReviewStatus(StrEnum):
    """A suggestion's (or a gold copy's) state: pending is NONE."""

    NONE = "none"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class LabelKind(StrEnum):
    ENTITY = "entity"
    FIGURE = "figure"


class Role(StrEnum):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"


class Decision(StrEnum):
    """What review mode records on a source annotation (imported reviews may hold other words)."""

    ACCEPT = "accept"
    EDIT_ACCEPT = "edit_accept"  # edited, then accepted into gold
    REJECT = "reject"


class CaseKind(StrEnum):
    """How the annotators' spans in one review case relate (``app.review.adjudicate``)."""

    AGREED = "agreed"
    MISSING = "missing"
    LABEL_CONFLICT = "label_conflict"
    BOUNDARY_CONFLICT = "boundary_conflict"
