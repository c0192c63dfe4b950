"""The navigator: the article list, opening and switching articles, search, and selection.

Opens an article (its annotations, its undo stack, its row in the list), steps through the
list, jumps to a search hit or to one annotation, marks articles done, and keeps the selected
annotation in the article, the annotation list and the details in step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from app.errors import CuratorError, StoreUnreachable
from app.text.snap import snap
from app.ui.done_check import confirm_done
from app.ui.elide import swatch_room
from app.ui.menu_action import menu_action
from app.ui.notice import lock_reason
from app.ui.offline import OfflineBanner, offline_safe

if TYPE_CHECKING:
    from app.store.views import AnnotationView, RelationView
    from app.ui.main_window import MainWindow


class Navigator:
    """Which article ``window`` shows, and which annotation in it is selected."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._opening = False  # the list's row is being set to the article opened
        self._search_timer = QTimer(window)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)

    @property
    def offline(self) -> OfflineBanner:
        """The window's banner (``offline_safe`` reports a server that is gone there)."""
        return self.w.offline

    def _fetch_annotations(self, doc_id: int) -> list[AnnotationView]:
        assert self.w.store is not None
        who = None if self.w.show_all_action.isChecked() else self.w.annotator
        return self.w.store.annotations(doc_id, annotator=who)

    def add_actions(self, d: QMenu) -> None:
        """The Document menu: mark done and open the next, status, next/previous, find."""
        menu_action(
            self.w, d, "Mark &done and open the next", self.mark_done_and_next,
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], "markDoneAction",
        )
        menu_action(self.w, d, "Mark in &progress", lambda: self.set_status("in_progress"))
        menu_action(self.w, d, "Mark &not started", lambda: self.set_status("not_started"))
        d.addSeparator()
        menu_action(self.w, d, "&Next article", lambda: self.step_document(1), "Ctrl+PgDown")
        menu_action(self.w, d, "&Previous article", lambda: self.step_document(-1), "Ctrl+PgUp")
        menu_action(self.w, d, "&Find articles…", self._focus_search, "Ctrl+K", "findArticlesAction")

    def fit_annotation_columns(self) -> None:
        """Size the label, position and annotator columns for the longest label, the article's
        length and the longest name."""
        fm = self.w.ann_list.fontMetrics()
        pad = fm.horizontalAdvance("M") + 8
        header = fm.horizontalAdvance("Position") + pad + 12  # room for the sort arrow
        names = [lv.name + " ?" for lv in self.w.labels] or ["Label ?"]
        label = max(fm.horizontalAdvance(n) for n in names) + swatch_room(self.w.ann_list) + pad
        digits = len(str(len(self.w.doc.text))) if self.w.doc is not None else 5
        ah = self.w.ann_list.horizontalHeader()
        ah.resizeSection(0, max(label, header))
        ah.resizeSection(2, max(fm.horizontalAdvance("9" * digits) + pad, header))
        # whose span (shown with other annotators' work): the longest name, at most ten letters
        who = {a.annotator for a in self.w.ann_model.rows} or {"Annotator"}
        widest = max(fm.horizontalAdvance(n) for n in who)
        ah.resizeSection(self.w.ann_model.ANNOTATOR, min(widest, fm.horizontalAdvance("M" * 10)) + pad)

    @offline_safe
    def open_document(self, doc_id: int) -> None:
        """Show article ``doc_id`` with its annotations (this annotator's, and suggestions)."""
        if self.w.store is None:
            return
        self._commit_details()
        if self.w._refresh_timer.isActive():  # the previous article's row and the progress
            self.w._refresh_timer.stop()
            self.w._refresh_counts()
        doc = self.w.store.get_document(doc_id)
        self.w.poller.opened(doc_id)  # its revision, read before its annotations
        anns = self._fetch_annotations(doc_id)
        self.w.doc = doc
        self.w.anns = {a.id: a for a in anns}
        self.w._relations = None  # read when first needed: most articles never need them
        self.w.current = self.w.previous = None
        self.w.link_mode.end()
        self.w.editor._switch_undo_stack(doc_id)
        self.w.view.load(doc.text, anns, self.w.colors)
        self.w.ann_model.set_annotations(anns, self.w.colors)
        self.fit_annotation_columns()
        self.w.details.show_annotation(None)
        self.w.setWindowTitle(f"{doc.title or doc.uid} — Article Curator")
        self.w.poller._row_stale = True  # its span count may have changed elsewhere: the poll re-reads it
        self._select_document_row(doc_id)
        self.w.view.setFocus()

    def open_annotation(self, doc_id: int, ann_id: str) -> None:
        """Open article ``doc_id`` scrolled to annotation ``ann_id`` (selected)."""
        if self.w.doc is None or self.w.doc.id != doc_id:
            self.open_document(doc_id)
        if ann_id not in self.w.anns and not self.w.show_all_action.isChecked():
            self.w.show_all_action.setChecked(True)  # someone else's: show everyone's
        self.select_annotation(ann_id)

    def _select_document_row(self, doc_id: int) -> None:
        row = self.w.doc_model.row_of(doc_id)
        if row < 0:
            return
        self._opening = True
        try:
            self.w.doc_list.selectionModel().setCurrentIndex(
                self.w.doc_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.w.doc_list.scrollTo(self.w.doc_model.index(row, 0))
        finally:
            self._opening = False

    def _on_document_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._opening or not current.isValid():
            return
        doc_id = self.w.doc_model.data(current, Qt.ItemDataRole.UserRole)
        if doc_id is not None and (self.w.doc is None or doc_id != self.w.doc.id):
            self.open_document(doc_id)
            if self.w.doc is not None and self.w.doc.id != doc_id:  # not opened (server gone)
                self._select_document_row(self.w.doc.id)  # the list stays with the article shown
                return
            if self.w.doc_model.query.strip():  # a search's hit: at the first occurrence
                self.w.find_bar.find_text(self.w.doc_model.query)

    def _on_search(self) -> None:
        self._search_timer.stop()
        if self.w.store is None:
            return
        self.w.doc_model.set_query(self.w.search_box.text())
        if self.w.doc_model.canFetchMore():
            self.w.doc_model.fetchMore()
        if self.w.doc is not None:
            self._select_document_row(self.w.doc.id)
        n = self.w.doc_model.total
        if self.w.search_box.text().strip():
            self.w.show_message(f"{n} article(s) match")

    def _open_search_hit(self) -> None:
        """Enter in the article search: the first article listed, at the query's first hit."""
        self._on_search()
        query = self.w.search_box.text()
        if query.strip() and self.w.doc_model.rows:
            if self.w.doc is None or self.w.doc.id != self.w.doc_model.rows[0].id:
                self.open_document(self.w.doc_model.rows[0].id)
            self.w.find_bar.find_text(query)

    def _focus_search(self) -> None:
        if not self.w.panels.is_open("documentPanel"):  # collapsed: typing would filter a hidden list
            self.w.panels.set_open("documentPanel", True)
        self.w.search_box.setFocus()
        self.w.search_box.selectAll()

    @offline_safe
    def step_document(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) article of the list."""
        if self.w.doc is None:
            return
        row = self.w.doc_model.row_of(self.w.doc.id) + step
        self.w.doc_model.fetch_until(row)
        if 0 <= row < len(self.w.doc_model.rows):
            self.open_document(self.w.doc_model.rows[row].id)
        else:
            self.w.show_message("No more articles in this direction")

    @offline_safe
    def set_status(self, status: str) -> bool:
        """Mark the open article; False when it was not saved (said in the offline banner)."""
        if self.w.store is None or self.w.doc is None:
            return False
        try:
            self.w.store.set_status(self.w.doc.id, status, annotator=self.w.annotator)
        except StoreUnreachable as exc:
            self.w.offline.failed(f"mark “{self.w.doc.title}” {status.replace('_', ' ')}", exc)
            return False
        self.w.offline.saved()
        self.w.doc_model.refresh(self.w.doc.id)
        self.w.update_progress()
        self.w.saved(f"“{self.w.doc.title}” is {status.replace('_', ' ')}")
        self.w.status_set.emit(self.w.doc.id, status)
        return True

    @offline_safe
    def mark_done_and_next(self) -> None:
        """Ctrl+Enter: this article is done; open the next one not done (wrapping around)."""
        if self.w.store is None or self.w.doc is None:
            return
        self._commit_details()
        pending = sum(1 for a in self.w.anns.values() if a.pending)
        if not confirm_done(self.w, pending, self.w.doc.title or self.w.doc.uid):
            self.w.show_message(f"Not marked done: {pending} suggestion(s) pending (Tab to them)")
            return
        if not self.set_status("done"):
            return  # not saved (server gone): stay on this article
        nxt = self._next_not_done(self.w.doc.id)
        if nxt is None:
            self.w.show_message("Every article is done. Well done!")
            return
        self.w.doc_model.fetch_until(self._row_hint(nxt))
        self.open_document(nxt)

    def _row_hint(self, doc_id: int) -> int:
        """Rows to fetch so ``doc_id`` is listed (unfiltered list: ids in order)."""
        if self.w.doc_model.row_of(doc_id) >= 0 or self.w.doc_model.query:
            return -1
        assert self.w.store is not None
        ids = self.w.store.document_ids()
        return ids.index(doc_id) if doc_id in ids else -1

    def _next_not_done(self, after: int) -> int | None:
        assert self.w.store is not None
        ids = self.w.store.document_ids()
        if not ids:
            return None
        pos = ids.index(after) + 1 if after in ids else 0
        order = ids[pos:] + ids[:pos]
        for i in range(0, len(order), 200):
            for info in self.w.store.list_documents(ids=order[i:i + 200], annotator=self.w.annotator):
                if info.status != "done" and info.id != after:
                    return info.id
        return None

    def select_annotation(self, ann_id: str | None, scroll: bool = True) -> None:
        """Make ``ann_id`` the selected annotation: outlined, listed, in the details editor."""
        if ann_id is not None and ann_id not in self.w.anns:
            ann_id = None
        if ann_id != self.w.current and self.w.current is not None:
            self.w.previous = self.w.current
        self._commit_details()
        self.w.current = ann_id
        self.w.view.set_current(ann_id, scroll=scroll)
        self._select_list_row(self.w.ann_model.row_of(ann_id) if ann_id else -1)
        self._show_details()

    def _select_list_row(self, row: int) -> None:
        sm = self.w.ann_list.selectionModel()
        if row < 0:
            sm.clearSelection()
            return
        idx = self.w.ann_model.index(row, 0)
        sm.setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.w.ann_list.scrollTo(idx)

    def _show_details(self) -> None:
        ann = self.w.anns.get(self.w.current) if self.w.current else None
        rels: list[tuple[RelationView, AnnotationView | None, bool]] = []
        if ann is not None:
            for r in self.w.relations:
                if r.from_id == ann.id:
                    rels.append((r, self.w.anns.get(r.to_id), True))
                elif r.to_id == ann.id:
                    rels.append((r, self.w.anns.get(r.from_id), False))
        self.w.details.show_annotation(ann, rels, self._lock_reason(ann))

    def _lock_reason(self, ann: AnnotationView | None) -> str:
        """Why the curator may not edit ``ann`` ("" when they may): the store's owner rule."""
        if ann is None or self.w.store is None or ann.pending or ann.annotator == self.w.annotator:
            return ""
        try:
            role = self.w.store.annotator(self.w.annotator, create=False).role
        except CuratorError:
            role = None
        return lock_reason(ann.annotator, self.w.annotator, role, ann.pending)

    def _commit_details(self) -> None:
        """Commit a note or figure field still being typed (focus may not have left it)."""
        if self.w.details.ann is not None and self.w.details.ann.id in self.w.anns:
            self.w.details.commit_typed()

    def _on_span_clicked(self, ann_id: str) -> None:
        if self.w.link_mode.choose(ann_id):
            return
        self.select_annotation(ann_id or None, scroll=False)

    def _on_annotation_row(self, index: QModelIndex) -> None:
        ann_id = self.w.ann_model.data(index, Qt.ItemDataRole.UserRole)
        if ann_id and not self.w.link_mode.choose(ann_id):
            self.select_annotation(ann_id)

    def _on_text_selection(self) -> None:
        # a new text selection replaces the selected annotation (and ends link mode)
        if self.w.view.textCursor().hasSelection() and self.w.link_mode.active:
            self.w.link_mode.end("Link cancelled: text selected")
        if self.w.view.textCursor().hasSelection() and self.w.current is not None:
            self.w.previous = self.w.current
            self.w.current = None
            self.w.view.set_current(None, scroll=False)
            self._select_list_row(-1)
            self._show_details()

    def _on_selection_finished(self) -> None:
        """A mouse selection ended: show it snapped, so what gets tagged is what is seen."""
        sel = self.w.view.selection()
        if sel is None or not self.w.snapping:
            return
        snapped = snap(self.w.view.text, *sel, possessive=True)  # "China's": "China"
        if snapped is not None and snapped != sel:
            self.w.view.select(*snapped)

    def walk(self, step: int) -> None:
        """Tab/Shift+Tab: select the next/previous annotation in text order."""
        if not self.w.anns:
            return
        order = sorted(self.w.anns.values(), key=lambda a: (a.start, a.end, a.label))
        ids = [a.id for a in order]
        if self.w.current in ids:
            i = (ids.index(self.w.current) + step) % len(ids)
        else:
            caret = self.w.view.omap.from_qt(self.w.view.textCursor().position())
            after = [k for k, a in enumerate(order) if a.start >= caret]
            i = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(ids) - 1)
        self.select_annotation(ids[i])


__all__ = ["Navigator"]
