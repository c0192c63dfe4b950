"""What a colleague changed, in one line: shown when the store refuses a stale edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.views import AnnotationView

_SHOWN = ("value", "unit", "qualifier", "counted", "period")


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_change(mine: AnnotationView, theirs: AnnotationView | None) -> str:
    """``mine`` is the copy the curator edited, ``theirs`` the store's (None: deleted)."""
    if theirs is None:
        return f"{mine.label} “{_short(mine.text)}” was deleted by someone else: your change was not applied"
    changes = []
    if theirs.label != mine.label:
        changes.append(f"label {mine.label} → {theirs.label}")
    if (theirs.start, theirs.end) != (mine.start, mine.end):
        changes.append(f"span “{_short(mine.text)}” → “{_short(theirs.text)}”")
    for key in _SHOWN:
        a, b = mine.attributes.get(key), theirs.attributes.get(key)
        if a != b:
            changes.append(f"{key} {_short(a)} → {_short(b)}")
    if theirs.note != mine.note:
        changes.append("note edited")
    if theirs.review_status != mine.review_status:
        changes.append(f"review {mine.review_status} → {theirs.review_status}")
    what = ", ".join(changes) or "edited"
    who = f"{theirs.annotator}'s " if theirs.annotator else ""
    changer = theirs.updated_by or "someone else"  # who made the last change, not the author
    return (
        f"{who}{theirs.label} “{_short(theirs.text)}” was changed by {changer} ({what}):"
        " your change was not applied, shown as it is now"
    )
