"""Issue 14.4: link mode is visible, ends on Esc / a click off the spans, never links silently."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import click, drag, key

SHIFT = Qt.KeyboardModifier.ShiftModifier


def _setup(window):  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    text = store.get_document(doc_id).text
    i = text.index("18 SCO")
    fig = store.add_annotation(doc_id, i, i + 2, "CARDINAL", "alice")
    j = text.index("SCO countries including")
    org = store.add_annotation(doc_id, j, j + 3, "ORG", "alice")
    window.open_document(doc_id)
    return store, doc_id, text, fig, org


def _armed(window) -> bool:  # type: ignore[no-untyped-def]
    lm = window.link_mode
    shown = lm.indicator.isVisible()
    cross = window.view.viewport().cursor().shape() == Qt.CursorShape.CrossCursor
    assert shown == cross == lm.active
    return lm.active


def test_link_mode_is_visible_and_a_click_off_the_spans_ends_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc_id, text, fig, _org = _setup(window)
    view = window.view
    window.select_annotation(fig.id)
    key(qtbot, view, Qt.Key.Key_M, SHIFT)
    assert _armed(window)
    assert "the span this figure measures" in window.link_mode.indicator.text()
    assert "Esc" in window.link_mode.indicator.text()
    qtbot.wait(50)
    assert _armed(window)  # it stays visible: no timeout

    blank = text.index("Smart China Expo")  # untagged text
    click(qtbot, view, blank + 2)
    assert not _armed(window)
    assert "cancelled" in window.statusBar().currentMessage()

    # tagging something afterwards makes a plain span: no relation
    drag(qtbot, view, blank, blank + len("Smart China Expo 2021"))
    key(qtbot, view, "e")
    assert [a.label for a in store.annotations(doc_id, annotator="alice") if a.label == "EVENT"] == ["EVENT"]
    assert store.relations(doc_id) == []


def test_esc_or_a_new_selection_ends_link_mode_without_linking(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc_id, text, fig, _org = _setup(window)
    view = window.view
    window.select_annotation(fig.id)
    key(qtbot, view, Qt.Key.Key_P, SHIFT)
    assert _armed(window)
    assert "period" in window.link_mode.indicator.text()
    key(qtbot, view, Qt.Key.Key_Escape)
    assert not _armed(window)

    window.select_annotation(fig.id)
    key(qtbot, view, Qt.Key.Key_M, SHIFT)
    assert _armed(window)
    s = text.index("Vladimir Imamovich Norov")
    drag(qtbot, view, s, s + len("Vladimir Imamovich Norov"))  # select new text instead
    assert not _armed(window)
    key(qtbot, view, "p")
    assert any(a.label == "PERSON" for a in store.annotations(doc_id, annotator="alice"))
    assert store.relations(doc_id) == []


def test_tab_then_enter_or_a_click_on_a_span_links(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc_id, _text, fig, org = _setup(window)
    view = window.view
    window.select_annotation(fig.id)
    key(qtbot, view, Qt.Key.Key_M, SHIFT)
    key(qtbot, view, Qt.Key.Key_Tab)  # walk to the next span: a candidate, not yet linked
    assert window.current == org.id and _armed(window)
    assert store.relations(doc_id) == []
    key(qtbot, view, Qt.Key.Key_Return)
    assert {(r.from_id, r.to_id, r.type) for r in store.relations(doc_id)} == {(fig.id, org.id, "measures")}
    assert not _armed(window) and window.current == fig.id

    window.undo_stack.undo()
    assert store.relations(doc_id) == []
    key(qtbot, view, Qt.Key.Key_M, SHIFT)
    click(qtbot, view, org.start + 1)
    assert {(r.from_id, r.to_id) for r in store.relations(doc_id)} == {(fig.id, org.id)}
    assert not _armed(window)
