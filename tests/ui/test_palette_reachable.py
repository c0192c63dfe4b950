"""Every label stays reachable in a short window (issue 14: at 1024x640 the palette showed 4 of 9
entity labels when the store opened after the window was shown, as ``curator gui`` does)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication


def _unclipped(w, button) -> bool:  # type: ignore[no-untyped-def]
    """The button's whole rect is inside every ancestor up to the window (nothing cuts it)."""
    r = QRect(QPoint(0, 0), button.size())
    widget = button
    while widget is not w:
        parent = widget.parentWidget()
        r = r.translated(widget.pos())
        if not QRect(QPoint(0, 0), parent.size()).contains(r):
            return False
        widget = parent
    return True


def test_every_label_button_is_visible_at_1024x640_with_a_tall_details_panel(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    from app.ui import MainWindow

    w = MainWindow()  # as `curator gui`: the window shows first, the store opens after
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    w.set_store(corpus_store, "alice")
    w.resize(1024, 640)
    QApplication.processEvents()
    doc = w.doc
    assert doc is not None
    figure = next(lv.name for lv in w.labels if lv.kind == "figure")
    corpus_store.add_annotation(doc.id, 0, 3, figure, "alice")
    w.open_document(doc.id)
    w.ann_list.setFocus()
    qtbot.mouseClick(w.ann_list.viewport(), Qt.MouseButton.LeftButton,
                     pos=w.ann_list.visualRect(w.ann_model.index(0, 0)).center())
    QApplication.processEvents()
    assert w.details.isVisible() and w.details.height() > 300  # the figure's fields: a tall panel
    names = [lv.name for lv in w.labels]
    assert sorted(w.palette_widget.buttons) == sorted(names)
    hidden = [n for n, b in w.palette_widget.buttons.items() if not (b.isVisible() and _unclipped(w, b))]
    assert hidden == [], (hidden, w.palette_widget.geometry(), w.palette_widget.minimumHeight())
    assert w.palette_widget.height() >= w.palette_widget.minimumHeight()
    w.poll_timer.stop()
    w.close()
