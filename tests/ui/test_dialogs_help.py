"""Help → Keyboard shortcuts (gathered from the real window), About, the icon and .desktop entry."""

from __future__ import annotations

import configparser

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QMainWindow, QPushButton

from app import __version__
from app.store.schema import resources_dir
from app.ui.dialogs.appicon import app_icon, icon_file, render_png
from app.ui.dialogs.help import AboutDialog, ShortcutsDialog, gather_actions, plain


def bare_window() -> QMainWindow:
    w = QMainWindow()
    file_menu = w.menuBar().addMenu("&File")
    quit_action = QAction("&Quit", w)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    file_menu.addAction(quit_action)
    file_menu.addSeparator()
    recent = file_menu.addMenu("Recent &stores")
    recent.addAction(QAction("/data/one.db", w))
    edit = w.menuBar().addMenu("&Edit")
    delete = QAction("&Delete annotation\tDel", w)
    edit.addAction(delete)
    hidden = QAction("Next annotation", w)
    hidden.setShortcut(QKeySequence("Tab"))
    w.addAction(hidden)
    return w


def test_plain_text() -> None:
    assert plain("&Export…\tCtrl+E") == "Export…" and plain("Tom && &Jerry") == "Tom & Jerry"


def test_gathers_every_action_with_its_keys_and_menu(qtbot) -> None:
    w = bare_window()
    qtbot.addWidget(w)
    rows = gather_actions(w)
    assert ("Ctrl+Q", "Quit", "File") in rows
    assert ("", "/data/one.db", "File › Recent stores") in rows
    assert ("Del", "Delete annotation", "Edit") in rows  # the key hint of a window-handled key
    assert ("Tab", "Next annotation", "Window") in rows
    assert len(rows) == len({r[1] for r in rows})  # each action once


def test_the_table_follows_the_window(qtbot) -> None:
    w = bare_window()
    qtbot.addWidget(w)
    dlg = ShortcutsDialog(w, extra=[("o", "Tag the selection as ORG", "Label palette")])
    qtbot.addWidget(dlg)
    assert dlg.rows()[0] == ("o", "Tag the selection as ORG", "Label palette")
    # change the window: a new action, a new shortcut; the next dialog shows them
    act = QAction("&Export…", w)
    act.setShortcut(QKeySequence("Ctrl+Shift+E"))
    w.menuBar().actions()[0].menu().addAction(act)
    w.menuBar().actions()[0].menu().actions()[0].setShortcut(QKeySequence("Ctrl+W"))
    dlg2 = ShortcutsDialog(w)
    qtbot.addWidget(dlg2)
    dlg2.show()
    assert ("Ctrl+Shift+E", "Export…", "File") in dlg2.rows()
    assert ("Ctrl+W", "Quit", "File") in dlg2.rows()
    qtbot.keyClicks(dlg2.filter_edit, "export")
    assert dlg2.rows() == [("Ctrl+Shift+E", "Export…", "File")]


def test_shortcuts_of_the_real_workspace(qtbot, window) -> None:
    dlg = ShortcutsDialog(window)
    qtbot.addWidget(dlg)
    rows = dlg.rows()
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)
    assert any(r[1] == "Undo" and undo in r[0] and r[2] == "Edit" for r in rows)
    assert any(r[1] == "Quit" and r[2] == "File" for r in rows)


def test_about_names_version_store_and_qt(qtbot, store) -> None:
    dlg = AboutDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    text = dlg.text()
    assert f"Version: {__version__}" in text
    assert f"Store: {store.display_name}" in text
    assert f"Qt: {qVersion()} (PySide6 {pyside_version})" in text
    qtbot.mouseClick(dlg.findChild(QPushButton, "copyDetailsButton"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == text
    assert "none open" in AboutDialog(None).text()


def test_icon_svg_and_png(qtbot, tmp_path) -> None:
    assert not app_icon().isNull()
    png = QImage(str(icon_file(".png")))
    assert (png.width(), png.height()) == (256, 256)
    fresh = render_png(icon_file(".svg"), tmp_path / "icon.png", 256)
    assert png.pixelColor(4, 4).alpha() == 0  # transparent corners (rounded tile)
    assert fresh.pixelColor(4, 4).alpha() == 0
    for x, y in ((128, 20), (120, 60), (90, 92), (200, 180)):  # tile, masthead, a span, the tag
        a, b = png.pixelColor(x, y), QColor(fresh.pixelColor(x, y))
        assert abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 24


def test_desktop_entry() -> None:
    path = resources_dir() / "article-curator.desktop"
    cfg = configparser.ConfigParser(interpolation=None)
    cfg.optionxform = str  # type: ignore[assignment,method-assign]
    cfg.read(path, encoding="utf-8")
    entry = cfg["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "Article Curator"
    assert entry["Exec"] == "curator gui"
    assert entry["Icon"] == "article-curator" == icon_file().stem
    assert entry["Categories"] == "Office;Education;"
    assert icon_file(".svg").exists() and icon_file(".png").exists()
