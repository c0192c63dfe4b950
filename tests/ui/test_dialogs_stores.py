"""File → Open store: recent stores never keep a password; opening runs on the worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy.engine import make_url

from app.ui.dialogs import ask
from app.ui.dialogs.stores import (
    MAX_RECENT,
    OpenStoreDialog,
    RecentStores,
    open_store_in_background,
    without_password,
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "recent.ini"), QSettings.Format.IniFormat)


def test_passwords_are_removed_not_masked(settings, tmp_path: Path) -> None:
    recent = RecentStores(settings)
    stored = recent.add("postgresql://alice:s3cr%40t@db.example:5433/news")
    assert stored == "postgresql://alice@db.example:5433/news"
    assert recent.items() == [stored]
    text = (tmp_path / "recent.ini").read_text(encoding="utf-8")
    assert "s3cr" not in text and "***" not in text and "alice@db.example" in text


def test_an_old_entry_with_a_password_is_cleaned_on_read(settings) -> None:
    settings.setValue(RecentStores.KEY, ["postgresql+psycopg://bob:hunter2@h/db"])
    assert RecentStores(settings).items() == ["postgresql+psycopg://bob@h/db"]


def test_newest_first_deduplicated_at_most_eight(settings, tmp_path: Path) -> None:
    recent = RecentStores(settings)
    for i in range(10):
        recent.add(str(tmp_path / f"s{i}.db"))
    recent.add(str(tmp_path / "sub" / ".." / "s5.db"))  # the same file, spelled differently
    items = recent.items()
    assert len(items) == MAX_RECENT == 8
    assert items[0] == str(tmp_path / "s5.db") and items.count(str(tmp_path / "s5.db")) == 1
    assert items[1] == str(tmp_path / "s9.db")
    recent.remove(items[0])
    assert str(tmp_path / "s5.db") not in recent.items()
    # a lone entry (QSettings returns a plain string for it) still reads as a list
    recent.clear()
    recent.add("x.db")
    assert RecentStores(QSettings(settings.fileName(), QSettings.Format.IniFormat)).items() == [
        str(Path("x.db").resolve())
    ]


def test_relative_paths_become_absolute() -> None:
    assert without_password("~/stores/a.db") == str(Path.home() / "stores" / "a.db")


def test_dialog_picks_a_recent_store_and_adds_the_password(qtbot, settings) -> None:
    recent = RecentStores(settings)
    recent.add("/data/one.db")
    recent.add("postgresql://carol@pg.local/news")
    dlg = OpenStoreDialog(recent)
    qtbot.addWidget(dlg)
    dlg.show()
    assert [dlg.recent_list.item(i).text() for i in range(dlg.recent_list.count())] == [
        "postgresql://carol@pg.local/news", "/data/one.db"]
    assert not dlg.open_button.isEnabled()
    rect = dlg.recent_list.visualItemRect(dlg.recent_list.item(0))
    qtbot.mouseClick(dlg.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dlg.location_edit.text() == "postgresql://carol@pg.local/news"
    assert dlg.password_edit.isEnabled()
    qtbot.keyClicks(dlg.password_edit, "p@ss word")
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    url = make_url(dlg.location())
    assert (url.username, url.password, url.host, url.database) == (
        "carol", "p@ss word", "pg.local", "news")
    # the second item is a file: no password field
    rect = dlg.recent_list.visualItemRect(dlg.recent_list.item(1))
    qtbot.mouseClick(dlg.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not dlg.password_edit.isEnabled() and dlg.location() == "/data/one.db"
    qtbot.mouseClick(dlg.findChild(QPushButton, "clearRecentButton"), Qt.MouseButton.LeftButton)
    assert recent.items() == [] and dlg.recent_list.count() == 0


def test_browse_for_a_file(qtbot, settings, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ask, "ask_save_file", lambda *a, **k: tmp_path / "new.db")
    dlg = OpenStoreDialog(RecentStores(settings))
    qtbot.addWidget(dlg)
    qtbot.mouseClick(dlg.findChild(QPushButton, "browseButton"), Qt.MouseButton.LeftButton)
    assert dlg.location() == str(tmp_path / "new.db") and dlg.open_button.isEnabled()


def test_open_in_background_creates_the_store_and_remembers_it(qtbot, settings, tmp_path) -> None:
    recent = RecentStores(settings)
    opened = []
    task = open_store_in_background(None, str(tmp_path / "fresh.db"), recent, opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    store = opened[0]
    try:
        assert [lv.name for lv in store.labels()][:3] == ["PERSON", "ORG", "GPE"]
        assert recent.items() == [str(tmp_path / "fresh.db")]
        assert task.error is None
    finally:
        store.close()


def test_a_store_that_cannot_open_is_one_line_without_password(qtbot, settings) -> None:
    pytest.importorskip("psycopg")
    recent = RecentStores(settings)
    task = open_store_in_background(None, "postgresql://dave:topsecret@127.0.0.1:1/none",
                                    recent, lambda s: pytest.fail("opened"))
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    message = blocker.args[0]
    assert "127.0.0.1" in message and "Connection refused" in message
    assert "topsecret" not in message and "\n" not in message
    assert recent.items() == []
    task.error_box.close()
