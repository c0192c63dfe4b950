"""Automatic backups of the workspace's store and File → Restore from backup….

:class:`AutoBackups` takes an ``auto`` backup of the window's SQLite store (``app.store.backup``)
when the window closes and every ``backup/intervalMinutes`` (30) while the store changes, keeping
the newest ``backup/keep`` (10); Settings → Automatic backups… sets both. The backups go to the
store's folder under ``backups`` in the user data folder. :class:`RestoreDialog` lists them and
restores one after a confirmation, backing the current store up first. PostgreSQL stores have
no automatic backups (``curator backup`` exports them; pg_dump for the server).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import CuratorError
from app.store.backup import (
    BackupInfo,
    ChangeWatch,
    backup_folder,
    backups_root,
    human_size,
    list_backups,
    restore_sqlite,
    sqlite_file,
    take_backup,
)

if TYPE_CHECKING:
    from app.store.store import Store

KEEP_KEY, INTERVAL_KEY = "backup/keep", "backup/intervalMinutes"
DEFAULT_KEEP, DEFAULT_INTERVAL = 10, 30
TICK_MS = 60_000  # how often the store is looked at (the interval itself is in minutes)


def _int_setting(settings: QSettings | None, key: str, default: int) -> int:
    if settings is None:
        return default
    try:
        return int(str(settings.value(key, default)))
    except (TypeError, ValueError):
        return default


class AutoBackups(QObject):
    """Rotating automatic backups of ``window.store`` (a SQLite file; others are ignored)."""

    def __init__(self, window: QMainWindow, root: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.setObjectName("autoBackups")
        self.window = window
        self.root = root
        self.clock = clock
        self.source: Path | None = None
        self.watch: ChangeWatch | None = None
        self.last_at = clock()  # when the last backup was taken (or the store opened)
        self.last: BackupInfo | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    # -- settings ---------------------------------------------------------------------------

    @property
    def settings(self) -> QSettings | None:
        s = getattr(self.window, "settings", None)
        return s if isinstance(s, QSettings) else None

    def keep(self) -> int:
        return max(1, _int_setting(self.settings, KEEP_KEY, DEFAULT_KEEP))

    def interval_minutes(self) -> int:
        """Minutes between backups while the store changes; 0: only when the window closes."""
        return max(0, _int_setting(self.settings, INTERVAL_KEY, DEFAULT_INTERVAL))

    def folder(self) -> Path | None:
        if self.source is None:
            return None
        return backup_folder(self.root or backups_root(), self.source)

    # -- following the window's store -------------------------------------------------------

    def follow(self, store: Store | None) -> None:
        """Watch ``store`` from now on (the window opened another one)."""
        source = sqlite_file(store.url) if store is not None else None
        if source == self.source and self.watch is not None:
            return
        self.stop_watching()
        self.source = source
        if source is not None and source.is_file():
            self.watch = ChangeWatch(source)
        self.last_at = self.clock()

    def stop_watching(self) -> None:
        if self.watch is not None:
            self.watch.close()
            self.watch = None

    def _sync(self) -> None:
        store = getattr(self.window, "store", None)
        if store is not None and sqlite_file(store.url) != self.source:
            self.follow(store)

    # -- taking them --------------------------------------------------------------------------

    def changed(self) -> bool:
        return self.watch is not None and self.watch.changed()

    def backup_now(self, kind: str = "auto") -> BackupInfo | None:
        """Back the store up now (``auto`` ones rotate); None when there is nothing to back up."""
        folder = self.folder()
        if folder is None or self.source is None or not self.source.is_file():
            return None
        info = take_backup(self.source, folder, kind=kind,
                           keep=self.keep() if kind == "auto" else None)
        if self.watch is not None:
            self.watch.mark()
        self.last_at = self.clock()
        self.last = info
        return info

    def tick(self) -> BackupInfo | None:
        """A backup when the store changed and the interval has passed since the last one."""
        self._sync()
        minutes = self.interval_minutes()
        if not minutes or not self.changed() or self.clock() - self.last_at < minutes * 60:
            return None
        return self._quietly(self.backup_now)

    def on_close(self) -> BackupInfo | None:
        """The window closes: back up what changed since the last backup."""
        self._sync()
        self.timer.stop()
        info = self._quietly(self.backup_now) if self.changed() else None
        self.stop_watching()
        return info

    def _quietly(self, fn: Callable[[], BackupInfo | None]) -> BackupInfo | None:
        """A failed automatic backup is reported in the status bar, never raised into Qt."""
        try:
            info = fn()
        except (CuratorError, OSError) as exc:
            self._message(f"Automatic backup failed: {exc}")
            return None
        if info is not None:
            self._message(f"Backed up to {info.path.name}")
        return info

    def _message(self, text: str) -> None:
        show = getattr(self.window, "show_message", None)
        if callable(show):
            show(text)


class BackupSettingsDialog(QDialog):
    """Settings → Automatic backups…: how often and how many."""

    def __init__(self, backups: AutoBackups, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupSettingsDialog")
        self.setWindowTitle("Automatic backups")
        self.backups = backups
        form = QFormLayout(self)
        self.interval = QSpinBox()
        self.interval.setObjectName("backupInterval")
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(" min")
        self.interval.setSpecialValueText("only on close")
        self.interval.setValue(backups.interval_minutes())
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 1000)
        self.keep.setValue(backups.keep())
        form.addRow("Back up while editing every", self.interval)
        form.addRow("Keep the newest", self.keep)
        where = backups.folder()
        form.addRow(QLabel(f"Folder: {where}" if where else "This store has no automatic backups"
                           " (PostgreSQL: use `curator backup` or pg_dump)."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _save(self) -> None:
        s = self.backups.settings
        if s is not None:
            s.setValue(INTERVAL_KEY, self.interval.value())
            s.setValue(KEEP_KEY, self.keep.value())
            s.sync()
        self.accept()


class RestoreDialog(QDialog):
    """File → Restore from backup…: the store's backups, newest first; Restore asks first."""

    COLUMNS = ("Taken", "Kind", "Documents", "Annotations", "Size")

    def __init__(self, backups: AutoBackups, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        self.confirm_box: QMessageBox | None = None
        self.restored: BackupInfo | None = None
        layout = QVBoxLayout(self)
        folder = backups.folder()
        self.items: list[BackupInfo] = list_backups(folder) if folder else []
        self.hint = QLabel(
            "Restoring replaces the store with the backup; the current store is backed up first."
            if self.items else
            ("No backups of this store yet." if folder else
             "Only SQLite stores have backups here (PostgreSQL: pg_dump / pg_restore)."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableWidget(len(self.items), len(self.COLUMNS))
        self.table.setObjectName("backupList")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, b in enumerate(self.items):
            cells = (b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), b.kind,
                     "?" if b.documents is None else str(b.documents),
                     "?" if b.annotations is None else str(b.annotations), human_size(b.size))
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.ask)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        if self.items:
            self.table.selectRow(0)
        self._update()
        self.resize(640, 360)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update(self) -> None:
        b = self.selected()
        self.restore_button.setEnabled(b is not None and b.documents is not None)

    def ask(self) -> None:
        b = self.selected()
        if b is None:
            return
        when = b.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        box = QMessageBox(
            QMessageBox.Icon.Question, "Restore from backup",
            f"Replace the store with the backup of {when} ({b.documents} document(s), "
            f"{b.annotations} annotation(s))?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self,
        )
        box.setObjectName("confirmRestore")
        box.setInformativeText("The current store is backed up first, so this can be undone.")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._answered(box, b))
        self.confirm_box = box
        box.open()

    def _answered(self, box: QMessageBox, b: BackupInfo) -> None:
        if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
            self.restore(b)

    def restore(self, b: BackupInfo) -> None:
        """Close the window's store, restore ``b`` into its file, open it again."""
        window = self.backups.window
        store = getattr(window, "store", None)
        target, folder = self.backups.source, self.backups.folder()
        if store is None or target is None or folder is None:
            return
        from app.store import open_store

        store.close()
        try:
            before = restore_sqlite(b.path, target, folder)
        except CuratorError as exc:
            QMessageBox.warning(self, "Restore failed", str(exc))
            before = None
        reopened = open_store(target)
        set_store: Any = getattr(window, "set_store", None)
        if callable(set_store):
            set_store(reopened, getattr(window, "annotator", None) or None)
        if self.backups.watch is not None:
            self.backups.watch.mark()
        self.restored = b
        msg = f"Restored the store from the backup of {b.taken_at.astimezone():%Y-%m-%d %H:%M}"
        if before is not None:
            msg += f" (the previous state is backed up as {before.path.name})"
        self.backups._message(msg)
        self.accept()


class BackupActions(QObject):
    """File → Restore from backup… and Settings → Automatic backups…, and the backups."""

    def __init__(self, window: QMainWindow, root: Path | None = None) -> None:
        super().__init__(window)
        self.setObjectName("backupActions")
        self.window = window
        self.auto = AutoBackups(window, root)
        self.dialog: QDialog | None = None
        file_menu = window.findChild(QMenu, "fileMenu") or window.menuBar().addMenu("&File")
        quit_action = window.findChild(QAction, "quitAction")
        self.restore_action = QAction("Restore from &backup…", window)
        self.restore_action.setObjectName("restoreBackupAction")
        self.restore_action.triggered.connect(lambda _checked=False: self.open_restore())
        if quit_action in file_menu.actions():
            file_menu.insertAction(quit_action, self.restore_action)
            file_menu.insertSeparator(quit_action)
        else:
            file_menu.addAction(self.restore_action)
        settings_menu = window.findChild(QMenu, "settingsMenu")
        self.settings_action = QAction("Automatic &backups…", window)
        self.settings_action.setObjectName("backupSettingsAction")
        self.settings_action.triggered.connect(lambda _checked=False: self.open_settings())
        (settings_menu or file_menu).addAction(self.settings_action)

    def _show(self, dlg: QDialog) -> QDialog:
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()
        return dlg

    def open_restore(self) -> QDialog:
        self.auto._sync()
        return self._show(RestoreDialog(self.auto, self.window))

    def open_settings(self) -> QDialog:
        self.auto._sync()
        return self._show(BackupSettingsDialog(self.auto, self.window))


def install_backups(window: QMainWindow, root: Path | None = None) -> BackupActions:
    """Automatic backups for ``window`` and their menu actions (once per window)."""
    found = window.findChild(BackupActions)
    return found if isinstance(found, BackupActions) else BackupActions(window, root)
