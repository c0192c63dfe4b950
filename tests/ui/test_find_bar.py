"""Find in the article (Ctrl+F), the article search (Ctrl+K) and jump-to scrolling."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.importing import import_paths
from app.ui.find_bar import find_all, first_term
from tests.ui.helpers import key

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def import_text(store, tmp_path, text: str) -> int:  # type: ignore[no-untyped-def]
    f = tmp_path / "article.txt"
    f.write_bytes(text.encode("utf-8"))
    import_paths(store, [str(f)])
    doc_id = store.find_document(sha256=hashlib.sha256(text.encode()).hexdigest())
    assert doc_id is not None and store.get_document(doc_id).text == text
    return doc_id


def long_unicode_text() -> str:
    """Emoji, CJK and CRLF before every hit; the hits in the first half of a long article."""
    lines = ["Emoji 👩‍💻 and 🎉 first.\r\n", "\r\n"]
    for i in range(120):
        where = "郑州航空港" if i % 10 == 3 else "the 中文 port"
        lines.append(f"Line {i} 😀 about {where} and 𝟙𝟚 flights.\r\n")
        if i % 25 == 0:
            lines.append("\r\n")
    lines += [f"Filler line {i} with nothing to find.\r\n" for i in range(120)]
    return "".join(lines)


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key presses carrying ``text`` (as an input method commits CJK; QTest types ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def highlighted(view) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The code-point spans of the article's extra selections."""
    return {
        (view.omap.from_qt(s.cursor.selectionStart()), view.omap.from_qt(s.cursor.selectionEnd()))
        for s in view.extraSelections()
    }


def in_sight(view, hits) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The hits whose first character is in the viewport."""
    h = view.viewport().height()
    return {hit for hit in hits if 0 <= view.qt_rect(hit[0]).top() < h}


def in_upper_third(view) -> bool:  # type: ignore[no-untyped-def]
    r = view.cursorRect(view.textCursor())
    return r.top() >= 0 and r.top() < view.viewport().height() / 3


def test_find_terms() -> None:
    assert find_all("Abc abc ABC", "abc") == [(0, 3), (4, 7), (8, 11)]
    assert find_all("Abc abc ABC", "abc", match_case=True) == [(4, 7)]
    assert find_all("a😀b😀b", "😀b") == [(1, 3), (3, 5)]  # code points
    assert first_term("trade with Belarus in Chongqing", "Chongqing belarus") == "belarus"
    assert first_term("trade with Belarus", "with Belarus") == "with Belarus"


def test_ctrl_f_finds_highlights_and_steps_in_unicode_crlf_text(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = long_unicode_text()
    doc_id = import_text(store, tmp_path, text)
    window.open_document(doc_id)
    view, bar = window.view, window.find_bar
    assert bar.isHidden()
    key(qtbot, view, Qt.Key.Key_F, CTRL)
    assert not bar.isHidden() and window.focusWidget() is bar.edit
    type_text(bar.edit, "郑州")
    hits = [(i, i + 2) for i in range(len(text)) if text.startswith("郑州", i)]
    assert len(hits) == 12 and bar.hits == hits
    assert bar.count.text() == "1 of 12"
    # the hits in sight highlighted where they are shown (Qt positions from the code points)
    assert in_sight(view, hits) <= highlighted(view) <= set(hits)
    assert len(in_sight(view, hits)) >= 2
    assert all(s.cursor.selectedText() == "郑州" for s in view.extraSelections())
    assert view.selection() == hits[0] and view.textCursor().selectedText() == "郑州"
    assert view.document().toPlainText() == text.replace("\r\n", "\n")  # the text untouched
    key(qtbot, bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 12" and view.selection() == hits[1]
    key(qtbot, bar.edit, Qt.Key.Key_Return, SHIFT)
    assert bar.count.text() == "1 of 12"
    key(qtbot, bar.edit, Qt.Key.Key_Return, SHIFT)  # wraps to the last, far down
    assert bar.count.text() == "12 of 12" and view.selection() == hits[11]
    assert view.verticalScrollBar().value() > 0 and in_upper_third(view)
    assert hits[11] in in_sight(view, hits) <= highlighted(view) <= set(hits)
    view.verticalScrollBar().setValue(0)  # scrolled by hand: the hits now in sight lit
    assert hits[0] in in_sight(view, hits) <= highlighted(view) and hits[11] not in highlighted(view)
    key(qtbot, bar.edit, Qt.Key.Key_F3)
    key(qtbot, bar.edit, Qt.Key.Key_F3)
    assert bar.count.text() == "2 of 12"
    key(qtbot, bar.edit, Qt.Key.Key_F3, SHIFT)
    key(qtbot, bar.edit, Qt.Key.Key_F3, SHIFT)
    assert bar.count.text() == "12 of 12"
    key(qtbot, bar.edit, Qt.Key.Key_F3, SHIFT)
    assert bar.count.text() == "11 of 12" and in_upper_third(view)
    # Esc: closed, no highlight left, the article has the focus and the hit its selection
    key(qtbot, bar.edit, Qt.Key.Key_Escape)
    assert bar.isHidden() and view.extraSelections() == []
    assert window.focusWidget() is view
    key(qtbot, view, "g")  # tag the hit found
    [ann] = store.annotations(doc_id, annotator="alice")
    assert (ann.start, ann.end, ann.label, ann.text) == (*hits[10], "GPE", "郑州")
    # F3 in the article opens the bar again with the last query, at the next hit
    key(qtbot, view, Qt.Key.Key_F3)
    assert not bar.isHidden() and bar.count.text() == "12 of 12"
    assert view.selection() == hits[11]
    key(qtbot, bar.edit, Qt.Key.Key_Escape)  # the hit stays selected: Shift+F3 goes before it
    key(qtbot, view, Qt.Key.Key_F3, SHIFT)
    assert bar.count.text() == "11 of 12" and view.selection() == hits[10]
    key(qtbot, bar.edit, Qt.Key.Key_Escape)
    key(qtbot, view, Qt.Key.Key_F3)  # and F3 past it
    assert bar.count.text() == "12 of 12" and view.selection() == hits[11]
    # case: "line" hits "Line" and "line" unless Match case
    bar.edit.setText("LINE")
    assert len(bar.hits) == text.lower().count("line")
    bar.case.setChecked(True)
    assert bar.hits == [] and bar.count.text() == "No hits"


def test_ctrl_k_searches_the_articles_and_enter_opens_the_first_hit(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    first = window.doc.id
    key(qtbot, window.view, Qt.Key.Key_K, CTRL)
    assert window.focusWidget() is window.search_box
    qtbot.keyClicks(window.search_box, "Belarus")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    doc = window.doc
    assert doc is not None and doc.id != first and doc.title.startswith("The China-Shanghai")
    bar = window.find_bar
    n = doc.text.lower().count("belarus")
    assert not bar.isHidden() and bar.edit.text() == "Belarus"
    assert bar.count.text() == f"1 of {n}"
    s = doc.text.index("Belarus")
    assert window.view.selection() == (s, s + 7) and in_upper_third(window.view)
    assert window.focusWidget() is window.view  # keys go to the article
    # picking a listed article while a query is active also opens it at its first hit
    window.find_bar.close_bar()
    window.search_box.setText("Chongqing")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    other = next(r.id for r in window.doc_model.rows if r.id != window.doc.id)
    row = window.doc_model.row_of(other)
    rect = window.doc_list.visualRect(window.doc_model.index(row, 0))
    qtbot.mouseClick(window.doc_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.doc.id == other
    otext = store.get_document(other).text
    i = otext.lower().index("chongqing")
    assert window.view.selection() == (i, i + 9) and not window.find_bar.isHidden()


def test_jump_to_puts_the_target_in_the_upper_third(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = long_unicode_text()
    doc_id = import_text(store, tmp_path, text)
    s = text.index("Line 100 ")
    far = store.add_annotation(doc_id, s, s + 8, "EVENT", "alice")
    near = store.add_annotation(doc_id, 0, 5, "EVENT", "alice")
    window.open_document(doc_id)
    view = window.view
    assert view.verticalScrollBar().value() == 0
    # a click on the annotation list's row
    row = window.ann_model.row_of(far.id)
    rect = window.ann_list.visualRect(window.ann_model.index(row, 1))
    qtbot.mouseClick(window.ann_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current == far.id
    assert view.selection() is None and view.omap.from_qt(view.textCursor().position()) == s
    assert in_upper_third(view)
    # what the figures table calls: from another article, to the span
    window.open_document(store.document_ids()[0])
    assert window.doc.id != doc_id
    window.open_annotation(doc_id, far.id)
    assert window.current == far.id and in_upper_third(view)
    # a target already in sight is not scrolled to
    window.select_annotation(near.id)
    value = view.verticalScrollBar().value()
    window.select_annotation(near.id)
    assert view.verticalScrollBar().value() == value

