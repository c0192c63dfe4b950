"""Put the dialogs into the workspace's menus: File (open store, recent stores, import, export),
Settings (labels) and Help (keyboard shortcuts, about); set the window icon.

The window keeps its own menus; :func:`install_actions` only adds to them, found by object name
(``fileMenu``, ``helpMenu``, ``quitAction``, ``shortcutsAction``). It relies on the workspace's
public surface: ``store``, ``annotator``, ``set_store``, ``reload_labels``, ``doc_model``,
``update_progress``, ``open_document`` and ``settings`` (any of them may be missing).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget

from app.ui.dialogs.appicon import app_icon
from app.ui.dialogs.stores import OpenStoreDialog, RecentStores, open_store_in_background
from app.ui.workers import ProgressTask

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import ImportSummary

# The dialogs themselves are imported when first opened: the format registry (export, import)
# loads every format module, which a window that is only starting up does not need.


class WorkspaceActions(QObject):
    """The dialogs' actions, owned by the window (``window.findChild(WorkspaceActions)``)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("workspaceActions")
        self.window = window
        settings = getattr(window, "settings", None)
        self.recent = RecentStores(settings if isinstance(settings, QSettings) else None)
        self.task: ProgressTask | None = None
        self.dialog: QDialog | None = None  # the last dialog opened (tests look at it)

        mb = window.menuBar()
        file_menu = window.findChild(QMenu, "fileMenu") or mb.addMenu("&File")
        quit_action = window.findChild(QAction, "quitAction")
        before = quit_action if quit_action in file_menu.actions() else None

        def add(menu: QMenu, text: str, slot: Any, name: str, keys: Any = None,
                at: QAction | None = None) -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            if keys is not None:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(lambda _checked=False: slot())
            if at is not None:
                menu.insertAction(at, act)
            else:
                menu.addAction(act)
            return act

        self.open_action = add(file_menu, "&Open store…", self.open_store, "openStoreAction",
                               QKeySequence.StandardKey.Open, before)
        self.recent_menu = QMenu("Open &recent store", window)
        self.recent_menu.setObjectName("recentStoresMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        if before is not None:
            file_menu.insertMenu(before, self.recent_menu)
            file_menu.insertSeparator(before)
        else:
            file_menu.addMenu(self.recent_menu)
            file_menu.addSeparator()
        self.import_action = add(file_menu, "&Import files…", lambda: self.import_(False),
                                 "importFilesAction", "Ctrl+I", before)
        self.import_folder_action = add(file_menu, "Import a &folder…", lambda: self.import_(True),
                                        "importFolderAction", "Ctrl+Shift+I", before)
        self.export_action = add(file_menu, "&Export…", self.export, "exportAction", "Ctrl+E",
                                 before)
        if before is not None:
            file_menu.insertSeparator(before)
        self.fill_recent_menu()
        self.empty_store: QWidget | None = None  # "no articles yet: Import articles…"
        if getattr(window, "view", None) is not None and getattr(window, "doc_model", None) is not None:
            from app.ui.empty_state import EmptyStoreCallToAction

            self.empty_store = EmptyStoreCallToAction(window, self.import_action)

        help_menu = window.findChild(QMenu, "helpMenu")
        self.settings_menu = QMenu("&Settings", window)
        self.settings_menu.setObjectName("settingsMenu")
        if help_menu is not None:
            mb.insertMenu(help_menu.menuAction(), self.settings_menu)
        else:
            mb.addMenu(self.settings_menu)
            help_menu = mb.addMenu("&Help")
            help_menu.setObjectName("helpMenu")
        self.labels_action = add(self.settings_menu, "&Labels…", self.edit_labels, "labelsAction")
        if window.findChild(QAction, "shortcutsAction") is None:
            add(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "shortcutsAction",
                QKeySequence.StandardKey.HelpContents)
        self.about_action = add(help_menu, "&About Article Curator", self.show_about,
                                "aboutAction")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        icon = app_icon()
        window.setWindowIcon(icon)
        app = QApplication.instance()
        if isinstance(app, QApplication) and app.windowIcon().isNull():
            app.setWindowIcon(icon)

    # -- helpers ----------------------------------------------------------------------------

    @property
    def store(self) -> Store | None:
        return getattr(self.window, "store", None)

    def _message(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _need_store(self) -> Store | None:
        if self.store is None:
            self._message("Open a store first (File → Open store…).")
        return self.store

    def _busy(self) -> bool:
        if self.task is not None and not self.task.is_done():
            self._message("Still working on the last import or store; wait for it to finish.")
            return True
        return False

    def _show(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()
        return dlg

    # -- File -------------------------------------------------------------------------------

    def open_store(self, location: str | None = None) -> ProgressTask | None:
        """Open ``location``, or show the Open store dialog (it opens the store itself and
        stays open on an error); then switch the window to the store."""
        if self._busy():
            return None
        if location is None:
            current = self.recent.items()[0] if self.recent.items() else ""
            dlg = OpenStoreDialog(self.recent, self.window, current, open_here=True)
            dlg.opened.connect(self._switch_to)
            self._show(dlg)
            return None
        self.task = open_store_in_background(self.window, location, self.recent, self._switch_to)
        return self.task

    def _switch_to(self, store: Store) -> None:
        old = self.store
        set_store = getattr(self.window, "set_store", None)
        if callable(set_store):
            set_store(store, getattr(self.window, "annotator", None) or None)
        self._message(f"Opened {store.display_name}")
        if old is not None and old is not store:
            old.close()
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = self.recent.items()
        for i, location in enumerate(items):
            act = self.recent_menu.addAction(f"&{i + 1}  {location}" if i < 9 else location)
            act.setData(location)
            act.triggered.connect(lambda _checked=False, loc=location: self.open_store(loc))
        if not items:
            none = self.recent_menu.addAction("No recent stores")
            none.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("&Clear the list")
            clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        self.recent.clear()
        self.fill_recent_menu()

    def import_(self, folder: bool) -> ProgressTask | None:
        store = self._need_store()
        if store is None or self._busy():
            return None
        from app.ui.dialogs.importing import import_interactively

        self.task = import_interactively(
            self.window, store, folder=folder,
            annotator=getattr(self.window, "annotator", None) or None,
            on_finished=self._after_import,
        )
        return self.task

    def _after_import(self, summary: ImportSummary) -> None:
        model = getattr(self.window, "doc_model", None)
        if model is not None and hasattr(model, "reset"):
            model.reset()
            if model.canFetchMore():
                model.fetchMore()
        update = getattr(self.window, "update_progress", None)
        if callable(update):
            update()
        doc = getattr(self.window, "doc", None)
        rows = getattr(model, "rows", [])
        open_document = getattr(self.window, "open_document", None)
        if callable(open_document) and rows and (doc is None or summary.imported):
            open_document(doc.id if doc is not None else rows[0].id)

    def export(self) -> QDialog | None:
        store = self._need_store()
        if store is None:
            return None
        from app.ui.dialogs.export import ExportDialog

        settings = getattr(self.window, "settings", None)
        doc = getattr(self.window, "doc", None)
        return self._show(ExportDialog(
            store, self.window, settings=settings if isinstance(settings, QSettings) else None,
            current_document=getattr(doc, "id", None),
        ))

    # -- Settings ---------------------------------------------------------------------------

    def edit_labels(self) -> QDialog | None:
        store = self._need_store()
        if store is None:
            return None
        from app.ui.dialogs.labels import LabelSchemaDialog

        dlg = LabelSchemaDialog(store, self.window)
        reload = getattr(self.window, "reload_labels", None)
        if callable(reload):
            dlg.labelsChanged.connect(reload)
        return self._show(dlg)

    # -- Help -------------------------------------------------------------------------------

    def show_shortcuts(self) -> QDialog:
        from app.ui.dialogs.help import ShortcutsDialog

        return self._show(ShortcutsDialog(self.window, extra_keys(self.window)))

    def show_about(self) -> QDialog:
        from app.ui.dialogs.help import AboutDialog

        return self._show(AboutDialog(self.store, self.window))


def extra_keys(window: QWidget) -> list[tuple[str, str, str]]:
    """Keys that are not actions: the keys the window documents, and the label hotkeys."""
    try:
        from app.ui.keys import SHORTCUTS as documented
    except ImportError:  # an older workspace kept the table in its own module
        documented = getattr(sys.modules.get(type(window).__module__), "SHORTCUTS", [])
    rows = [(keys, what[:1].upper() + what[1:], "In the article") for keys, what in documented or []]
    rows += [
        (lv.hotkey, f"Tag the selection as {lv.name}", "Label palette")
        for lv in getattr(window, "labels", []) or [] if getattr(lv, "hotkey", None)
    ]
    return rows


def install_actions(window: QMainWindow) -> WorkspaceActions:
    """Add the dialogs' actions to ``window``'s menus (once); returns them."""
    existing = window.findChild(WorkspaceActions, "workspaceActions")
    if isinstance(existing, WorkspaceActions):
        return existing
    return WorkspaceActions(window)
