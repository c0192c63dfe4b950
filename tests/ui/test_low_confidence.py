"""Low-confidence figure suggestions stand apart in the article; their note is said (issue 16)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QToolTip

from tests.ui.helpers import click, point_at

NOTE = "'yuan' in a text about both China and Taiwan"


def char_format(view, cp: int) -> QTextCharFormat:  # type: ignore[no-untyped-def]
    """The format Qt lays out the character at code point ``cp`` with (the highlighter's)."""
    view.format_visible()
    pos = view.omap.to_qt(cp)
    block = view.document().findBlock(pos)
    at = pos - block.position()
    fmt = QTextCharFormat(view.textCursor().charFormat())
    for r in block.layout().formats():
        if r.start <= at < r.start + r.length:
            fmt.merge(r.format)
    return fmt


def tooltip_at(qtbot, view, cp: int) -> str:  # type: ignore[no-untyped-def]
    vp = view.viewport()
    p = point_at(view, cp) + QPoint(2, 0)
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, p, vp.mapToGlobal(p)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    return QToolTip.text()


def test_low_confidence_suggestion_is_drawn_apart_and_its_note_shown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("SCO Secretary-General"))
    text = store.get_document(doc_id).text
    low_w, ok_w = "nearly 38 trillion yuan", "29.9 percent"
    low_s, ok_s = text.index(low_w), text.index(ok_w)
    low = store.add_annotation(
        doc_id, low_s, low_s + len(low_w), "MONEY", "alice", origin="suggested",
        attributes={"value": 38e12, "unit": "CNY", "confidence": "low", "confidence_note": NOTE},
    )
    ok = store.add_annotation(
        doc_id, ok_s, ok_s + len(ok_w), "PERCENT", "alice", origin="suggested",
        attributes={"value": 29.9, "unit": "%"},
    )
    assert low.kind == ok.kind == "figure" and low.pending and ok.pending
    window.open_document(doc_id)
    view = window.view
    c = view.textCursor()
    c.setPosition(view.omap.to_qt(low_s))
    view.setTextCursor(c)
    view.centerCursor()

    low_fmt, ok_fmt = char_format(view, low_s + 1), char_format(view, ok_s + 1)
    assert low_fmt != ok_fmt
    assert low_fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert ok_fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.WaveUnderline
    plain = char_format(view, low_s - 3)
    assert plain.underlineStyle() != QTextCharFormat.UnderlineStyle.WaveUnderline
    # neither is filled: pending suggestions never are, whatever their confidence
    for fmt in (low_fmt, ok_fmt):
        assert fmt.background().style() == Qt.BrushStyle.NoBrush

    tip = tooltip_at(qtbot, view, low_s + 1)
    assert "MONEY (suggested): nearly 38 trillion yuan" in tip and f"low confidence: {NOTE}" in tip
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    tip = tooltip_at(qtbot, view, ok_s + 1)
    assert "29.9 percent" in tip and "confidence" not in tip

    header = window.details.header
    click(qtbot, view, low_s + 1)
    qtbot.waitUntil(lambda: "38 trillion" in header.text(), timeout=2000)
    assert f"low confidence: {NOTE}" in header.text()
    click(qtbot, view, ok_s + 1)
    qtbot.waitUntil(lambda: "29.9 percent" in header.text(), timeout=2000)
    assert "confidence" not in header.text()

