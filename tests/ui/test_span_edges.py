"""Dragging an edge of the selected span with the mouse (issue 14 #12), checked in the store."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from app.importing import import_paths
from tests.ui.helpers import drag, key, point_at

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def edge_point(view, cp: int) -> QPoint:  # type: ignore[no-untyped-def]
    """The viewport point exactly on the boundary before code point ``cp`` (a span's edge)."""
    r = view.qt_rect(cp)
    return QPoint(int(round(r.x())), int(r.center().y()))


def drag_edge(qtbot, view, edge_cp: int, to_cp: int, mods=NONE) -> None:  # type: ignore[no-untyped-def]
    """Press on the edge at ``edge_cp``, move and release at the boundary before ``to_cp``."""
    vp = view.viewport()
    a, b = edge_point(view, edge_cp), point_at(view, to_cp)
    QTest.mouseMove(vp, a)
    qtbot.mousePress(vp, LEFT, mods, a)
    QTest.mouseMove(vp, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
    QTest.mouseMove(vp, b)
    qtbot.mouseRelease(vp, LEFT, mods, b)


def chongqing(window):  # type: ignore[no-untyped-def]
    doc_id = next(d.id for d in window.store.list_documents() if d.title.startswith("The China-Shanghai"))
    window.open_document(doc_id)
    return doc_id, window.doc.text


def test_hovering_an_edge_of_the_selected_span_shows_a_resize_cursor(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = chongqing(window)
    s = text.index("Imamovich")
    ann = store.add_annotation(doc_id, s, s + 9, "PERSON", "alice")
    window.open_document(doc_id)
    view, vp = window.view, window.view.viewport()
    QTest.mouseMove(vp, edge_point(view, s))
    assert vp.cursor().shape() != Qt.CursorShape.SizeHorCursor  # not selected: no edge to grab
    window.select_annotation(ann.id, scroll=False)
    QTest.mouseMove(vp, point_at(view, s + 4))
    for cp in (s, s + 9):
        QTest.mouseMove(vp, edge_point(view, cp))
        assert vp.cursor().shape() == Qt.CursorShape.SizeHorCursor
        QTest.mouseMove(vp, point_at(view, s + 4))  # the middle of the word: the usual cursor
        assert vp.cursor().shape() == Qt.CursorShape.IBeamCursor


def test_drag_the_start_then_the_end_snapped_to_words_with_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = chongqing(window)
    s = text.index("Imamovich")
    ann = store.add_annotation(doc_id, s, s + 9, "PERSON", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id, scroll=False)
    view = window.view
    v = text.index("Vladimir")
    drag_edge(qtbot, view, s, v + 3)  # the start into "Vladimir": the whole word
    got = store.get_annotation(ann.id)
    assert (got.start, got.end, got.text) == (v, s + 9, "Vladimir Imamovich")
    assert not view.textCursor().hasSelection()  # the drag selected no text
    assert window.current == ann.id and view.index.span(ann.id).qs == view.omap.to_qt(v)
    assert window.undo_stack.undoText() == "Move span boundary"
    n = text.index("Norov")
    drag_edge(qtbot, view, s + 9, n + 2)  # the end into "Norov"
    assert store.get_annotation(ann.id).text == "Vladimir Imamovich Norov"
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # each drag is one undo step, exact
    assert store.get_annotation(ann.id).text == "Vladimir Imamovich"
    key(qtbot, view, Qt.Key.Key_Z, CTRL)
    back = store.get_annotation(ann.id)
    assert (back.start, back.end, back.updated_at) == (ann.start, ann.end, ann.updated_at)
    assert back.version > ann.version  # undo writes a new version: an older copy stays stale
    key(qtbot, view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)  # redo
    assert store.get_annotation(ann.id).text == "Vladimir Imamovich"


def test_alt_drags_exactly_and_a_drag_back_to_the_start_writes_nothing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = chongqing(window)
    s = text.index("Imamovich")
    ann = store.add_annotation(doc_id, s, s + 9, "PERSON", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id, scroll=False)
    view = window.view
    n = text.index("Norov")
    drag_edge(qtbot, view, s + 9, n + 2, ALT)  # Alt: no snapping
    assert store.get_annotation(ann.id).text == "Imamovich No"
    version = store.get_annotation(ann.id).version
    drag_edge(qtbot, view, n + 2, n + 2)  # pressed and released on the edge: nothing moves
    assert store.get_annotation(ann.id).version == version
    assert window.undo_stack.count() == 1
    # snapping off in the settings: the drag is exact without Alt too
    window.snap_action.setChecked(False)
    drag_edge(qtbot, view, s, s + 3)
    assert store.get_annotation(ann.id).text == "movich No"


def test_a_drag_away_from_the_edges_still_selects_text(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = chongqing(window)
    s = text.index("Imamovich")
    ann = store.add_annotation(doc_id, s, s + 9, "PERSON", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id, scroll=False)
    n = text.index("Norov")
    drag(qtbot, window.view, n, n + 5)  # an ordinary selection elsewhere
    assert window.view.selection() == (n, n + 5)
    window.select_annotation(ann.id, scroll=False)
    drag(qtbot, window.view, s, n + 5)  # from just inside the span's start: a selection too
    assert window.view.selection() == (s, n + 5)
    assert store.get_annotation(ann.id).text == "Imamovich"


def test_edges_in_emoji_cjk_and_crlf_text(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = (
        "Emoji 👩‍💻 and 🎉 first.\r\n"
        "中文：郑州航空港 😀 扩建\r\n"
        "\r\n"
        "The Zhengzhou Airport handled 𝟙𝟚 flights.\r\n"
    )
    f = tmp_path / "unicode.txt"
    f.write_bytes(text.encode("utf-8"))
    import_paths(store, [str(f)])
    doc_id = store.find_document(sha256=hashlib.sha256(text.encode()).hexdigest())
    assert store.get_document(doc_id).text == text
    c, z, p = text.index("郑州"), text.index("Zhengzhou"), text.index("🎉")
    cjk = store.add_annotation(doc_id, c, c + 2, "GPE", "alice")
    zz = store.add_annotation(doc_id, z, z + 9, "ORG", "alice")
    party = store.add_annotation(doc_id, p, p + 1, "EVENT", "alice")
    window.open_document(doc_id)
    view = window.view
    window.select_annotation(cjk.id, scroll=False)
    drag_edge(qtbot, view, c + 2, c + 4)  # the end over 航空 (CJK: a token per character)
    window.select_annotation(zz.id, scroll=False)
    drag_edge(qtbot, view, z + 9, text.index("Airport") + 3)
    window.select_annotation(party.id, scroll=False)
    drag_edge(qtbot, view, p, text.index("and") + 1)  # before the emoji's surrogate pair
    stored = store.get_document(doc_id).text
    got = {a.id: a for a in store.annotations(doc_id)}
    assert got[cjk.id].text == "郑州航空" and (got[cjk.id].start, got[cjk.id].end) == (c, c + 4)
    assert got[zz.id].text == "Zhengzhou Airport"
    assert got[party.id].text == "and 🎉" and got[party.id].end == p + 1
    for a in got.values():
        assert stored[a.start:a.end] == a.text  # code points of the stored (CRLF) text


def test_while_dragging_a_bar_shows_where_the_edge_lands(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = chongqing(window)
    s = text.index("Imamovich")
    ann = store.add_annotation(doc_id, s, s + 9, "PERSON", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id, scroll=False)
    view, vp = window.view, window.view.viewport()
    v = text.index("Vladimir")
    before = vp.grab().toImage()
    a, b = edge_point(view, s), point_at(view, v + 3)
    QTest.mouseMove(vp, a)
    qtbot.mousePress(vp, LEFT, NONE, a)
    QTest.mouseMove(vp, b)
    assert view.edges.preview == (v, s + 9)  # snapped to the start of "Vladimir"
    during = vp.grab().toImage()
    bar = view.qt_rect(v)
    x, y = int(bar.x()), int(bar.center().y())
    assert during.pixel(x, y) != before.pixel(x, y)
    assert store.get_annotation(ann.id).start == s  # nothing written before the release
    qtbot.mouseRelease(vp, LEFT, NONE, b)
    assert view.edges.preview is None
    assert store.get_annotation(ann.id).start == v
