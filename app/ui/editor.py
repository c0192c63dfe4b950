"""The editor: turns keys and clicks into core operations (``app.ops``) and repaints their changes.

Every edit is one operation whose undo entry goes on the open article's undo stack (one per
article for the session, in a ``QUndoGroup``); conflicts and a server that is gone are shown,
never lost. The change-record callbacks (``annotation_changed`` …) are the window's
``Workspace`` side of ``app.ui.commands.show_change``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QKeyEvent, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QMenu

from app import ops
from app.errors import (
    ConflictError,
    CuratorError,
    PermissionDenied,
    StoreUnreachable,
    ValidationError,
)
from app.text.label_options import option as label_option
from app.text.paragraphs import REFUSAL, crosses_paragraph
from app.text.snap import move_end, move_start, snap
from app.ui.commands import Operation, show_change
from app.ui.conflicts import describe_change
from app.ui.keys import key_command
from app.ui.menu_action import menu_action
from app.ui.offline import OfflineBanner, offline_safe
from app.ui.suggestion_flow import go_on

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, LabelView, RelationView
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class Editor:
    """The edits on ``window``'s open article, and their undo history."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        # one undo history per article for the session (issue 19): the group's active stack is
        # the open article's, so Ctrl+Z on an article undoes its own last edit, never another's
        self.undo_group = QUndoGroup(window)
        self._undo_stacks: dict[int, QUndoStack] = {}
        self._no_article_stack = QUndoStack(window)  # active while no article is open
        self.undo_group.addStack(self._no_article_stack)
        self.undo_group.setActiveStack(self._no_article_stack)
        self.undo_stack = self._no_article_stack

    @property
    def offline(self) -> OfflineBanner:
        """The window's banner (``offline_safe`` reports a server that is gone there)."""
        return self.w.offline

    def add_actions(self, e: QMenu) -> QMenu:
        """The Edit menu's annotation actions; returns the "accept all of a label" submenu."""
        menu_action(self.w, e, "&Delete annotation\tDel", self.delete_current, name="deleteAction")
        menu_action(self.w, e, "&Accept suggestion\tEnter", self.accept_suggestion, name="acceptAction")
        menu_action(self.w, e, "&Reject suggestion\tDel", self.reject_suggestion, name="rejectAction")
        accept_all = e.addMenu("Accept all suggestions of a label in this article")
        accept_all.setObjectName("acceptAllMenu")
        accept_all.aboutToShow.connect(self._fill_accept_all_menu)
        e.addSeparator()
        menu_action(self.w, e, "Move start left\tAlt+Left", lambda: self.move_boundary("start", -1))
        menu_action(self.w, e, "Move start right\tAlt+Right", lambda: self.move_boundary("start", 1))
        menu_action(self.w, e, "Move end left\tAlt+Shift+Left", lambda: self.move_boundary("end", -1))
        menu_action(self.w, e, "Move end right\tAlt+Shift+Right", lambda: self.move_boundary("end", 1))
        e.addSeparator()
        menu_action(self.w, e, "Link figure to what it measures\tShift+M", lambda: self.start_link("measures"))
        menu_action(self.w, e, "Link figure to its period\tShift+P", lambda: self.start_link("period"))
        return accept_all

    def _switch_undo_stack(self, doc_id: int) -> None:
        """Make article ``doc_id``'s undo history (created when first opened) the active one."""
        stack = self._undo_stacks.get(doc_id)
        if stack is None:
            stack = self._undo_stacks[doc_id] = QUndoStack(self.w)
            self.undo_group.addStack(stack)
        self.undo_group.setActiveStack(stack)
        self.undo_stack = stack

    def _forget_undo_histories(self) -> None:
        """Another store: its article ids are not the old ones, so no history carries over."""
        for stack in self._undo_stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._undo_stacks.clear()
        self.undo_stack = self._no_article_stack
        self.undo_group.setActiveStack(self.undo_stack)

    def annotation_changed(self, ann: AnnotationView) -> None:
        if self.w.doc is None or ann.document_id != self.w.doc.id:
            return
        if ann.review_status == "rejected":
            self.annotation_removed(ann.id)
            return
        self.w.anns[ann.id] = ann
        self.w.view.put(ann)
        row = self.w.ann_model.put(ann)
        if self.w.current == ann.id:
            self.w.navigator._show_details()
            self.w.navigator._select_list_row(row)
        self.w._refresh_timer.start()
        self.w.saved(f"{ann.label} “{ann.text}”")

    def annotation_removed(self, ann_id: str) -> None:
        ann = self.w.anns.pop(ann_id, None)
        self.w.view.drop(ann_id)
        self.w.ann_model.drop(ann_id)
        if self.w.current == ann_id:  # list and details agree: neither shows a neighbour
            self.w.current = None
            self.w.ann_list.selectionModel().clearSelection()
            self.w.details.show_annotation(None)
        if self.w.previous == ann_id:
            self.w.previous = None
        self.w._refresh_timer.start()
        self.w.saved(f"removed {ann.label} “{ann.text}”" if ann else "removed")

    def relations_changed(self) -> None:
        if self.w.store is not None and self.w.doc is not None:
            self.w._relations = None
            self.w.navigator._show_details()
            self.w.view.viewport().update()  # the arcs
            self.w.saved("relations")

    def undone(self, change: ops.Change) -> None:
        """After an undo or redo the list and the details agree: the annotation it brought
        back or changed is selected in both, or (it removed the selected one) neither shows one."""
        target = next((i for i in (*change.added, *change.changed) if i in self.w.anns), None)
        if target is None and self.w.current in self.w.anns:
            target = self.w.current
        self.w.navigator.select_annotation(target, scroll=target is not None)

    def store_unreachable(self, what: str, exc: StoreUnreachable) -> None:
        self.w.offline.failed(what, exc)

    def edit_failed(self, message: str) -> None:
        self.refused(message)
        self.reload_annotations()

    def refused(self, message: str) -> None:
        """A refused edit: in the notice bar until dismissed (and, briefly, the status bar)."""
        self.w.notice.say(message)
        self.w.show_message(message, 15000)

    def reload_annotations(self, anns: list[AnnotationView] | None = None) -> None:
        """Re-read this article's annotations (a colleague's change, a conflict); ``anns``
        when they were just read."""
        if self.w.store is None or self.w.doc is None:
            return
        if anns is None:
            anns = self.w.navigator._fetch_annotations(self.w.doc.id)
        self.w.anns = {a.id: a for a in anns}
        self.w._relations = None
        self.w.view.load_annotations(anns, self.w.colors)
        self.w.ann_model.set_annotations(anns, self.w.colors)
        self.w.navigator.fit_annotation_columns()  # the annotator column fits the names listed
        if self.w.current not in self.w.anns:
            self.w.current = None
        self.w.view.set_current(self.w.current, scroll=False)
        self.w.navigator._show_details()

    def _label(self, name: str) -> LabelView:
        """The label as this window loaded it (no store read on a keystroke)."""
        assert self.w.store is not None
        return next((lv for lv in self.w.labels if lv.name == name), None) or self.w.store.label(name)

    @offline_safe
    def apply_label(self, label: str) -> None:
        """A hotkey or palette click: tag the selected text, or relabel the selected annotation."""
        if self.w.store is None or self.w.doc is None:
            return
        sel = self.w.view.selection()
        if sel is not None:
            self.create_annotation(sel[0], sel[1], label)
        elif self.w.current is not None:
            self.relabel(self.w.current, label)
        else:
            self.w.show_message("Select some text first (drag, double-click or Shift+arrows)")

    def create_annotation(self, start: int, end: int, label: str) -> AnnotationView | None:
        assert self.w.store is not None and self.w.doc is not None
        text = self.w.doc.text
        lv = self._label(label)
        # an entity span never ends with a possessive "'s" (issue 14.14), unless its label keeps it
        strip = lv.kind == "entity" and not label_option(lv.options, "keep_possessive")
        span = snap(text, start, end, words=self.w.snapping, possessive=strip)
        if span is None:
            self.w.show_message("Nothing to tag: the selection holds only spaces or quotes")
            return None
        start, end = span
        # issue 14.6: one paragraph per span, unless the label allows crossing
        if crosses_paragraph(text, start, end) and not label_option(lv.options, "cross_paragraphs"):
            self.w.show_message(REFUSAL, 10000)
            return None
        attrs = prefill_attributes(text[start:end], label) if lv.kind == "figure" else {}
        doc_id = self.w.doc.id
        change = self._operate(f"Tag {label} “{text[start:end]}”", lambda st: ops.tag(
            st, doc_id, start, end, label, self.w.annotator, attributes=attrs,
        ))
        if change is None:
            return None
        ann = self.w.anns[change.added[0]]  # show_change just read it from the store
        c = self.w.view.textCursor()
        c.clearSelection()
        self.w.view.setTextCursor(c)
        self.w.navigator.select_annotation(ann.id, scroll=False)
        self.w.saved(f"added {label} “{ann.text}”")
        return ann

    def _update(self, ann_id: str, fields: dict[str, Any], what: str) -> bool:
        """Move a boundary (``start``/``end``) or edit the note/attributes, as one operation."""
        ann = self.w.anns.get(ann_id)
        if ann is None:
            return False
        v = ann.version
        if set(fields) <= {"start", "end"}:
            start, end = fields.get("start", ann.start), fields.get("end", ann.end)

            def run(st: Store) -> tuple[ops.Change, ops.UndoEntry]:
                return ops.move_boundary(st, ann_id, start, end, self.w.annotator, expected_version=v)
        else:
            def run(st: Store) -> tuple[ops.Change, ops.UndoEntry]:
                return ops.edit(
                    st, ann_id, self.w.annotator, note=fields.get("note"),
                    attributes=fields.get("attributes"), expected_version=v,
                )
        return self._operate(what, run, ann_id) is not None

    def _operate(
        self, what: str, run: Callable[[Store], tuple[ops.Change, ops.UndoEntry]],
        ann_id: str | None = None,
    ) -> ops.Change | None:
        """Run one core operation (``app.ops``), push its undo entry and repaint its change."""
        assert self.w.store is not None
        mine = self.w.anns.get(ann_id) if ann_id is not None else None
        try:
            change, entry = run(self.w.store)
        except StoreUnreachable as exc:  # refused visibly; the selection stays for a retry
            self.w.offline.failed(what, exc)
            return None
        except ConflictError as exc:
            if mine is not None:
                self._after_conflict(mine, what)
            else:
                self.reload_annotations()
                self.refused(f"{what}: {exc}")
            return None
        except PermissionDenied as exc:  # a bar that stays, not a status line that is cut
            self.refused(f"{what}: {exc}")
            self.reload_annotations()
            return None
        except CuratorError as exc:
            self.w.show_message(f"{what}: {exc}", 8000)
            if not isinstance(exc, ValidationError):
                self.reload_annotations()
            return None
        self.w.offline.saved()
        self.undo_stack.push(Operation(self.w, entry, self.undone))
        show_change(self.w, change)
        return change

    def _after_conflict(self, mine: AnnotationView, what: str) -> None:
        """A colleague changed the annotation first: show it as it is now, and say what changed."""
        assert self.w.store is not None
        try:
            theirs: AnnotationView | None = self.w.store.get_annotation(mine.id)
        except CuratorError:
            theirs = None
        self.reload_annotations()
        self.refused(f"{what}: {describe_change(mine, theirs)}")

    def _update_current(self, fields: dict[str, Any], what: str) -> None:
        target = self.w.details.ann.id if self.w.details.ann is not None else self.w.current
        if target is not None:
            self._update(target, fields, what)

    def relabel(self, ann_id: str, label: str) -> None:
        """Change the label; a suggestion stays pending (Enter accepts it, Del rejects it)."""
        ann = self.w.anns[ann_id]
        if ann.label == label:
            return
        new_kind = self._label(label).kind if self.w.store else ann.kind
        attrs = None
        if new_kind == "figure" and not ann.attributes:
            attrs = prefill_attributes(ann.text, label) or None
        self._operate(f"Relabel as {label}", lambda st: ops.relabel(
            st, ann_id, label, self.w.annotator, attributes=attrs, expected_version=ann.version,
        ), ann_id)

    def _on_details_label(self, label: str) -> None:
        if self.w.details.ann is not None:
            self.relabel(self.w.details.ann.id, label)

    def move_boundary(self, which: str, step: int) -> None:
        """Move the selected annotation's start or end one word (one character unsnapped)."""
        if self.w.current is None or self.w.doc is None:
            self.w.show_message("Select an annotation first (click it, or Tab)")
            return
        ann = self.w.anns[self.w.current]
        mover = move_start if which == "start" else move_end
        new = mover(self.w.doc.text, ann.start, ann.end, step, words=self.w.snapping)
        if new == (ann.start if which == "start" else ann.end):
            self.w.show_message(f"The {which} cannot move further")
            return
        crossing = label_option(self._label(ann.label).options, "cross_paragraphs")
        if not crossing and crosses_paragraph(
            self.w.doc.text, *((new, ann.end) if which == "start" else (ann.start, new))
        ):
            self.w.show_message(f"The {which} cannot move past a paragraph break (a blank line)")
            return
        if self._update(ann.id, {which: new}, f"Move {which}"):
            self.w.view.set_current(ann.id, scroll=False)

    def _on_edge_moved(self, ann_id: str, start: int, end: int) -> None:
        """An edge of the selected span dragged by mouse: one boundary move."""
        if self._update(ann_id, {"start": start, "end": end}, "Move span edge"):
            self.w.view.set_current(ann_id, scroll=False)

    def delete_relation(self, rel_id: str) -> None:
        """Delete one of the selected span's relations (its ✕ in the details, or Del there)."""
        rel = next((r for r in self.w.relations if r.id == rel_id), None)
        if rel is not None and self._operate(
            "Not unlinked", lambda st: ops.unlink(st, rel, self.w.annotator)
        ) is not None:
            self.w.saved(f"unlinked {rel.type}")

    def delete_current(self) -> None:
        if self.w.current is None or self.w.store is None:
            self.w.show_message("Select an annotation first (click it, or Tab)")
            return
        ann = self.w.anns[self.w.current]
        if ann.pending:
            self.reject_suggestion()
            return
        if self._operate("Not deleted", lambda st: ops.delete(
            st, ann.id, self.w.annotator, expected_version=ann.version,
        ), ann.id) is not None:
            self.walk_after_removal(ann)

    def walk_after_removal(self, ann: AnnotationView) -> None:
        """Select the annotation that followed a removed one, so Del can be pressed again."""
        nxt = sorted((a for a in self.w.anns.values() if a.start >= ann.start), key=lambda a: (a.start, a.end))
        if nxt:
            self.w.navigator.select_annotation(nxt[0].id, scroll=False)

    def accept_suggestion(self) -> None:
        ann = self.w.anns.get(self.w.current) if self.w.current else None
        if ann is None or not ann.pending:
            self.w.show_message("Select a suggestion (dashed underline) first")
            return
        if self._operate("Accept suggestion", lambda st: ops.accept_suggestion(
            st, ann.id, self.w.annotator, expected_version=ann.version,
        ), ann.id):
            go_on(self.w, ann, "accepted")  # the next pending one

    def reject_suggestion(self) -> None:
        ann = self.w.anns.get(self.w.current) if self.w.current else None
        if ann is None or not ann.pending:
            self.w.show_message("Select a suggestion (dashed underline) first")
            return
        if self._operate("Reject suggestion", lambda st: ops.reject_suggestion(
            st, ann.id, self.w.annotator, expected_version=ann.version,
        ), ann.id):
            go_on(self.w, ann, "rejected")  # it will not be suggested again

    def accept_all(self, label: str) -> int:
        """Accept every pending ``label`` suggestion of this article: one transaction (all or
        none) and one undo step that puts them all back exactly."""
        if self.w.doc is None or not any(a.pending and a.label == label for a in self.w.anns.values()):
            return 0
        doc_id = self.w.doc.id
        change = self._operate(
            f"Accept all {label} suggestions",
            lambda st: ops.accept_all(st, doc_id, label, self.w.annotator),
        )
        n = len(change.changed) if change is not None else 0
        self.w.saved(f"accepted {n} {label} suggestion(s)")
        return n

    def _accept_all_from_menu(self, label: str, _checked: bool = False) -> None:
        self.accept_all(label)

    def _fill_accept_all_menu(self) -> None:
        self.w.accept_all_menu.clear()
        counts: dict[str, int] = {}
        for a in self.w.anns.values():
            if a.pending:
                counts[a.label] = counts.get(a.label, 0) + 1
        if not counts:
            act = self.w.accept_all_menu.addAction("No pending suggestions")
            act.setEnabled(False)
        for label, n in sorted(counts.items()):
            act = self.w.accept_all_menu.addAction(f"Accept all {label} suggestions in this article ({n})")
            act.triggered.connect(partial(self._accept_all_from_menu, label))

    def start_link(self, rel_type: str) -> None:
        """Shift+M / Shift+P: the next annotation selected becomes the relation's target."""
        ann = self.w.anns.get(self.w.current) if self.w.current else None
        if ann is None or ann.kind != "figure":
            self.w.show_message("Select a figure first, then press Shift+M (measures) or Shift+P (period)")
            return
        self.w.link_mode.start(rel_type, ann.id, ann.text)

    def add_relation(self, from_id: str, to_id: str, rel_type: str) -> RelationView | None:
        assert self.w.store is not None and self.w.doc is not None
        if self._operate("Not linked", lambda st: ops.link(
            st, from_id, to_id, rel_type, self.w.annotator,
        )) is None:
            return None
        rel = next(
            r for r in self.w.store.relations(self.w.doc.id)
            if (r.from_id, r.to_id, r.type) == (from_id, to_id, rel_type)
        )
        target = self.w.anns.get(to_id)
        self.w.saved(f"{rel_type} → “{target.text if target else to_id}”")
        return rel

    def _handle_key(self, e: QKeyEvent) -> bool:
        """The workspace keys (``app.ui.keys``); True when handled."""
        cmd = key_command(e, self.w.hotkeys)
        if cmd is None:
            return False
        name, arg = cmd
        if self.w.link_mode.key(name, arg):
            return True
        if name == "accept":  # Enter: only on a pending suggestion
            ann = self.w.anns.get(self.w.current) if self.w.current else None
            if ann is None or not ann.pending:
                return False
            self.accept_suggestion()
        elif name == "undo":
            self.undo_group.undo()
        elif name == "redo":
            self.undo_group.redo()
        elif name == "done_next":
            self.w.navigator.mark_done_and_next()
        elif name == "step":
            self.w.navigator.step_document(arg)
        elif name == "move":
            self.move_boundary(*arg)
        elif name == "walk":
            self.w.navigator.walk(arg)
        elif name == "delete":
            self.delete_current()
        elif name == "escape":
            if not self.w.find_bar.isHidden():  # first Esc: the find bar (the hit stays selected)
                self.w.find_bar.close_bar()
                return True
            c = self.w.view.textCursor()
            c.clearSelection()
            self.w.view.setTextCursor(c)
            self.w.navigator.select_annotation(None, scroll=False)
        elif name == "link":
            self.start_link(arg)
        elif name == "label":
            self.apply_label(arg)
        return True



def prefill_attributes(text: str, label: str) -> dict[str, Any]:
    """A hand-tagged figure's value/unit/qualifier from the figure normaliser, when installed."""
    try:
        from app.figures import normalise
    except ImportError:
        return {}
    except Exception:  # a broken optional module must not cost the curator the annotation
        log.exception("the figure normaliser failed to import")
        return {}
    try:
        attrs = normalise(text, label)
    except CuratorError:  # no number in the span: the curator fills the fields
        return {}
    return dict(attrs) if isinstance(attrs, dict) else {}


__all__ = ["Editor", "prefill_attributes"]
