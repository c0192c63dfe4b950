"""The agreement report and the corpus dashboard, drawn with QtCharts; exportable as PNG and CSV."""

from __future__ import annotations

import html
import math
from pathlib import Path

from PySide6.QtCharts import (
    QAreaSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.atomic import atomic_write_text
from app.review.agreement import AgreementReport
from app.review.dashboard import Dashboard
from app.review.rendering import CSV_HEADER, report_csv, report_rows

PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"]


def integer_ticks(top: float, most: int = 10) -> tuple[int, int]:
    """(axis maximum, tick count) for a count axis from 0: integer ticks at equal steps of
    1, 2, 5, 10, 20, 50... (at most ``most`` steps), the maximum at or above ``top``."""
    top = max(1, math.ceil(top))
    step = 1
    while top / step > most:
        step = _next_step(step)
    hi = math.ceil(top / step) * step
    return hi, hi // step + 1


def _next_step(step: int) -> int:
    """1 → 2 → 5 → 10 → 20 → 50 → 100 ..."""
    digits = 10 ** (len(str(step)) - 1)
    lead = step // digits
    return {1: 2, 2: 5, 5: 10}[lead] * digits


def integer_axis(axis: QValueAxis, top: float) -> None:
    """A count axis: 0 to ``top`` (rounded up to a step), whole-number ticks at equal steps."""
    hi, ticks = integer_ticks(top)
    axis.setLabelFormat("%d")
    axis.setRange(0, hi)
    axis.setTickCount(ticks)
    axis.setMinorTickCount(0)


def heat_color(v: float | None) -> QColor:
    """Red (0) through yellow (0.5) to green (1); grey when undefined."""
    if v is None:
        return QColor("#d0d0d0")
    v = max(0.0, min(1.0, v))
    if v < 0.5:
        a, b, t = QColor("#d7301f"), QColor("#fee08b"), v / 0.5
    else:
        a, b, t = QColor("#fee08b"), QColor("#1a9850"), (v - 0.5) / 0.5
    return QColor(
        int(a.red() + (b.red() - a.red()) * t), int(a.green() + (b.green() - a.green()) * t),
        int(a.blue() + (b.blue() - a.blue()) * t),
    )


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.2f}"


def _view(chart: QChart) -> QChartView:
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    v = QChartView(chart)
    v.setRenderHint(QPainter.RenderHint.Antialiasing)
    v.setMinimumSize(360, 260)
    return v


def heatmap_chart(report: AgreementReport) -> QChart:
    """Pairwise exact-match F1 as a grid of coloured cells, the value written in each."""
    names = report.annotators
    n = len(names)
    f1: dict[tuple[int, int], float | None] = {}
    for p in report.pairs:
        i, j = names.index(p.a), names.index(p.b)
        f1[(i, j)] = f1[(j, i)] = p.exact.f1
    chart = QChart()
    chart.setTitle("Pairwise F1 (exact match)")
    chart.legend().hide()
    ax, ay = QCategoryAxis(), QCategoryAxis()
    for k, name in enumerate(names):
        ax.append(name, k + 1)
    for k in range(n - 1, -1, -1):  # category end values must increase: the first on top
        ay.append(names[k], n - k)
    for axis in (ax, ay):
        axis.setRange(0, n)
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        axis.setGridLineVisible(False)
    chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    labels = QScatterSeries()
    labels.setMarkerSize(1)
    labels.setColor(QColor(0, 0, 0, 0))
    labels.setBorderColor(QColor(0, 0, 0, 0))
    labels.setPointLabelsVisible(True)
    labels.setPointLabelsClipping(False)
    font = QFont()
    font.setPointSize(12)
    font.setBold(True)
    labels.setPointLabelsFont(font)
    for i in range(n):
        for j in range(n):
            value = 1.0 if i == j else f1.get((i, j))
            row = n - 1 - i  # the first annotator on top
            upper, lower = QLineSeries(chart), QLineSeries(chart)  # owned by the chart
            upper.append(j, row + 1)
            upper.append(j + 1, row + 1)
            lower.append(j, row)
            lower.append(j + 1, row)
            cell = QAreaSeries(upper, lower)
            cell.setBrush(QBrush(heat_color(value) if i != j else QColor("#eeeeee")))
            cell.setPen(QPen(QColor("white"), 2))
            chart.addSeries(cell)
            cell.attachAxis(ax)
            cell.attachAxis(ay)
            labels.append(QPointF(j + 0.5, row + 0.4))
            labels.setPointConfiguration(
                labels.count() - 1,
                {QXYSeries.PointConfiguration.LabelFormat: "—" if i == j else _fmt(value)},
            )
    chart.addSeries(labels)
    labels.attachAxis(ax)
    labels.attachAxis(ay)
    return chart


def per_label_chart(report: AgreementReport) -> QChart:
    """Exact-match F1 per label, one bar per pair."""
    labels = sorted({lab for p in report.pairs for lab in p.per_label})
    series = QBarSeries()
    for k, p in enumerate(report.pairs):
        s = QBarSet(f"{p.a} / {p.b}")
        s.setColor(QColor(PALETTE[k % len(PALETTE)]))
        for lab in labels:
            d = p.per_label.get(lab)
            s.append((d["exact"].f1 or 0.0) if d else 0.0)
        series.append(s)
    chart = QChart()
    chart.setTitle("F1 per label (exact match)")
    chart.addSeries(series)
    ax = QBarCategoryAxis()
    ax.append(labels)
    ax.setLabelsAngle(-90)  # upright: a slanted first or last name stuck out and Qt Charts hid it
    ax.setTruncateLabels(False)  # "PER..." would be PERSON or PERCENT: never cut a label name
    small = QFont()
    small.setPointSize(8)
    ax.setLabelsFont(small)
    ay = QValueAxis()
    ay.setRange(0, 1)
    ay.setTickCount(6)
    ay.setLabelFormat("%.1f")
    chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(ax)
    series.attachAxis(ay)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class _Exportable(QMainWindow):
    """A window with PNG and CSV export buttons."""

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        for text, slot in (("Export PNG…", self._ask_png), ("Export CSV…", self._ask_csv)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        return row

    def export_png(self, path: str | Path) -> None:
        """The whole window as a PNG image."""
        central = self.centralWidget()
        if central is None or not central.grab().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")

    def export_csv(self, path: str | Path) -> None:
        atomic_write_text(path, self.csv_text())

    def csv_text(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PNG", "", "PNG image (*.png)")
        if path:
            self.export_png(path)

    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export CSV", "", "CSV (*.csv)")
        if path:
            self.export_csv(path)


class AgreementReportWindow(_Exportable):
    """The agreement table, the pairwise F1 heatmap and per-label bars."""

    def __init__(self, report: AgreementReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Agreement — " + ", ".join(report.annotators))
        central = QWidget()
        lay = QVBoxLayout(central)
        alpha = report.krippendorff_alpha
        self.summary = QLabel(
            f"<b>Krippendorff's alpha</b> (nominal, token level, {html.escape(', '.join(report.annotators))}):"
            f" <b>{_fmt(alpha)}</b> over {len(report.alpha_documents)} document(s). Each pair is"
            " compared on the documents both worked on; the first is the reference."
            + (f" Labels: {html.escape(', '.join(report.labels))}." if report.labels else "")
        )
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget()
        self.table.setObjectName("agreementTable")
        cols = ["A", "B", "Label", "Docs", "P", "R", "F1", "Overlap F1", "Kappa", "Figures agree"]
        rows = report_rows(report)
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels(cols)
        self.table.setRowCount(len(rows))
        h = {k: i for i, k in enumerate(CSV_HEADER)}
        for r, row in enumerate(rows):
            whole = row[h["label"]] == "*"
            fig = f"{row[h['figure_agree']]}/{row[h['figure_pairs']]}" if whole and row[h["figure_pairs"]] else ""
            cells = [
                row[h["a"]] if whole else "", row[h["b"]] if whole else "",
                "(all)" if whole else row[h["label"]], str(row[h["documents"]]) if whole else "",
                _fmt(row[h["exact_precision"]]), _fmt(row[h["exact_recall"]]), _fmt(row[h["exact_f1"]]),
                _fmt(row[h["overlap_f1"]]), _fmt(row[h["cohen_kappa"]]) if whole else "", fig,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if whole:
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                if c >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().hide()
        self.heatmap = _view(heatmap_chart(report))
        self.bars = _view(per_label_chart(report))
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.heatmap)
        charts.addWidget(self.bars)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setSizes([560, 520])
        lay.addWidget(split, 1)
        lay.addLayout(self._buttons())
        self.setCentralWidget(central)
        self.resize(1180, 760)

    def csv_text(self) -> str:
        return report_csv(self.report)


class DashboardWindow(_Exportable):
    """Annotations per label per annotator, and each annotator's progress."""

    def __init__(self, data: Dashboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setWindowTitle("Corpus dashboard")
        central = QWidget()
        lay = QVBoxLayout(central)
        series = QBarSeries()
        for k, a in enumerate(data.annotators):
            s = QBarSet(a)
            s.setColor(QColor(PALETTE[k % len(PALETTE)]))
            for lab in data.labels:
                s.append(data.counts.get(a, {}).get(lab, 0))
            series.append(s)
        chart = QChart()
        chart.setTitle("Annotations per label per annotator")
        chart.addSeries(series)
        ax = QBarCategoryAxis()
        ax.append(data.labels)
        ax.setTruncateLabels(False)  # a label name is never cut ("PER..." is two labels)
        if len(data.labels) > 6:
            ax.setLabelsAngle(-90)  # upright: a slanted first or last name stuck out and Qt Charts hid it
        ay = QValueAxis()
        integer_axis(ay, max([0] + [n for c in data.counts.values() for n in c.values()]))
        chart.addAxis(ax, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ay, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(ax)
        series.attachAxis(ay)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.labels_chart = _view(chart)

        prog = QHorizontalStackedBarSeries()
        for status, color in (("done", "#1a9850"), ("in_progress", "#fdae61"), ("not_started", "#d0d0d0")):
            s = QBarSet(status.replace("_", " "))
            s.setColor(QColor(color))
            for a in data.annotators:
                s.append(data.progress[a][status])
            prog.append(s)
        pchart = QChart()
        pchart.setTitle("Progress per annotator (documents)")
        pchart.addSeries(prog)
        py = QBarCategoryAxis()
        py.append(data.annotators)
        px = QValueAxis()  # whole documents: ticks 0, 1, 2 ... and bars ending at the counts
        integer_axis(px, max([p["total"] for p in data.progress.values()] or [1]))
        pchart.addAxis(py, Qt.AlignmentFlag.AlignLeft)
        pchart.addAxis(px, Qt.AlignmentFlag.AlignBottom)
        prog.attachAxis(py)
        prog.attachAxis(px)
        pchart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.progress_chart = _view(pchart)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.labels_chart)
        split.addWidget(self.progress_chart)
        lay.addWidget(split, 1)
        lay.addLayout(self._buttons())
        self.setCentralWidget(central)
        self.resize(980, 760)

    def csv_text(self) -> str:
        return self.data.csv()
