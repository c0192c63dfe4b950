"""The annotation workspace: document list | article | palette, annotations and details.

Composition only: the window builds the widgets and menus and owns four collaborators —
``Navigator`` (app/ui/navigator.py: the article list, opening and switching articles, search,
the selected annotation), ``Editor`` (app/ui/editor.py: keys into ``app.ops`` operations, one
undo stack per article in a ``QUndoGroup``, the change-record callbacks), ``Poller``
(app/ui/poller.py: colleagues' edits via ``store.document_revision``) and ``SuggestionRunner``
(app/ui/suggestion_runner.py: recommenders off the UI thread). Its public methods delegate to
them. Every edit is committed to the store when made (the status bar says so); closing never
asks to save.

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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
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

from app.errors import StoreUnreachable
from app.ui.article_view import ArticleView
from app.ui.backups import install_backups
from app.ui.dialogs import install_actions
from app.ui.editor import Editor, prefill_attributes
from app.ui.elide import MiddleElide
from app.ui.find_bar import FindBar
from app.ui.keys import SHORTCUTS
from app.ui.link_mode import LinkMode
from app.ui.menu_action import menu_action
from app.ui.models import AnnotationListModel, DocumentListModel
from app.ui.navigator import Navigator
from app.ui.notice import NoticeBanner
from app.ui.offline import OfflineBanner, offline_safe
from app.ui.panels import DetailsPanel, LabelPalette
from app.ui.poller import Poller
from app.ui.recommender import install_recommender
from app.ui.suggestion_flow import PendingStatus
from app.ui.suggestion_runner import SuggestionRunner
from app.ui.tools_menu import install_tools
from app.ui.window_shortcuts import install as install_window_shortcuts
from app.ui.workspace_layout import (
    MIN_WINDOW,
    PanelLayout,
    place_default,
    scrolling,
)

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, DocumentView, LabelView, RelationView

log = logging.getLogger(__name__)
ORGANISATION = "ArticleCurator"



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
        self.labels: list[LabelView] = []
        self.colors: dict[str, str] = {}
        self.hotkeys: dict[str, str] = {}
        self.current: str | None = None
        self.previous: str | None = None
        # the collaborators, each owning its part of the window's work
        self.navigator = Navigator(self)  # the article list, opening articles, selection
        self.editor = Editor(self)  # keys -> core operations, the per-article undo stacks
        self.poller = Poller(self)  # colleagues' changes, every POLL_MS
        self.runner = SuggestionRunner(self)  # recommenders, off the UI thread
        self._build_widgets()
        self.link_mode = LinkMode(self)  # Shift+M / Shift+P: visible until a span is chosen
        # a server that is gone: a banner until it is back, never a silent loss (app/ui/offline.py)
        self.offline = OfflineBanner(self, lambda: self.store.count_documents() if self.store else 0)
        self.offline.back.connect(self.poller._on_poll)
        self.notice = NoticeBanner(self)  # a refused edit (conflict, permission), until dismissed
        self._build_menus()
        self._restore_settings()
        # the list row and corpus progress follow edits a moment later, off the keystroke's path
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(300)
        self._refresh_timer.timeout.connect(self._refresh_counts)
        self.poller.poll_timer.timeout.connect(self.poller._on_poll)
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
        self.navigator._search_timer.timeout.connect(self.navigator._on_search)
        self.search_box.textChanged.connect(lambda _t: self.navigator._search_timer.start())
        self.search_box.returnPressed.connect(self.navigator._open_search_hit)
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
        for col in range(1, len(DocumentListModel.COLUMNS)):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.doc_list.selectionModel().currentRowChanged.connect(self.navigator._on_document_row)
        lv.addWidget(self.doc_list)

        self.view = ArticleView(self.splitter)
        self.view.key_handler = self.editor._handle_key
        self.view.spanClicked.connect(self.navigator._on_span_clicked)
        self.view.selectionFinished.connect(self.navigator._on_selection_finished)
        self.view.selectionChanged.connect(self.navigator._on_text_selection)
        self.view.arcs.source = lambda: self.relations  # relations drawn as arcs (``arcs``)
        self.view.edges.snapping = lambda: self.snapping
        self.view.edges.moved.connect(self.editor._on_edge_moved)  # a span edge dragged by mouse
        self.find_bar = FindBar(self.view)  # under the article, in its pane

        right = QWidget(self.splitter)
        right.setObjectName("annotationPanel")
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 4, 4, 4)
        self.palette_widget = LabelPalette(right)
        self.palette_widget.labelChosen.connect(self.editor.apply_label)
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
        self.ann_list.clicked.connect(self.navigator._on_annotation_row)
        self.ann_list.activated.connect(self.navigator._on_annotation_row)
        self.ann_list.installEventFilter(self)
        # a short window shrinks the list (to its minimum), not the palette or the details
        self.ann_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.ann_list.setMinimumHeight(120)
        rv.addWidget(self.ann_list, 4)
        self.details = DetailsPanel(right)
        self.details.labelChosen.connect(self.editor._on_details_label)
        self.details.noteEdited.connect(lambda note: self.editor._update_current({"note": note}, "Edit note"))
        self.details.attributesEdited.connect(
            lambda attrs: self.editor._update_current({"attributes": attrs}, "Edit figure")
        )
        self.details.accepted.connect(self.editor.accept_suggestion)
        self.details.rejected.connect(self.editor.reject_suggestion)
        self.details.relationDeleted.connect(self.editor.delete_relation)
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
        self, menu: QMenu, text: str, slot: Callable[[], Any],
        shortcut: str | QKeySequence | list[QKeySequence] | None = None, name: str = "",
    ) -> QAction:
        """A menu action of this window (``app.ui.menu_action``)."""
        return menu_action(self, menu, text, slot, shortcut, name)

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
        undo = self.editor.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.editor.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.edit_menu.addActions([undo, redo])
        self.edit_menu.addSeparator()
        e = self.edit_menu
        self.find_bar.install(e, self)  # Ctrl+F, F3, Shift+F3
        e.addSeparator()
        self.accept_all_menu = self.editor.add_actions(e)  # delete, accept, move, link
        e.addSeparator()
        self.suggest_figures_action, self.suggest_entities_action = self.runner.add_actions(e)

        self.document_menu = mb.addMenu("&Document")
        self.document_menu.setObjectName("documentMenu")
        d = self.document_menu
        self.navigator.add_actions(d)  # done, status, next/previous, find

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
        self.show_all_action.toggled.connect(lambda on: self.settings.setValue("view/showOthers", on))
        self.show_all_action.toggled.connect(lambda _on: self.editor.reload_annotations())
        AnnotationListModel.follow_show_others(self.ann_list, self.show_all_action)
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
        self.window_keys = install_window_shortcuts(self)  # Ctrl+E from the search box too

    # -- settings ------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        geom = s.value("window/geometry")
        if isinstance(geom, QByteArray):
            self.restoreGeometry(geom)
        else:
            place_default(self)  # a share of the screen, centred
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
        others = s.value("view/showOthers")  # remembered across windows and sessions
        if others is not None:
            self.show_all_action.setChecked(str(others).lower() in ("true", "1"))

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

    def set_store(self, store: Store, annotator: str | None = None) -> None:
        """Work on ``store`` as ``annotator``; opens the first article."""
        if store is not self.store:
            self.editor._forget_undo_histories()
        self.store = store
        if annotator:
            self.annotator = annotator
        if not self.annotator:
            self.annotator = os_user()
        store.annotator(self.annotator)
        self.annotator_label.setText(f"Annotator: {self.annotator}")
        self.store_label.setText(f"Store: {store.display_name}")
        self.reload_labels()
        self.runner._find_suggesters()
        self.doc_model.reset(store, self.annotator)
        self.update_progress()
        if self.doc_model.canFetchMore():
            self.doc_model.fetchMore()
        if self.doc_model.rows:
            self.navigator.open_document(self.doc_model.rows[0].id)
        else:  # an empty store: nothing of the previous store's article stays
            self.doc, self.anns, self.current, self.previous = None, {}, None, None
            self.ann_model.set_annotations([], self.colors)
            self.details.show_annotation(None)
            self.view.clear_article()
            self.setWindowTitle(f"{store.display_name} — Article Curator")
            self.show_message("The store has no articles yet: import some (File menu or `curator import`).")
        self.poller.poll_timer.start()
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
        self.navigator.fit_annotation_columns()
        if self.doc is not None:
            self.editor.reload_annotations()

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

    # -- delegated to the navigator: the article list, opening articles, selection --------------

    def open_document(self, doc_id: int) -> None:
        self.navigator.open_document(doc_id)

    def open_annotation(self, doc_id: int, ann_id: str) -> None:
        self.navigator.open_annotation(doc_id, ann_id)

    def step_document(self, step: int) -> None:
        self.navigator.step_document(step)

    def set_status(self, status: str) -> bool:
        return self.navigator.set_status(status)

    def mark_done_and_next(self) -> None:
        self.navigator.mark_done_and_next()

    def select_annotation(self, ann_id: str | None, scroll: bool = True) -> None:
        self.navigator.select_annotation(ann_id, scroll)

    def walk(self, step: int) -> None:
        self.navigator.walk(step)

    # -- delegated to the editor: edits as core operations, and the change-record callbacks (``Workspace``) ---

    def annotation_changed(self, ann: AnnotationView) -> None:
        self.editor.annotation_changed(ann)

    def annotation_removed(self, ann_id: str) -> None:
        self.editor.annotation_removed(ann_id)

    def relations_changed(self) -> None:
        self.editor.relations_changed()

    def store_unreachable(self, what: str, exc: StoreUnreachable) -> None:
        self.editor.store_unreachable(what, exc)

    def edit_failed(self, message: str) -> None:
        self.editor.edit_failed(message)

    def reload_annotations(self, anns: list[AnnotationView] | None = None) -> None:
        self.editor.reload_annotations(anns)

    def apply_label(self, label: str) -> None:
        self.editor.apply_label(label)

    def create_annotation(self, start: int, end: int, label: str) -> AnnotationView | None:
        return self.editor.create_annotation(start, end, label)

    def _update(self, ann_id: str, fields: dict[str, Any], what: str) -> bool:
        return self.editor._update(ann_id, fields, what)

    def relabel(self, ann_id: str, label: str) -> None:
        self.editor.relabel(ann_id, label)

    def move_boundary(self, which: str, step: int) -> None:
        self.editor.move_boundary(which, step)

    def delete_relation(self, rel_id: str) -> None:
        self.editor.delete_relation(rel_id)

    def delete_current(self) -> None:
        self.editor.delete_current()

    def accept_suggestion(self) -> None:
        self.editor.accept_suggestion()

    def reject_suggestion(self) -> None:
        self.editor.reject_suggestion()

    def accept_all(self, label: str) -> int:
        return self.editor.accept_all(label)

    def start_link(self, rel_type: str) -> None:
        self.editor.start_link(rel_type)

    def add_relation(self, from_id: str, to_id: str, rel_type: str) -> RelationView | None:
        return self.editor.add_relation(from_id, to_id, rel_type)

    # -- delegated to the poller ----------------------------------------------------------------

    def _on_poll(self) -> None:
        self.poller._on_poll()

    # -- delegated to the suggestion runner -----------------------------------------------------

    def suggest(self, kind: str) -> None:
        self.runner.suggest(kind)

    # -- the collaborators' state, as tests and the tools see it -----------------------------

    @property
    def undo_group(self) -> QUndoGroup:
        return self.editor.undo_group

    @property
    def undo_stack(self) -> QUndoStack:
        """The open article's undo history (the group's active stack)."""
        return self.editor.undo_stack

    @property
    def poll_timer(self) -> QTimer:
        return self.poller.poll_timer

    @property
    def suggesters(self) -> dict[str, Callable[..., Any]]:
        return self.runner.suggesters

    @property
    def _task(self) -> Any:
        """The running suggestion job, None when idle."""
        return self.runner._task

    # -- keys ------------------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.ann_list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self.editor._handle_key(event)
        return super().eventFilter(obj, event)

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
        self.navigator._commit_details()
        self.poller.poll_timer.stop()
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


__all__ = ["MainWindow", "SHORTCUTS", "app_settings", "prefill_attributes", "resolve_annotator"]
