"""Settings → Labels: the label schema editor.

Add, rename, recolour, re-hotkey, reorder and delete labels, import and export the schema as
JSON. Every change is written to the store when it is made (there is no Save button); a change
the store refuses (a taken name or hotkey) is explained in the dialog and nothing changes. A
label in use is never deleted silently: its annotations are merged into another label.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import CuratorError
from app.store.schema import export_schema, import_schema, next_color
from app.store.store import KINDS, Store
from app.store.views import LabelView
from app.text.label_options import option
from app.ui.dialogs import ask

Index = QModelIndex | QPersistentModelIndex

COLOUR, NAME, KIND, HOTKEY, DESCRIPTION, USES = range(6)
HEADERS = ("Colour", "Name", "Kind", "Hotkey", "Description", "Uses")
_FIELDS = {NAME: "name", KIND: "kind", HOTKEY: "hotkey", DESCRIPTION: "description"}


class LabelTableModel(QAbstractTableModel):
    """The store's labels, in palette order; edits go straight to the store.

    Signals:
        refused(message): the store refused an edit; nothing changed.
        changed(message): an edit was saved.
    """

    refused = Signal(str)
    changed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._labels: list[LabelView] = []
        self._uses: dict[str, int] = {}
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._labels = self.store.labels()
        self._uses = {lv.name: self.store.label_usage(lv.name) for lv in self._labels}
        self.endResetModel()

    def label_at(self, row: int) -> LabelView:
        return self._labels[row]

    def row_of(self, name: str) -> int:
        return next((i for i, lv in enumerate(self._labels) if lv.name == name), -1)

    def uses(self, name: str) -> int:
        return self._uses.get(name, 0)

    # -- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._labels)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return HEADERS[section]
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in _FIELDS:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        lv = self._labels[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole and col == COLOUR:
            return None  # the swatch says it; the hex code is in the tooltip
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                COLOUR: lv.color, NAME: lv.name, KIND: lv.kind, HOTKEY: lv.hotkey or "",
                DESCRIPTION: lv.description, USES: self._uses.get(lv.name, 0),
            }[col]
        if role == Qt.ItemDataRole.DecorationRole and col == COLOUR:
            return QColor(lv.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COLOUR:
                return f"{lv.color}: double-click to change the colour"
            if col == USES:
                return f"{self._uses.get(lv.name, 0)} annotation(s) carry this label"
            return lv.description or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == USES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in _FIELDS:
            return False
        lv = self._labels[index.row()]
        field = _FIELDS[index.column()]
        value = "" if value is None else str(value)
        if field != "description":
            value = value.strip()
        if field == "hotkey":
            if len(value) > 1:
                self.refused.emit(f"A hotkey is a single key, not {value!r}.")
                return False
            if value.isspace():
                self.refused.emit("A hotkey cannot be a space.")
                return False
        if value == (getattr(lv, field) or ""):
            return False
        if field == "hotkey" and not value:
            return self.save(lv.name, hotkey=None)
        return self.save(lv.name, **{field: value})

    def save(self, name: str, /, **fields: Any) -> bool:
        """Save a change of the label ``name``; False (and ``refused``) when the store refuses."""
        row = self.row_of(name)
        try:
            new = self.store.update_label(name, **fields)
        except CuratorError as exc:
            self.refused.emit(_sentence(str(exc)))
            return False
        self._labels[row] = new
        if new.name != name:
            self._uses[new.name] = self._uses.pop(name, 0)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        if "name" in fields:
            self.changed.emit(f"Renamed {name} to {new.name}.")
        else:
            what = "; ".join(_said(k, v) for k, v in fields.items())
            self.changed.emit(f"Saved {new.name}: {what}.")
        return True


class _KindDelegate(QStyledItemDelegate):
    """A combo box for the Kind column, a line edit elsewhere (one key for the Hotkey column)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == KIND:
            combo = QComboBox(parent)
            combo.setObjectName("kindEditor")
            combo.addItems(list(KINDS))
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        if index.column() == HOTKEY:
            editor.setObjectName("hotkeyEditor")
            editor.setPlaceholderText("one key")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class MergeLabelDialog(QDialog):
    """Asks where the annotations of a label being deleted should go."""

    def __init__(self, name: str, uses: int, targets: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeLabelDialog")
        self.setWindowTitle(f"Delete label {name}")
        text = QLabel(
            f"<b>{name}</b> is used by {uses} annotation(s). It cannot be deleted without them "
            "going somewhere: merge them into another label, then delete it."
        )
        text.setWordWrap(True)
        self.target = QComboBox()
        self.target.setObjectName("mergeTarget")
        self.target.addItems(targets)
        form = QFormLayout()
        form.addRow("Merge into:", self.target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        merge = buttons.addButton(f"Merge and delete {name}",
                                  QDialogButtonBox.ButtonRole.AcceptRole)
        merge.setObjectName("mergeButton")
        merge.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, uses: int, targets: list[str]) -> str | None:
        dlg = cls(name, uses, targets, parent)
        try:
            ok = dlg.exec() == QDialog.DialogCode.Accepted
            return dlg.target.currentText() if ok else None
        finally:
            dlg.deleteLater()


class LabelSchemaDialog(QDialog):
    """The label schema editor (Settings → Labels…).

    Signals:
        labelsChanged(): the store's labels changed (palettes should refresh).
    """

    labelsChanged = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("labelSchemaDialog")
        self.setWindowTitle("Labels")
        self.model = LabelTableModel(store, self)
        self.model.refused.connect(self._on_refused)
        self.model.changed.connect(self._on_changed)

        self.view = QTableView()
        self.view.setObjectName("labelTable")
        self.view.setModel(self.model)
        self.view.setItemDelegate(_KindDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setIconSize(QSize(28, 16))
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.new_name = QLineEdit()
        self.new_name.setObjectName("newLabelName")
        self.new_name.setPlaceholderText("New label name, e.g. FACILITY")
        self.new_name.returnPressed.connect(self.add_label)
        self.new_kind = QComboBox()
        self.new_kind.setObjectName("newLabelKind")
        self.new_kind.addItems(list(KINDS))
        self.add_button = self._button("&Add", "addLabelButton", self.add_label)
        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 1)
        adder.addWidget(self.new_kind)
        adder.addWidget(self.add_button)

        self.color_button = self._button("&Colour…", "colorButton", self.recolor)
        self.up_button = self._button("Move &up", "moveUpButton", lambda: self.move_label(-1))
        self.up_button.setShortcut(QKeySequence("Ctrl+Up"))
        self.down_button = self._button("Move do&wn", "moveDownButton", lambda: self.move_label(1))
        self.down_button.setShortcut(QKeySequence("Ctrl+Down"))
        self.delete_button = self._button("&Delete…", "deleteLabelButton", self.delete_label)
        self.import_button = self._button("&Import…", "importSchemaButton", self.import_schema)
        self.export_button = self._button("E&xport…", "exportSchemaButton", self.export_schema)
        side = QVBoxLayout()
        for b in (self.color_button, self.up_button, self.down_button, self.delete_button):
            side.addWidget(b)
        side.addStretch(1)
        side.addWidget(self.import_button)
        side.addWidget(self.export_button)

        # the selected label's options (app.text.label_options), saved when toggled
        self.cross_box = QCheckBox("Spans may cross &paragraphs (blank lines)")
        self.cross_box.setObjectName("crossParagraphsBox")
        self.cross_box.setToolTip("Off: a selection that crosses a blank line is refused for this label")
        self.possessive_box = QCheckBox("Keep a trailing possessive \u201c\u2019s\u201d")
        self.possessive_box.setObjectName("keepPossessiveBox")
        self.possessive_box.setToolTip("Off: snapping leaves \u201c's\u201d out of this label's spans")
        for box, key in ((self.cross_box, "cross_paragraphs"), (self.possessive_box, "keep_possessive")):
            box.toggled.connect(lambda on, key=key: self._set_option(key, on))
        options = QHBoxLayout()
        options.addWidget(self.cross_box)
        options.addWidget(self.possessive_box)
        options.addStretch(1)

        self.message = QLabel(
            "Changes are saved as you make them. Double-click a cell (or press F2) to edit it."
        )
        self.message.setObjectName("messageLabel")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        middle = QHBoxLayout()
        middle.addWidget(self.view, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(adder)
        layout.addLayout(middle, 1)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(780, 520)
        if self.model.rowCount():
            self.select(0)
        self._update_buttons()

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAutoDefault(False)
        b.clicked.connect(slot)
        return b

    # -- selection --------------------------------------------------------------------------

    def select(self, row: int, column: int = NAME) -> None:
        self.view.setCurrentIndex(self.model.index(row, column))

    def current_label(self) -> LabelView | None:
        row = self.view.currentIndex().row()
        return self.model.label_at(row) if 0 <= row < self.model.rowCount() else None

    def _update_buttons(self, *_: object) -> None:
        row = self.view.currentIndex().row()
        has = 0 <= row < self.model.rowCount()
        for b in (self.color_button, self.delete_button):
            b.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < self.model.rowCount() - 1)
        lv = self.current_label()
        for box, key in ((self.cross_box, "cross_paragraphs"), (self.possessive_box, "keep_possessive")):
            box.blockSignals(True)  # showing the label's value is not a change
            box.setChecked(lv is not None and option(lv.options, key))
            box.setEnabled(lv is not None)
            box.blockSignals(False)

    def _set_option(self, key: str, on: bool) -> None:
        lv = self.current_label()
        if lv is None:
            return
        self.model.save(lv.name, options={**lv.options, key: on})  # a refusal is shown

    # -- actions ----------------------------------------------------------------------------

    def add_label(self) -> None:
        name = self.new_name.text().strip()
        if not name:
            self._on_refused("Type a name for the new label first.")
            self.new_name.setFocus()
            return
        labels = self.store.labels()
        taken = {lv.hotkey for lv in labels if lv.hotkey}
        hotkey = next((c for c in name.lower() if c.isalnum() and c not in taken), None)
        try:
            self.store.add_label(name, self.new_kind.currentText(), next_color(len(labels)),
                                 hotkey)
        except CuratorError as exc:
            self._on_refused(_sentence(str(exc)))
            return
        self.new_name.clear()
        self._reload(select=name)
        keys = f" (hotkey {hotkey})" if hotkey else ""
        self._on_changed(f"Added {name}{keys}.")

    def recolor(self) -> None:
        lv = self.current_label()
        if lv is None:
            return
        color = ask.ask_color(self, lv.color, f"Colour of {lv.name}")
        if color is not None and color.lower() != lv.color.lower():
            self.model.save(lv.name, color=color)

    def move_label(self, step: int) -> None:
        lv = self.current_label()
        if lv is None:
            return
        names = [self.model.label_at(i).name for i in range(self.model.rowCount())]
        row = names.index(lv.name)
        to = row + step
        if not 0 <= to < len(names):
            return
        names[row], names[to] = names[to], names[row]
        column = max(self.view.currentIndex().column(), 0)
        try:
            self.store.reorder_labels(names)
        except CuratorError as exc:
            self._on_refused(_sentence(str(exc)))
            return
        self._reload(select=lv.name, column=column)
        self._on_changed(f"Moved {lv.name} {'up' if step < 0 else 'down'}.")

    def delete_label(self) -> None:
        lv = self.current_label()
        if lv is None:
            return
        uses = self.store.label_usage(lv.name)
        merge_into = None
        if uses:
            targets = [x.name for x in self.store.labels() if x.name != lv.name]
            # entities into entities first: the likely choice on top
            targets.sort(key=lambda n: self.store.label(n).kind != lv.kind)
            merge_into = MergeLabelDialog.ask(self, lv.name, uses, targets)
            if merge_into is None:
                self._set_message(f"Kept {lv.name}.", error=False)
                return
        row = self.view.currentIndex().row()
        try:
            moved = self.store.delete_label(lv.name, merge_into=merge_into)
        except CuratorError as exc:
            self._on_refused(_sentence(str(exc)))
            return
        self._reload()
        if self.model.rowCount():
            self.select(min(row, self.model.rowCount() - 1))
        self._on_changed(
            f"Deleted {lv.name}; {moved} annotation(s) now carry {merge_into}." if merge_into
            else f"Deleted {lv.name}."
        )

    def import_schema(self) -> None:
        path = ask.ask_open_file(self, "Import label schema", "Label schema (*.json);;All files (*)")
        if path is None:
            return
        try:
            added = import_schema(self.store, path)
        except CuratorError as exc:
            self._on_refused(_sentence(str(exc)))
            return
        self._reload()
        self._on_changed(
            f"Imported {path.name}: added {', '.join(added)}." if added
            else f"Imported {path.name}: no new labels; colours and descriptions updated."
        )

    def export_schema(self) -> None:
        path = ask.ask_save_file(self, "Export label schema", "labels.json",
                                 "Label schema (*.json)")
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".json")
        try:
            export_schema(self.store, path)
        except (CuratorError, OSError) as exc:
            self._on_refused(_sentence(f"{path}: {exc}"))
            return
        self._set_message(f"Exported {self.model.rowCount()} labels to {path}.", error=False)

    # -- helpers ----------------------------------------------------------------------------

    def _reload(self, select: str | None = None, column: int = NAME) -> None:
        self.model.reload()
        row = self.model.row_of(select) if select else -1
        if row >= 0:
            self.select(row, column)
        self._update_buttons()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == COLOUR:
            self.recolor()

    def _on_refused(self, message: str) -> None:
        self._set_message(message, error=True)

    def _on_changed(self, message: str) -> None:
        self._set_message(message, error=False)
        self.labelsChanged.emit()

    def _set_message(self, message: str, error: bool) -> None:
        self.message.setText(message)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;" if error else "")


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


_OPTION_WORDS = {"cross_paragraphs": "spans may cross paragraphs",
                 "keep_possessive": "keeps a trailing possessive"}


def _said(field: str, value: Any) -> str:
    """A saved field as a curator reads it (options in words, never a Python dict)."""
    if field == "options" and isinstance(value, dict):
        return ", ".join(f"{_OPTION_WORDS.get(k, k.replace('_', ' '))} {'on' if v else 'off'}"
                         for k, v in value.items()) or "no options"
    return f"{field} {value or 'none'}"
