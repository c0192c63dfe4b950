"""The figures table: every figure of the corpus side by side, sortable and filterable.

Rows come from the Qt-free ``app.figures.table.figure_rows`` (loaded on the worker thread).
Double-clicking a row emits ``openRequested(doc_id, ann_id)``; the main window opens the article
at the span. Figures that disagree with another article about the same subject and period are
flagged (a warning sign, a tinted row and a tooltip that names the values).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import CuratorError
from app.figures.table import FigureRow, figure_rows, format_value, write_csv
from app.ui.flow_layout import FlowLayout

if TYPE_CHECKING:
    from app.store.store import Store

COLUMNS = ["", "Document", "Text", "Label", "Value", "Unit", "Qualifier", "Period", "Status", "Annotator",
           "Subject"]
FLAG, DOCUMENT, TEXT, LABEL, VALUE, UNIT, QUALIFIER, PERIOD, STATUS, ANNOTATOR, SUBJECT = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CONFLICT_BRUSH = QBrush(QColor("#fde2e1"))
PENDING_BRUSH = QBrush(QColor("#6b6b6b"))
Index = QModelIndex | QPersistentModelIndex


class FiguresModel(QAbstractTableModel):
    """The figure rows, one per line; ``SORT_ROLE`` gives raw values for sorting."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[FigureRow] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_rows(self, rows: Sequence[FigureRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole and section == FLAG:
                return "Disagrees with another article about the same subject and period"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            return self._sort_key(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if r.conflict:
                return r.conflict
            if col == DOCUMENT:
                return f"{r.document} ({r.published or 'undated'})"
            return None
        if role == Qt.ItemDataRole.BackgroundRole and r.conflict:
            return CONFLICT_BRUSH
        if role == Qt.ItemDataRole.ForegroundRole and r.status == "pending":
            return PENDING_BRUSH
        if role == Qt.ItemDataRole.FontRole and r.status == "pending":
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole and col == VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(r: FigureRow, col: int) -> str:
        return [
            "⚠" if r.conflict else "", r.document, r.text, r.label, format_value(r.value),
            r.unit or "", r.qualifier or "", r.period or "", r.status, r.annotator, r.subject or "",
        ][col]

    @staticmethod
    def _sort_key(r: FigureRow, col: int) -> Any:
        if col == VALUE:
            return -math.inf if r.value is None else float(r.value)
        if col == FLAG:
            return 1 if r.conflict else 0
        if col == DOCUMENT:
            return f"{r.document.casefold()}\0{r.doc_id:09d}\0{r.start:012d}"
        return FiguresModel._display(r, col).casefold()


class FiguresFilter(QSortFilterProxyModel):
    """Filters by label, unit, value range, document, subject text and conflicts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.label: str | None = None
        self.unit: str | None = None
        self.low: float | None = None
        self.high: float | None = None
        self.doc_id: int | None = None
        self.subject = ""
        self.conflicts_only = False
        self.setSortRole(SORT_ROLE)

    def set_filter(self, **values: Any) -> None:
        begin = getattr(self, "beginFilterChange", None)  # Qt 6.10+; invalidateFilter before
        if begin is not None:
            begin()
        for k, v in values.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, v)
        if begin is not None:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, FiguresModel)
        r = model.rows[source_row]
        if self.label and r.label != self.label:
            return False
        if self.unit is not None and (r.unit or "") != self.unit:
            return False
        if self.low is not None and (r.value is None or r.value < self.low):
            return False
        if self.high is not None and (r.value is None or r.value > self.high):
            return False
        if self.doc_id is not None and r.doc_id != self.doc_id:
            return False
        if self.subject and self.subject.casefold() not in (r.subject or "").casefold():
            return False
        return not (self.conflicts_only and not r.conflict)


W = Any


def _named(widget: W, name: str, placeholder: str | None = None) -> W:
    widget.setObjectName(name)
    if placeholder is not None:
        widget.setPlaceholderText(placeholder)
    return widget


def parse_number(text: str) -> float | None:
    """A bound typed by the user: "1e12", "39,000", "2.5 trillion", "5bn"; None when empty.

    Raises ValueError when it is no number."""
    t = text.strip()
    if not t:
        return None
    try:
        return float(t.replace(",", "").replace("_", ""))
    except ValueError:
        from app.figures import normalise

        try:
            v = normalise(t)["value"]
        except CuratorError:
            raise ValueError(t) from None
        assert isinstance(v, int | float)
        return float(v)


class FiguresTable(QMainWindow):
    """The corpus-wide figures table window."""

    openRequested = Signal(int, str)  # document id, annotation id
    loaded = Signal(int)  # rows loaded

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Figures — Article Curator")
        self.setObjectName("figuresTable")
        self.model = FiguresModel(self)
        self.proxy = FiguresFilter(self)
        self.proxy.setSourceModel(self.model)
        self._task: Any = None

        central = QWidget(self)
        layout = QVBoxLayout(central)
        filters = QWidget(central)
        bar = FlowLayout(filters)  # wraps on a narrow screen: the window fits it (issue: 1250 px)
        bar.setContentsMargins(0, 0, 0, 0)
        self.label_box = _named(QComboBox(), "labelFilter")
        self.unit_box = _named(QComboBox(), "unitFilter")
        self.doc_box = _named(QComboBox(), "documentFilter")
        self.doc_box.setMinimumContentsLength(24)
        self.low_edit = _named(QLineEdit(), "minValue", "min value")
        self.high_edit = _named(QLineEdit(), "maxValue", "max value")
        for e in (self.low_edit, self.high_edit):
            e.setClearButtonEnabled(True)
            e.setMaximumWidth(130)
            e.setToolTip("A number: 1e12, 39,000, 2.5 trillion, 5bn")
        self.subject_edit = _named(QLineEdit(), "subjectFilter", "subject contains…")
        self.subject_edit.setClearButtonEnabled(True)
        self.conflicts_box = _named(QCheckBox("Conflicts only"), "conflictsOnly")
        self.export_button = _named(QPushButton("Export CSV…"), "exportCsv")
        for w in (QLabel("Label"), self.label_box, QLabel("Unit"), self.unit_box, QLabel("Value"),
                  self.low_edit, QLabel("–"), self.high_edit, QLabel("Document"), self.doc_box,
                  self.subject_edit, self.conflicts_box):
            bar.addWidget(w)
        bar.addWidget(self.export_button)
        layout.addWidget(filters)

        self.view = _named(QTableView(), "figuresView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(DOCUMENT, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.count_label = _named(QLabel(), "countLabel")
        layout.addWidget(self.count_label)
        self.setCentralWidget(central)

        self.view.doubleClicked.connect(self._open)
        self.view.activated.connect(self._open)  # Enter on a row
        self.label_box.currentIndexChanged.connect(self._filters_changed)
        self.unit_box.currentIndexChanged.connect(self._filters_changed)
        self.doc_box.currentIndexChanged.connect(self._filters_changed)
        self.low_edit.textChanged.connect(self._filters_changed)
        self.high_edit.textChanged.connect(self._filters_changed)
        self.subject_edit.textChanged.connect(self._filters_changed)
        self.conflicts_box.toggled.connect(self._filters_changed)
        self.export_button.clicked.connect(lambda: self.export_csv())
        refresh = QAction("Refresh", self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        refresh.triggered.connect(self.refresh)
        self.addAction(refresh)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.resize(1250, 560)
        self.refresh()

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every figure of the corpus (on the worker thread)."""
        from app.ui.workers import Task

        store = self.store
        self.count_label.setText("Loading figures…")
        task = Task(lambda progress: figure_rows(store), self)
        task.finished.connect(self.set_rows)
        task.failed.connect(lambda msg: self.count_label.setText(f"Could not load the figures: {msg}"))
        self._task = task.start()

    def set_rows(self, rows: Sequence[FigureRow]) -> None:
        """Show ``rows``, keeping the filters the user chose when they still apply."""
        label, unit, doc = self.label_box.currentData(), self.unit_box.currentData(), self.doc_box.currentData()
        self.model.set_rows(rows)
        self._fill(self.label_box, "All labels", sorted({(r.label, r.label) for r in rows}), label)
        self._fill(self.unit_box, "All units", sorted({(r.unit or "(none)", r.unit or "") for r in rows}), unit)
        docs = sorted({(r.document, r.doc_id) for r in rows}, key=lambda d: (d[0].casefold(), d[1]))
        self._fill(self.doc_box, "All documents", docs, doc)
        self._filters_changed()
        self.view.resizeColumnsToContents()
        for col, width in ((DOCUMENT, 300), (TEXT, 220)):
            self.view.setColumnWidth(col, min(self.view.columnWidth(col), width))
        self.loaded.emit(len(rows))

    @staticmethod
    def _fill(box: QComboBox, everything: str, items: Sequence[tuple[str, Any]], keep: Any) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, None)
        for text, data in items:
            box.addItem(text, data)
        i = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)

    # -- filters ----------------------------------------------------------------------------

    def _bound(self, edit: QLineEdit) -> float | None:
        try:
            value = parse_number(edit.text())
        except ValueError:
            edit.setStyleSheet("QLineEdit { background: #fde2e1; }")
            edit.setToolTip(f"{edit.text()!r} is not a number")
            return None
        edit.setStyleSheet("")
        edit.setToolTip("A number: 1e12, 39,000, 2.5 trillion, 5bn")
        return value

    def _filters_changed(self, *_: object) -> None:
        self.proxy.set_filter(
            label=self.label_box.currentData(),
            unit=self.unit_box.currentData(),
            doc_id=self.doc_box.currentData(),
            low=self._bound(self.low_edit),
            high=self._bound(self.high_edit),
            subject=self.subject_edit.text().strip(),
            conflicts_only=self.conflicts_box.isChecked(),
        )
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        conflicts = sum(1 for r in self.model.rows if r.conflict)
        text = f"{shown} of {total} figures"
        if conflicts:
            text += f" · ⚠ {conflicts} disagree with another article"
        self.count_label.setText(text)

    # -- rows -------------------------------------------------------------------------------

    def row_at(self, proxy_row: int) -> FigureRow:
        """The figure shown on line ``proxy_row`` (after sorting and filtering)."""
        return self.model.rows[self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()]

    def visible_rows(self) -> list[FigureRow]:
        return [self.row_at(i) for i in range(self.proxy.rowCount())]

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            r = self.row_at(index.row())
            self.openRequested.emit(r.doc_id, r.ann_id)

    def export_csv(self, path: str | Path | None = None) -> int | None:
        """Write the shown rows (filtered, in their order) as CSV, atomically.

        Without ``path`` a file dialog asks for one. Returns the rows written (None when the
        dialog was cancelled)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export figures as CSV", "figures.csv",
                                                    "CSV files (*.csv)")
            if not chosen:
                return None
            path = chosen
        try:
            n = write_csv(self.visible_rows(), path)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}: {exc.strerror or exc}")
            return None
        self.statusBar().showMessage(f"Exported {n} figures to {path}", 5000)
        return n
