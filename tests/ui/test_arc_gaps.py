"""Arcs and their labels draw in a gap above the line, never over text (issue 14): the lines of a
paragraph with a relation's end get room above their text, and no character moves sideways."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication

from tests.ui.test_arcs import open_chongqing, render, tag


def _lines(view, block_number: int) -> list[int]:  # type: ignore[no-untyped-def]
    layout = view.document().findBlockByNumber(block_number).layout()
    return [layout.lineAt(i).textStart() for i in range(layout.lineCount())]


def _glyph_bands(view) -> list[QRectF]:  # type: ignore[no-untyped-def]
    """Where text is drawn, line by line, in viewport coordinates (the font's ascent and descent
    around each line's baseline, over the line's text width)."""
    fm = QFontMetricsF(view.font())
    out = []
    block = view.firstVisibleBlock()
    offset = view.contentOffset()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > view.viewport().height():
            break
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.textLength() == 0:
                continue
            base = top + line.y() + line.ascent()
            r = line.naturalTextRect()
            out.append(QRectF(r.left(), base - fm.ascent(), r.width(), fm.ascent() + fm.descent()))
        block = block.next()
    return out


def test_arc_labels_sit_between_lines_and_nothing_reflows(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    at = text.index("18 SCO")
    fig = tag(store, doc_id, text, "18", "CARDINAL", at)
    org = tag(store, doc_id, text, "SCO countries", "ORG", at)
    window.open_document(doc_id)
    view = window.view
    block = view.document().findBlock(view.omap.to_qt(at)).blockNumber()
    before = _lines(view, block)
    store.add_relation(fig.id, org.id, "measures", "alice")
    window.reload_annotations()
    window.select_annotation(fig.id)  # in view
    render(window)
    QApplication.processEvents()  # the gaps are made after the first paint with the relation
    render(window)
    [arc] = view.arcs.shown
    assert _lines(view, block) == before  # every line starts with the same character
    bands = _glyph_bands(view)
    assert bands
    hit = [b for b in bands if b.intersects(arc.label_rect)]
    assert hit == [], (arc.label_rect, hit)  # the label covers no text
    apex = arc.path.pointAtPercent(0.5)
    assert not any(b.contains(apex) for b in bands)  # nor does the top of the curve
    assert arc.label_rect.bottom() <= arc.start.y()  # above the span it leaves from
    tall = view.document().findBlockByNumber(block).layout().lineAt(0).height()
    assert tall > QFontMetricsF(view.font()).height() * 1.5  # the room made above the text
    # without the relation, the paragraph's lines close up again
    store.delete_relation(store.relations(doc_id)[0].id)
    window.reload_annotations()
    render(window)
    QApplication.processEvents()
    assert view.arcs.shown == []
    assert view.document().findBlockByNumber(block).layout().lineAt(0).height() < tall
    assert _lines(view, block) == before
