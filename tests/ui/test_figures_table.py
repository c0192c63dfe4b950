"""The figures table window, driven with real clicks and keys on a real store."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from app.ui.figures_table import COLUMNS, DOCUMENT, FLAG, TEXT, VALUE, FiguresTable
from tests.figures.helpers import figures_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def table(qtbot, corpus_store):  # type: ignore[no-untyped-def]
    ids = figures_store(corpus_store)
    w = FiguresTable(corpus_store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.model.rowCount() == 40, timeout=15000)
    w.ids = ids  # type: ignore[attr-defined]
    return w


def click_header(qtbot, w, col):  # type: ignore[no-untyped-def]
    header = w.view.horizontalHeader()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def values(w):  # type: ignore[no-untyped-def]
    return [r.value for r in w.visible_rows()]


def test_sort_by_value_with_the_header(qtbot, table):  # type: ignore[no-untyped-def]
    w = table
    click_header(qtbot, w, VALUE)
    first = values(w)
    order = w.view.horizontalHeader().sortIndicatorOrder()
    assert first == sorted(first, reverse=order == Qt.SortOrder.DescendingOrder)
    click_header(qtbot, w, VALUE)
    assert values(w) == sorted(first, reverse=order != Qt.SortOrder.DescendingOrder)
    top = w.visible_rows()[0] if order != Qt.SortOrder.DescendingOrder else w.visible_rows()[-1]
    assert top.value == 45_500_000_000_000 and top.text == "45.5 trillion yuan"
    # the displayed cell is grouped by thousands, the sort is numeric
    cell = w.proxy.index(0, VALUE).data()
    assert cell in ("45,500,000,000,000", "0.2")


def test_filters_label_value_subject_document_conflicts(qtbot, table):  # type: ignore[no-untyped-def]
    w = table
    assert w.proxy.rowCount() == 40 and "40 of 40 figures" in w.count_label.text()
    w.label_box.setFocus()
    qtbot.keyClicks(w.label_box, "MONEY")
    assert w.label_box.currentText() == "MONEY"
    assert {r.label for r in w.visible_rows()} == {"MONEY"} and w.proxy.rowCount() == 12
    qtbot.keyClicks(w.low_edit, "1e12")
    assert w.proxy.rowCount() == 10 and min(values(w)) >= 1e12
    qtbot.keyClicks(w.high_edit, "2.5 trillion")
    assert sorted(r.text for r in w.visible_rows()) == ["$1.6 trillion", "$1.6 trillion"]
    w.high_edit.clear()
    qtbot.keyClicks(w.high_edit, "lots")  # not a number: marked, ignored
    assert "not a number" in w.high_edit.toolTip() and w.proxy.rowCount() == 10
    w.high_edit.clear()
    w.low_edit.clear()
    qtbot.keyClicks(w.subject_edit, "digital economy")
    assert w.proxy.rowCount() == 3
    assert {r.subject for r in w.visible_rows()} == {"China's digital economy"}
    qtbot.mouseClick(w.conflicts_box, Qt.MouseButton.LeftButton)
    assert w.conflicts_box.isChecked()
    rows = w.visible_rows()
    assert sorted(r.value for r in rows) == [39_000_000_000_000, 39_200_000_000_000]
    assert all(w.proxy.index(i, FLAG).data() == "⚠" for i in range(2))
    assert "2 values for China's digital economy (2020)" in w.proxy.index(0, TEXT).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(w.conflicts_box, Qt.MouseButton.LeftButton)
    w.subject_edit.clear()
    qtbot.keyClick(w.label_box, Qt.Key.Key_Home)  # "All labels"
    assert w.proxy.rowCount() == 40
    # one document only
    doc_id = w.ids["spirit"][0]
    w.doc_box.setFocus()
    qtbot.keyClicks(w.doc_box, "China to push")
    assert w.doc_box.currentData() == doc_id
    assert {r.doc_id for r in w.visible_rows()} == {doc_id} and w.proxy.rowCount() == 5
    # units
    qtbot.keyClick(w.doc_box, Qt.Key.Key_Home)
    qtbot.keyClicks(w.unit_box, "m2")
    assert [r.text for r in w.visible_rows()] == ["70,000 square meters"]


def test_double_click_emits_open_requested(qtbot, table):  # type: ignore[no-untyped-def]
    w = table
    qtbot.keyClicks(w.subject_edit, "digital")
    click_header(qtbot, w, VALUE)
    row = next(i for i in range(w.proxy.rowCount()) if w.row_at(i).value == 39_200_000_000_000)
    rect = w.view.visualRect(w.proxy.index(row, TEXT))
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(w.openRequested, timeout=3000) as blocker:
        qtbot.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    doc_id, ann_id = w.ids["extra"]
    assert blocker.args == [doc_id, ann_id]
    ann = w.store.get_annotation(ann_id)
    assert w.store.document_text(doc_id)[ann.start:ann.end] == "39.2 trillion yuan"


def test_export_csv_of_the_shown_rows(qtbot, table, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    w = table
    qtbot.keyClicks(w.label_box, "PERCENT")
    click_header(qtbot, w, VALUE)
    target = tmp_path / "out" / "percent.csv"
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    qtbot.mouseClick(w.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    shown = w.visible_rows()
    assert [g["text"] for g in got] == [r.text for r in shown] and len(got) == 5
    assert [float(g["value"]) for g in got] == [float(r.value) for r in shown]
    assert {g["unit"] for g in got} == {"%"}
    assert os.listdir(target.parent) == ["percent.csv"]
    # a cancelled dialog writes nothing
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert w.export_csv() is None


def test_refresh_sees_new_figures_and_rejections(qtbot, table):  # type: ignore[no-untyped-def]
    w = table
    store = w.store
    store.update_annotation(w.ids["extra"][1], review_status="rejected")
    w.refresh()
    qtbot.waitUntil(lambda: w.model.rowCount() == 39, timeout=15000)
    assert not any(r.conflict for r in w.model.rows)


def test_screenshot(qtbot, table):  # type: ignore[no-untyped-def]
    """Builds the documented view; writes docs/figures-table.png with CURATOR_SCREENSHOT=1."""
    w = table
    store = w.store
    for d in store.document_ids()[:3]:  # a curator accepted the figures of three articles
        for a in store.annotations(d):
            if a.pending:
                store.update_annotation(a.id, review_status="accepted")
    w.refresh()
    qtbot.waitUntil(lambda: sum(r.status == "accepted" for r in w.model.rows) > 15, timeout=15000)
    w.resize(1500, 640)
    assert w.view.horizontalHeader().sortIndicatorSection() == DOCUMENT
    assert w.model.columnCount() == len(COLUMNS)
    assert sum(1 for r in w.model.rows if r.conflict) == 2
    pixmap = w.grab()
    assert pixmap.width() >= 1400
    if os.environ.get("CURATOR_SCREENSHOT") == "1":
        assert pixmap.save(str(ROOT / "docs" / "figures-table.png"))
