"""Marking a figure must not reflow the text (issue 14 #22): figures are styled weight-neutrally,
so every character keeps its place when one is tagged or suggested."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCharFormat, QTextFormat
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import drag, has_fill, key


def _places(view, start: int, end: int) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    out = []
    for cp in range(start, end):
        r = view.qt_rect(cp)
        out.append((r.x(), r.y()))
    return out


def _formats_at(view, cp: int) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(font weight, text colour) of the formats the highlighter set on character ``cp``."""
    pos = view.omap.to_qt(cp)
    block = view.document().findBlock(pos)
    off = pos - block.position()
    out = []
    for r in block.layout().formats():
        if r.start <= off < r.start + r.length:
            f = QTextCharFormat(r.format)
            out.append((f.fontWeight(), f.foreground().color().name() if f.hasProperty(QTextFormat.Property.ForegroundBrush) else ""))
    return out


def test_tagging_a_figure_moves_no_character(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc = window.store, window.doc
    text = doc.text
    para = text.index("On 10 May 2021")
    fig = text.index("5th", para)  # "the 5th Global Conference", early in a wrapped paragraph
    end = text.index("\n", para)
    view = window.view
    QApplication.processEvents()
    before = _places(view, para, end)
    drag(qtbot, view, fig, fig + 3)
    key(qtbot, view, "k")  # CARDINAL, a figure label
    QApplication.processEvents()
    [ann] = [a for a in store.annotations(doc.id, annotator="alice") if a.label == "CARDINAL"]
    assert (ann.start, ann.end) == (fig, fig + 3)
    assert has_fill(view, fig)  # it is drawn...
    fmts = _formats_at(view, fig)
    assert fmts and all(w <= QFont.Weight.Normal.value for w, _ in fmts)  # ...not in bold
    assert _places(view, para, end) == before  # and no character moved


def test_a_pending_figure_suggestion_moves_no_character(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc = window.store, window.doc
    text = doc.text
    para = text.index("On 10 May 2021")
    fig = text.index("5th", para)
    end = text.index("\n", para)
    view = window.view
    QApplication.processEvents()
    before = _places(view, para, end)
    store.add_annotation(doc.id, fig, fig + 3, "CARDINAL", "alice", origin="suggested")
    window.open_document(doc.id)
    QApplication.processEvents()
    fmts = _formats_at(view, fig)
    assert fmts and all(w <= QFont.Weight.Normal.value for w, _ in fmts)
    assert fmts[0][1] not in ("", "#000000")  # still set apart, by its ink
    assert _places(view, para, end) == before
