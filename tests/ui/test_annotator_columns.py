"""Whose work is it: the figures table and the annotation list (with other annotators' work
shown) have an Annotator column (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.ui.figures_table import ANNOTATOR, COLUMNS, FiguresTable
from app.ui.models import AnnotationListModel


def _header_text(view, col: int) -> str:  # type: ignore[no-untyped-def]
    return view.model().headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)


def test_the_figures_table_names_each_figures_annotator(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    doc = corpus_store.list_documents()[0]
    corpus_store.add_annotation(doc.id, 0, 3, "CARDINAL", "alice")
    corpus_store.add_annotation(doc.id, 4, 9, "MONEY", "bob")
    w = FiguresTable(corpus_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.model.rowCount() == 2, timeout=15000)
    assert COLUMNS[ANNOTATOR] == "Annotator" and _header_text(w.view, ANNOTATOR) == "Annotator"
    assert not w.view.isColumnHidden(ANNOTATOR) and w.view.columnWidth(ANNOTATOR) > 0
    shown = sorted(w.proxy.index(r, ANNOTATOR).data() for r in range(w.proxy.rowCount()))
    assert shown == ["alice", "bob"]
    w.close()


def test_the_annotation_list_shows_whose_span_when_others_are_shown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, doc = window.store, window.doc
    store.add_annotation(doc.id, 0, 3, "ORG", "alice")
    store.add_annotation(doc.id, 4, 9, "PERSON", "bob")
    window.open_document(doc.id)
    col = AnnotationListModel.ANNOTATOR
    assert window.ann_list.isColumnHidden(col)  # only my own work: no column needed
    assert window.ann_model.rowCount() == 1
    window.show_all_action.trigger()  # View → Show other annotators' annotations
    QApplication.processEvents()
    assert window.show_all_action.isChecked()
    assert not window.ann_list.isColumnHidden(col) and window.ann_list.columnWidth(col) > 0
    assert _header_text(window.ann_list, col) == "Annotator"
    rows = {window.ann_model.index(r, 1).data(): window.ann_model.index(r, col).data()
            for r in range(window.ann_model.rowCount())}
    text = doc.text
    assert rows == {text[0:3]: "alice", text[4:9]: "bob"}
    # the column is in view, and sorting by it puts the names in order
    header = window.ann_list.horizontalHeader()
    assert header.sectionViewportPosition(col) + 4 < window.ann_list.viewport().width()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    names = [window.ann_model.index(r, col).data() for r in range(window.ann_model.rowCount())]
    assert names in (["alice", "bob"], ["bob", "alice"])
    window.show_all_action.trigger()
    assert window.ann_list.isColumnHidden(col)


def test_the_article_list_says_whose_spans_it_counts(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 14.3: bob's window shows everyone's counted spans and, beside them, his own."""
    from app import open_store
    from app.bundle import Bundle
    from app.ui.main_window import MainWindow

    store = open_store(tmp_path / "s.db")
    store.import_bundle(Bundle([{"id": "d", "title": "D", "text": "Alice met Bob in Paris and Rome."}], source="t"))
    doc = store.find_document(uid="d")
    store.add_annotation(doc, 0, 5, "PERSON", "alice")
    store.add_annotation(doc, 10, 13, "PERSON", "alice")
    store.add_annotation(doc, 17, 22, "GPE", "bob")
    w = MainWindow(store, annotator="bob")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    m = w.doc_model
    qtbot.waitUntil(lambda: m.rowCount() == 1)
    row = {m.COLUMNS[c]: m.data(m.index(0, c)) for c in range(m.columnCount())}
    assert (row["Spans"], row["Mine"]) == (3, 1)
    tip = m.headerData(m.COLUMNS.index("Spans"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "every annotator" in tip
    w.poll_timer.stop()
    w.close()
    store.close()
