"""The one definition of "counted" work and of "gold", as pure functions and as SQL expressions.

- **counted** (an annotator's work): a manual or imported span that was not rejected, plus a
  suggestion the annotator accepted. A pending or rejected suggestion is not counted.
- **gold**: exactly what a reviewer decided: an annotation whose ``review_status`` is
  ``accepted`` AND that carries a reviewer's ``accept`` or ``edit_accept`` decision on itself
  (review mode's accept and edit-then-accept), or a reviewer's own accepted manual copy (what
  pre-merging agreed spans writes). A curator's own accepted suggestion is NOT gold.

The store and the services (export ``--gold-only``, agreement, adjudication, dashboard, the
document list) use :func:`counted_sql` / :func:`gold_sql`; Python code holding views uses
:func:`is_counted` / :func:`is_gold`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, exists, not_, or_, select

from app.models import Annotation, Annotator, ReviewDecision
from app.models.enums import Decision

GOLD_DECISIONS = (Decision.ACCEPT.value, Decision.EDIT_ACCEPT.value)


def is_counted(origin: str, review_status: str) -> bool:
    """An annotator's own work: not rejected, and not a suggestion still pending."""
    return review_status != "rejected" and not (origin == "suggested" and review_status == "none")


def is_gold(
    origin: str, review_status: str, decisions: Iterable[str], author_role: str
) -> bool:
    """What a reviewer decided (``decisions``: the review decisions on this annotation)."""
    if review_status != "accepted":
        return False
    if any(d in GOLD_DECISIONS for d in decisions):
        return True
    return author_role == "reviewer" and origin == "manual"


def counted_sql() -> Any:
    """:func:`is_counted` as a WHERE condition on ``annotations``."""
    return and_(
        Annotation.review_status != "rejected",
        not_(and_(Annotation.origin == "suggested", Annotation.review_status == "none")),
    )


def gold_sql() -> Any:
    """:func:`is_gold` as a WHERE condition on ``annotations`` (correlated subqueries)."""
    decided = exists().where(
        ReviewDecision.annotation_id == Annotation.id,
        ReviewDecision.decision.in_(GOLD_DECISIONS),
    )
    by_reviewer = Annotation.annotator_id.in_(
        select(Annotator.id).where(Annotator.role == "reviewer")
    )
    return and_(
        Annotation.review_status == "accepted",
        or_(decided, and_(by_reviewer, Annotation.origin == "manual")),
    )
