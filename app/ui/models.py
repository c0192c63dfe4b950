"""Item models over the store's read models: the document list and an article's annotations."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, DocumentInfo

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {"not_started": "not started", "in_progress": "in progress", "done": "done"}


class DocumentListModel(QAbstractTableModel):
    """The documents, fetched page by page as the view scrolls (it holds only fetched rows).

    ``set_query`` filters by full-text search (``store.search``); the status column is the
    annotator's own.
    """

    COLUMNS = ("Title", "Published", "Status", "Spans")
    PAGE = 200

    def __init__(self, store: Store | None = None, annotator: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.rows: list[DocumentInfo] = []
        self._ids: list[int] | None = None  # search hits, in rank order
        self._total = 0
        self.query = ""

    def reset(self, store: Store | None = None, annotator: str | None = None) -> None:
        """Start over (after opening a store, an import, or a new query)."""
        self.beginResetModel()
        if store is not None:
            self.store = store
        if annotator is not None:
            self.annotator = annotator
        self.rows = []
        if self.store is None:
            self._ids, self._total = None, 0
        elif self.query.strip():
            self._ids = self.store.search(self.query)
            self._total = len(self._ids)
        else:
            self._ids = None
            self._total = self.store.count_documents()
        self.endResetModel()

    def set_query(self, query: str) -> None:
        self.query = query
        self.reset()

    @property
    def total(self) -> int:
        return self._total

    # -- lazy rows -------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self.rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self.store is None:
            return
        start = len(self.rows)
        if self._ids is not None:
            batch = self.store.list_documents(
                ids=self._ids[start:start + self.PAGE], annotator=self.annotator
            )
        else:
            batch = self.store.list_documents(start, self.PAGE, annotator=self.annotator)
        if not batch:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self.rows.extend(batch)
        self.endInsertRows()

    def fetch_until(self, row: int) -> None:
        while row >= len(self.rows) and self.canFetchMore():
            self.fetchMore()

    # -- access --------------------------------------------------------------------------------

    def row_of(self, doc_id: int) -> int:
        return next((i for i, d in enumerate(self.rows) if d.id == doc_id), -1)

    def refresh(self, doc_id: int) -> None:
        """Re-read one row (status, span count) after an edit."""
        row = self.row_of(doc_id)
        if row < 0 or self.store is None:
            return
        fresh = self.store.list_documents(ids=[doc_id], annotator=self.annotator)
        if fresh:
            self.rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        d = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return d.title or d.uid
            if col == 1:
                return d.published or ""
            if col == 2:
                return STATUS_TEXT.get(d.status, d.status)
            if col == 3:
                return d.n_annotations
        elif role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{d.title}\n{d.source}\n{d.length:,} characters"
        elif role == Qt.ItemDataRole.FontRole and d.status == "done":
            f = QFont()
            f.setItalic(True)
            return f
        elif role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.UserRole:
            return d.id
        return None


class AnnotationListModel(QAbstractTableModel):
    """An article's annotations; sortable by position or label (``sort``)."""

    COLUMNS = ("Label", "Text", "Position")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AnnotationView] = []
        self.colors: dict[str, str] = {}
        self._sort = (2, Qt.SortOrder.AscendingOrder)

    def set_annotations(self, anns: Sequence[AnnotationView], colors: dict[str, str]) -> None:
        self.beginResetModel()
        self.colors = colors
        self.rows = list(anns)
        self._apply_sort()
        self.endResetModel()

    def _key(self, a: AnnotationView) -> tuple[Any, ...]:
        col = self._sort[0]
        if col == 0:
            return (a.label, a.start, a.end)
        if col == 1:
            return (a.text.casefold(), a.start)
        return (a.start, a.end, a.label)

    def _apply_sort(self) -> None:
        self.rows.sort(key=self._key, reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def put(self, ann: AnnotationView) -> int:
        """Insert or replace one annotation (keeping the order); returns its row."""
        row = self.row_of(ann.id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
        k = self._key(ann)
        if self._sort[1] == Qt.SortOrder.DescendingOrder:
            row = next((i for i, a in enumerate(self.rows) if self._key(a) < k), len(self.rows))
        else:
            row = bisect_right(self.rows, k, key=self._key)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, ann)
        self.endInsertRows()
        return row

    def drop(self, ann_id: str) -> None:
        row = self.row_of(ann_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def row_of(self, ann_id: str) -> int:
        return next((i for i, a in enumerate(self.rows) if a.id == ann_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        a = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return a.label + (" ?" if a.pending else "")
            if col == 1:
                return a.text.replace("\r", " ").replace("\n", " ")
            if col == 2:
                return a.start
        elif role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(self.colors.get(a.label, "#888888"))
        elif role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{a.label} by {a.annotator} ({a.origin}) at {a.start}-{a.end}"
            if a.pending:
                tip += "\nsuggestion: Enter accepts, Del rejects"
            if a.note:
                tip += f"\nnote: {a.note}"
            return tip
        elif role == Qt.ItemDataRole.FontRole and a.pending:
            f = QFont()
            f.setItalic(True)
            return f
        elif role == Qt.ItemDataRole.ForegroundRole and a.pending:
            return QBrush(QColor("#808080"))
        elif role == Qt.ItemDataRole.UserRole:
            return a.id
        return None
