"""A curator's session in the workspace, checked in the store."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.importing import import_paths
from tests.ui.helpers import click, drag, key

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def doc_with(store, title_start: str) -> int:  # type: ignore[no-untyped-def]
    return next(d.id for d in store.list_documents() if d.title.startswith(title_start))


def open_chongqing(window):  # type: ignore[no-untyped-def]
    doc_id = doc_with(window.store, "The China-Shanghai")
    window.open_document(doc_id)
    return doc_id, window.store.get_document(doc_id).text


def mine(store, doc_id):  # type: ignore[no-untyped-def]
    return store.annotations(doc_id, annotator="alice")


def test_drag_part_of_a_word_and_press_a_hotkey(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc_id, text = open_chongqing(window)
    s = text.index("Chongqing on August")
    drag(qtbot, window.view, s + 2, s + 7)  # "ongqi": snapped to the word
    assert window.view.textCursor().hasSelection()
    key(qtbot, window.view, "g")
    anns = mine(window.store, doc_id)
    assert [(a.label, a.text, a.start, a.end, a.origin) for a in anns] == [
        ("GPE", "Chongqing", s, s + 9, "manual")
    ]
    assert "Saved" in window.statusBar().currentMessage()
    assert window.current == anns[0].id


def test_shift_arrows_then_palette_click(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc_id, text = open_chongqing(window)
    s = text.index("Smart China Expo 2021")
    click(qtbot, window.view, s)  # caret before "Smart"
    window.view.textCursor()
    for _ in range(len("Smart China Expo 2021")):
        key(qtbot, window.view, Qt.Key.Key_Right, SHIFT)
    qtbot.mouseClick(window.palette_widget.buttons["EVENT"], Qt.MouseButton.LeftButton)
    [a] = mine(window.store, doc_id)
    assert (a.label, a.text) == ("EVENT", "Smart China Expo 2021")


def test_relabel_move_delete_with_undo_redo_persisted(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    s = text.index("Vladimir Imamovich Norov")
    view = window.view
    drag(qtbot, view, s, s + len("Vladimir Imamovich"))
    key(qtbot, view, "o")  # ORG: wrong label...
    [a] = mine(store, doc_id)
    assert (a.label, a.text) == ("ORG", "Vladimir Imamovich")
    key(qtbot, view, "p")  # ...relabel the selected annotation
    assert [(x.id, x.label) for x in mine(store, doc_id)] == [(a.id, "PERSON")]

    key(qtbot, view, Qt.Key.Key_Right, ALT | SHIFT)  # end one word right
    [b] = mine(store, doc_id)
    assert (b.text, b.label) == ("Vladimir Imamovich Norov", "PERSON")
    key(qtbot, view, Qt.Key.Key_Right, ALT)  # start one word right
    assert mine(store, doc_id)[0].text == "Imamovich Norov"

    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo the start move: persisted
    assert mine(store, doc_id)[0].text == "Vladimir Imamovich Norov"
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo the end move
    assert mine(store, doc_id)[0].text == "Vladimir Imamovich"
    key(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo
    assert mine(store, doc_id)[0].text == "Vladimir Imamovich Norov"
    key(qtbot, view, Qt.Key.Key_Y, CTRL)  # redo (Ctrl+Y)
    assert mine(store, doc_id)[0].text == "Imamovich Norov"

    # select it by clicking on it, then delete
    window.select_annotation(None)
    click(qtbot, view, s + len("Vladimir I") + 2)
    assert window.current == a.id
    key(qtbot, view, Qt.Key.Key_Delete)
    assert mine(store, doc_id) == []
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo the delete: the same annotation is back
    [c] = mine(store, doc_id)
    assert (c.id, c.label, c.text) == (a.id, "PERSON", "Imamovich Norov")
    key(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert mine(store, doc_id) == []
    for _ in range(4):  # back to the first state: the ORG span as first created
        key(qtbot, view, Qt.Key.Key_Z, CTRL)
    [d] = mine(store, doc_id)
    assert (d.id, d.label, d.text) == (a.id, "ORG", "Vladimir Imamovich")
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # undo the creation
    assert mine(store, doc_id) == []
    key(qtbot, view, Qt.Key.Key_Y, CTRL)
    assert [x.id for x in mine(store, doc_id)] == [a.id]


def test_duplicate_is_refused_with_a_message(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    doc_id, text = open_chongqing(window)
    s = text.index("Belarus")
    for _ in range(2):
        drag(qtbot, window.view, s, s + 7)
        key(qtbot, window.view, "g")
    assert len(mine(window.store, doc_id)) == 1
    assert "exists already" in window.statusBar().currentMessage()


def test_backspace_deletes_and_tab_walks(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    for word, label in (("Belarus", "GPE"), ("Nikolai Snopkov", "PERSON")):
        i = text.index(word)
        store.add_annotation(doc_id, i, i + len(word), label, "alice")
    window.open_document(doc_id)
    key(qtbot, window.view, Qt.Key.Key_Tab)
    assert window.anns[window.current].text == "Nikolai Snopkov"
    key(qtbot, window.view, Qt.Key.Key_Tab)
    assert window.anns[window.current].text == "Belarus"
    key(qtbot, window.view, Qt.Key.Key_Backtab)
    assert window.anns[window.current].text == "Nikolai Snopkov"
    key(qtbot, window.view, Qt.Key.Key_Backspace)
    assert [a.text for a in mine(store, doc_id)] == ["Belarus"]


def test_annotation_list_click_selects_and_sorts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    for word, label in (("Belarus", "GPE"), ("Xi Jinping", "PERSON"), ("Chinese", "NORP")):
        i = text.index(word)
        store.add_annotation(doc_id, i, i + len(word), label, "alice")
    window.open_document(doc_id)
    table = window.ann_list
    model = table.model()
    assert [model.rows[r].text for r in range(3)] == ["Chinese", "Xi Jinping", "Belarus"]
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [a.label for a in model.rows] == ["GPE", "NORP", "PERSON"]
    rect = table.visualRect(model.index(2, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.anns[window.current].text == "Xi Jinping"
    assert window.details.ann.text == "Xi Jinping"
    key(qtbot, table, "n")  # a hotkey in the list relabels too
    assert [a.label for a in mine(store, doc_id) if a.text == "Xi Jinping"] == ["NORP"]


def test_note_and_figure_attributes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    s = text.index("18 SCO")
    drag(qtbot, window.view, s, s + 2)
    key(qtbot, window.view, "k")  # CARDINAL
    [a] = mine(store, doc_id)
    assert a.kind == "figure"
    try:
        import app.figures  # noqa: F401
    except ImportError:
        pass
    else:  # pre-filled by the figure normaliser
        assert a.attributes.get("value") == 18
    d = window.details
    assert d.figure.isVisible()
    d.value.clear()
    qtbot.keyClicks(d.value, "18")
    d.unit.setFocus()
    qtbot.keyClicks(d.unit, "countries")
    qtbot.keyClick(d.unit, Qt.Key.Key_Return)
    qtbot.keyClicks(d.note, "member states")
    qtbot.keyClick(d.note, Qt.Key.Key_Return)
    [b] = mine(store, doc_id)
    assert b.attributes["value"] == 18 and b.attributes["unit"] == "countries"
    assert b.note == "member states"
    window.undo_stack.undo()
    assert mine(store, doc_id)[0].note == ""


def test_relations_measures_and_period(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    spans = {}
    for word, label in (("18", "CARDINAL"), ("SCO countries including", "ORG"), ("2021", "DATE")):
        i = text.index(word, text.index("18 SCO") if word != "2021" else 0)
        spans[word] = store.add_annotation(doc_id, i, i + len(word), label, "alice")
    window.open_document(doc_id)
    window.select_annotation(spans["18"].id)
    key(qtbot, window.view, Qt.Key.Key_M, SHIFT)
    org = spans["SCO countries including"]
    click(qtbot, window.view, org.start + 1)
    key(qtbot, window.view, Qt.Key.Key_P, SHIFT)
    click(qtbot, window.view, spans["2021"].start + 1)
    rels = {(r.from_id, r.to_id, r.type) for r in store.relations(doc_id)}
    assert rels == {(spans["18"].id, org.id, "measures"), (spans["18"].id, spans["2021"].id, "period")}
    assert window.current == spans["18"].id
    assert window.details.relations.count() == 2
    window.undo_stack.undo()
    assert len(store.relations(doc_id)) == 1


def test_unicode_and_crlf_before_the_span(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
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
    doc_id = store.find_document(sha256=__import__("hashlib").sha256(text.encode()).hexdigest())
    assert doc_id is not None and store.get_document(doc_id).text == text
    window.open_document(doc_id)
    s = text.index("Zhengzhou")
    drag(qtbot, window.view, s, s + len("Zhengzhou"))
    key(qtbot, window.view, "g")
    c = text.index("郑州")
    drag(qtbot, window.view, c, c + 2)
    key(qtbot, window.view, "g")
    stored = store.get_document(doc_id).text
    anns = mine(store, doc_id)
    assert sorted(a.text for a in anns) == ["Zhengzhou", "郑州"]
    for a in anns:
        assert stored[a.start:a.end] == a.text


def test_accept_and_reject_suggestions(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    ids = {}
    for word, label in (("Chinese", "NORP"), ("Xi Jinping", "PERSON"), ("Belarus", "GPE")):
        i = text.index(word)
        ids[word] = store.add_annotation(doc_id, i, i + len(word), label, "alice", origin="suggested").id
    window.open_document(doc_id)
    assert all(s.pending for s in window.view.index.spans.values())
    key(qtbot, window.view, Qt.Key.Key_Tab)  # Chinese
    key(qtbot, window.view, Qt.Key.Key_Return)
    assert store.get_annotation(ids["Chinese"]).review_status == "accepted"
    assert window.current == ids["Xi Jinping"]  # Enter moved on to the next pending one
    key(qtbot, window.view, Qt.Key.Key_Delete)
    assert store.get_annotation(ids["Xi Jinping"]).review_status == "rejected"
    assert ids["Xi Jinping"] not in window.anns  # gone from the view, kept in the store
    assert ids["Xi Jinping"] in {a.id for a in store.annotations(doc_id, rejected=True)}
    window.undo_stack.undo()
    assert store.get_annotation(ids["Xi Jinping"]).review_status == "none"
    assert ids["Xi Jinping"] in window.anns
    window.editor._fill_accept_all_menu()  # Edit > Accept all suggestions of a label in this article
    [act] = [x for x in window.accept_all_menu.actions() if "GPE" in x.text()]
    act.trigger()
    assert store.get_annotation(ids["Belarus"]).review_status == "accepted"
    assert not window.view.index.spans[ids["Belarus"]].pending


def test_status_flow_ctrl_enter_opens_the_next_not_done(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    ids = store.document_ids()
    window.open_document(ids[0])
    store.set_status(ids[1], "done", annotator="alice")
    key(qtbot, window.view, Qt.Key.Key_Return, CTRL)
    assert store.progress(ids[0]) == {"alice": "done"}
    assert window.doc.id == ids[2]  # ids[1] was done already
    assert window.progress_label.text() == "2/5 done"
    row = window.doc_model.row_of(ids[0])
    assert window.doc_model.index(row, 2).data() == "done"
    key(qtbot, window.view, Qt.Key.Key_PageDown, CTRL)
    assert window.doc.id == ids[3]
    key(qtbot, window.view, Qt.Key.Key_PageUp, CTRL)
    assert window.doc.id == ids[2]
    assert store.status_counts("alice")["done"] == 2


def test_suggest_runs_off_the_ui_thread_then_reloads(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import threading

    open_chongqing(window)
    threads = []

    def suggest_figures(st, doc_ids, annotator, progress=None):  # type: ignore[no-untyped-def]
        # a stand-in recommender with the real signature, writing through the real store
        threads.append(threading.current_thread())
        for d in doc_ids:
            s = st.document_text(d).index("18 SCO")
            st.add_annotation(d, s, s + 2, "CARDINAL", annotator, origin="suggested")
        return 1

    window.suggesters["figures"] = suggest_figures
    window.suggest("figures")
    qtbot.waitUntil(lambda: window._task is None, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    [a] = [a for a in window.anns.values() if a.pending]
    assert (a.label, a.text) == ("CARDINAL", "18")
    assert a.id in window.view.index.spans
    assert "suggestion" in window.statusBar().currentMessage()


def test_open_annotation_scrolls_to_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = store.document_ids()[-1]
    text = store.get_document(doc_id).text
    s = len(text) - 30
    while not text[s].isalnum():
        s += 1
    ann = store.add_annotation(doc_id, s, s + 1, "GPE", "bob")  # a colleague's, far down
    window.open_annotation(doc_id, ann.id)
    assert window.doc.id == doc_id and window.current == ann.id
    assert window.view.viewport().rect().contains(window.view.qt_rect(s).toRect().center())


def test_a_conflicting_edit_is_refused_and_reloaded(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    s = text.index("Belarus")
    ann = store.add_annotation(doc_id, s, s + 7, "GPE", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id)
    store.update_annotation(ann.id, note="checked by a second window")  # meanwhile, elsewhere
    key(qtbot, window.view, "l")  # relabel as LOC from a stale copy
    assert store.get_annotation(ann.id).label == "GPE"  # refused, nothing overwritten
    assert "changed by someone else" in window.statusBar().currentMessage()
    assert window.anns[ann.id].note == "checked by a second window"  # reloaded
    key(qtbot, window.view, "l")  # now it applies
    assert store.get_annotation(ann.id).label == "LOC"


def test_relabel_from_the_details_editor(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    s = text.index("Belarus")
    ann = store.add_annotation(doc_id, s, s + 7, "GPE", "alice")
    window.open_document(doc_id)
    window.select_annotation(ann.id)
    combo = window.details.label
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the label after GPE in the schema: LOC
    assert store.get_annotation(ann.id).label == "LOC"


def test_the_figure_recommender_from_the_edit_menu(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("app.suggest.figures")
    store = window.store
    doc_id, _text = open_chongqing(window)
    assert window.suggest_figures_action.isEnabled()
    window.suggest_figures_action.trigger()
    qtbot.waitUntil(lambda: window._task is None, timeout=30_000)
    pending = [a for a in store.annotations(doc_id) if a.pending]
    assert pending and all(a.kind == "figure" for a in pending)
    assert {a.id for a in pending} <= set(window.view.index.spans)
    # accept the first with Enter, reject the next with Del: never proposed again
    window.select_annotation(pending[0].id)
    key(qtbot, window.view, Qt.Key.Key_Return)
    assert store.get_annotation(pending[0].id).review_status == "accepted"
    if len(pending) > 1:
        window.select_annotation(pending[1].id)
        key(qtbot, window.view, Qt.Key.Key_Delete)
        assert store.get_annotation(pending[1].id).review_status == "rejected"
        window.suggest_figures_action.trigger()
        qtbot.waitUntil(lambda: window._task is None, timeout=30_000)
        again = [a for a in store.annotations(doc_id) if a.pending]
        assert all((a.start, a.end) != (pending[1].start, pending[1].end) for a in again)


def suggestion_rows(store, doc_id):  # type: ignore[no-untyped-def]
    """Every column of the article's annotation rows (timestamps included) but ``version``:
    an undo writes a new one, so a copy read before it stays stale."""
    from sqlalchemy import select

    from app.models import Annotation

    cols = [c for c in Annotation.__table__.c if c.name != "version"]
    with store.engine.connect() as conn:
        rows = conn.execute(select(*cols).where(Annotation.document_id == doc_id))
        return sorted(tuple(r) for r in rows)


def test_relabelling_a_suggestion_keeps_it_pending(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    s = text.index("Belarus")
    sug = store.add_annotation(doc_id, s, s + 7, "GPE", "alice", origin="suggested")
    window.open_document(doc_id)
    window.select_annotation(sug.id)
    key(qtbot, window.view, "l")  # relabel as LOC: corrected, not accepted
    now = store.get_annotation(sug.id)
    assert (now.label, now.review_status, now.pending) == ("LOC", "none", True)
    assert window.view.index.spans[sug.id].pending
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    assert (store.get_annotation(sug.id).label, store.get_annotation(sug.id).pending) == ("GPE", True)
    key(qtbot, window.view, Qt.Key.Key_Return)  # Enter accepts it
    assert store.get_annotation(sug.id).review_status == "accepted"


def test_accept_all_is_one_transaction_and_one_exact_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    ids = []
    for word, label in (("Belarus", "GPE"), ("Chongqing", "GPE"), ("Xi Jinping", "PERSON")):
        i = text.index(word)
        ids.append(store.add_annotation(doc_id, i, i + len(word), label, "alice", origin="suggested").id)
    window.open_document(doc_id)
    before = suggestion_rows(store, doc_id)
    window.accept_all_menu.aboutToShow.emit()  # Edit > Accept all suggestions of a label
    [act] = [x for x in window.accept_all_menu.actions() if "GPE" in x.text()]
    act.trigger()
    assert [store.get_annotation(i).review_status for i in ids] == ["accepted", "accepted", "none"]
    assert not any(window.view.index.spans[i].pending for i in ids[:2])
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # ONE undo step puts every row back exactly
    assert suggestion_rows(store, doc_id) == before
    assert all(window.view.index.spans[i].pending for i in ids)
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo accepts them all again
    assert [store.get_annotation(i).review_status for i in ids] == ["accepted", "accepted", "none"]
