"""Issue 14.21/22: File → Open store asks before creating, keeps the dialog open on an error,
updates the title and status bar, shows an "Import articles…" call to action on an empty
store; `curator gui --db` joins the recent stores, the status bar drops "Opening …", and
quitting is quick."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from app.ui.dialogs import ask, install_actions
from app.ui.dialogs.stores import OpenStoreDialog

ROOT = Path(__file__).resolve().parents[2]


def _open_dialog(qtbot, window) -> OpenStoreDialog:  # type: ignore[no-untyped-def]
    actions = install_actions(window)
    window.findChild(QAction, "openStoreAction").trigger()
    dlg = actions.dialog
    assert isinstance(dlg, OpenStoreDialog)
    qtbot.waitExposed(dlg)
    return dlg


def test_a_new_store_is_created_only_once_confirmed(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    old = window.store
    actions = install_actions(window)
    actions.recent.add(str(tmp_path / "elsewhere.db"))  # the dialog suggests the last store
    dlg = _open_dialog(qtbot, window)
    assert dlg.location_edit.text() == str(tmp_path / "elsewhere.db")
    target = tmp_path / "team" / "news" / "curated.db"
    dlg.location_edit.setFocus()
    qtbot.keyClicks(dlg.location_edit, str(target))  # typing replaces the suggestion
    assert dlg.location_edit.text() == str(target)

    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Return)
    assert dlg.isVisible() and window.store is old
    assert not target.exists() and not target.parent.exists()  # no folder made silently
    note = dlg.note.text()
    assert "no store" in note and str(target.parent) in note and "does not exist" in note
    assert dlg.open_button.text().replace("&", "") == "Create"

    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Return)  # confirmed: create it
    qtbot.waitUntil(lambda: window.store is not old, timeout=30_000)
    assert target.is_file()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg) or not dlg.isVisible())
    store = window.store
    assert str(target) in store.url and store.count_documents() == 0
    assert window.doc is None and window.ann_model.rowCount() == 0
    assert store.display_name in window.windowTitle()
    assert "Opened" in window.statusBar().currentMessage()
    assert store.display_name in window.store_label.text()
    assert actions.recent.items()[0] == str(target)

    cta = actions.empty_store
    assert cta is not None and cta.isVisible()
    button = cta.findChild(QPushButton, "importArticlesButton")
    assert button.isVisible() and "Import articles" in button.text()
    article = tmp_path / "one.txt"
    article.write_text("ACME ARTICLE\n\nAcme Corp opened a plant.\n", encoding="utf-8")
    monkeypatch.setattr(ask, "ask_open_files", lambda *a, **k: [article])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count_documents() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not cta.isVisible(), timeout=20_000)
    box = getattr(actions.task, "summary_box", None)
    if box is not None:
        box.close()


def test_an_error_keeps_the_dialog_open_with_the_location(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    old = window.store
    notes = tmp_path / "notes.db"
    notes.write_text("this is not a database, just notes\n" * 50, encoding="utf-8")
    newer = tmp_path / "newer.db"  # a store from a newer app: the store refuses it
    con = sqlite3.connect(newer)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES ('9999')")
    con.commit()
    con.close()
    dlg = _open_dialog(qtbot, window)
    dlg.location_edit.setFocus()
    qtbot.keyClicks(dlg.location_edit, str(notes))
    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Return)  # not SQLite: said at once
    assert dlg.isVisible() and "not a store" in dlg.note.text()

    dlg.location_edit.selectAll()
    qtbot.keyClicks(dlg.location_edit, str(newer))
    assert not dlg.note.isVisible()  # typing clears the old error
    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Return)  # exists: opened without asking
    qtbot.waitUntil(lambda: dlg.task is not None and "newer version" in dlg.note.text(), timeout=60_000)
    assert dlg.isVisible() and dlg.note.isVisible() and window.store is old
    assert dlg.location_edit.text() == str(newer)  # kept, to correct it
    assert dlg.open_button.isEnabled()

    listing = sorted(p.name for p in tmp_path.iterdir())
    dlg.location_edit.selectAll()
    qtbot.keyClicks(dlg.location_edit, str(tmp_path))  # a folder, not a store file
    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Return)
    assert dlg.isVisible() and "is a folder" in dlg.note.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # nothing made there
    qtbot.keyClick(dlg.location_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dlg) or not dlg.isVisible())
    assert window.store is old


def test_launch_with_db_status_recent_and_quick_quit(tmp_path: Path) -> None:
    from app import open_store
    from app.importing import import_paths

    db = tmp_path / "launch.db"
    article = tmp_path / "a.txt"
    article.write_text("HELLO\n\nHello world.\n", encoding="utf-8")
    s = open_store(db)
    import_paths(s, [str(article)])
    s.close()
    code = (
        "import json, time\n"
        "from app.ui import app as uiapp\n"
        "from app.ui.main_window import MainWindow\n"
        "seen = {}\n"
        "orig = MainWindow.closeEvent\n"
        "def close(self, e):\n"
        "    seen['msg'] = self.statusBar().currentMessage()\n"
        "    seen['recent'] = self.dialog_actions.recent.items()\n"
        "    seen['title'] = self.windowTitle()\n"
        "    seen['t'] = time.perf_counter()\n"
        "    orig(self, e)\n"
        "MainWindow.closeEvent = close\n"
        f"rc = uiapp.run({str(db)!r}, 'alice', quit_after=2.5)\n"
        "seen['quit_s'] = time.perf_counter() - seen['t']\n"
        "seen['rc'] = rc\n"
        "print(json.dumps(seen))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["rc"] == 0
    assert not seen["msg"].startswith("Opening"), seen["msg"]
    assert seen["recent"][0] == str(db)
    assert seen["title"].startswith("HELLO")
    assert seen["quit_s"] < 1.0, seen


def test_curator_gui_quits_at_once_after_the_window_closes(tmp_path: Path) -> None:
    """`curator gui`: from the window closing to the process ending is well under a second
    (the interpreter's teardown is skipped; the store is closed first)."""
    import time

    db = tmp_path / "quit.db"
    code = (
        "import sys, time\n"
        "from app.ui.main_window import MainWindow\n"
        "orig = MainWindow.closeEvent\n"
        "def close(self, e):\n"
        "    print('closed', time.time(), flush=True)\n"
        "    orig(self, e)\n"
        "MainWindow.closeEvent = close\n"
        "from app.cli import main\n"
        f"sys.exit(main(['--db', {str(db)!r}, '--annotator', 'alice', 'gui', '--quit-after', '1.5']))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    ended = time.time()
    assert done.returncode == 0, done.stderr
    closed = float(next(x for x in done.stdout.splitlines() if x.startswith("closed")).split()[1])
    assert ended - closed < 0.8, ended - closed
    from app import open_store

    s = open_store(db)  # the store was closed cleanly: it opens, labels seeded
    try:
        assert s.labels()
    finally:
        s.close()
