"""Figures in the details panel (issue 14 #16): every attribute shown, edited, undone, stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from app.figures import normalise
from app.figures.reading import grouped, parse_number, scaled
from app.suggest import suggest_figures
from tests.ui.helpers import drag, key

CTRL = Qt.KeyboardModifier.ControlModifier


def field(window, name: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    w = window.details.findChild(QLineEdit, name)
    assert w is not None, name
    return w


def type_into(qtbot, w: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus the field, replace its text by typing, and press Enter (as a curator would)."""
    w.setFocus()
    qtbot.keyClick(w, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(w, Qt.Key.Key_Backspace)
    qtbot.keyClicks(w, text)
    qtbot.keyClick(w, Qt.Key.Key_Return)


def scroll_to(view, cp: int) -> None:  # type: ignore[no-untyped-def]
    """Scroll the article so that code point ``cp`` is in the middle of the view."""
    c = view.textCursor()
    c.setPosition(view.omap.to_qt(cp))
    view.setTextCursor(c)
    view.centerCursor()


def open_doc(window, title_start: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    doc_id = next(d.id for d in window.store.list_documents() if d.title.startswith(title_start))
    window.open_document(doc_id)
    return doc_id, window.store.get_document(doc_id).text


def test_tagged_money_shows_grouped_digits_and_edits_period_and_value_undoably(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_doc(window, "SCO Secretary-General")
    s = text.index("nearly 38 trillion yuan")
    scroll_to(window.view, s)
    drag(qtbot, window.view, s, s + len("nearly 38 trillion yuan"))
    key(qtbot, window.view, "m")  # MONEY
    [ann] = store.annotations(doc_id, annotator="alice")
    assert ann.attributes["value"] == 38_000_000_000_000
    assert field(window, "detailsValue").text() == "38,000,000,000,000"
    reading = window.details.findChild(QLabel, "detailsReading")
    assert reading.text() == "38 trillion CNY"
    assert field(window, "detailsQualifier").text() == "nearly"

    type_into(qtbot, field(window, "detailsPeriod"), "2020")
    after_period = store.get_annotation(ann.id).attributes
    assert after_period == {**ann.attributes, "period": "2020"}

    type_into(qtbot, field(window, "detailsValue"), "39 trillion")  # words are read too
    stored = store.get_annotation(ann.id).attributes
    assert stored["value"] == 39_000_000_000_000 and isinstance(stored["value"], int)
    assert stored["period"] == "2020" and stored["unit"] == "CNY"
    assert field(window, "detailsValue").text() == "39,000,000,000,000"
    assert reading.text() == "39 trillion CNY"

    type_into(qtbot, field(window, "detailsValue"), "lots")  # refused, said, nothing written
    error = window.details.findChild(QLabel, "detailsFigureError")
    assert error.isVisible() and "not a number" in error.text()
    assert store.get_annotation(ann.id).attributes == stored

    window.view.setFocus()
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # one edit, one undo step
    assert store.get_annotation(ann.id).attributes == after_period
    assert field(window, "detailsValue").text() == "38,000,000,000,000"
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    assert store.get_annotation(ann.id).attributes == ann.attributes


def test_detector_attributes_counted_out_of_and_conversion_are_shown_and_edited(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, _text = open_doc(window, "SCO Secretary-General")
    suggest_figures(store, [doc_id], annotator="alice")
    window.open_document(doc_id)
    sug = next(a for a in window.anns.values() if a.text == "Eleven out of thirteen")
    window.select_annotation(sug.id)
    assert field(window, "detailsCounted").text() == "companies"
    assert field(window, "detailsOutOf").text() == "13"
    type_into(qtbot, field(window, "detailsCounted"), "firms")
    type_into(qtbot, field(window, "detailsOutOf"), "1,300")
    got = store.get_annotation(sug.id)
    assert got.attributes == {**sug.attributes, "counted": "firms", "out_of": 1300}
    assert got.pending  # editing a suggestion's attributes does not accept it

    doc2, _ = open_doc(window, "China to push")
    suggest_figures(store, [doc2], annotator="alice")
    window.open_document(doc2)
    yuan = next(a for a in window.anns.values() if a.text == "39 trillion yuan")
    window.select_annotation(yuan.id)
    assert field(window, "detailsPeriod").text() == "2020"
    other = window.details.findChild(QLabel, "detailsOtherAttributes")
    assert "converts to USD" in other.text() and "rate 0.153846 (usual 0.145)" in other.text()
    type_into(qtbot, field(window, "detailsUnit"), "USD")  # the rest is kept as it was
    assert store.get_annotation(yuan.id).attributes == {**yuan.attributes, "unit": "USD"}


def test_a_range_low_and_high(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_doc(window, "SCO Secretary-General")
    s = text.index("29.9 percent")
    attrs = normalise("between 5 and 7 percent")
    ann = store.add_annotation(doc_id, s, s + 12, "PERCENT", "alice", attributes=attrs)
    window.open_document(doc_id)
    window.select_annotation(ann.id)
    assert (field(window, "detailsLow").text(), field(window, "detailsHigh").text()) == ("5", "7")
    type_into(qtbot, field(window, "detailsHigh"), "8")
    assert store.get_annotation(ann.id).attributes == {**attrs, "high": 8}
    type_into(qtbot, field(window, "detailsLow"), "")  # a cleared field removes its key
    assert "low" not in store.get_annotation(ann.id).attributes
    window.view.setFocus()
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)
    assert store.get_annotation(ann.id).attributes == attrs


@pytest.mark.parametrize(
    ("value", "digits", "reading"),
    [
        (38_000_000_000_000, "38,000,000,000,000", "38 trillion"),
        (213_860_000_000, "213,860,000,000", "213.86 billion"),
        (1_234_567, "1,234,567", "about 1.235 million"),
        (70_000, "70,000", "70 thousand"),
        (29.9, "29.9", ""),
        (-2_500_000.5, "-2,500,000.5", "about -2.5 million"),
        (1e20, "100,000,000,000,000,000,000", "100000000 trillion"),
    ],
)
def test_reading(value, digits, reading) -> None:  # type: ignore[no-untyped-def]
    assert grouped(value) == digits
    assert scaled(value) == reading
    assert parse_number(digits) == value


def test_parse_number_words_and_refusals() -> None:
    from app.errors import ValidationError

    assert parse_number("38 trillion") == 38_000_000_000_000
    assert parse_number("12 345") == 12345
    assert parse_number("0.5") == 0.5
    for bad in ("lots", "", "nan", "inf"):
        with pytest.raises(ValidationError):
            parse_number(bad)
