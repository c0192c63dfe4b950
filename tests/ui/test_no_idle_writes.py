"""Issue 14.7: clicking rows (annotation list, article list) writes nothing; real edits do."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import drag, key


def _rows(store, doc_id):  # type: ignore[no-untyped-def]
    return {a.id: (a.version, a.updated_at, a.note, a.attributes) for a in store.annotations(doc_id)}


def _click_row(qtbot, table, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_rows_writes_nothing_only_edits_write(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, view = window.store, window.view
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    window.open_document(doc_id)
    text = window.doc.text
    s = text.index("Chongqing on August")
    drag(qtbot, view, s, s + len("Chongqing"))
    key(qtbot, view, "g")
    digit = next(i for i, ch in enumerate(text) if ch.isdigit())
    end = digit
    while end < len(text) and text[end].isdigit():
        end += 1
    drag(qtbot, view, digit, end)
    key(qtbot, view, "k")  # CARDINAL: the figure normaliser fills value (unit/qualifier None)
    before = _rows(store, doc_id)
    assert len(before) == 2
    window.statusBar().clearMessage()

    for _round in range(2):  # every row, twice: leaving a row must not write it
        for row in range(window.ann_model.rowCount()):
            _click_row(qtbot, window.ann_list, row)
            assert "Saved" not in window.statusBar().currentMessage()
    assert _rows(store, doc_id) == before

    other = next(r for r in range(window.doc_model.rowCount()) if window.doc_model.rows[r].id != doc_id)
    _click_row(qtbot, window.doc_list, other)
    assert window.doc.id != doc_id
    assert "Saved" not in window.statusBar().currentMessage()
    assert _rows(store, doc_id) == before

    # a real edit still writes: type a note, then click another row (focus leaves the field)
    window.open_document(doc_id)
    _click_row(qtbot, window.ann_list, 0)
    edited = window.current
    window.details.note.setFocus()
    qtbot.keyClicks(window.details.note, "check")
    _click_row(qtbot, window.ann_list, 1)
    after = _rows(store, doc_id)
    assert after[edited][2] == "check" and after[edited][0] == before[edited][0] + 1
    assert {k: v for k, v in after.items() if k != edited} == {
        k: v for k, v in before.items() if k != edited
    }
