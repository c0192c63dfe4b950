"""Undo commands: each calls the Store (an undo is persisted like any edit), never a widget.

A command is pushed AFTER its first store call succeeded (so a refused edit never enters the
stack); its first ``redo`` is therefore a no-op. What the window shows is refreshed through
the small ``Workspace`` protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

from app.errors import CuratorError

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, RelationView

EDITABLE = ("label", "start", "end", "attributes", "note", "origin", "review_status")


class Workspace(Protocol):
    store: Store | None
    annotator: str

    def annotation_changed(self, ann: AnnotationView) -> None: ...
    def annotation_removed(self, ann_id: str) -> None: ...
    def relations_changed(self) -> None: ...
    def edit_failed(self, message: str) -> None: ...


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
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, fn: Any) -> None:
        try:
            fn()
        except CuratorError as exc:  # a colleague changed or deleted it meanwhile
            self.setObsolete(True)
            self.ws.edit_failed(f"cannot {self.text().lower()}: {exc}")

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class AddAnnotation(StoreCommand):
    def __init__(self, ws: Workspace, ann: AnnotationView) -> None:
        super().__init__(ws, f"Add {ann.label} “{ann.text}”")
        self.ann = ann

    def apply(self) -> None:
        self.ann = self.store.restore_annotation(self.ann)
        self.ws.annotation_changed(self.ann)

    def revert(self) -> None:
        self.ann = self.store.delete_annotation(self.ann.id, by=self.ws.annotator)
        self.ws.annotation_removed(self.ann.id)


class DeleteAnnotation(StoreCommand):
    """Undo puts the annotation back with its id, and the relations it had."""

    def __init__(
        self, ws: Workspace, ann: AnnotationView, relations: list[RelationView]
    ) -> None:
        super().__init__(ws, f"Delete {ann.label} “{ann.text}”")
        self.ann = ann
        self.relations = relations

    def apply(self) -> None:
        self.ann = self.store.delete_annotation(self.ann.id, by=self.ws.annotator)
        self.ws.annotation_removed(self.ann.id)
        if self.relations:
            self.ws.relations_changed()

    def revert(self) -> None:
        self.ann = self.store.restore_annotation(self.ann)
        restored = []
        for r in self.relations:
            try:
                restored.append(self.store.add_relation(r.from_id, r.to_id, r.type, r.annotator))
            except CuratorError:  # the other end is gone too
                continue
        self.relations = restored
        self.ws.annotation_changed(self.ann)
        if restored:
            self.ws.relations_changed()


class UpdateAnnotation(StoreCommand):
    """Relabel, move a boundary, edit note/attributes, accept or reject a suggestion."""

    def __init__(
        self,
        ws: Workspace,
        before: AnnotationView,
        after: AnnotationView,
        text: str,
        check_owner: bool = True,
    ) -> None:
        super().__init__(ws, text)
        self.by = ws.annotator if check_owner else None
        self.fields = {k for k in EDITABLE if getattr(before, k) != getattr(after, k)}
        self.before = {k: getattr(before, k) for k in self.fields}
        self.after = {k: getattr(after, k) for k in self.fields}
        self.ann_id = after.id

    def _set(self, values: dict[str, Any]) -> None:
        ann = self.store.update_annotation(self.ann_id, by=self.by, **values)
        self.ws.annotation_changed(ann)

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)


class AddRelation(StoreCommand):
    def __init__(self, ws: Workspace, rel: RelationView) -> None:
        super().__init__(ws, f"Link ({rel.type})")
        self.rel = rel

    def apply(self) -> None:
        r = self.rel
        self.rel = self.store.add_relation(r.from_id, r.to_id, r.type, r.annotator)
        self.ws.relations_changed()

    def revert(self) -> None:
        self.store.delete_relation(self.rel.id)
        self.ws.relations_changed()
