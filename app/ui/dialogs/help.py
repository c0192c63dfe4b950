"""Help → Keyboard shortcuts and Help → About.

The shortcuts table is gathered from the window's own actions each time it opens, so it lists
what the window really does (a renamed action or a changed shortcut shows up by itself).
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable, Sequence

import sqlalchemy
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSortFilterProxyModel, Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.store.store import Store
from app.ui.dialogs.appicon import app_icon

KEYS, ACTION, WHERE = range(3)


def plain(text: str) -> str:
    """Menu text without mnemonics (``&``), the ``\\t`` key hint and a trailing ellipsis."""
    text = text.split("\t", 1)[0]
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the platform writes them; else the key hint in its text."""
    keys = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    keys = [k for k in keys if k]
    if keys:
        return ", ".join(keys)
    return action.text().split("\t", 1)[1].strip() if "\t" in action.text() else ""


def gather_actions(window: QWidget) -> list[tuple[str, str, str]]:
    """(keys, action, menu path) for every action with a text the window holds, menus first."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def walk(actions: Iterable[QAction], path: str) -> None:
        for act in actions:
            if act.isSeparator() or id(act) in seen:
                continue
            sub = act.menu()
            if isinstance(sub, QMenu):
                seen.add(id(act))
                walk(sub.actions(), f"{path} › {plain(act.text())}" if path else plain(act.text()))
                continue
            if not act.text():
                continue
            seen.add(id(act))
            rows.append((shortcut_text(act), plain(act.text()), path))

    if isinstance(window, QMainWindow):
        walk(window.menuBar().actions(), "")
    walk(window.actions(), "Window")
    walk(window.findChildren(QAction), "Window")
    return rows


class ShortcutsDialog(QDialog):
    """A searchable table of the window's actions and their keys.

    ``extra`` rows ``(keys, what, where)`` add keys that are not actions (a label's hotkey, keys
    the article view handles itself); they come first.
    """

    def __init__(self, window: QWidget, extra: Sequence[tuple[str, str, str]] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Keys", "Action", "Where"])  # a menu, or where the key works
        for keys, action, where in [*extra, *gather_actions(window)]:
            items = [QStandardItem(keys), QStandardItem(action), QStandardItem(where)]
            for it in items:
                it.setEditable(False)
            if keys:
                f = items[0].font()
                f.setBold(True)
                items[0].setFont(f)
            self.model.appendRow(items)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("shortcutFilter")
        self.filter_edit.setPlaceholderText("Type to filter: an action, a key or a menu")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("shortcutTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the menu order first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(KEYS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ACTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(KEYS, 210)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows now (after the filter), top to bottom."""
        return [
            tuple(self.proxy.index(r, c).data() or "" for c in range(3))  # type: ignore[misc]
            for r in range(self.proxy.rowCount())
        ]


def about_lines(store: Store | None) -> list[tuple[str, str]]:
    return [
        ("Version", __version__),
        ("Store", store.display_name if store is not None else "none open"),
        ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
        ("Python", f"{platform.python_version()} ({sys.platform})"),
        ("SQLAlchemy", sqlalchemy.__version__),
    ]


class AboutDialog(QDialog):
    """Help → About: the version, the store in use, the Qt and Python versions."""

    def __init__(self, store: Store | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Article Curator")
        self.lines = about_lines(store)
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<h2>Article Curator {__version__}</h2>"
                       "<p>Curate entities and figures in news articles: tag, review, export.</p>")
        title.setWordWrap(True)
        rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{_esc(v)}</td></tr>"
                       for k, v in self.lines)
        self.details = QLabel(f"<table>{rows}</table>")
        self.details.setObjectName("aboutDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        text.addWidget(title)
        text.addWidget(self.details)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("&Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copyDetailsButton")
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.lines)

    def copy_details(self) -> None:
        """Put the details on the clipboard (for a bug report)."""
        QGuiApplication.clipboard().setText(self.text())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
