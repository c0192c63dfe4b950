"""Core operations: every user action is one function, one transaction, one change record.

Qt-free. Each operation returns ``(Change, UndoEntry)``; an :class:`UndoHistory` per document
keeps the entries for the session. Undo and redo restore rows exactly but for a NEW version
(through ``app.store.snapshots``: a copy read before stays stale) and are refused with
:class:`UndoConflict` (the usual conflict message) when a colleague changed a row since.

The names are loaded on first use (PEP 562), so ``from app import ops`` in the window does not
import SQLAlchemy before the window is shown.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from app.ops.core import Change, UndoConflict, UndoEntry, UndoHistories, UndoHistory

_CORE = ("Change", "UndoConflict", "UndoEntry", "UndoHistory", "UndoHistories")
__all__ = [
    "Change", "UndoConflict", "UndoEntry", "UndoHistory", "UndoHistories", "accept_all", "accept_suggestion",
    "add_review", "delete", "edit", "link", "move_boundary", "reject_suggestion", "relabel",
    "set_status", "tag", "unlink",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module("app.ops.core" if name in _CORE else "app.ops.annotations")
    return getattr(module, name)
