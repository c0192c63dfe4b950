"""The dialogs in the workspace's menus: triggered from the real window, checked in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.ui.dialogs import ask, install_actions
from app.ui.dialogs.export import ExportDialog
from app.ui.dialogs.help import AboutDialog, ShortcutsDialog
from app.ui.dialogs.labels import LabelSchemaDialog
from app.ui.dialogs.stores import OpenStoreDialog


@pytest.fixture
def actions(window):  # type: ignore[no-untyped-def]
    return install_actions(window)


def menu_texts(menu: QMenu) -> list[str]:
    return [a.objectName() or a.text() for a in menu.actions() if not a.isSeparator()]


def test_menus_hold_the_actions(window, actions) -> None:
    assert install_actions(window) is actions  # installing twice adds nothing
    file_menu = window.findChild(QMenu, "fileMenu")
    names = menu_texts(file_menu)
    assert names.index("openStoreAction") < names.index("exportAction") < names.index("quitAction")
    assert {"importFilesAction", "importFolderAction"} <= set(names)
    assert actions.recent_menu.menuAction() in file_menu.actions()
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar.index("&Settings") == bar.index("&Help") - 1
    assert window.findChild(QAction, "labelsAction") in actions.settings_menu.actions()
    help_names = menu_texts(window.findChild(QMenu, "helpMenu"))
    assert "aboutAction" in help_names and "shortcutsAction" in help_names
    assert not window.windowIcon().isNull()
    keys = [k.toString() for a in window.findChildren(QAction) for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), "two actions share a shortcut"


def test_export_from_the_menu(qtbot, window, actions) -> None:
    window.findChild(QAction, "exportAction").trigger()
    dlg = actions.dialog
    assert isinstance(dlg, ExportDialog) and dlg.isVisible() and dlg.store is window.store
    dlg.close()


def test_import_from_the_menu_refreshes_the_list(qtbot, window, actions, tmp_path: Path,
                                                 monkeypatch) -> None:
    new = tmp_path / "new.txt"
    new.write_text("Zhengzhou 郑州 added 1,200 firms 🚀 in 2023.\r\nMore.\r\n", encoding="utf-8")
    monkeypatch.setattr(ask, "ask_open_files", lambda *a, **k: [new])
    before = window.doc_model.total
    window.findChild(QAction, "importFilesAction").trigger()
    task = actions.task
    qtbot.waitUntil(lambda: getattr(task, "summary_box", None) is not None, timeout=20_000)
    assert window.store.count_documents() == before + 1
    assert window.doc_model.total == before + 1
    assert task.summary_box.text().startswith("Imported 1 article(s)")
    task.summary_box.close()


def test_labels_from_the_menu_refresh_the_palette(qtbot, window, actions) -> None:
    window.findChild(QAction, "labelsAction").trigger()
    dlg = actions.dialog
    assert isinstance(dlg, LabelSchemaDialog) and dlg.isVisible()
    qtbot.keyClicks(dlg.new_name, "FACILITY")
    qtbot.keyClick(dlg.new_name, Qt.Key.Key_Return)
    assert window.store.label("FACILITY").hotkey == "f"
    assert "FACILITY" in [lv.name for lv in window.labels]  # the window re-read its labels
    dlg.close()


def test_open_another_store(qtbot, window, actions, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "other" / "second.db"
    old = window.store
    window.findChild(QAction, "openStoreAction").trigger()
    dlg = actions.dialog
    assert isinstance(dlg, OpenStoreDialog)
    dlg.location_edit.setText(str(target))
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)  # new: asks first
    assert window.store is old and dlg.open_button.text().replace("&", "") == "Create"
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.store is not old, timeout=30_000)
    assert str(target) in window.store.url and window.store.count_documents() == 0
    assert actions.recent.items()[0] == str(target)
    actions.fill_recent_menu()
    entries = [a.data() for a in actions.recent_menu.actions() if a.data()]
    assert entries[0] == str(target)


def test_help_dialogs(qtbot, window, actions) -> None:
    window.findChild(QAction, "aboutAction").trigger()
    assert isinstance(actions.dialog, AboutDialog)
    assert window.store.display_name in actions.dialog.text()
    actions.dialog.close()
    dlg = actions.show_shortcuts()
    assert isinstance(dlg, ShortcutsDialog)
    rows = dlg.rows()
    assert ("p", "Tag the selection as PERSON", "Label palette") in rows
    assert any(r[0] == "Esc" and r[2] == "In the article" for r in rows)  # not a menu name
    assert any(r[1] == "Export…" and r[2] == "File" for r in rows)
    assert any(r[1] == "Labels…" and r[2] == "Settings" for r in rows)
    dlg.close()
