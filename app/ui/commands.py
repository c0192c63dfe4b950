"""Undo commands: each holds a core operation's undo entry (``app.ops``), never a widget.

A command is pushed AFTER its operation succeeded (so a refused edit never enters the stack);
its first ``redo`` is therefore a no-op. Undo and redo restore the store's rows exactly (ids,
timestamps, relations, reviews; a new version); a colleague's newer change refuses them, with
the message a stale edit gets (``describe_change``), and the entry leaves the stack. What the
window shows is refreshed from the change record through the small ``Workspace`` protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from app.errors import CuratorError, StoreUnreachable
from app.ui.conflicts import describe_change

if TYPE_CHECKING:
    from app.ops import Change, UndoEntry
    from app.store.store import Store
    from app.store.views import AnnotationView

class Workspace(Protocol):
    store: Store | None
    annotator: str

    def annotation_changed(self, ann: AnnotationView) -> None: ...
    def annotation_removed(self, ann_id: str) -> None: ...
    def relations_changed(self) -> None: ...
    def edit_failed(self, message: str) -> None: ...
    def store_unreachable(self, what: str, exc: StoreUnreachable) -> None: ...


class StoreCommand(QUndoCommand):
    def __init__(self, ws: Workspace, text: str) -> None:
        super().__init__(text)
        self.ws = ws
        self._applied = True  # the first store call was made before pushing

    @property
    def store(self) -> Store:
        assert self.ws.store is not None, "a command needs the window's store"
        return self.ws.store

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._guard(self.apply, "redo")

    def undo(self) -> None:
        self._guard(self.revert, "undo")

    def _guard(self, fn: Any, what: str) -> None:
        try:
            fn()
        except StoreUnreachable as exc:  # nothing written; the entry cannot be kept in step
            self.setObsolete(True)
            self.ws.store_unreachable(f"{what} “{self.text()}” (no longer on the undo stack)", exc)
        except CuratorError as exc:  # a colleague changed or deleted it meanwhile
            self.setObsolete(True)  # refused: nothing written, the entry leaves the stack
            mine = getattr(exc, "mine", None)
            reason = describe_change(mine, getattr(exc, "theirs", None)) if mine else str(exc)
            self.ws.edit_failed(f"cannot {what} “{self.text()}”: {reason}")

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


def show_change(ws: Workspace, change: Change) -> None:
    """Repaint what one core operation (or its undo/redo) changed."""
    assert ws.store is not None
    for ann_id in change.removed:
        ws.annotation_removed(ann_id)
    for view in ws.store.get_annotations((*change.added, *change.changed)):  # one query
        ws.annotation_changed(view)
    if change.relations_changed:
        ws.relations_changed()


class Operation(StoreCommand):
    """A core operation's undo entry (``app.ops``): undo and redo restore the rows exactly."""

    def __init__(
        self, ws: Workspace, entry: UndoEntry, after: Callable[[Change], None] | None = None
    ) -> None:
        super().__init__(ws, entry.text)
        self.entry = entry
        self.after = after  # the selection after an undo/redo (``Editor.undone``)

    def apply(self) -> None:
        self._shown(self.entry.redo(self.store))

    def revert(self) -> None:
        self._shown(self.entry.undo(self.store))

    def _shown(self, change: Change) -> None:
        show_change(self.ws, change)
        if self.after is not None:
            self.after(change)
