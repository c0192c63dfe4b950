"""Change records, undo entries and per-document undo histories."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.errors import ConflictError, CuratorError
from app.store.snapshots import (
    Snapshot,
    StaleAnnotation,
    state_view,
    take_snapshot,
    write_snapshot,
)
from app.store.team import retrying

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView


class UndoConflict(ConflictError):
    """An undo or redo refused: ``mine`` is the annotation as the entry expected it (``None``
    when it expected none), ``theirs`` as a colleague left it (``None``: deleted)."""

    def __init__(
        self, message: str, mine: AnnotationView | None, theirs: AnnotationView | None
    ) -> None:
        super().__init__(message)
        self.mine = mine
        self.theirs = theirs


def _write_expecting(
    store: Store, target: Snapshot, expected: Snapshot, floor: dict[str, int]
) -> dict[str, int]:
    """Write ``target`` if every row is still as ``expected`` holds it, else
    :class:`UndoConflict`; the highest version each row has had."""
    try:
        return write_snapshot(store, target, expected, floor)
    except StaleAnnotation as exc:
        state = expected.annotations.get(exc.ann_id)
        mine = state_view(store, state) if state is not None else None
        try:
            theirs: AnnotationView | None = store.get_annotation(exc.ann_id)
        except CuratorError:
            theirs = None
        raise UndoConflict(str(exc), mine, theirs) from None


@dataclass(frozen=True)
class Change:
    """What one operation (or its undo/redo) did: ids added, changed, removed; new versions."""

    doc_id: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    versions: tuple[tuple[str, int], ...] = ()
    relations_changed: bool = False
    status_changed: bool = False

    @staticmethod
    def between(before: Snapshot, after: Snapshot) -> Change:
        b, a = before.versions(), after.versions()
        rel = lambda s: {  # noqa: E731
            r["id"] for st in s.annotations.values() if st is not None for r in st.relations
        }
        return Change(
            after.doc_id,
            added=tuple(k for k in a if a[k] is not None and b.get(k) is None),
            changed=tuple(
                k for k in a if a[k] is not None and b.get(k) is not None
                and before.annotations[k] != after.annotations[k]
            ),
            removed=tuple(k for k in b if b[k] is not None and a.get(k) is None),
            versions=tuple((k, v) for k, v in a.items() if v is not None),
            relations_changed=rel(before) != rel(after),
            status_changed=(before.doc_status, before.progress)
            != (after.doc_status, after.progress),
        )


@dataclass
class UndoEntry:
    """One operation's before and after state; ``text`` says what it was ("relabel ORG→LOC").

    An undo is refused unless the rows are exactly as ``after`` holds them, a redo unless as
    ``before`` does (a colleague's edit changes ``updated_at`` at least). Each writes rows with
    a new version; ``high`` is the highest each row has had, so a version never repeats.
    """

    text: str
    before: Snapshot
    after: Snapshot
    high: dict[str, int] = field(default_factory=dict)

    @property
    def doc_id(self) -> int:
        return self.before.doc_id

    def undo(self, store: Store) -> Change:
        """Put the state before back, if the rows are still as this operation left them."""
        self.high = _write_expecting(store, self.before, self.after, self.high)
        return Change.between(self.after, self.before)

    def redo(self, store: Store) -> Change:
        """Re-apply the operation, if the rows are still as the undo left them."""
        self.high = _write_expecting(store, self.after, self.before, self.high)
        return Change.between(self.before, self.after)


@retrying  # a transient failure (a lost race on PostgreSQL) re-runs the whole operation
def perform(
    store: Store,
    doc_id: int,
    ann_ids: Iterable[str],
    annotator: str | None,
    text: str,
    action: Callable[[Snapshot], Iterable[str]],
) -> tuple[Change, UndoEntry]:
    """Run ``action`` (store calls; returns ids it created) between two snapshots, all three
    in ONE store transaction: no colleague's write can land between the state before, the
    action and the state after, so the undo entry holds exactly what this operation did."""
    ids = list(ann_ids)
    with store.transaction():
        before = take_snapshot(store, doc_id, ids, annotator, lock=True)
        new = list(action(before))
        if new:
            before = Snapshot(
                before.doc_id, {**before.annotations, **{i: None for i in new}},
                before.doc_status, before.annotator_id, before.progress,
            )
        after = take_snapshot(store, doc_id, [*ids, *new], annotator)
    entry = UndoEntry(text, before, after)
    return Change.between(before, after), entry


@dataclass
class UndoHistory:
    """One document's undo and redo stacks (a refused undo leaves both as they were)."""

    done: list[UndoEntry] = field(default_factory=list)
    undone: list[UndoEntry] = field(default_factory=list)

    def push(self, entry: UndoEntry) -> None:
        self.done.append(entry)
        self.undone.clear()

    def undo_text(self) -> str | None:
        return self.done[-1].text if self.done else None

    def redo_text(self) -> str | None:
        return self.undone[-1].text if self.undone else None

    def undo(self, store: Store) -> Change:
        if not self.done:
            raise IndexError("nothing to undo")
        change = self.done[-1].undo(store)  # a ConflictError leaves the stacks unchanged
        self.undone.append(self.done.pop())
        return change

    def redo(self, store: Store) -> Change:
        if not self.undone:
            raise IndexError("nothing to redo")
        change = self.undone[-1].redo(store)
        self.done.append(self.undone.pop())
        return change


@dataclass
class UndoHistories:
    """Every document's :class:`UndoHistory` for the session (switching articles keeps them)."""

    by_doc: dict[int, UndoHistory] = field(default_factory=dict)

    def __getitem__(self, doc_id: int) -> UndoHistory:
        return self.by_doc.setdefault(doc_id, UndoHistory())

    def push(self, entry: UndoEntry) -> None:
        self[entry.doc_id].push(entry)
