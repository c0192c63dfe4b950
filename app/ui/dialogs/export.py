"""File → Export…: pick a format, a destination and filters; write on the worker thread.

The formats are read from ``app.formats.registry`` when the dialog opens, so every format a
module registers is offered. The writer runs behind a cancellable progress dialog; it writes
atomically, so a cancelled or failed export leaves the destination as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formats import registry
from app.formats.options import ExportOptions, ExportResult
from app.store.store import STATUSES, Store
from app.ui.dialogs import ask
from app.ui.workers import ProgressTask, run_with_progress, show_status

STATUS_TEXT = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}


class ExportDialog(QDialog):
    """Choose what to export and where; the export runs in the background.

    Signals:
        exported(result, path): the export finished and ``path`` holds it.
    """

    exported = Signal(object, object)

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
        current_document: int | None = None,
    ) -> None:
        """``settings`` remembers the last format and folder; ``current_document`` (a store id)
        offers "only the open article"."""
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.current_document = current_document
        self.task: ProgressTask | None = None
        self.export_result: ExportResult | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export")

        self.formats = sorted(registry.writers(), key=lambda f: (f.name not in ("json", "jsonl"),
                                                                 f.description.lower()))
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("formatCombo")
        for f in self.formats:
            self.format_combo.addItem(f"{f.description}  ({f.name})", f.name)
            self.format_combo.setItemData(self.format_combo.count() - 1, f.description,
                                          Qt.ItemDataRole.ToolTipRole)
        last = str(settings.value("export/format", "")) if settings is not None else ""
        if (at := self.format_combo.findData(last)) >= 0:
            self.format_combo.setCurrentIndex(at)
        self.format_combo.currentIndexChanged.connect(self._on_format_changed)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("pathEdit")
        self.path_edit.setPlaceholderText("Where to write the export")
        self.path_edit.textChanged.connect(self._update_buttons)
        browse = QPushButton("&Browse…")
        browse.setObjectName("browseButton")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        save_label = QLabel("&Save to:")
        save_label.setBuddy(self.path_edit)
        form.addRow(save_label, where)

        self.annotator_list = self._check_list(
            "annotatorList", [a.name for a in store.annotators()], "annotators"
        )
        labels = store.labels()
        self.label_list = self._check_list("labelList", [lv.name for lv in labels], "labels")
        self.label_list.setIconSize(QSize(12, 12))
        for i, lv in enumerate(labels):
            self.label_list.item(i).setData(Qt.ItemDataRole.DecorationRole, QColor(lv.color))
            self.label_list.item(i).setToolTip(f"{lv.kind}: {lv.description}")
        self.status_boxes: dict[str, QCheckBox] = {}
        statuses = QVBoxLayout()
        for st in STATUSES:
            box = QCheckBox(STATUS_TEXT[st])
            box.setObjectName(f"status_{st}")
            box.setChecked(True)
            box.toggled.connect(self._update_buttons)
            statuses.addWidget(box)
            self.status_boxes[st] = box
        statuses.addStretch(1)
        self.suggestions_box = QCheckBox("Include pending &suggestions")
        self.suggestions_box.setObjectName("includeSuggestions")
        self.gold_box = QCheckBox("&Gold only (accepted in review)")
        self.gold_box.setObjectName("goldOnly")
        self.rejected_box = QCheckBox("Include &rejected annotations")
        self.rejected_box.setObjectName("includeRejected")
        self.only_current_box = QCheckBox("Only the &open article")
        self.only_current_box.setObjectName("onlyCurrent")
        self.only_current_box.setVisible(current_document is not None)
        self.gold_box.toggled.connect(self._on_gold_toggled)

        filters = QGroupBox("What to export")
        grid = QGridLayout(filters)
        grid.addWidget(QLabel("Annotators"), 0, 0)
        grid.addWidget(QLabel("Labels"), 0, 1)
        grid.addWidget(QLabel("Document status"), 0, 2)
        grid.addWidget(self.annotator_list, 1, 0)
        grid.addWidget(self.label_list, 1, 1)
        grid.addLayout(statuses, 1, 2)
        grid.addLayout(self._all_none(self.annotator_list), 2, 0)
        grid.addLayout(self._all_none(self.label_list), 2, 1)
        grid.addWidget(self.suggestions_box, 3, 0, 1, 3)
        grid.addWidget(self.gold_box, 4, 0, 1, 3)
        grid.addWidget(self.rejected_box, 5, 0, 1, 3)
        grid.addWidget(self.only_current_box, 6, 0, 1, 3)

        self.message = QLabel()
        self.message.setObjectName("messageLabel")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("&Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(filters, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.annotator_list.itemChanged.connect(self._update_buttons)
        self.label_list.itemChanged.connect(self._update_buttons)
        self._on_format_changed()
        self.path_edit.setFocus()  # typing a path and Enter is the shortest way through

    def _check_list(self, name: str, items: list[str], what: str) -> QListWidget:
        lst = QListWidget()
        lst.setObjectName(name)
        lst.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        lst.setToolTip(f"Only the checked {what} are exported (Space toggles)")
        for text in items:
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            lst.addItem(item)
        return lst

    def _all_none(self, lst: QListWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, state in (("All", Qt.CheckState.Checked), ("None", Qt.CheckState.Unchecked)):
            b = QPushButton(text)
            b.setObjectName(f"{lst.objectName()}{text}")
            b.setAutoDefault(False)
            b.setMaximumWidth(b.fontMetrics().horizontalAdvance("None") + 28)
            b.clicked.connect(lambda _=False, state=state: self._check_all(lst, state))
            row.addWidget(b)
        row.addStretch(1)
        return row

    @staticmethod
    def _check_all(lst: QListWidget, state: Qt.CheckState) -> None:
        for i in range(lst.count()):
            lst.item(i).setCheckState(state)

    # -- reading the form -------------------------------------------------------------------

    def format(self) -> registry.Format:
        return self.formats[self.format_combo.currentIndex()]

    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.name:
            return None
        ext = self.format().extension
        if ext and not path.suffix:  # a name typed with an extension is kept as typed
            path = path.with_name(path.name + ext)
        return path

    def extension_warning(self) -> str | None:
        """A note when the typed name's extension is not the format's (the name is kept)."""
        path, fmt = self.path(), self.format()
        if path is None or not fmt.extension or path.name.endswith(fmt.extension):
            return None
        return (f"{path.name} does not end in {fmt.extension} ({fmt.name}); "
                "it will be written under the name typed.")

    @staticmethod
    def _checked(lst: QListWidget) -> list[str] | None:
        """The checked names; None when all are checked (no filter)."""
        items = [lst.item(i) for i in range(lst.count())]
        checked = [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]
        return None if len(checked) == len(items) else checked

    def options(self) -> ExportOptions:
        statuses = [st for st, box in self.status_boxes.items() if box.isChecked()]
        return ExportOptions(
            annotators=self._checked(self.annotator_list),
            labels=self._checked(self.label_list),
            statuses=None if len(statuses) == len(STATUSES) else statuses,
            include_suggestions=self.suggestions_box.isChecked(),
            gold_only=self.gold_box.isChecked(),
            include_rejected=self.rejected_box.isChecked(),
            documents=[str(self.current_document)]
            if self.current_document is not None and self.only_current_box.isChecked() else None,
        )

    def problem(self) -> str | None:
        """Why the export cannot start yet, or None."""
        if self.path() is None:
            return "Choose where to save the export."
        if self._checked(self.label_list) == []:
            return "Check at least one label."
        if self._checked(self.annotator_list) == []:
            return "Check at least one annotator."
        if not any(b.isChecked() for b in self.status_boxes.values()):
            return "Check at least one document status."
        path = self.path()
        assert path is not None
        if self.format().extension and path.is_dir():
            return f"{path} is a folder; name a file."
        return None

    # -- actions ----------------------------------------------------------------------------

    def browse(self) -> None:
        fmt = self.format()
        current = self.path()
        folder = Path(str(self.settings.value("export/folder", ""))) if self.settings else None
        start = str(current) if current else str((folder or Path()) / f"export{fmt.extension}")
        filters = f"{fmt.description} (*{fmt.extension})" if fmt.extension else ""
        caption = "Export to a folder" if not fmt.extension else "Export to"
        path = ask.ask_save_file(self, caption, start, filters)
        if path is not None:
            self.path_edit.setText(str(path))

    def start_export(self) -> None:
        if self.task is not None:
            return
        problem = self.problem()
        if problem:
            self._set_message(problem, error=True)
            return
        fmt, path, opts = self.format(), self.path(), self.options()
        assert path is not None and fmt.writer is not None
        writer, store = fmt.writer, self.store

        def work(progress: Callable[[int, int], None]) -> ExportResult:
            return writer(store, path, opts, progress)

        self._set_message(f"Exporting to {path}…", error=False)
        self.export_button.setEnabled(False)
        self.task = run_with_progress(self, f"Exporting {fmt.description} to {path.name}…", work,
                                      title="Export", show_errors=False)
        self.task.finished.connect(lambda result: self._on_finished(result, path))
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(lambda: self._on_cancelled(path))

    def _on_finished(self, result: ExportResult, path: Path) -> None:
        self.task = None
        self.export_result = result
        if self.settings is not None:
            self.settings.setValue("export/format", self.format().name)
            self.settings.setValue("export/folder", str(path.parent))
        text = (f"Exported {result.documents} document(s) and {result.annotations} "
                f"annotation(s) to {path}.")
        if result.warnings:
            text += f" {len(result.warnings)} warning(s): " + "; ".join(result.warnings[:3])
        self._set_message(text, error=False)
        show_status(self.parentWidget(), text)
        self.exported.emit(result, path)
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Enter exports when the form is valid and otherwise says why; it never dismisses."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.start_export()
            return
        super().keyPressEvent(event)

    def _on_failed(self, message: str) -> None:
        self.task = None
        self._set_message(f"Export failed: {message}", error=True)
        self._update_buttons()

    def _on_cancelled(self, path: Path) -> None:
        self.task = None
        self._set_message(f"Export cancelled; {path} was not changed.", error=False)
        self._update_buttons()

    def reject(self) -> None:
        if self.task is not None:  # Esc while exporting cancels the export first
            self.task.cancel()
            return
        super().reject()

    # -- helpers ----------------------------------------------------------------------------

    def _on_format_changed(self, *_: object) -> None:
        fmt = self.format()
        text = self.path_edit.text().strip()
        if text:
            old = Path(text)
            known = {f.extension for f in self.formats if f.extension}
            stem = old.name
            for ext in sorted(known, key=len, reverse=True):
                if stem.endswith(ext):
                    stem = stem[: -len(ext)]
                    break
            self.path_edit.setText(str(old.with_name(stem + fmt.extension)))
        self.format_combo.setToolTip(fmt.description)
        self._update_buttons()

    def _on_gold_toggled(self, on: bool) -> None:
        self.suggestions_box.setEnabled(not on)
        self.rejected_box.setEnabled(not on)

    def _update_buttons(self, *_: object) -> None:
        problem = self.problem()
        self.export_button.setEnabled(problem is None and self.task is None)
        if problem and self.path() is not None:
            self._set_message(problem, error=True)
        elif not problem and (warning := self.extension_warning()):
            self._set_message(warning, error=False)
        elif not problem and (self.message.property("problem")
                              or self.message.property("warning")):
            self._set_message("", error=False)
        self.message.setProperty("warning", bool(not problem and self.extension_warning()))
        self.message.setProperty("problem", bool(problem and self.path() is not None))

    def _set_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet("color: #c62828; font-weight: bold;" if error else "")

