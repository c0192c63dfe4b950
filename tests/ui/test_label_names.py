"""Issue 14.20: label names are never cut so that two look alike ("PER…" / "PERCE…")."""

from __future__ import annotations

import shiboken6
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsTextItem, QStyleOptionViewItem

from tests.ui.test_review_charts import rstore  # noqa: F401  (the fixture)

TEXT_ITEM = 8  # QGraphicsTextItem::Type


def _drawn_texts(view: QChartView) -> list[str]:
    """The texts the chart really drew (axis labels, legend, title)."""
    out = []
    for item in view.scene().items():
        if item.type() == TEXT_ITEM and item.isVisible():
            obj = item.toGraphicsObject()
            text = shiboken6.wrapInstance(shiboken6.getCppPointer(obj)[0], QGraphicsTextItem)
            out.append(text.toPlainText())
    return out


def test_chart_axes_draw_whole_label_names(qtbot, rstore) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from app.review.agreement import compute_agreement
    from app.review.dashboard import corpus_dashboard
    from app.ui.review.charts import AgreementReportWindow, DashboardWindow

    report = AgreementReportWindow(compute_agreement(rstore, ["ann", "ben", "cat"]))
    dash = DashboardWindow(corpus_dashboard(rstore))
    for w in (report, dash):
        qtbot.addWidget(w)
        w.resize(1024, 640)
        w.show()
        qtbot.waitExposed(w)
    qtbot.wait(50)
    per_label = next(v for v in report.findChildren(QChartView) if "per label" in v.chart().title())
    drawn = _drawn_texts(per_label)
    assert {"PERSON", "PERCENT", "MONEY"} <= set(drawn)
    assert not any(t.endswith(("...", "…")) for t in drawn), drawn
    drawn = _drawn_texts(dash.labels_chart)
    assert {"PERSON", "PERCENT", "MONEY"} <= set(drawn)
    assert not any(t.endswith(("...", "…")) for t in drawn), drawn


def test_annotation_list_and_palette_never_cut_alike(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    i = text.index(" ") + 1
    store.add_annotation(doc_id, 0, i - 1, "PERSON", "alice")
    store.add_annotation(doc_id, i, text.index(" ", i), "PERCENT", "alice")
    window.open_document(doc_id)
    window.resize(1024, 640)
    qtbot.wait(20)
    for name, button in window.palette_widget.buttons.items():  # the palette shows whole names
        fm = button.fontMetrics()
        assert button.width() >= fm.horizontalAdvance(name) + button.iconSize().width(), name
        assert button.toolTip().startswith(name)

    ann_list = window.ann_list
    ann_list.horizontalHeader().resizeSection(0, 70)  # a narrow label column
    width = ann_list.columnWidth(0) - 30
    shown = {}
    for row in range(window.ann_model.rowCount()):
        index = window.ann_model.index(row, 0)
        opt = QStyleOptionViewItem()
        ann_list.initViewItemOption(opt)
        ann_list.itemDelegateForIndex(index).initStyleOption(opt, index)
        assert opt.textElideMode == Qt.TextElideMode.ElideMiddle
        shown[opt.text] = opt.fontMetrics.elidedText(opt.text, opt.textElideMode, width)
        assert index.data(Qt.ItemDataRole.ToolTipRole).startswith(opt.text.rstrip(" ?"))
    assert set(shown) == {"PERSON", "PERCENT"}
    assert shown["PERSON"] != shown["PERCENT"]


def test_the_label_column_fits_every_label_name(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyle

    store, doc_id = window.store, window.doc.id
    names = [lv.name for lv in window.labels]
    text = window.doc.text
    starts = [i + 1 for i, ch in enumerate(text) if ch == " " and text[i + 1: i + 2].isalpha()]
    for name, s in zip(names, starts, strict=False):  # one span of every label
        store.add_annotation(doc_id, s, s + 1, name, "alice")
    window.open_document(doc_id)
    window.resize(1024, 640)
    qtbot.wait(20)
    view = window.ann_list
    for row in range(window.ann_model.rowCount()):
        index = window.ann_model.index(row, 0)
        opt = QStyleOptionViewItem()
        view.initViewItemOption(opt)  # as the view paints: its swatch size, font, margins
        view.itemDelegateForIndex(index).initStyleOption(opt, index)
        opt.rect = view.visualRect(index)
        room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        # the style draws the text inside a margin on either side (QCommonStyle::viewItemDrawText)
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        shown = opt.fontMetrics.elidedText(opt.text, opt.textElideMode, room.width() - 2 * margin)
        assert shown == opt.text, (opt.text, shown, room.width())
