"""Workspace fixtures: settings isolated per test, a window on a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """QSettings go to a temp folder; the annotator dialog must never pop up."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    folder.mkdir()
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    from app.ui.main_window import MainWindow

    def no_dialog(cls, parent, default):  # type: ignore[no-untyped-def]
        raise AssertionError("the annotator dialog opened during a test")

    monkeypatch.setattr(MainWindow, "ask_annotator", classmethod(no_dialog))
    yield folder


@pytest.fixture
def window(qtbot, corpus_store):  # type: ignore[no-untyped-def]
    """The workspace on the five sample articles, as alice, first article open."""
    from app.ui import MainWindow

    w = MainWindow(corpus_store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(1300, 820)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.poll_timer.stop()
