"""Every bar of the agreement chart has its label (issue 14: the first and the last category
labels, rotated, stuck out of the axis and Qt Charts hid them)."""

from __future__ import annotations

from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import QApplication

from app.importing import import_paths
from tests.ui.test_review_charts import ROOT


def _category_labels(view: QChartView) -> list[float]:  # type: ignore[no-untyped-def]
    """Centres (x) of the visible text items that hang from the plot area's bottom edge."""
    chart = view.chart()
    plot = chart.plotArea()
    out = []
    for item in view.scene().items():
        if item.type() != 8 or not item.isVisible():  # QGraphicsTextItem: Qt Charts' axis labels
            continue
        r = item.sceneBoundingRect()
        if abs(r.top() - plot.bottom()) <= 8 and r.height() > 4 and plot.left() <= r.center().x() <= plot.right():
            out.append(r.center().x())
    return sorted(out)


def test_every_bar_has_its_label_in_a_small_window(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from app.review.agreement import compute_agreement
    from app.ui.review.charts import per_label_chart

    import_paths(store, [str(ROOT / "corpus")])
    doc = store.document_ids()[0]
    names = [lv.name for lv in store.labels()]  # every label: CARDINAL first ... QUANTITY last
    for k, name in enumerate(names):
        for who in ("ann", "ben"):
            store.add_annotation(doc, 10 * k, 10 * k + 3, name, who)
    report = compute_agreement(store, ["ann", "ben"])
    labels = sorted({lab for p in report.pairs for lab in p.per_label})
    assert len(labels) == len(names) >= 9
    view = QChartView(per_label_chart(report))
    qtbot.addWidget(view)
    view.resize(500, 300)  # a short report window at 1024x640
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    xs = _category_labels(view)
    assert len(xs) == len(labels), (xs, labels)
    plot = view.chart().plotArea()
    band = plot.width() / len(labels)
    for i, x in enumerate(xs):  # one label under each bar group, in order
        assert abs(x - (plot.left() + band * (i + 0.5))) < band / 2, (i, x)
