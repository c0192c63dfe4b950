"""Item models over the store's read models: the document list and an article's annotations."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import QTableView

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, DocumentInfo

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {"not_started": "not started", "in_progress": "in progress", "done": "done"}
# roles as plain ints: ``data`` runs for every cell painted, and comparing with the enum
# members costs several times more than the rest of it
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
FONT = int(Qt.ItemDataRole.FontRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
USER = int(Qt.ItemDataRole.UserRole)
_BY_POSITION = attrgetter("start", "end", "label")
_BY_LABEL = attrgetter("label", "start", "end")


class DocumentListModel(QAbstractTableModel):
    """The documents, fetched page by page as the view scrolls (it holds only fetched rows).

    ``set_query`` filters by full-text search (``store.search``); the status column is the
    annotator's own.
    """

    COLUMNS = ("Title", "Published", "Status", "Spans", "Mine")
    HEADER_TIPS = ("", "", "Your status in this article", "Counted spans of every annotator",
                   "Your own counted spans")
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

    def refresh_loaded(self) -> None:
        """Re-read the fetched rows (colleagues' spans and statuses), a page per query, and
        repaint only the rows that changed."""
        if self.store is None:
            return
        for start in range(0, len(self.rows), self.PAGE):
            ids = [d.id for d in self.rows[start:start + self.PAGE]]
            fresh = {d.id: d for d in self.store.list_documents(ids=ids, annotator=self.annotator)}
            for row in range(start, min(start + self.PAGE, len(self.rows))):
                new = fresh.get(self.rows[row].id)
                if new is not None and new != self.rows[row]:
                    self.rows[row] = new
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    # -- Qt model ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.COLUMNS[section]
            if role == TOOLTIP:
                return self.HEADER_TIPS[section] or None
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.rows):
            return None
        d = self.rows[row]
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return d.title or d.uid
            if col == 1:
                return d.published or ""
            if col == 2:
                return STATUS_TEXT.get(d.status, d.status)
            if col == 3:
                return d.n_annotations
            if col == 4:
                return d.n_own if d.n_own is not None else ""
        elif role == TOOLTIP and col == 0:
            return f"{d.title}\n{d.source}\n{d.length:,} characters"
        elif role == FONT and d.status == "done":
            f = QFont()
            f.setItalic(True)
            return f
        elif role == ALIGNMENT and col >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == USER:
            return d.id
        return None


class AnnotationListModel(QAbstractTableModel):
    """An article's annotations; sortable by position or label (``sort``).

    Rows stay sorted, so one annotation is found, added or replaced by bisection
    (``row_of``, ``put``, ``drop``): an edit in an article with 10,000 spans costs no scan.
    ``pending`` holds the pending suggestions listed, kept up to date by the same calls (the
    status bar's "3 of 12 pending" reads it instead of every row after each edit).
    """

    COLUMNS = ("Label", "Text", "Position", "Annotator")  # Annotator: shown with others' work
    ANNOTATOR = 3

    @staticmethod
    def follow_show_others(view: QTableView, action: QAction) -> None:
        """The Annotator column shows only while other annotators' work is shown."""
        view.setColumnHidden(AnnotationListModel.ANNOTATOR, not action.isChecked())
        action.toggled.connect(lambda on: view.setColumnHidden(AnnotationListModel.ANNOTATOR, not on))

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AnnotationView] = []
        self.colors: dict[str, str] = {}
        self._sort = (2, Qt.SortOrder.AscendingOrder)
        self._by_id: dict[str, AnnotationView] = {}  # the version listed, to find its row
        self.pending: dict[str, AnnotationView] = {}  # the pending suggestions listed, by id

    def set_annotations(self, anns: Sequence[AnnotationView], colors: dict[str, str]) -> None:
        self.beginResetModel()
        self.colors = colors
        self.rows = list(anns)
        self._by_id = {a.id: a for a in self.rows}
        self.pending = {a.id: a for a in self.rows if a.pending}
        self._apply_sort()
        self.endResetModel()

    def _key(self, a: AnnotationView) -> tuple[Any, ...]:
        col = self._sort[0]
        if col == 0:
            return _BY_LABEL(a)
        if col == 1:
            return (a.text.casefold(), a.start)
        if col == self.ANNOTATOR:
            return (a.annotator.casefold(), a.start, a.end)
        return _BY_POSITION(a)

    def _keyfn(self) -> Any:
        """``_key`` for the current column, in C when it can be (sorting 10,000 rows)."""
        return {0: _BY_LABEL, 2: _BY_POSITION}.get(self._sort[0], self._key)

    def _apply_sort(self) -> None:
        self.rows.sort(key=self._keyfn(), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def put(self, ann: AnnotationView) -> int:
        """Insert or replace one annotation (keeping the order); returns its row."""
        row = self.row_of(ann.id)
        if ann.pending:
            self.pending[ann.id] = ann
        else:
            self.pending.pop(ann.id, None)
        k = self._key(ann)
        if row >= 0 and self._key(self.rows[row]) == k:  # same place (note, attributes...)
            self.rows[row] = ann
            self._by_id[ann.id] = ann
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
            return row
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
        row = self._bound(k, after=True)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.insert(row, ann)
        self._by_id[ann.id] = ann
        self.endInsertRows()
        return row

    def drop(self, ann_id: str) -> None:
        row = self.row_of(ann_id)
        self.pending.pop(ann_id, None)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            del self._by_id[ann_id]
            self.endRemoveRows()

    def row_of(self, ann_id: str) -> int:
        ann = self._by_id.get(ann_id)
        if ann is None:
            return -1
        k = self._key(ann)
        rows, key = self.rows, self._key
        for row in range(self._bound(k), len(rows)):
            if rows[row].id == ann_id:
                return row
            if key(rows[row]) != k:
                break
        return next((i for i, a in enumerate(rows) if a.id == ann_id), -1)  # never expected

    def _bound(self, k: tuple[Any, ...], after: bool = False) -> int:
        """The first row whose key comes after ``k`` (``after``), or not before it, in the order shown."""
        if self._sort[1] != Qt.SortOrder.DescendingOrder:
            return (bisect_right if after else bisect_left)(self.rows, k, key=self._keyfn())
        lo, hi = 0, len(self.rows)
        key = self._keyfn()
        while lo < hi:  # descending: bisect with the comparison turned around
            mid = (lo + hi) // 2
            mk = key(self.rows[mid])
            if mk > k or (after and mk == k):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self.rows):
            return None
        a = self.rows[row]
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return a.label + (" ?" if a.pending else "")
            if col == 1:
                return a.text.replace("\r", " ").replace("\n", " ")
            if col == 2:
                return a.start
            if col == self.ANNOTATOR:
                return a.annotator
        elif role == DECORATION and col == 0:
            return QColor(self.colors.get(a.label, "#888888"))
        elif role == TOOLTIP:
            tip = f"{a.label} by {a.annotator} ({a.origin}) at {a.start}-{a.end}"
            if a.pending:
                tip += "\nsuggestion: Enter accepts, Del rejects"
            if a.note:
                tip += f"\nnote: {a.note}"
            return tip
        elif role == FONT and a.pending:
            f = QFont()
            f.setItalic(True)
            return f
        elif role == FOREGROUND and a.pending:
            return QBrush(QColor("#808080"))
        elif role == USER:
            return a.id
        return None
