"""The suggestion flow: Enter accepts, Del rejects, each moves on to the next pending one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.ui.helpers import key

CTRL = Qt.KeyboardModifier.ControlModifier
WORDS = (
    ("Chongqing", "GPE"), ("Chinese", "NORP"), ("Xi Jinping", "PERSON"), ("Belarus", "GPE"),
    ("Smart China Expo 2021", "EVENT"),
)


def suggest(window):  # type: ignore[no-untyped-def]
    """Five pending suggestions in the CHONGQING article, in text order; the article open."""
    store = window.store
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    text = store.get_document(doc_id).text
    made = [
        store.add_annotation(doc_id, (i := text.index(w)), i + len(w), label, "alice", origin="suggested")
        for w, label in WORDS
    ]
    window.open_document(doc_id)
    return doc_id, [a.id for a in sorted(made, key=lambda a: a.start)]


def status(window, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    label = window.pending_status
    qtbot.waitUntil(lambda: label.text() == text, timeout=3000)
    assert label.isVisibleTo(window)


def test_enter_accepts_del_rejects_and_each_moves_on(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, ids = suggest(window)
    view = window.view
    status(window, qtbot, "5 pending")
    key(qtbot, view, Qt.Key.Key_Tab)
    key(qtbot, view, Qt.Key.Key_Tab)  # the second suggestion
    assert window.current == ids[1]
    status(window, qtbot, "2 of 5 pending")
    key(qtbot, view, Qt.Key.Key_Return)  # accepts it, moves to the third
    assert store.get_annotation(ids[1]).review_status == "accepted"
    assert window.current == ids[2]
    status(window, qtbot, "2 of 4 pending")
    key(qtbot, view, Qt.Key.Key_Delete)  # rejects the third, moves to the fourth
    assert store.get_annotation(ids[2]).review_status == "rejected"
    assert window.current == ids[3] and ids[2] not in window.anns
    status(window, qtbot, "2 of 3 pending")
    key(qtbot, view, Qt.Key.Key_Return)
    assert window.current == ids[4]
    key(qtbot, view, Qt.Key.Key_Return)  # the last in the text: wraps to the first pending
    assert window.current == ids[0]
    status(window, qtbot, "1 of 1 pending")
    # each decision is one undo step, restoring the row exactly
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo selects what it brought back (list and details)
    assert store.get_annotation(ids[4]).pending
    assert window.current == ids[4]
    status(window, qtbot, "2 of 2 pending")
    key(qtbot, view, Qt.Key.Key_Return)  # accepted again; the next pending wraps to the first
    assert store.get_annotation(ids[4]).review_status == "accepted"
    assert window.current == ids[0]
    key(qtbot, view, Qt.Key.Key_Delete)
    assert store.get_annotation(ids[0]).review_status == "rejected"
    # none left: the last decided stays decided, the status field goes away
    assert [a.id for a in store.annotations(doc_id) if a.pending] == []
    assert "No suggestions left" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.pending_status.isHidden(), timeout=3000)
    decided = {i: store.get_annotation(i).review_status for i in ids}
    assert decided == {
        ids[0]: "rejected", ids[1]: "accepted", ids[2]: "rejected", ids[3]: "accepted",
        ids[4]: "accepted",
    }


def test_the_details_buttons_follow_the_same_flow(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    _doc_id, ids = suggest(window)
    window.select_annotation(ids[0])
    acc = window.details.findChild(QPushButton, "acceptButton")
    rej = window.details.findChild(QPushButton, "rejectButton")
    qtbot.mouseClick(acc, Qt.MouseButton.LeftButton)
    assert store.get_annotation(ids[0]).review_status == "accepted" and window.current == ids[1]
    qtbot.mouseClick(rej, Qt.MouseButton.LeftButton)
    assert store.get_annotation(ids[1]).review_status == "rejected" and window.current == ids[2]
    status(window, qtbot, "1 of 3 pending")


def test_the_flow_works_from_the_annotation_list_too(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    _doc_id, ids = suggest(window)
    row = window.ann_model.row_of(ids[2])
    rect = window.ann_list.visualRect(window.ann_model.index(row, 1))
    qtbot.mouseClick(window.ann_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current == ids[2]
    key(qtbot, window.ann_list, Qt.Key.Key_Return)
    assert store.get_annotation(ids[2]).review_status == "accepted" and window.current == ids[3]
    selected = window.ann_list.selectionModel().selectedRows()
    assert [window.ann_model.data(i, Qt.ItemDataRole.UserRole) for i in selected] == [ids[3]]
    key(qtbot, window.ann_list, Qt.Key.Key_Delete)
    assert store.get_annotation(ids[3]).review_status == "rejected" and window.current == ids[4]
    status(window, qtbot, "3 of 3 pending")


def test_suggesting_selects_the_first_new_suggestion(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Del right after Edit → Suggest figures rejects a suggestion, never the manual span that
    was selected before (it used to be deleted)."""
    import pytest

    from tests.ui.helpers import drag

    pytest.importorskip("app.suggest.figures")
    store = window.store
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    window.open_document(doc_id)
    text = store.get_document(doc_id).text
    s = text.index("Chongqing on August")
    drag(qtbot, window.view, s + 2, s + 7)
    key(qtbot, window.view, "g")  # a manual GPE "Chongqing", selected
    [manual] = store.annotations(doc_id, annotator="alice")
    assert window.current == manual.id
    window.suggest_figures_action.trigger()
    qtbot.waitUntil(lambda: window._task is None, timeout=30_000)
    made = sorted((a for a in store.annotations(doc_id) if a.pending), key=lambda a: (a.start, a.end))
    assert made and window.current == made[0].id
    assert "Enter accepts, Del rejects" in window.statusBar().currentMessage()
    key(qtbot, window.view, Qt.Key.Key_Delete)
    assert [a.id for a in store.annotations(doc_id, annotator="alice") if a.origin == "manual"] == [manual.id]
    assert store.get_annotation(made[0].id).review_status == "rejected"
    # nothing new the second time: said so, without the keys' hint
    window.suggest_figures_action.trigger()
    qtbot.waitUntil(lambda: window._task is None, timeout=30_000)
    assert window.statusBar().currentMessage() == "No new figure suggestions"


def test_rejecting_the_last_pending_leaves_list_and_details_agreeing(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Found in the X session: Enter on the first, Del on the last pending one: the list
    highlighted the accepted row while the details said "No annotation selected"."""
    store = window.store
    doc_id, ids = suggest(window)
    for i in ids[:3]:
        store.update_annotation(i, review_status="accepted", by="alice")
    window.editor.reload_annotations()
    window.select_annotation(ids[3])
    key(qtbot, window.view, Qt.Key.Key_Return)  # accepts the fourth, moves to the fifth
    assert window.current == ids[4]
    key(qtbot, window.view, Qt.Key.Key_Delete)  # rejects the last pending one
    assert store.get_annotation(ids[4]).review_status == "rejected"
    selected = {window.ann_model.rows[ix.row()].id for ix in window.ann_list.selectionModel().selectedRows()}
    shown = window.details.ann.id if window.details.ann is not None else None
    assert selected == ({window.current} if window.current else set())
    assert shown == window.current
