"""The agreement report and the corpus dashboard: real charts, PNG and CSV export.

``python tests/ui/test_review_charts.py`` writes the screenshots docs/review-mode.png,
docs/agreement-report.png and docs/review-dashboard.png from the sample corpus.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

from app.importing import import_paths

ROOT = Path(__file__).resolve().parents[2]
PHRASES = [  # phrase, label, how ben and cat differ
    (r"Shanghai Cooperation Organization", "ORG", None),
    (r"\bSCO\b", "ORG", "cat-misses"),
    (r"\bChina\b", "GPE", None),
    (r"Chongqing", "GPE", "ben-label:LOC"),
    (r"Xi Jinping", "PERSON", "cat-boundary"),
    (r"\b\d+(?:\.\d+)? (?:percent|per cent)", "PERCENT", "ben-value"),
    (r"(?:\d+(?:\.\d+)? )?(?:billion|trillion) yuan", "MONEY", None),
    (r"August \d+", "DATE", "ben-misses"),
]


def review_store(store):  # type: ignore[no-untyped-def]
    """Three annotators (ann, ben, cat) over the sample corpus, with typical disagreements."""
    import_paths(store, [str(ROOT / "corpus")])
    store.annotator("rita", role="reviewer")
    for doc_id in store.document_ids():
        text = store.document_text(doc_id)
        for pattern, label, diff in PHRASES:
            for k, m in enumerate(re.finditer(pattern, text)):
                if k >= 3:
                    break
                s, e = m.span()
                attrs = {}
                if label in ("PERCENT", "MONEY"):
                    num = re.match(r"[\d.]+", m.group())
                    attrs = {"value": float(num.group()) if num else None, "unit": "%" if label == "PERCENT" else "CNY"}
                for who in ("ann", "ben", "cat"):
                    lab, a, b, at = label, s, e, dict(attrs)
                    if diff == f"{who}-misses" or (diff == "cat-misses" and who == "cat" and k % 2 == 0):
                        continue
                    if diff and diff.startswith(f"{who}-label:"):
                        lab = diff.split(":")[1]
                    if diff == f"{who}-boundary":
                        a = text.index(" ", s) + 1
                    if diff == f"{who}-value" and at.get("value") is not None:
                        at["value"] = at["value"] / 100
                    store.add_annotation(doc_id, a, b, lab, who, attributes=at)
        store.set_status(doc_id, "done", annotator="ann")
    return store


@pytest.fixture
def rstore(store):  # type: ignore[no-untyped-def]
    return review_store(store)


def test_agreement_report_window_exports(qtbot, rstore, tmp_path):
    from PySide6.QtCharts import QAreaSeries, QBarSeries
    from PySide6.QtGui import QImage

    from app.review.agreement import compute_agreement
    from app.ui.review import open_agreement_report

    w = open_agreement_report(rstore, ["ann", "ben", "cat"])
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    report = compute_agreement(rstore, ["ann", "ben", "cat"])
    assert w.table.rowCount() == sum(1 + len(p.per_label) for p in report.pairs)
    first = w.table.item(0, 6).text()
    assert first == f"{report.pairs[0].exact.f1:.2f}"
    heat = w.heatmap.chart()
    assert sum(isinstance(s, QAreaSeries) for s in heat.series()) == 9  # 3 x 3 cells
    bars = [s for s in w.bars.chart().series() if isinstance(s, QBarSeries)][0]
    assert [b.label() for b in bars.barSets()] == ["ann / ben", "ann / cat", "ben / cat"]
    png, csv_path = tmp_path / "report.png", tmp_path / "report.csv"
    w.export_png(png)
    img = QImage(str(png))
    assert not img.isNull() and img.width() > 600
    w.export_csv(csv_path)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text())))
    whole = [r for r in rows if r["a"] == "ann" and r["b"] == "ben" and r["label"] == "*"][0]
    assert float(whole["exact_f1"]) == pytest.approx(report.pair("ann", "ben").exact.f1, abs=1e-6)


def test_report_computed_off_the_ui_thread(qtbot, rstore, monkeypatch):
    import threading

    from app.review import agreement
    from app.ui.review import show_agreement_report

    threads = []
    real = agreement.compute_agreement

    def spy(*a, **k):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*a, **k)

    shown = []
    monkeypatch.setattr(agreement, "compute_agreement", spy)
    show_agreement_report(rstore, ["ann", "ben"], on_shown=shown.append)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert threads and threads[0] is not threading.main_thread()
    w = shown[0]
    qtbot.addWidget(w)
    assert w.report.pairs[0].a == "ann" and w.table.rowCount() > 1


def test_dashboard_window_exports(qtbot, rstore, tmp_path):
    from PySide6.QtCharts import QBarSeries

    from app.review.dashboard import corpus_dashboard
    from app.ui.review import open_dashboard

    data = corpus_dashboard(rstore)
    assert data.annotators == ["ann", "ben", "cat"]
    assert data.progress["ann"]["done"] == 5 and data.progress["ben"]["done"] == 0
    assert data.progress["ben"]["in_progress"] + data.progress["ben"]["not_started"] == 5
    n_ben = sum(len(rstore.annotations(d, annotator="ben")) for d in rstore.document_ids())
    assert sum(data.counts["ben"].values()) == n_ben
    w = open_dashboard(rstore)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    bars = [s for s in w.labels_chart.chart().series() if isinstance(s, QBarSeries)][0]
    assert [b.label() for b in bars.barSets()] == ["ann", "ben", "cat"]
    w.export_png(tmp_path / "dash.png")
    assert (tmp_path / "dash.png").stat().st_size > 5000
    w.export_csv(tmp_path / "dash.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "dash.csv").read_text())))
    assert [r["annotator"] for r in rows] == ["ann", "ben", "cat"]
    assert int(rows[1]["annotations"]) == n_ben and rows[0]["done"] == "5"


def make_screenshots(out: Path) -> None:
    """Write the documentation screenshots (run as a script)."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app import open_store
    from app.review.agreement import compute_agreement
    from app.review.dashboard import corpus_dashboard
    from app.ui.review.charts import AgreementReportWindow, DashboardWindow
    from app.ui.review.window import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        store = review_store(open_store(Path(tmp) / "review.db"))
        w = ReviewWindow(store, "rita", ["ann", "ben", "cat"])
        w.resize(1400, 800)
        w.show()
        w.open_document(store.document_ids()[1])
        w.adj.premerge()  # agreed spans into gold: tinted
        w.open_document(store.document_ids()[0])
        w.open_document(store.document_ids()[1])
        for _ in range(3):
            w.next_conflict()
        app.processEvents()
        w.grab().save(str(out / "review-mode.png"))
        r = AgreementReportWindow(compute_agreement(store, ["ann", "ben", "cat"]))
        r.show()
        app.processEvents()
        r.grab().save(str(out / "agreement-report.png"))
        d = DashboardWindow(corpus_dashboard(store))
        d.show()
        app.processEvents()
        d.grab().save(str(out / "review-dashboard.png"))
        store.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    make_screenshots(ROOT / "docs")
