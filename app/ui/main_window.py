"""The annotation workspace: document list | article | palette, annotations and details.

Composition only: the article view draws, the item models list, every edit is one core
operation (``app.ops``) whose undo entry goes on the open article's undo stack (one per
article for the session, in a ``QUndoGroup``). Every edit is committed to the store when
made (the status bar says so); closing never asks to save.

Keys (in the article or the annotation list; the full table is ``app.ui.keys.SHORTCUTS``):
a label's hotkey tags the selection (or relabels the selected annotation); Alt+Left/Right
moves the selected annotation's start one word, Alt+Shift+Left/Right its end; Del/Backspace
deletes (rejects a suggestion); Enter accepts a suggestion; Tab/Shift+Tab walk the
annotations; Shift+M then a click links the selected figure to what it measures, Shift+P to
its period; Esc clears the selection.
"""

from __future__ import annotations

import getpass
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import ops
from app.errors import ConflictError, CuratorError, StoreUnreachable, ValidationError
from app.text.paragraphs import REFUSAL, crosses_paragraph
from app.text.snap import move_end, move_start, snap
from app.ui.article_view import ArticleView
from app.ui.backups import install_backups
from app.ui.commands import Operation, show_change
from app.ui.conflicts import describe_change
from app.ui.dialogs import install_actions
from app.ui.elide import MiddleElide, swatch_room
from app.ui.find_bar import FindBar
from app.ui.keys import SHORTCUTS, key_command
from app.ui.link_mode import LinkMode
from app.ui.models import AnnotationListModel, DocumentListModel
from app.ui.offline import OfflineBanner, offline_safe
from app.ui.panels import DetailsPanel, LabelPalette
from app.ui.recommender import install_recommender
from app.ui.suggestion_flow import PendingStatus, go_on
from app.ui.tools_menu import install_tools
from app.ui.workspace_layout import (
    MIN_WINDOW,
    PanelLayout,
    default_window_size,
    scrolling,
)

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, DocumentView, LabelView, RelationView

log = logging.getLogger(__name__)
ORGANISATION = "ArticleCurator"
POLL_MS = 4000



def app_settings() -> QSettings:
    """The user's settings (an INI file; tests redirect it with ``QSettings.setPath``)."""
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, "ArticleCurator"
    )


def os_user() -> str:
    try:
        return getpass.getuser() or "curator"
    except Exception:  # no login name on this system
        return "curator"


class MainWindow(QMainWindow):
    """The workspace for one annotator on one store (``set_store`` may come after ``show``).

    Signals: status_set(doc_id, status): this curator set an article's status.
    """

    status_set = Signal(int, str)

    def __init__(
        self,
        store: Store | None = None,
        annotator: str | None = None,
        *,
        review: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Article Curator")
        self.store: Store | None = None
        self.annotator = annotator or ""
        self.review = review
        self._offer_review = review  # `curator gui --review`: the picker once the store is open
        self.settings = app_settings()
        self.doc: DocumentView | None = None
        self.anns: dict[str, AnnotationView] = {}
        self._relations: list[RelationView] | None = []  # None: not read yet (``relations``)
        self._revision: Any = None  # the open article's ``document_revision``, for the poll
        self._row_stale = False  # the open article's list row is refreshed on the next poll
        self.labels: list[LabelView] = []
        self.colors: dict[str, str] = {}
        self.hotkeys: dict[str, str] = {}
        self.current: str | None = None
        self.previous: str | None = None
        self.suggesters: dict[str, Callable[..., Any]] = {}
        self._task: Any = None
        self._opening = False
        # one undo history per article for the session (issue 19): the group's active stack is
        # the open article's, so Ctrl+Z on an article undoes its own last edit, never another's
        self.undo_group = QUndoGroup(self)
        self._undo_stacks: dict[int, QUndoStack] = {}
        self._no_article_stack = QUndoStack(self)  # active while no article is open
        self.undo_group.addStack(self._no_article_stack)
        self.undo_group.setActiveStack(self._no_article_stack)
        self.undo_stack = self._no_article_stack
        self._build_widgets()
        self.link_mode = LinkMode(self)  # Shift+M / Shift+P: visible until a span is chosen
        # a server that is gone: a banner until it is back, never a silent loss (app/ui/offline.py)
        self.offline = OfflineBanner(self, lambda: self.store.count_documents() if self.store else 0)
        self.offline.back.connect(self._on_poll)
        self._build_menus()
        self._restore_settings()
        # the list row and corpus progress follow edits a moment later, off the keystroke's path
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self._refresh_counts)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self._on_poll)
        if store is not None:
            self.set_store(store, annotator)

    # -- construction --------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspaceSplitter")

        left = QWidget(self.splitter)
        left.setObjectName("documentPanel")
        lv = QVBoxLayout(left)
        lv.setContentsMargins(4, 4, 0, 4)
        self.search_box = QLineEdit(left)
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText("Search articles (Ctrl+K; Enter opens the first)")
        self.search_box.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._on_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_box.returnPressed.connect(self._open_search_hit)
        lv.addWidget(self.search_box)
        self.doc_model = DocumentListModel()
        self.doc_list = QTableView(left)
        self.doc_list.setObjectName("documentList")
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.doc_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doc_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doc_list.verticalHeader().setVisible(False)
        self.doc_list.setWordWrap(False)
        self.doc_list.setAlternatingRowColors(True)
        hh = self.doc_list.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.doc_list.selectionModel().currentRowChanged.connect(self._on_document_row)
        lv.addWidget(self.doc_list)

        self.view = ArticleView(self.splitter)
        self.view.key_handler = self._handle_key
        self.view.spanClicked.connect(self._on_span_clicked)
        self.view.selectionFinished.connect(self._on_selection_finished)
        self.view.selectionChanged.connect(self._on_text_selection)
        self.view.arcs.source = lambda: self.relations  # relations drawn as arcs (``arcs``)
        self.view.edges.snapping = lambda: self.snapping
        self.view.edges.moved.connect(self._on_edge_moved)  # a span edge dragged by mouse
        self.find_bar = FindBar(self.view)  # under the article, in its pane

        right = QWidget(self.splitter)
        right.setObjectName("annotationPanel")
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 4, 4, 4)
        self.palette_widget = LabelPalette(right)
        self.palette_widget.labelChosen.connect(self.apply_label)
        rv.addWidget(self.palette_widget, 0)
        self.ann_model = AnnotationListModel()
        self.ann_list = QTableView(right)
        self.ann_list.setObjectName("annotationList")
        self.ann_list.setModel(self.ann_model)
        self.ann_list.setSortingEnabled(True)
        self.ann_list.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.ann_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ann_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ann_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ann_list.verticalHeader().setVisible(False)
        self.ann_list.setWordWrap(False)
        ah = self.ann_list.horizontalHeader()
        # widths from the label names and the article length (``_fit_annotation_columns``):
        # ResizeToContents would read up to 1,000 rows at every paint after a change
        ah.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        ah.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ah.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.ann_list.setItemDelegateForColumn(0, MiddleElide(self.ann_list))  # never "PERCE…"
        self.ann_list.clicked.connect(self._on_annotation_row)
        self.ann_list.activated.connect(self._on_annotation_row)
        self.ann_list.installEventFilter(self)
        # a short window shrinks the list (to its minimum), not the palette or the details
        self.ann_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.ann_list.setMinimumHeight(120)
        rv.addWidget(self.ann_list, 4)
        self.details = DetailsPanel(right)
        self.details.labelChosen.connect(self._on_details_label)
        self.details.noteEdited.connect(lambda note: self._update_current({"note": note}, "Edit note"))
        self.details.attributesEdited.connect(
            lambda attrs: self._update_current({"attributes": attrs}, "Edit figure")
        )
        self.details.accepted.connect(self.accept_suggestion)
        self.details.rejected.connect(self.reject_suggestion)
        self.details.relationDeleted.connect(self.delete_relation)
        self.details.left.connect(self.view.setFocus)  # Esc/Enter in a field: back to the article
        rv.addWidget(scrolling(self.details, "detailsScroll"), 0)  # scrolls, never overprints

        self.splitter.addWidget(left)
        self.splitter.addWidget(self.find_bar.pane)
        self.splitter.addWidget(right)
        self.panels = PanelLayout(self, self.splitter, self.find_bar.pane, self.view)  # proportions, collapsing
        self.setCentralWidget(self.splitter)

        sb = self.statusBar()
        self.progress_label = QLabel(sb)
        self.progress_label.setObjectName("progressLabel")
        self.annotator_label = QLabel(sb)
        self.annotator_label.setObjectName("annotatorLabel")
        self.store_label = QLabel(sb)
        self.store_label.setObjectName("storeLabel")
        self.pending_status = PendingStatus(self)  # "3 of 12 pending"
        for w in (self.progress_label, self.annotator_label, self.store_label):
            w.setContentsMargins(8, 0, 8, 0)
            sb.addPermanentWidget(w)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence | list[QKeySequence] | None = None,
        name: str = "",
    ) -> QAction:
        """A menu action; ``shortcut`` a real window shortcut, or a ``\\t`` hint in ``text``."""
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        if name:
            act.setObjectName(name)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        """File, Edit, Document, View and Help menus (the dialogs' helper adds to these)."""
        mb = self.menuBar()
        self.file_menu = mb.addMenu("&File")
        self.file_menu.setObjectName("fileMenu")
        self.quit_action = self._action(
            self.file_menu, "&Quit", self.close, QKeySequence(QKeySequence.StandardKey.Quit), "quitAction"
        )

        self.edit_menu = mb.addMenu("&Edit")
        self.edit_menu.setObjectName("editMenu")
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.edit_menu.addActions([undo, redo])
        self.edit_menu.addSeparator()
        e = self.edit_menu
        self.find_bar.install(e, self)  # Ctrl+F, F3, Shift+F3
        e.addSeparator()
        self._action(e, "&Delete annotation\tDel", self.delete_current, name="deleteAction")
        self._action(e, "&Accept suggestion\tEnter", self.accept_suggestion, name="acceptAction")
        self._action(e, "&Reject suggestion\tDel", self.reject_suggestion, name="rejectAction")
        self.accept_all_menu = e.addMenu("Accept all suggestions of a label in this article")
        self.accept_all_menu.setObjectName("acceptAllMenu")
        self.accept_all_menu.aboutToShow.connect(self._fill_accept_all_menu)
        e.addSeparator()
        self._action(e, "Move start left\tAlt+Left", lambda: self.move_boundary("start", -1))
        self._action(e, "Move start right\tAlt+Right", lambda: self.move_boundary("start", 1))
        self._action(e, "Move end left\tAlt+Shift+Left", lambda: self.move_boundary("end", -1))
        self._action(e, "Move end right\tAlt+Shift+Right", lambda: self.move_boundary("end", 1))
        e.addSeparator()
        self._action(e, "Link figure to what it measures\tShift+M", lambda: self.start_link("measures"))
        self._action(e, "Link figure to its period\tShift+P", lambda: self.start_link("period"))
        e.addSeparator()
        self.suggest_figures_action = self._action(
            e, "Suggest &figures for this article", lambda: self.suggest("figures"),
            name="suggestFiguresAction",
        )
        self.suggest_entities_action = self._action(
            e, "Suggest &entities for this article", lambda: self.suggest("entities"),
            name="suggestEntitiesAction",
        )

        self.document_menu = mb.addMenu("&Document")
        self.document_menu.setObjectName("documentMenu")
        d = self.document_menu
        self._action(
            d, "Mark &done and open the next", self.mark_done_and_next,
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], "markDoneAction",
        )
        self._action(d, "Mark in &progress", lambda: self.set_status("in_progress"))
        self._action(d, "Mark &not started", lambda: self.set_status("not_started"))
        d.addSeparator()
        self._action(d, "&Next article", lambda: self.step_document(1), "Ctrl+PgDown")
        self._action(d, "&Previous article", lambda: self.step_document(-1), "Ctrl+PgUp")
        self._action(d, "&Find articles…", self._focus_search, "Ctrl+K", "findArticlesAction")

        self.view_menu = mb.addMenu("&View")
        self.view_menu.setObjectName("viewMenu")
        v = self.view_menu
        self._action(v, "Zoom &in", lambda: self.zoom(1), [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        self._action(v, "Zoom &out", lambda: self.zoom(-1), QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self._action(v, "&Default text size", lambda: self.zoom(0), "Ctrl+0")
        v.addSeparator()
        self.snap_action = QAction("&Snap selections to whole words", self, checkable=True)
        self.snap_action.setObjectName("snapAction")
        self.snap_action.setChecked(True)
        self.snap_action.toggled.connect(lambda on: self.settings.setValue("snapping", on))
        v.addAction(self.snap_action)
        self.show_all_action = QAction("Show &other annotators' annotations", self, checkable=True)
        self.show_all_action.setObjectName("showAllAction")
        self.show_all_action.setChecked(self.review)
        self.show_all_action.toggled.connect(lambda _on: self.reload_annotations())
        v.addAction(self.show_all_action)
        v.addSeparator()
        self.panels.add_actions(v)  # collapse / open the side panels (Ctrl+Shift+L, +D)

        self.help_menu = mb.addMenu("&Help")
        self.help_menu.setObjectName("helpMenu")
        self._action(self.help_menu, "&Keyboard shortcuts", self.show_shortcuts, name="shortcutsAction")
        self.dialog_actions = install_actions(self)  # open store, import, export, labels, about
        self.tools = install_tools(self)  # View: review, figures table, agreement, dashboard
        self.backups = install_backups(self)  # automatic backups, File → Restore from backup…
        self.recommender = install_recommender(self)  # Tools: the trained entity recommender

    # -- settings ------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geom = s.value("window/geometry")
        if isinstance(geom, QByteArray):
            self.restoreGeometry(geom)
        else:
            self.resize(default_window_size(self))
        self.setMinimumSize(MIN_WINDOW)
        self.panels.restored_geometry()  # kept on the screen
        self.panels.restore(s)
        size = s.value("view/fontSize")
        if size is not None:
            f = self.view.font()
            f.setPointSizeF(float(size))
            self.view.setFont(f)
        self._default_font_size = self.view.font().pointSizeF()
        self.snap_action.setChecked(str(s.value("snapping", "true")).lower() in ("true", "1"))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        self.panels.save(s)
        s.setValue("view/fontSize", self.view.font().pointSizeF())
        s.setValue("snapping", self.snap_action.isChecked())
        s.sync()

    @property
    def snapping(self) -> bool:
        return self.snap_action.isChecked()

    # -- store ---------------------------------------------------------------------------------

    def _switch_undo_stack(self, doc_id: int) -> None:
        """Make article ``doc_id``'s undo history (created when first opened) the active one."""
        stack = self._undo_stacks.get(doc_id)
        if stack is None:
            stack = self._undo_stacks[doc_id] = QUndoStack(self)
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

    def set_store(self, store: Store, annotator: str | None = None) -> None:
        """Work on ``store`` as ``annotator``; opens the first article."""
        if store is not self.store:
            self._forget_undo_histories()
        self.store = store
        if annotator:
            self.annotator = annotator
        if not self.annotator:
            self.annotator = os_user()
        store.annotator(self.annotator)
        self.annotator_label.setText(f"Annotator: {self.annotator}")
        self.store_label.setText(f"Store: {store.display_name}")
        self.reload_labels()
        self._find_suggesters()
        self.doc_model.reset(store, self.annotator)
        self.update_progress()
        if self.doc_model.canFetchMore():
            self.doc_model.fetchMore()
        if self.doc_model.rows:
            self.open_document(self.doc_model.rows[0].id)
        else:  # an empty store: nothing of the previous store's article stays
            self.doc, self.anns, self.current, self.previous = None, {}, None, None
            self.ann_model.set_annotations([], self.colors)
            self.details.show_annotation(None)
            self.view.clear_article()
            self.setWindowTitle(f"{store.display_name} — Article Curator")
            self.show_message("The store has no articles yet: import some (File menu or `curator import`).")
        self.poll_timer.start()
        if self._offer_review:
            self._offer_review = False
            QTimer.singleShot(0, self.tools.review)
        self.backups.auto.follow(store)  # changes from now on are backed up

    def reload_labels(self) -> None:
        """Re-read the label schema (after the label editor changed it)."""
        if self.store is None:
            return
        self.labels = self.store.labels()
        self.colors = {lv.name: lv.color for lv in self.labels}
        self.hotkeys = {lv.hotkey.lower(): lv.name for lv in self.labels if lv.hotkey}
        self.palette_widget.set_labels(self.labels)
        self.details.set_labels(self.labels)
        self.view.set_colors(self.colors)
        self.ann_model.colors = self.colors
        self._fit_annotation_columns()
        if self.doc is not None:
            self.reload_annotations()

    def _fit_annotation_columns(self) -> None:
        """Size the label and position columns for the longest label and the article's length."""
        fm = self.ann_list.fontMetrics()
        pad = fm.horizontalAdvance("M") + 8
        header = fm.horizontalAdvance("Position") + pad + 12  # room for the sort arrow
        names = [lv.name + " ?" for lv in self.labels] or ["Label ?"]
        label = max(fm.horizontalAdvance(n) for n in names) + swatch_room(self.ann_list) + pad
        digits = len(str(len(self.doc.text))) if self.doc is not None else 5
        ah = self.ann_list.horizontalHeader()
        ah.resizeSection(0, max(label, header))
        ah.resizeSection(2, max(fm.horizontalAdvance("9" * digits) + pad, header))

    def _find_suggesters(self) -> None:
        """The recommenders installed (``app.suggest``, imported on first use); their menu actions follow."""
        from app.ui.suggesters import installed_suggesters

        self.suggesters = installed_suggesters()
        self.suggest_figures_action.setEnabled("figures" in self.suggesters)
        self.suggest_entities_action.setEnabled("entities" in self.suggesters)

    def update_progress(self) -> None:
        if self.store is None:
            return
        c = self.store.status_counts(self.annotator)
        self.progress_label.setText(f"{c['done']}/{c['total']} done")

    @offline_safe
    def _refresh_counts(self) -> None:
        if self.doc is not None:
            self.doc_model.refresh(self.doc.id)
        self.update_progress()

    def show_message(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def saved(self, what: str) -> None:
        self.show_message(f"Saved: {what}")

    # -- documents -----------------------------------------------------------------------------

    def _fetch_annotations(self, doc_id: int) -> list[AnnotationView]:
        assert self.store is not None
        who = None if self.show_all_action.isChecked() else self.annotator
        return self.store.annotations(doc_id, annotator=who)

    @offline_safe
    def open_document(self, doc_id: int) -> None:
        """Show article ``doc_id`` with its annotations (this annotator's, and suggestions)."""
        if self.store is None:
            return
        self._commit_details()
        if self._refresh_timer.isActive():  # the previous article's row and the progress
            self._refresh_timer.stop()
            self._refresh_counts()
        doc = self.store.get_document(doc_id)
        # the revision is read before the annotations: the poll compares against it and reads
        # them again only when something changed since (a change made meanwhile is seen then)
        rev_fn = getattr(self.store, "document_revision", None)
        self._revision = rev_fn(doc_id) if callable(rev_fn) else None
        anns = self._fetch_annotations(doc_id)
        self.doc = doc
        self.anns = {a.id: a for a in anns}
        self._relations = None  # read when first needed: most articles never need them
        self.current = self.previous = None
        self.link_mode.end()
        self._switch_undo_stack(doc_id)
        self.view.load(doc.text, anns, self.colors)
        self.ann_model.set_annotations(anns, self.colors)
        self._fit_annotation_columns()
        self.details.show_annotation(None)
        self.setWindowTitle(f"{doc.title or doc.uid} — Article Curator")
        self._row_stale = True  # its span count may have changed elsewhere: the poll re-reads it
        self._select_document_row(doc_id)
        self.view.setFocus()

    @property
    def relations(self) -> list[RelationView]:
        """The open article's relations, read from the store when first needed."""
        if self._relations is None:
            if self.store is None or self.doc is None:
                return []
            self._relations = self.store.relations(self.doc.id)
        return self._relations

    @relations.setter
    def relations(self, value: list[RelationView]) -> None:
        self._relations = value

    def open_annotation(self, doc_id: int, ann_id: str) -> None:
        """Open article ``doc_id`` scrolled to annotation ``ann_id`` (selected)."""
        if self.doc is None or self.doc.id != doc_id:
            self.open_document(doc_id)
        if ann_id not in self.anns and not self.show_all_action.isChecked():
            self.show_all_action.setChecked(True)  # someone else's: show everyone's
        self.select_annotation(ann_id)

    def _select_document_row(self, doc_id: int) -> None:
        row = self.doc_model.row_of(doc_id)
        if row < 0:
            return
        self._opening = True
        try:
            self.doc_list.selectionModel().setCurrentIndex(
                self.doc_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.doc_list.scrollTo(self.doc_model.index(row, 0))
        finally:
            self._opening = False

    def _on_document_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._opening or not current.isValid():
            return
        doc_id = self.doc_model.data(current, Qt.ItemDataRole.UserRole)
        if doc_id is not None and (self.doc is None or doc_id != self.doc.id):
            self.open_document(doc_id)
            if self.doc is not None and self.doc.id != doc_id:  # not opened (server gone)
                self._select_document_row(self.doc.id)  # the list stays with the article shown
                return
            if self.doc_model.query.strip():  # a search's hit: at the first occurrence
                self.find_bar.find_text(self.doc_model.query)

    def _on_search(self) -> None:
        self._search_timer.stop()
        if self.store is None:
            return
        self.doc_model.set_query(self.search_box.text())
        if self.doc_model.canFetchMore():
            self.doc_model.fetchMore()
        if self.doc is not None:
            self._select_document_row(self.doc.id)
        n = self.doc_model.total
        if self.search_box.text().strip():
            self.show_message(f"{n} article(s) match")

    def _open_search_hit(self) -> None:
        """Enter in the article search: the first article listed, at the query's first hit."""
        self._on_search()
        query = self.search_box.text()
        if query.strip() and self.doc_model.rows:
            if self.doc is None or self.doc.id != self.doc_model.rows[0].id:
                self.open_document(self.doc_model.rows[0].id)
            self.find_bar.find_text(query)

    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    @offline_safe
    def step_document(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) article of the list."""
        if self.doc is None:
            return
        row = self.doc_model.row_of(self.doc.id) + step
        self.doc_model.fetch_until(row)
        if 0 <= row < len(self.doc_model.rows):
            self.open_document(self.doc_model.rows[row].id)
        else:
            self.show_message("No more articles in this direction")

    @offline_safe
    def set_status(self, status: str) -> bool:
        """Mark the open article; False when it was not saved (said in the offline banner)."""
        if self.store is None or self.doc is None:
            return False
        try:
            self.store.set_status(self.doc.id, status, annotator=self.annotator)
        except StoreUnreachable as exc:
            self.offline.failed(f"mark “{self.doc.title}” {status.replace('_', ' ')}", exc)
            return False
        self.offline.saved()
        self.doc_model.refresh(self.doc.id)
        self.update_progress()
        self.saved(f"“{self.doc.title}” is {status.replace('_', ' ')}")
        self.status_set.emit(self.doc.id, status)
        return True

    @offline_safe
    def mark_done_and_next(self) -> None:
        """Ctrl+Enter: this article is done; open the next one not done (wrapping around)."""
        if self.store is None or self.doc is None:
            return
        self._commit_details()
        if not self.set_status("done"):
            return  # not saved (server gone): stay on this article
        nxt = self._next_not_done(self.doc.id)
        if nxt is None:
            self.show_message("Every article is done. Well done!")
            return
        self.doc_model.fetch_until(self._row_hint(nxt))
        self.open_document(nxt)

    def _row_hint(self, doc_id: int) -> int:
        """Rows to fetch so ``doc_id`` is listed (unfiltered list: ids in order)."""
        if self.doc_model.row_of(doc_id) >= 0 or self.doc_model.query:
            return -1
        assert self.store is not None
        ids = self.store.document_ids()
        return ids.index(doc_id) if doc_id in ids else -1

    def _next_not_done(self, after: int) -> int | None:
        assert self.store is not None
        ids = self.store.document_ids()
        if not ids:
            return None
        pos = ids.index(after) + 1 if after in ids else 0
        order = ids[pos:] + ids[:pos]
        for i in range(0, len(order), 200):
            for info in self.store.list_documents(ids=order[i:i + 200], annotator=self.annotator):
                if info.status != "done" and info.id != after:
                    return info.id
        return None

    # -- annotations: what the commands call back ------------------------------------------------

    def annotation_changed(self, ann: AnnotationView) -> None:
        if self.doc is None or ann.document_id != self.doc.id:
            return
        if ann.review_status == "rejected":
            self.annotation_removed(ann.id)
            return
        self.anns[ann.id] = ann
        self.view.put(ann)
        row = self.ann_model.put(ann)
        if self.current == ann.id:
            self._show_details()
            self._select_list_row(row)
        self._refresh_timer.start()
        self.saved(f"{ann.label} “{ann.text}”")

    def annotation_removed(self, ann_id: str) -> None:
        ann = self.anns.pop(ann_id, None)
        self.view.drop(ann_id)
        self.ann_model.drop(ann_id)
        if self.current == ann_id:
            self.current = None
            self.details.show_annotation(None)
        if self.previous == ann_id:
            self.previous = None
        self._refresh_timer.start()
        self.saved(f"removed {ann.label} “{ann.text}”" if ann else "removed")

    def relations_changed(self) -> None:
        if self.store is not None and self.doc is not None:
            self._relations = None
            self._show_details()
            self.view.viewport().update()  # the arcs
            self.saved("relations")

    def store_unreachable(self, what: str, exc: StoreUnreachable) -> None:
        self.offline.failed(what, exc)

    def edit_failed(self, message: str) -> None:
        self.show_message(message, 8000)
        self.reload_annotations()

    def reload_annotations(self, anns: list[AnnotationView] | None = None) -> None:
        """Re-read this article's annotations (a colleague's change, a conflict); ``anns``
        when they were just read."""
        if self.store is None or self.doc is None:
            return
        if anns is None:
            anns = self._fetch_annotations(self.doc.id)
        self.anns = {a.id: a for a in anns}
        self._relations = None
        self.view.load_annotations(anns, self.colors)
        self.ann_model.set_annotations(anns, self.colors)
        if self.current not in self.anns:
            self.current = None
        self.view.set_current(self.current, scroll=False)
        self._show_details()

    # -- selection -----------------------------------------------------------------------------

    def select_annotation(self, ann_id: str | None, scroll: bool = True) -> None:
        """Make ``ann_id`` the selected annotation: outlined, listed, in the details editor."""
        if ann_id is not None and ann_id not in self.anns:
            ann_id = None
        if ann_id != self.current and self.current is not None:
            self.previous = self.current
        self._commit_details()
        self.current = ann_id
        self.view.set_current(ann_id, scroll=scroll)
        self._select_list_row(self.ann_model.row_of(ann_id) if ann_id else -1)
        self._show_details()

    def _select_list_row(self, row: int) -> None:
        sm = self.ann_list.selectionModel()
        if row < 0:
            sm.clearSelection()
            return
        idx = self.ann_model.index(row, 0)
        sm.setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.ann_list.scrollTo(idx)

    def _show_details(self) -> None:
        ann = self.anns.get(self.current) if self.current else None
        rels: list[tuple[RelationView, AnnotationView | None, bool]] = []
        if ann is not None:
            for r in self.relations:
                if r.from_id == ann.id:
                    rels.append((r, self.anns.get(r.to_id), True))
                elif r.to_id == ann.id:
                    rels.append((r, self.anns.get(r.from_id), False))
        self.details.show_annotation(ann, rels)

    def _commit_details(self) -> None:
        """Commit a note or figure field still being typed (focus may not have left it)."""
        if self.details.ann is not None and self.details.ann.id in self.anns:
            self.details._on_note()
            if self.details.ann is not None and self.details.ann.kind == "figure":
                self.details._on_attributes()

    def _on_span_clicked(self, ann_id: str) -> None:
        if self.link_mode.choose(ann_id):
            return
        self.select_annotation(ann_id or None, scroll=False)

    def _on_annotation_row(self, index: QModelIndex) -> None:
        ann_id = self.ann_model.data(index, Qt.ItemDataRole.UserRole)
        if ann_id and not self.link_mode.choose(ann_id):
            self.select_annotation(ann_id)

    def _on_text_selection(self) -> None:
        # a new text selection replaces the selected annotation (and ends link mode)
        if self.view.textCursor().hasSelection() and self.link_mode.active:
            self.link_mode.end("Link cancelled: text selected")
        if self.view.textCursor().hasSelection() and self.current is not None:
            self.previous = self.current
            self.current = None
            self.view.set_current(None, scroll=False)
            self._select_list_row(-1)
            self._show_details()

    def _on_selection_finished(self) -> None:
        """A mouse selection ended: show it snapped, so what gets tagged is what is seen."""
        sel = self.view.selection()
        if sel is None or not self.snapping:
            return
        snapped = snap(self.view.text, *sel)
        if snapped is not None and snapped != sel:
            self.view.select(*snapped)

    def walk(self, step: int) -> None:
        """Tab/Shift+Tab: select the next/previous annotation in text order."""
        if not self.anns:
            return
        order = sorted(self.anns.values(), key=lambda a: (a.start, a.end, a.label))
        ids = [a.id for a in order]
        if self.current in ids:
            i = (ids.index(self.current) + step) % len(ids)
        else:
            caret = self.view.omap.from_qt(self.view.textCursor().position())
            after = [k for k, a in enumerate(order) if a.start >= caret]
            i = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(ids) - 1)
        self.select_annotation(ids[i])

    # -- edits ---------------------------------------------------------------------------------

    def _label(self, name: str) -> LabelView:
        """The label as this window loaded it (no store read on a keystroke)."""
        assert self.store is not None
        return next((lv for lv in self.labels if lv.name == name), None) or self.store.label(name)

    @offline_safe
    def apply_label(self, label: str) -> None:
        """A hotkey or palette click: tag the selected text, or relabel the selected annotation."""
        if self.store is None or self.doc is None:
            return
        sel = self.view.selection()
        if sel is not None:
            self.create_annotation(sel[0], sel[1], label)
        elif self.current is not None:
            self.relabel(self.current, label)
        else:
            self.show_message("Select some text first (drag, double-click or Shift+arrows)")

    def create_annotation(self, start: int, end: int, label: str) -> AnnotationView | None:
        assert self.store is not None and self.doc is not None
        text = self.doc.text
        span = snap(text, start, end, words=self.snapping)
        if span is None:
            self.show_message("Nothing to tag: the selection holds only spaces or quotes")
            return None
        start, end = span
        if crosses_paragraph(text, start, end):  # issue 14.6: one paragraph per span
            self.show_message(REFUSAL, 10000)
            return None
        lv = self._label(label)
        attrs = prefill_attributes(text[start:end], label) if lv.kind == "figure" else {}
        doc_id = self.doc.id
        change = self._operate(f"Tag {label} “{text[start:end]}”", lambda st: ops.tag(
            st, doc_id, start, end, label, self.annotator, attributes=attrs,
        ))
        if change is None:
            return None
        ann = self.anns[change.added[0]]  # show_change just read it from the store
        c = self.view.textCursor()
        c.clearSelection()
        self.view.setTextCursor(c)
        self.select_annotation(ann.id, scroll=False)
        self.saved(f"added {label} “{ann.text}”")
        return ann

    def _update(self, ann_id: str, fields: dict[str, Any], what: str) -> bool:
        """Move a boundary (``start``/``end``) or edit the note/attributes, as one operation."""
        ann = self.anns.get(ann_id)
        if ann is None:
            return False
        v = ann.version
        if set(fields) <= {"start", "end"}:
            start, end = fields.get("start", ann.start), fields.get("end", ann.end)

            def run(st: Store) -> tuple[ops.Change, ops.UndoEntry]:
                return ops.move_boundary(st, ann_id, start, end, self.annotator, expected_version=v)
        else:
            def run(st: Store) -> tuple[ops.Change, ops.UndoEntry]:
                return ops.edit(
                    st, ann_id, self.annotator, note=fields.get("note"),
                    attributes=fields.get("attributes"), expected_version=v,
                )
        return self._operate(what, run, ann_id) is not None

    def _operate(
        self, what: str, run: Callable[[Store], tuple[ops.Change, ops.UndoEntry]],
        ann_id: str | None = None,
    ) -> ops.Change | None:
        """Run one core operation (``app.ops``), push its undo entry and repaint its change."""
        assert self.store is not None
        mine = self.anns.get(ann_id) if ann_id is not None else None
        try:
            change, entry = run(self.store)
        except StoreUnreachable as exc:  # refused visibly; the selection stays for a retry
            self.offline.failed(what, exc)
            return None
        except ConflictError as exc:
            if mine is not None:
                self._after_conflict(mine, what)
            else:
                self.reload_annotations()
                self.show_message(f"{what}: {exc}", 15000)
            return None
        except CuratorError as exc:
            self.show_message(f"{what}: {exc}", 8000)
            if not isinstance(exc, ValidationError):
                self.reload_annotations()
            return None
        self.offline.saved()
        self.undo_stack.push(Operation(self, entry))
        show_change(self, change)
        return change

    def _after_conflict(self, mine: AnnotationView, what: str) -> None:
        """A colleague changed the annotation first: show it as it is now, and say what changed."""
        assert self.store is not None
        try:
            theirs: AnnotationView | None = self.store.get_annotation(mine.id)
        except CuratorError:
            theirs = None
        self.reload_annotations()
        self.show_message(f"{what}: {describe_change(mine, theirs)}", 15000)

    def _update_current(self, fields: dict[str, Any], what: str) -> None:
        target = self.details.ann.id if self.details.ann is not None else self.current
        if target is not None:
            self._update(target, fields, what)

    def relabel(self, ann_id: str, label: str) -> None:
        """Change the label; a suggestion stays pending (Enter accepts it, Del rejects it)."""
        ann = self.anns[ann_id]
        if ann.label == label:
            return
        new_kind = self._label(label).kind if self.store else ann.kind
        attrs = None
        if new_kind == "figure" and not ann.attributes:
            attrs = prefill_attributes(ann.text, label) or None
        self._operate(f"Relabel as {label}", lambda st: ops.relabel(
            st, ann_id, label, self.annotator, attributes=attrs, expected_version=ann.version,
        ), ann_id)

    def _on_details_label(self, label: str) -> None:
        if self.details.ann is not None:
            self.relabel(self.details.ann.id, label)

    def move_boundary(self, which: str, step: int) -> None:
        """Move the selected annotation's start or end one word (one character unsnapped)."""
        if self.current is None or self.doc is None:
            self.show_message("Select an annotation first (click it, or Tab)")
            return
        ann = self.anns[self.current]
        mover = move_start if which == "start" else move_end
        new = mover(self.doc.text, ann.start, ann.end, step, words=self.snapping)
        if new == (ann.start if which == "start" else ann.end):
            self.show_message(f"The {which} cannot move further")
            return
        if crosses_paragraph(self.doc.text, *((new, ann.end) if which == "start" else (ann.start, new))):
            self.show_message(f"The {which} cannot move past a paragraph break (a blank line)")
            return
        if self._update(ann.id, {which: new}, f"Move {which}"):
            self.view.set_current(ann.id, scroll=False)

    def _on_edge_moved(self, ann_id: str, start: int, end: int) -> None:
        """An edge of the selected span dragged by mouse: one boundary move."""
        if self._update(ann_id, {"start": start, "end": end}, "Move span edge"):
            self.view.set_current(ann_id, scroll=False)

    def delete_relation(self, rel_id: str) -> None:
        """Delete one of the selected span's relations (its ✕ in the details, or Del there)."""
        rel = next((r for r in self.relations if r.id == rel_id), None)
        if rel is not None and self._operate(
            "Not unlinked", lambda st: ops.unlink(st, rel, self.annotator)
        ) is not None:
            self.saved(f"unlinked {rel.type}")

    def delete_current(self) -> None:
        if self.current is None or self.store is None:
            self.show_message("Select an annotation first (click it, or Tab)")
            return
        ann = self.anns[self.current]
        if ann.pending:
            self.reject_suggestion()
            return
        if self._operate("Not deleted", lambda st: ops.delete(
            st, ann.id, self.annotator, expected_version=ann.version,
        ), ann.id) is not None:
            self.walk_after_removal(ann)

    def walk_after_removal(self, ann: AnnotationView) -> None:
        """Select the annotation that followed a removed one, so Del can be pressed again."""
        nxt = sorted((a for a in self.anns.values() if a.start >= ann.start), key=lambda a: (a.start, a.end))
        if nxt:
            self.select_annotation(nxt[0].id, scroll=False)

    def accept_suggestion(self) -> None:
        ann = self.anns.get(self.current) if self.current else None
        if ann is None or not ann.pending:
            self.show_message("Select a suggestion (dashed underline) first")
            return
        if self._operate("Accept suggestion", lambda st: ops.accept_suggestion(
            st, ann.id, self.annotator, expected_version=ann.version,
        ), ann.id):
            go_on(self, ann, "accepted")  # the next pending one

    def reject_suggestion(self) -> None:
        ann = self.anns.get(self.current) if self.current else None
        if ann is None or not ann.pending:
            self.show_message("Select a suggestion (dashed underline) first")
            return
        if self._operate("Reject suggestion", lambda st: ops.reject_suggestion(
            st, ann.id, self.annotator, expected_version=ann.version,
        ), ann.id):
            go_on(self, ann, "rejected")  # it will not be suggested again

    def accept_all(self, label: str) -> int:
        """Accept every pending ``label`` suggestion of this article: one transaction (all or
        none) and one undo step that puts them all back exactly."""
        if self.doc is None or not any(a.pending and a.label == label for a in self.anns.values()):
            return 0
        doc_id = self.doc.id
        change = self._operate(
            f"Accept all {label} suggestions",
            lambda st: ops.accept_all(st, doc_id, label, self.annotator),
        )
        n = len(change.changed) if change is not None else 0
        self.saved(f"accepted {n} {label} suggestion(s)")
        return n

    def _accept_all_from_menu(self, label: str, _checked: bool = False) -> None:
        self.accept_all(label)

    def _fill_accept_all_menu(self) -> None:
        self.accept_all_menu.clear()
        counts: dict[str, int] = {}
        for a in self.anns.values():
            if a.pending:
                counts[a.label] = counts.get(a.label, 0) + 1
        if not counts:
            act = self.accept_all_menu.addAction("No pending suggestions")
            act.setEnabled(False)
        for label, n in sorted(counts.items()):
            act = self.accept_all_menu.addAction(f"Accept all {label} suggestions in this article ({n})")
            act.triggered.connect(partial(self._accept_all_from_menu, label))

    def start_link(self, rel_type: str) -> None:
        """Shift+M / Shift+P: the next annotation selected becomes the relation's target."""
        ann = self.anns.get(self.current) if self.current else None
        if ann is None or ann.kind != "figure":
            self.show_message("Select a figure first, then press Shift+M (measures) or Shift+P (period)")
            return
        self.link_mode.start(rel_type, ann.id, ann.text)

    def add_relation(self, from_id: str, to_id: str, rel_type: str) -> RelationView | None:
        assert self.store is not None and self.doc is not None
        if self._operate("Not linked", lambda st: ops.link(
            st, from_id, to_id, rel_type, self.annotator,
        )) is None:
            return None
        rel = next(
            r for r in self.store.relations(self.doc.id)
            if (r.from_id, r.to_id, r.type) == (from_id, to_id, rel_type)
        )
        target = self.anns.get(to_id)
        self.saved(f"{rel_type} → “{target.text if target else to_id}”")
        return rel

    # -- suggestions off the UI thread -------------------------------------------------------------

    def suggest(self, kind: str) -> None:
        fn = self.suggesters.get(kind)
        if fn is None or self.store is None or self.doc is None:
            self.show_message(f"No {kind} recommender is installed")
            return
        if self._task is not None:
            self.show_message("Suggestions are still running…")
            return
        from app.ui.workers import ProgressTask

        store, doc_id, who = self.store, self.doc.id, self.annotator
        task = ProgressTask(
            lambda progress: fn(store, [doc_id], annotator=who, progress=progress), self,
            f"Suggesting {kind} for this article…", title="Suggestions", show_errors=False,
        )
        task.finished.connect(lambda _r: self._on_suggested(kind, doc_id))
        task.failed.connect(lambda msg: self._on_suggest_failed(msg))
        task.cancelled.connect(lambda: self._on_suggest_failed("cancelled"))
        self._task = task
        self.show_message(f"Suggesting {kind}…", 0)
        task.start()

    def _on_suggested(self, kind: str, doc_id: int) -> None:
        self._task = None
        if self.doc is not None and self.doc.id == doc_id:
            before = sum(a.pending for a in self.anns.values())
            self.reload_annotations()
            n = sum(a.pending for a in self.anns.values()) - before
            self.show_message(f"{n} new {kind} suggestion(s): Enter accepts, Del rejects")

    def _on_suggest_failed(self, message: str) -> None:
        self._task = None
        self.show_message(f"Suggestions failed: {message}", 8000)

    # -- team mode: notice a colleague's changes ----------------------------------------------------

    def _signature(self) -> dict[str, int]:
        return {a.id: a.version for a in self.anns.values()}

    @offline_safe
    def _on_poll(self) -> None:
        if self.store is None or self.doc is None or self._task is not None:
            return
        if self._row_stale:
            self._row_stale = False
            self.doc_model.refresh(self.doc.id)
        rev_fn = getattr(self.store, "document_revision", None)
        if callable(rev_fn):
            rev = rev_fn(self.doc.id)
            if rev == self._revision:
                return
            self._revision = rev
            self._relations = None  # a colleague may have linked or unlinked: read again
        started = time.perf_counter()
        fresh = self._fetch_annotations(self.doc.id)
        # keep polling cheap: an article whose spans take long to read is polled less often
        spent_ms = (time.perf_counter() - started) * 1000
        self.poll_timer.setInterval(max(POLL_MS, int(spent_ms * 50)))
        if {a.id: a.version for a in fresh} != self._signature():
            self.reload_annotations(fresh)
            self._row_stale = False
            self.doc_model.refresh(self.doc.id)  # its span count
            self.show_message("Updated: this article's annotations changed elsewhere")

    # -- keys ------------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.ann_list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._handle_key(event)
        return super().eventFilter(obj, event)

    def _handle_key(self, e: QKeyEvent) -> bool:
        """The workspace keys (``app.ui.keys``); True when handled."""
        cmd = key_command(e, self.hotkeys)
        if cmd is None:
            return False
        name, arg = cmd
        if self.link_mode.key(name, arg):
            return True
        if name == "accept":  # Enter: only on a pending suggestion
            ann = self.anns.get(self.current) if self.current else None
            if ann is None or not ann.pending:
                return False
            self.accept_suggestion()
        elif name == "undo":
            self.undo_group.undo()
        elif name == "redo":
            self.undo_group.redo()
        elif name == "done_next":
            self.mark_done_and_next()
        elif name == "step":
            self.step_document(arg)
        elif name == "move":
            self.move_boundary(*arg)
        elif name == "walk":
            self.walk(arg)
        elif name == "delete":
            self.delete_current()
        elif name == "escape":
            c = self.view.textCursor()
            c.clearSelection()
            self.view.setTextCursor(c)
            self.select_annotation(None, scroll=False)
        elif name == "link":
            self.start_link(arg)
        elif name == "label":
            self.apply_label(arg)
        return True

    # -- view --------------------------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        f = self.view.font()
        size = self._default_font_size if step == 0 else max(7.0, min(40.0, f.pointSizeF() + step))
        f.setPointSizeF(size)
        self.view.setFont(f)
        self.view.update_margins()

    def show_shortcuts(self) -> None:
        """Every action with its keys, gathered from the menus, plus SHORTCUTS and label keys."""
        self.dialog_actions.show_shortcuts()

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        # every edit is already in the store: nothing to ask, only settings to keep
        self._commit_details()
        self.poll_timer.stop()
        self.backups.auto.on_close()  # what changed since the last automatic backup
        self.save_settings()
        super().closeEvent(e)

    # -- annotator identity ------------------------------------------------------------------------

    @classmethod
    def ask_annotator(cls, parent: QWidget | None, default: str) -> str | None:
        """Ask the curator's name once (tests monkeypatch this)."""
        name, ok = QInputDialog.getText(
            parent, "Who is curating?",
            "Your name, saved with every annotation you make:", QLineEdit.EchoMode.Normal, default,
        )
        return name.strip() if ok and name.strip() else None


def resolve_annotator(given: str | None, parent: QWidget | None = None) -> str:
    """``--annotator``, else the name kept in the settings, else asked once (and kept)."""
    if given and given.strip():
        return given.strip()
    settings = app_settings()
    saved = settings.value("annotator")
    if isinstance(saved, str) and saved.strip():
        return saved.strip()
    name = MainWindow.ask_annotator(parent, os_user()) or os_user()
    settings.setValue("annotator", name)
    settings.sync()
    return name


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


__all__ = ["MainWindow", "SHORTCUTS", "app_settings", "prefill_attributes", "resolve_annotator"]
