"""Defects a new curator found on an X display (issue 14 follow-up), each driven through the
real widgets and checked in the store."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QPoint, Qt

from app.importing import import_paths
from tests.ui.helpers import key

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_esc_in_the_article_closes_the_find_bar_then_clears_the_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, bar = window.view, window.find_bar
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(bar.edit, "SCO")
    assert not bar.isHidden() and bar.hits and view.extraSelections()
    hit = bar.hit()
    view.setFocus()  # back in the article (a click, or Tab), the bar still open
    assert window.focusWidget() is view
    key(qtbot, view, Qt.Key.Key_Escape)
    assert bar.isHidden() and view.extraSelections() == [] and bar.hits == []
    assert window.focusWidget() is view and view.selection() == hit  # the hit stays selected
    key(qtbot, view, Qt.Key.Key_Escape)  # a second Esc: the selection as before
    assert view.selection() is None


def import_text(store, tmp_path, text: str, name: str = "article.txt") -> int:  # type: ignore[no-untyped-def]
    f = tmp_path / name
    f.write_bytes(text.encode("utf-8"))
    import_paths(store, [str(f)])
    doc_id = store.find_document(sha256=hashlib.sha256(text.encode()).hexdigest())
    assert doc_id is not None and store.get_document(doc_id).text == text
    return doc_id


def double_click(qtbot, view, cp: int) -> None:  # type: ignore[no-untyped-def]
    """Double-click the middle of the character at code point ``cp``."""
    r, nxt = view.qt_rect(cp), view.qt_rect(cp + 1)
    pos = QPoint(int((r.x() + nxt.x()) / 2), int(r.center().y()))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


POSSESSIVES = [  # (word double-clicked, apostrophe, what is tagged)
    ("China", "'", "China"),
    ("China", "\u2019", "China"),
    ("China", "\u2018", "China"),
    ("Xi", "'", "Xi"),
    ("Chongqing", "\u2019", "Chongqing"),
]


@pytest.mark.parametrize(("word", "apostrophe", "tagged"), POSSESSIVES)
def test_double_click_leaves_the_possessive_out(window, qtbot, tmp_path, word, apostrophe, tagged) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = f"😀 中文 first. Reports on {word}{apostrophe}s plan and more.\n"
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    view = window.view
    s = text.index(word)
    double_click(qtbot, view, s)
    assert view.selection() == (s, s + len(tagged))  # shown as it will be tagged
    key(qtbot, view, "g")
    [ann] = store.annotations(doc_id, annotator="alice")
    assert (ann.text, ann.start, ann.end, ann.label) == (tagged, s, s + len(tagged), "GPE")


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018"])
def test_a_selected_possessive_is_left_out_of_entity_spans_not_after_a_digit(window, qtbot, tmp_path, apostrophe) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = f"Beijing{apostrophe}s budget and the 1990{apostrophe}s boom.\n"
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    window.snap_action.setChecked(True)
    window.view.select(0, 9)  # "Beijing's" by Shift+arrows
    key(qtbot, window.view, "g")
    d = text.index("1990")
    window.view.select(d, d + 6)
    key(qtbot, window.view, "d")  # DATE: no letter before the apostrophe, kept
    got = sorted((a.text, a.label) for a in store.annotations(doc_id, annotator="alice"))
    assert got == [("1990" + apostrophe + "s", "DATE"), ("Beijing", "GPE")]


def test_a_figures_value_follows_its_boundary_and_undo_restores_it(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = "👩‍💻 中文 note. Leaders of 18 SCO countries met in 2021.\n"
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    view = window.view
    s = text.index("SCO countries")
    view.select(s, s + len("SCO countries"))
    key(qtbot, view, "k")  # CARDINAL: no number in "SCO countries"
    [ann] = store.annotations(doc_id, annotator="alice")
    assert (ann.text, ann.attributes) == ("SCO countries", {})
    key(qtbot, view, Qt.Key.Key_Left, ALT)  # the start one word left: "18 SCO countries"
    moved = store.get_annotation(ann.id)
    assert moved.text == "18 SCO countries"
    assert moved.attributes["value"] == 18 and moved.attributes["counted"] == "countries"
    assert window.details.value.text() == "18"  # the details show it
    assert window.undo_stack.count() == 2  # one operation for the move and the value
    key(qtbot, view, Qt.Key.Key_Z, CTRL)
    back = store.get_annotation(ann.id)
    assert (back.text, back.attributes, back.updated_at) == ("SCO countries", {}, ann.updated_at)
    key(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert store.get_annotation(ann.id).attributes == moved.attributes


def test_a_figure_edited_by_hand_keeps_its_values_when_its_edge_is_dragged(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_span_edges import drag_edge

    store = window.store
    text = "Leaders of 18 SCO countries met in 2021.\n"
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    view = window.view
    s = text.index("18")
    view.select(s, s + 6)  # "18 SCO"
    key(qtbot, view, "k")
    [ann] = store.annotations(doc_id, annotator="alice")
    assert ann.attributes["value"] == 18 and "counted" not in ann.attributes
    drag_edge(qtbot, view, s + 6, s + 12)  # detected values: read again from "18 SCO countries"
    assert store.get_annotation(ann.id).attributes["counted"] == "countries"
    field = window.details.figure.fields["counted"]  # the curator's own word
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "member states")
    key(qtbot, field, Qt.Key.Key_Return)
    assert store.get_annotation(ann.id).attributes["counted"] == "member states"
    window.select_annotation(ann.id, scroll=False)
    drag_edge(qtbot, view, s + len("18 SCO countries"), s + 6)  # back to "18 SCO": kept
    got = store.get_annotation(ann.id)
    assert got.text == "18 SCO" and got.attributes["counted"] == "member states"


def agree(window) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    """The annotation list's selected row and the details panel's annotation (ids)."""
    rows = window.ann_list.selectionModel().selectedRows()
    listed = window.ann_model.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None
    shown = window.details.ann.id if window.details.ann is not None else None
    return listed, shown


def test_after_undo_and_redo_the_list_and_the_details_agree(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    view = window.view
    words = [m for m in ("China", "SCO", "Chongqing", "digital") if m in text][:3]
    for w in words:
        s = text.index(w)
        view.select(s, s + len(w))
        key(qtbot, view, "o")
    anns = sorted(store.annotations(doc_id, annotator="alice"), key=lambda a: a.start)
    assert len(anns) == len(words)
    seen = []
    for keys in [(Qt.Key.Key_Z, CTRL)] * 3 + [(Qt.Key.Key_Z, CTRL | SHIFT)] * 3:
        key(qtbot, view, *keys)
        listed, shown = agree(window)
        seen.append((listed, shown))
        assert listed == shown, seen
    window.select_annotation(anns[1].id, scroll=False)
    key(qtbot, view, Qt.Key.Key_Delete)  # deletes it, selects the next
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # it is back: selected in both
    assert agree(window) == (anns[1].id, anns[1].id)
    key(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)  # deleted again
    listed, shown = agree(window)
    assert listed == shown and anns[1].id not in (listed, shown)
    window.select_annotation(anns[0].id, scroll=False)
    key(qtbot, view, Qt.Key.Key_Right, ALT | SHIFT)  # its end one word right
    assert store.get_annotation(anns[0].id).end > anns[0].end
    window.select_annotation(None, scroll=False)
    key(qtbot, view, Qt.Key.Key_Z, CTRL)  # the move undone: the moved span selected in both
    assert agree(window) == (anns[0].id, anns[0].id)


def answer_box(qtbot, then) -> list[str]:  # type: ignore[no-untyped-def]
    """Handle the next message box when it shows: record its text, then ``then(box)``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []
    tries = [100]  # two seconds at most: never left behind to answer a later test's box

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append(box.text())
            then(box)
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_ctrl_enter_with_pending_suggestions_asks_first_default_no(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    for w in ("China", "SCO"):
        s = text.index(w)
        store.add_annotation(doc_id, s, s + len(w), "GPE", "alice", origin="suggested")
    window.open_document(doc_id)
    view = window.view
    seen = answer_box(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))  # Enter: No
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    assert seen and "2 suggestions are still pending" in seen[0]
    assert store.progress(doc_id) == {} and window.doc.id == doc_id  # nothing written, stayed
    assert "Not marked done" in window.statusBar().currentMessage()
    seen = answer_box(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    assert seen and store.progress(doc_id) == {"alice": "done"} and window.doc.id != doc_id
    # no pending suggestion: no question
    other = window.doc.id
    key(qtbot, window.view, Qt.Key.Key_Return, CTRL)
    assert store.progress(other) == {"alice": "done"}


def test_find_in_the_article_ignores_accents_and_case_like_the_list_search(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_find_bar import highlighted, type_text

    store = window.store
    text = (
        "Emoji 👩‍💻 and 🎉 first, 中文：郑州航空港 😀 𝟙𝟚.\r\n"
        "Flights to São Paulo, to SAO PAULO and to sa\u0303o paulo (decomposed).\r\n"
    )
    doc_id = import_text(store, tmp_path, text)
    # the list search finds the article without the accent: the find bar must agree
    window.search_box.setText("sao paulo")
    window.navigator._on_search()
    assert doc_id in [r.id for r in window.doc_model.rows]
    window.open_document(doc_id)
    view, bar = window.view, window.find_bar
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    type_text(bar.edit, "sao paulo")
    a = text.index("São Paulo")
    b = text.index("SAO PAULO")
    c = text.index("sa\u0303o paulo")
    assert bar.hits == [(a, a + 9), (b, b + 9), (c, c + 10)]
    assert bar.count.text() == "1 of 3"
    assert highlighted(view) == set(bar.hits)  # UTF-16 positions mapped back exactly
    assert [s.cursor.selectedText() for s in view.extraSelections()] == [
        "São Paulo", "SAO PAULO", "sa\u0303o paulo"]
    key(qtbot, bar.edit, Qt.Key.Key_Escape)
    key(qtbot, view, "g")  # tag the first hit
    [ann] = store.annotations(doc_id, annotator="alice")
    assert (ann.start, ann.end, ann.text) == (a, a + 9, "São Paulo")
    key(qtbot, view, Qt.Key.Key_F3)  # the next hit, the decomposed one whole (mark included)
    key(qtbot, view, Qt.Key.Key_F3)
    assert view.selection() == (c, c + 10)
    bar.case.setChecked(True)  # match case: accents still ignored, case not
    assert [text[s:e] for s, e in bar.hits] == ["sa\u0303o paulo"]


def test_linking_a_figure_to_its_period_fills_the_period_field_in_one_undo_step(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.helpers import click

    store = window.store
    text = "😀 中文. Trade with SCO countries grew by 18 percent in the first quarter of 2021 overall.\n"
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    view = window.view
    f = text.index("18 percent")
    view.select(f, f + 10)
    key(qtbot, view, "c")  # PERCENT
    q = text.index("the first quarter of 2021")
    view.select(q, q + len("the first quarter of 2021"))
    key(qtbot, view, "d")  # DATE
    anns = {a.label: a for a in store.annotations(doc_id, annotator="alice")}
    fig, date = anns["PERCENT"], anns["DATE"]
    assert "period" not in fig.attributes
    window.select_annotation(fig.id, scroll=False)
    key(qtbot, view, Qt.Key.Key_P, SHIFT)
    click(qtbot, view, q + 5)
    got = store.get_annotation(fig.id)
    assert got.attributes["period"] == "2021-01-01/2021-03-31" and got.attributes["value"] == 18
    assert [(r.from_id, r.to_id, r.type) for r in store.relations(doc_id)] == [(fig.id, date.id, "period")]
    assert window.current == fig.id and window.details.figure.fields["period"].text() == "2021-01-01/2021-03-31"
    assert window.undo_stack.count() == 3  # one step for the link and the field
    key(qtbot, view, Qt.Key.Key_Z, CTRL)
    back = store.get_annotation(fig.id)
    assert "period" not in back.attributes and back.updated_at == fig.updated_at
    assert store.relations(doc_id) == []
    key(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert store.get_annotation(fig.id).attributes["period"] == "2021-01-01/2021-03-31"
    assert len(store.relations(doc_id)) == 1


def test_ctrl_e_exports_from_the_search_box(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialog

    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "chong")  # typing still types
    key(qtbot, window.search_box, Qt.Key.Key_E, CTRL)
    dialogs = [d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()]
    assert [d.objectName() for d in dialogs] == ["exportDialog"]
    assert window.search_box.text() == "chong"
    for d in dialogs:
        d.close()


def test_ctrl_e_from_the_search_box_on_x11(tmp_path, corpus_store, store_path) -> None:  # type: ignore[no-untyped-def]
    """On X11 a line edit claims Ctrl+E (end of line): needs an X server, given as
    CURATOR_TEST_DISPLAY (e.g. Xvfb's ":81"); offscreen Qt has no such binding."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    display = os.environ.get("CURATOR_TEST_DISPLAY")
    if not display:
        pytest.skip("no X display for the xcb run (set CURATOR_TEST_DISPLAY)")
    path = str(store_path)  # the five sample articles (corpus_store)
    settings = tmp_path / "x11settings"
    settings.mkdir()
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "XDG_DATA_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("x11_ctrl_e.py")), path, str(settings)],
        env=env, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[2],
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert "Ctrl+E" in got["binds"]  # the binding that made the field swallow it
    assert got["dialogs"] == ["exportDialog"] and got["typed"] == "chong"
