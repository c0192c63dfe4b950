"""The link-mode prompt is read whole at 1024 px (issue 14: it was cut off by the store path)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import key


def test_link_mode_hint_is_whole_at_1024(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    window.resize(1024, 640)
    window.store_label.setText("Store: sqlite:////home/curator/projects/sco-articles/annotations-2021.db")
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    text = store.get_document(doc_id).text
    i = text.index("18 SCO")
    fig = store.add_annotation(doc_id, i, i + 2, "CARDINAL", "alice")
    window.open_document(doc_id)
    window.select_annotation(fig.id)
    key(qtbot, window.view, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)
    QApplication.processEvents()
    hint = window.link_mode.indicator
    assert hint.isVisible() and "the span this figure measures" in hint.text()
    need = hint.fontMetrics().horizontalAdvance(hint.text())
    assert hint.contentsRect().width() >= need, (hint.width(), need)  # not cut
    bar = window.statusBar()
    r = QRect(hint.mapTo(bar, QPoint(0, 0)), hint.size())
    assert bar.rect().contains(r), (r, bar.rect())
    key(qtbot, window.view, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not hint.isVisible() and window.store_label.isVisible()  # the store is named again
