"""Core operations: every user action is one function, one transaction, one change record.

Qt-free. Each operation returns ``(Change, UndoEntry)``; an :class:`UndoHistory` per document
keeps the entries for the session. Undo and redo restore rows exactly (through
``app.store.snapshots``) and are refused with the usual conflict message when a colleague
changed a row since.
"""

from app.ops.annotations import (
    accept_all,
    accept_suggestion,
    add_review,
    delete,
    edit,
    link,
    move_boundary,
    reject_suggestion,
    relabel,
    set_status,
    tag,
    unlink,
)
from app.ops.core import Change, UndoEntry, UndoHistories, UndoHistory

__all__ = [
    "Change", "UndoEntry", "UndoHistory", "UndoHistories", "accept_all", "accept_suggestion",
    "add_review", "delete", "edit", "link", "move_boundary", "reject_suggestion", "relabel",
    "set_status", "tag", "unlink",
]
