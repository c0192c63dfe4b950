"""Room for the article (issue 14 #13): proportions, collapsible panels, sizes kept, the screen.

Fresh windows here have no saved settings (``isolated_settings``); the offscreen screen is
800x800, so a window may be resized past it as a big monitor's would be.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.ui.workspace_layout import ARTICLE_MIN_COLUMNS

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_window(qtbot, store, width: int = 0, height: int = 0):  # type: ignore[no-untyped-def]
    from app.ui import MainWindow

    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    QApplication.processEvents()  # fitted to the (800x800) screen once shown
    if width:
        w.resize(width, height)  # as on a monitor of that size
        QApplication.processEvents()
    return w


def close(w) -> None:  # type: ignore[no-untyped-def]
    w.poll_timer.stop()
    w.close()


def drag_handle(qtbot, w, index: int, dx: int) -> None:  # type: ignore[no-untyped-def]
    """Drag the splitter handle before widget ``index`` by ``dx`` pixels with the mouse."""
    handle = w.splitter.handle(index)
    mid = QPoint(handle.width() // 2, handle.height() // 2)
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=mid)
    for step in (dx // 2, dx):
        QTest.mouseMove(handle, mid + QPoint(step, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=mid + QPoint(dx, 0))
    QApplication.processEvents()


def assert_palette_clear(w) -> None:  # type: ignore[no-untyped-def]
    """Every label button is whole (its text fits), inside its group, and overlaps no other."""
    rects: list[QRect] = []
    for name, button in w.palette_widget.buttons.items():
        assert button.isVisible(), name
        assert button.width() >= button.sizeHint().width(), name
        group = button.parentWidget().parentWidget()
        r = QRect(button.mapTo(group, QPoint(0, 0)), button.size())
        assert group.contentsRect().contains(r), (name, r, group.contentsRect())
        top_left = button.mapTo(w.palette_widget, QPoint(0, 0))
        rects.append(QRect(top_left, button.size()))
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)
    palette = w.palette_widget
    assert palette.height() >= palette.minimumHeight()


def test_article_takes_most_of_the_width_at_1024x640(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, corpus_store, 1024, 640)
    assert w.size().width() == 1024
    assert w.view.width() / w.width() >= 0.55, w.splitter.sizes()  # was 0.32
    left, _article, right = w.splitter.sizes()
    assert left > 0 and right > 0  # both panels still shown
    assert_palette_clear(w)
    close(w)


def test_article_wraps_to_its_width_at_1920x1080(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    """Sized while hidden (a restored geometry, a window brought back), then shown at full HD:
    the text wraps in its centred column, no horizontal scrollbar."""
    w = open_window(qtbot, corpus_store)
    w.hide()
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert w.width() == 1920
    bar = w.view.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()  # was a 506 px overflow
    doc_width = w.view.document().documentLayout().documentSize().width()
    assert doc_width <= w.view.viewport().width()
    assert w.view.viewportMargins().left() > 0  # a centred reading column
    close(w)


def test_the_article_never_collapses(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, corpus_store, 1024, 640)
    least = w.view.fontMetrics().averageCharWidth() * ARTICLE_MIN_COLUMNS
    drag_handle(qtbot, w, 2, -900)  # the annotation panel's edge dragged across the article
    assert w.view.width() >= least, w.splitter.sizes()
    drag_handle(qtbot, w, 1, 900)  # the article list's edge dragged across it
    assert w.view.width() >= least, w.splitter.sizes()
    assert not w.splitter.isCollapsible(1)
    close(w)


def test_side_panels_collapse_and_keep_their_width_across_windows(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, corpus_store, 1024, 640)
    drag_handle(qtbot, w, 1, 60)  # widen the article list by mouse
    wide = w.splitter.sizes()[0]
    assert wide > 200
    list_action = w.findChild(type(w.quit_action), "documentPanelAction")
    panel_action = w.findChild(type(w.quit_action), "annotationPanelAction")
    assert list_action.isChecked() and panel_action.isChecked()
    right = w.splitter.sizes()[2]

    qtbot.keyClick(w.view, Qt.Key.Key_D, CTRL_SHIFT)  # collapse the annotation panel...
    assert w.splitter.sizes()[2] == 0 and not panel_action.isChecked()
    article = w.view.width()
    assert article / w.width() > 0.7
    qtbot.keyClick(w.view, Qt.Key.Key_D, CTRL_SHIFT)  # ...and back at the width it had
    assert w.splitter.sizes()[2] == right and panel_action.isChecked()

    qtbot.keyClick(w.view, Qt.Key.Key_L, CTRL_SHIFT)  # collapse the list, then quit
    assert w.splitter.sizes()[0] == 0 and not list_action.isChecked()
    close(w)

    w2 = open_window(qtbot, corpus_store)
    assert w2.splitter.sizes()[0] == 0  # still collapsed in the new window
    list_action2 = w2.findChild(type(w2.quit_action), "documentPanelAction")
    assert not list_action2.isChecked()
    assert w2.splitter.sizes()[2] == right
    qtbot.keyClick(w2.view, Qt.Key.Key_L, CTRL_SHIFT)
    assert w2.splitter.sizes()[0] == wide  # the width it had before it was collapsed
    assert list_action2.isChecked()

    drag_handle(qtbot, w2, 2, 400)  # dragging a panel shut unchecks its action
    assert w2.splitter.sizes()[2] == 0
    assert not w2.findChild(type(w2.quit_action), "annotationPanelAction").isChecked()
    close(w2)


def test_window_minimum_and_screen(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, corpus_store)
    screen = w.screen().availableGeometry()
    assert screen.contains(w.frameGeometry())  # a fresh window fits the screen (was 1380x860)
    assert w.minimumWidth() >= 720 and w.minimumHeight() >= 480  # was 408 wide
    w.resize(300, 200)
    QApplication.processEvents()
    assert w.width() >= 720 and w.height() >= 480
    assert w.view.width() >= w.view.fontMetrics().averageCharWidth() * ARTICLE_MIN_COLUMNS
    assert_palette_clear(w)

    w.resize(2600, 1900)  # bigger than the screen, and off it: saved like this...
    w.move(3000, 2500)
    close(w)
    w2 = open_window(qtbot, corpus_store)
    assert screen.contains(w2.frameGeometry()), w2.frameGeometry()  # ...restored on the screen
    close(w2)


def test_a_long_link_wraps_inside_the_column(qtbot, corpus_store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.importing import import_paths

    link = "https://example.org/?token=" + "Zx9Qa" * 80  # no break opportunity in it
    f = tmp_path / "link.txt"
    f.write_text(f"Read the report at {link} before the forum.\n", encoding="utf-8")
    import_paths(corpus_store, [str(f)])
    w = open_window(qtbot, corpus_store, 1024, 640)
    doc = next(d for d in corpus_store.list_documents() if d.title.startswith("Read the report"))
    w.open_document(doc.id)
    QApplication.processEvents()
    assert w.view.horizontalScrollBar().maximum() == 0  # broken anywhere, not scrolled
    close(w)


def test_ctrl_k_opens_a_collapsed_article_list_first(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    w = open_window(qtbot, corpus_store, 1024, 640)
    list_action = w.findChild(type(w.quit_action), "documentPanelAction")
    qtbot.keyClick(w.view, Qt.Key.Key_L, CTRL_SHIFT)  # collapse the list
    assert w.splitter.sizes()[0] == 0 and not list_action.isChecked()
    qtbot.keyClick(w.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert w.splitter.sizes()[0] > 0 and list_action.isChecked()  # shown again...
    assert w.search_box.isVisible() and w.search_box.visibleRegion().boundingRect().width() > 0
    qtbot.waitUntil(lambda: w.search_box.hasFocus(), timeout=3000)  # ...then its search box
    qtbot.keyClicks(w.search_box, "Chongqing")
    assert w.search_box.text() == "Chongqing"
    close(w)
