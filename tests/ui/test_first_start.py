"""A first start (no saved geometry) opens at four fifths of the screen's available area, centred
(issue 14: it opened at 790x480 on a 1920x1080 screen)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from app.ui.workspace_layout import MIN_WINDOW


def test_first_start_opens_at_a_share_of_the_screen_centred(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    from app.ui import MainWindow

    w = MainWindow(corpus_store, annotator="alice")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    avail = w.screen().availableGeometry()
    want = QSize(avail.width() * 4 // 5, avail.height() * 4 // 5).expandedTo(MIN_WINDOW).boundedTo(avail.size())
    assert abs(w.width() - want.width()) <= 1 and abs(w.height() - want.height()) <= 1, (w.size(), avail)
    assert w.height() >= avail.height() * 3 // 4  # not a corner of the screen
    centre = w.frameGeometry().center()
    assert abs(centre.x() - avail.center().x()) <= 2 and abs(centre.y() - avail.center().y()) <= 16, (
        w.frameGeometry(), avail)
    w.poll_timer.stop()
    w.close()
