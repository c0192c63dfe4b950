"""Automatic backups while a curator edits in the workspace, and File → Restore from backup…,
driven through the real window and checked in the store and the backup files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from app.store.backup import list_backups
from app.ui.backups import INTERVAL_KEY, KEEP_KEY, BackupSettingsDialog, RestoreDialog
from tests.ui.helpers import drag, key
from tests.ui.test_annotate import mine, open_chongqing

MIN = 60.0


def tag(window, qtbot, word: str) -> None:  # type: ignore[no-untyped-def]
    """Drag over ``word`` (as a whole word) in the open article and press G (GPE)."""
    text = window.doc.text
    s = text.index(f" {word} ") + 1
    drag(qtbot, window.view, s, s + len(word))
    key(qtbot, window.view, "g")


def fake_clock(window):  # type: ignore[no-untyped-def]
    now = [0.0]
    auto = window.backups.auto
    auto.clock = lambda: now[0]
    auto.last_at = 0.0
    return auto, now


def test_editing_backs_up_every_interval_and_keeps_the_newest(window, qtbot, tmp_path: Path) -> None:
    window.settings.setValue(KEEP_KEY, 2)
    window.settings.setValue(INTERVAL_KEY, 30)
    auto, now = fake_clock(window)
    folder = auto.folder()
    assert folder is not None and str(folder).startswith(str(tmp_path.parent))  # the test's data home
    doc_id, _ = open_chongqing(window)

    now[0] = 45 * MIN
    assert auto.tick() is None  # nothing changed: no backup however long it has been
    tag(window, qtbot, "Chongqing")
    now[0] = 50 * MIN
    first = auto.tick()
    assert first is not None and (first.kind, first.annotations) == ("auto", 1)
    tag(window, qtbot, "China")
    now[0] = 70 * MIN
    assert auto.tick() is None  # changed, but only 20 minutes after the last backup
    now[0] = 81 * MIN
    assert auto.tick().annotations == 2
    now[0] = 200 * MIN
    assert auto.tick() is None  # no edit since
    for i, t in enumerate((240, 280), start=3):
        window.store.add_annotation(doc_id, i, i + 1, "ORG", "bob")  # a colleague's edit counts too
        now[0] = t * MIN
        assert auto.tick().annotations == i
    autos = list_backups(folder)
    assert [b.annotations for b in autos] == [4, 3]  # the newest two
    assert len(mine(window.store, doc_id)) == 2

    tag(window, qtbot, "Expo")
    window.close()  # closing backs up what changed
    assert [b.annotations for b in list_backups(folder)] == [5, 4]


def test_closing_without_edits_takes_no_backup(window) -> None:
    folder = window.backups.auto.folder()
    window.close()
    assert list_backups(folder) == []


def test_restore_from_backup_through_the_file_menu(window, qtbot) -> None:
    doc_id, _ = open_chongqing(window)
    tag(window, qtbot, "Chongqing")
    saved = window.backups.auto.backup_now()
    assert saved is not None and saved.annotations == 1
    tag(window, qtbot, "China")
    window.store.delete_document(next(d.id for d in window.store.list_documents() if d.id != doc_id))
    assert window.store.count_documents() == 4

    action = window.findChild(QAction, "restoreBackupAction")
    assert action in window.file_menu.actions()
    action.trigger()
    dlg = window.backups.dialog
    assert isinstance(dlg, RestoreDialog) and dlg.isVisible()
    assert dlg.table.rowCount() == 1
    assert [dlg.table.item(0, c).text() for c in (1, 2, 3)] == ["auto", "5", "1"]
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    box = dlg.confirm_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.restored is not None)

    store = window.store
    try:
        assert store.count_documents() == 5
        assert [a.text for a in mine(store, doc_id)] == ["Chongqing"]
        assert window.doc_model.rowCount() == 5
        [before] = [b for b in list_backups(window.backups.auto.folder()) if b.kind == "before-restore"]
        assert (before.documents, before.annotations) == (4, 2)  # the state it replaced
        assert "Restored" in window.statusBar().currentMessage()
    finally:
        window.close()
        store.close()


def test_cancelling_the_confirmation_restores_nothing(window, qtbot) -> None:
    open_chongqing(window)
    window.backups.auto.backup_now()
    tag(window, qtbot, "Chongqing")
    dlg = window.backups.open_restore()
    assert isinstance(dlg, RestoreDialog)
    qtbot.mouseClick(dlg.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dlg.confirm_box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dlg.restored is None
    assert window.store.stats()["annotations"] == 1
    dlg.close()


def test_backup_settings_dialog_sets_interval_and_count(window, qtbot) -> None:
    action = window.findChild(QAction, "backupSettingsAction")
    assert action in window.dialog_actions.settings_menu.actions()
    action.trigger()
    dlg = window.backups.dialog
    assert isinstance(dlg, BackupSettingsDialog)
    assert (dlg.interval.value(), dlg.keep.value()) == (30, 10)
    dlg.interval.setValue(15)
    dlg.keep.selectAll()
    qtbot.keyClicks(dlg.keep, "4")
    qtbot.keyClick(dlg.keep, Qt.Key.Key_Return)
    assert not dlg.isVisible()
    assert (window.backups.auto.interval_minutes(), window.backups.auto.keep()) == (15, 4)
