"""``curator gui`` against a server that wants a password nobody supplied asks for it in a
dialog (issue 19 item 4) instead of stopping on "fe_sendauth: no password supplied"."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMainWindow
from sqlalchemy.engine import make_url

from app.errors import CuratorError
from app.ui.password import open_store_for
from tests.team.test_passwords import PASSWORD, curator_db  # noqa: F401  (fixture)

pytestmark = pytest.mark.postgres


@pytest.fixture
def no_password_anywhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    had = os.environ.pop("PGPASSWORD", None)
    yield
    os.environ.pop("PGPASSWORD", None)  # what the dialog's answer set, for this process only
    if had is not None:
        os.environ["PGPASSWORD"] = had


def _answer(qtbot, typed: str | None, seen: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    """When the dialog is up, type ``typed`` and press Enter (``None``: press Esc)."""
    def reply() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QInputDialog):
            QTimer.singleShot(20, reply)
            return
        edit = dlg.findChild(QLineEdit)
        seen.update(label=dlg.labelText(), echo=edit.echoMode())
        if typed is None:
            qtbot.keyClick(edit, Qt.Key.Key_Escape)
            return
        qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    QTimer.singleShot(0, reply)


def test_the_gui_asks_for_the_password_and_opens(qtbot, curator_db, no_password_anywhere) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, object] = {}
    _answer(qtbot, PASSWORD, seen)
    store = open_store_for(window, curator_db)
    try:
        user = make_url(curator_db).username
        assert seen["label"] == f"Password for {user} on 127.0.0.1:"
        assert seen["echo"] == QLineEdit.EchoMode.Password  # never shown as typed
        store.annotator("alice")
        assert [a.name for a in store.annotators()] == ["alice"]
        assert PASSWORD not in store.url and PASSWORD not in store.display_name
    finally:
        store.close()


def test_cancelling_the_dialog_is_one_clear_error(qtbot, curator_db, no_password_anywhere) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    _answer(qtbot, None, {})
    with pytest.raises(CuratorError, match="no password given"):
        open_store_for(window, curator_db)
    assert "PGPASSWORD" not in os.environ


def test_launch_asks_instead_of_exiting(qtbot, curator_db, no_password_anywhere, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """The real start-up path (``curator gui --db URL``): asked, opened, the window works."""
    from PySide6.QtCore import QSettings

    import app.ui.password
    from app.ui.app import run

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setattr(app.ui.password, "can_ask", lambda: True)  # offscreen: pretend a user
    seen: dict[str, object] = {}
    _answer(qtbot, PASSWORD, seen)
    assert run(curator_db, "alice", quit_after=2.0) == 0
    assert "Password for" in str(seen["label"])


def test_open_store_without_a_password_says_where_to_type_it(qtbot, curator_db, no_password_anywhere, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from PySide6.QtCore import QSettings

    from app.ui.dialogs.stores import OpenStoreDialog, RecentStores, open_store_in_background

    recent = RecentStores(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    task = open_store_in_background(None, curator_db, recent, lambda s: pytest.fail("opened"))
    with qtbot.waitSignal(task.failed, timeout=30_000) as blocker:
        pass
    assert "the server wants a password — type it in the Password field" in blocker.args[0]
    task.error_box.close()
    # typed into that field: opened, and the list of recent stores keeps the URL without it
    dlg = OpenStoreDialog(recent, None, curator_db)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.password_edit, PASSWORD)
    opened: list = []
    open_store_in_background(None, dlg.location(), recent, opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    try:
        assert recent.items() == [curator_db]
    finally:
        opened[0].close()
