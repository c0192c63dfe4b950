"""Review mode: compare annotators document by document and settle conflicts into gold.

Keyboard first: N / P next / previous conflict (across documents), 1-9 or Up/Down pick a
version, A accept it, R reject it (optional comment), E edit it then accept; Ctrl+M pre-merges
every agreed case (after asking). All decisions go through ``app.review.adjudicate.Adjudicator``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import CuratorError
from app.review.adjudicate import (
    AGREED,
    BOUNDARY_CONFLICT,
    LABEL_CONFLICT,
    MISSING,
    STATE_MEANINGS,
    Adjudicator,
    Case,
)
from app.store.store import Store
from app.store.views import AnnotationView
from app.ui.review.lanes import LaneView, lane_style

KIND_TEXT = {
    AGREED: "agreed", LABEL_CONFLICT: "label conflict", BOUNDARY_CONFLICT: "boundary conflict",
    MISSING: "missing",
}


class EditDialog(QDialog):
    """Edit a version before accepting it: span (code points), label, figure value and unit."""

    def __init__(
        self, version: AnnotationView, text: str, labels: Sequence[str],
        span: tuple[int, int] | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit, then accept")
        self.text = text
        start, end = span or (version.start, version.end)
        form = QFormLayout(self)
        self.start = QSpinBox()
        self.start.setRange(0, len(text))
        self.start.setValue(start)
        self.end = QSpinBox()
        self.end.setRange(0, len(text))
        self.end.setValue(end)
        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.label = QComboBox()
        self.label.addItems(list(labels))
        self.label.setCurrentText(version.label)
        self.value = QLineEdit("" if version.attributes.get("value") is None else str(version.attributes["value"]))
        self.unit = QLineEdit(str(version.attributes.get("unit") or ""))
        self.comment = QLineEdit()
        form.addRow("Start", self.start)
        form.addRow("End", self.end)
        form.addRow("Text", self.preview)
        form.addRow("Label", self.label)
        form.addRow("Value", self.value)
        form.addRow("Unit", self.unit)
        form.addRow("Comment", self.comment)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.version = version
        self.start.valueChanged.connect(self._preview)
        self.end.valueChanged.connect(self._preview)
        self._preview()

    def _preview(self) -> None:
        s, e = self.start.value(), self.end.value()
        self.preview.setText(repr(self.text[s:e]) if s < e else "(empty)")

    def values(self) -> dict[str, Any]:
        attrs = {k: v for k, v in self.version.attributes.items() if k != "provenance"}
        value = self.value.text().strip()
        if value:
            try:
                attrs["value"] = float(value) if any(c in value for c in ".eE") else int(value)
            except ValueError:
                attrs["value"] = value
        else:
            attrs.pop("value", None)
        if self.unit.text().strip():
            attrs["unit"] = self.unit.text().strip()
        else:
            attrs.pop("unit", None)
        return {
            "start": self.start.value(), "end": self.end.value(), "label": self.label.currentText(),
            "attributes": attrs, "comment": self.comment.text().strip(),
        }


class ReviewWindow(QMainWindow):
    """Review of ``annotators``' work by ``reviewer`` (who must have the reviewer role)."""

    def __init__(
        self, store: Store, reviewer: str, annotators: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.adj = Adjudicator(store, reviewer, annotators)  # raises PermissionDenied
        self.store = store
        self.setWindowTitle(
            f"Review — {reviewer} ({self.adj.role}) comparing {', '.join(self.adj.annotators)}"
        )
        self.colors = {lv.name: lv.color for lv in store.labels()}
        self.doc_id: int | None = None
        self.text = ""
        self.cases: list[Case] = []

        self.docs = QListWidget()
        self.docs.setObjectName("reviewDocuments")
        self.view = LaneView()
        self.legend = QLabel()
        self.legend.setObjectName("reviewLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.case_list = QListWidget()
        self.case_list.setObjectName("reviewCases")
        self.versions = QListWidget()
        self.versions.setObjectName("reviewVersions")
        self.show_agreed = QCheckBox("Show agreed cases")
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # article text and names, never markup
        self.detail.setWordWrap(True)
        self.keys = QLabel(
            "<b>N</b>/<b>P</b> next/previous conflict · <b>1-9</b> pick version · "
            "<b>A</b> accept · <b>R</b> reject · <b>E</b> edit, then accept"
        )
        self.keys.setWordWrap(True)

        middle = QWidget()
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addWidget(self.legend)
        mv.addWidget(self.view, 1)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel("<b>Cases</b>"))
        rv.addWidget(self.case_list, 3)
        rv.addWidget(self.show_agreed)
        rv.addWidget(QLabel("<b>Versions</b>"))
        rv.addWidget(self.versions, 2)
        rv.addWidget(self.detail)
        rv.addWidget(self.keys)
        split = QSplitter()
        split.addWidget(self.docs)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setStretchFactor(2, 2)
        split.setSizes([180, 640, 320])
        self.setCentralWidget(split)
        self.resize(1240, 720)

        tb = self.addToolBar("Review")
        tb.setObjectName("reviewToolbar")
        self.premerge_action = QAction("Pre-merge agreed spans", self)
        self.premerge_action.setShortcut(QKeySequence("Ctrl+M"))
        self.premerge_action.triggered.connect(self.premerge)
        tb.addAction(self.premerge_action)
        self._keys = {
            Qt.Key.Key_N: self.next_conflict, Qt.Key.Key_P: self.previous_conflict,
            Qt.Key.Key_A: self.accept_selected, Qt.Key.Key_R: self.reject_selected,
            Qt.Key.Key_E: self.edit_selected,
        }
        for w in (self.docs, self.view, self.case_list, self.versions, self.show_agreed):
            w.installEventFilter(self)

        self.docs.currentRowChanged.connect(self._doc_changed)
        self.case_list.currentRowChanged.connect(self._case_changed)
        self.versions.currentRowChanged.connect(self._version_changed)
        self.show_agreed.toggled.connect(lambda _: self._reload_cases(keep=True))
        self._legend()
        self._load_documents()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """The review keys, whichever pane has the focus (plain keys, no modifier)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if mods == Qt.KeyboardModifier.NoModifier:
                key = event.key()
                if key in self._keys:
                    self._keys[Qt.Key(key)]()
                    return True
                if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
                    self.pick_version(key - Qt.Key.Key_1)
                    return True
        return super().eventFilter(obj, event)

    # -- the dialogs tests may replace ---------------------------------------------------

    def ask_comment(self, version: AnnotationView) -> str | None:
        """The reviewer's comment on a rejection ("" for none); None cancels."""
        text, ok = QInputDialog.getText(
            self, "Reject", f"Reject {version.annotator}'s {version.label} {version.text!r}?\nComment (optional):"
        )
        return text if ok else None

    def ask_edit(self, version: AnnotationView, span: tuple[int, int] | None) -> dict[str, Any] | None:
        """The edited version (start, end, label, attributes, comment); None cancels."""
        dlg = EditDialog(version, self.text, list(self.colors), span, self)
        return dlg.values() if dlg.exec() == QDialog.DialogCode.Accepted else None

    # -- loading -------------------------------------------------------------------------

    def _legend(self) -> None:
        parts = []
        for i, n in enumerate(self.adj.annotators):
            style = lane_style(i)[1]
            css = {"solid": "solid", "dashed": "dashed", "dotted": "dotted"}.get(style, "dashed")
            parts.append(
                f"<span style='border-bottom: 3px {css} #444; text-decoration: underline;'>"
                f"lane {i + 1}: <b>{html.escape(n)}</b></span> ({style})"
            )
        parts.append("<span style='background:#ffe9a8'>&nbsp;tinted&nbsp;</span> = gold")
        self.legend.setText(" &nbsp;·&nbsp; ".join(parts))

    def _load_documents(self) -> None:
        self.docs.blockSignals(True)
        self.docs.clear()
        ids = self.adj.documents()
        for info in self.store.list_documents(ids=ids):
            item = QListWidgetItem(info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.title)
            self.docs.addItem(item)
        self.docs.blockSignals(False)
        if self.docs.count():
            self.docs.setCurrentRow(0)
        else:
            self.statusBar().showMessage("none of the chosen annotators has annotated anything yet")

    def open_document(self, doc_id: int) -> None:
        for row in range(self.docs.count()):
            if self.docs.item(row).data(Qt.ItemDataRole.UserRole) == doc_id:
                self.docs.setCurrentRow(row)
                return

    def _doc_changed(self, row: int) -> None:
        if row < 0:
            return
        self.doc_id = int(self.docs.item(row).data(Qt.ItemDataRole.UserRole))
        self.text = self.store.document_text(self.doc_id)
        anns = [
            a for a in self.store.annotations(self.doc_id, annotator=self.adj.annotators)
            if not a.pending
        ]
        self.view.load(self.text, self.adj.annotators, anns, self.adj.gold(self.doc_id), self.colors)
        self._reload_cases(keep=False)

    def _reload_cases(self, keep: bool, prefer: int | None = None) -> None:
        assert self.doc_id is not None
        old = self.case_list.currentRow()
        all_cases = self.adj.cases(self.doc_id)
        self.cases = [c for c in all_cases if c.is_conflict or self.show_agreed.isChecked()]
        self.case_list.blockSignals(True)
        self.case_list.clear()
        for c in self.cases:
            who = ", ".join(c.annotators)
            extra = f"; missing: {', '.join(c.missing)}" if c.missing else ""
            snippet = self.text[c.start:c.end].replace("\n", " ")
            item = QListWidgetItem(
                f"{c.label} · {KIND_TEXT[c.kind]} — {snippet[:40]!r} @{c.start}"
                f" ({who}{extra})"
            )
            item.setData(Qt.ItemDataRole.UserRole, c.state)
            item.setToolTip(f"{c.state}: {STATE_MEANINGS[c.state]}")
            self.case_list.addItem(item)
        self.case_list.blockSignals(False)
        self.view.set_gold(self.adj.gold(self.doc_id))
        n_open = sum(1 for c in all_cases if c.is_conflict and not c.decided)
        item = self.docs.currentItem()
        if item is not None:
            title = self.store.get_document(self.doc_id).title
            item.setText(f"{title}  [{n_open} to decide]" if n_open else f"{title}  [all decided]")
        row = prefer if prefer is not None else (old if keep else 0)
        if self.cases:
            self.case_list.setCurrentRow(max(0, min(row, len(self.cases) - 1)))
        else:
            self.versions.clear()
            self.view.set_current(None, None)
            self.detail.setText("no conflicts in this document")

    def _case_changed(self, row: int) -> None:
        self.versions.clear()
        if not (0 <= row < len(self.cases)):
            return
        c = self.cases[row]
        for i, v in enumerate(c.versions):
            attrs = {k: x for k, x in v.attributes.items() if k in ("value", "unit")}
            extra = f" {attrs}" if attrs else ""
            decided = c.decisions[i] if i < len(c.decisions) else ""
            self.versions.addItem(QListWidgetItem(
                f"{i + 1}. {v.annotator}: {v.label} {v.text!r} [{v.start}-{v.end}]{extra}"
                f" — {decided or 'not decided'}"
            ))
        self.versions.setCurrentRow(0)
        self.view.set_current(c.start, c.end)
        gold = "; ".join(f"{g.label} {g.text!r}" for g in c.gold)
        self.detail.setText(
            f"{KIND_TEXT[c.kind]} · {c.label}" + (f" · gold: {gold}" if gold else "")
        )

    def _version_changed(self, row: int) -> None:
        v = self.selected_version()
        if v is not None:
            self.view.select(v.start, v.end)

    # -- actions -------------------------------------------------------------------------

    def current_case(self) -> Case | None:
        row = self.case_list.currentRow()
        return self.cases[row] if 0 <= row < len(self.cases) else None

    def selected_version(self) -> AnnotationView | None:
        c = self.current_case()
        row = self.versions.currentRow()
        if c is None or not (0 <= row < len(c.versions)):
            return None
        return c.versions[row]

    def pick_version(self, i: int) -> None:
        c = self.current_case()
        if c is not None and i < len(c.versions):
            self.versions.setCurrentRow(i)

    def next_conflict(self) -> None:
        self._step(+1)

    def previous_conflict(self) -> None:
        self._step(-1)

    def _step(self, d: int) -> None:
        """Move to the next (previous) case, on to the next document with an open conflict."""
        row = self.case_list.currentRow() + d
        if 0 <= row < len(self.cases):
            self.case_list.setCurrentRow(row)
            return
        n = self.docs.count()
        r = self.docs.currentRow()
        for _ in range(n - 1):
            r = (r + d) % n
            doc_id = int(self.docs.item(r).data(Qt.ItemDataRole.UserRole))
            if any(c.is_conflict for c in self.adj.cases(doc_id)):
                self.docs.setCurrentRow(r)
                self.case_list.setCurrentRow(0 if d > 0 else len(self.cases) - 1)
                return
        self.statusBar().showMessage("no other conflicts", 4000)

    def _after_decision(self, message: str) -> None:
        row = self.case_list.currentRow()
        self._reload_cases(keep=True)
        # go on to the next open conflict of the document, when there is one
        for i in list(range(row + 1, len(self.cases))) + list(range(0, row + 1)):
            if not self.cases[i].decided and self.cases[i].is_conflict:
                self.case_list.setCurrentRow(i)
                break
        self.statusBar().showMessage(message, 6000)

    def accept_selected(self) -> None:
        v = self.selected_version()
        if v is None:
            return
        try:
            g = self.adj.accept(v.id)
        except CuratorError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._after_decision(f"accepted {v.annotator}'s {g.label} {g.text!r} into gold")

    def reject_selected(self) -> None:
        v = self.selected_version()
        if v is None:
            return
        comment = self.ask_comment(v)
        if comment is None:
            return
        try:
            self.adj.reject(v.id, comment)
        except CuratorError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._after_decision(f"rejected {v.annotator}'s {v.label} {v.text!r}")

    def edit_selected(self) -> None:
        v = self.selected_version()
        if v is None:
            return
        sel = self.view.selection()
        if sel == (v.start, v.end):
            sel = None
        values = self.ask_edit(v, sel)
        if values is None:
            return
        try:
            g = self.adj.edit_accept(
                v.id, start=values["start"], end=values["end"], label=values["label"],
                attributes=values.get("attributes"), comment=values.get("comment", ""),
            )
        except CuratorError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._after_decision(f"accepted {g.label} {g.text!r} (edited) into gold")

    def premerge(self) -> None:
        """Pre-merge every agreed case into gold, on the worker thread (cancellable), once the
        reviewer confirmed how many spans in how many documents it writes (default: No)."""
        from app.ui.workers import run_with_progress

        spans, docs = self.adj.premerge_count()
        if not spans:
            self.statusBar().showMessage("no open agreed spans to pre-merge", 6000)
            return
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(
            self, "Pre-merge agreed spans",
            f"Write {spans} agreed span(s) in {docs} document(s) into the gold layer as"
            f" {self.adj.reviewer}'s accepted annotations?",
            yes | no, no,
        )
        if answer != yes:
            self.statusBar().showMessage("pre-merge cancelled: nothing written", 6000)
            return
        self.premerge_task = run_with_progress(
            self, "Pre-merging agreed spans into gold…",
            lambda progress: self.adj.premerge(progress=progress),
            title="Pre-merge", on_finished=self._premerged,
        )

    def _premerged(self, n: object) -> None:
        if self.doc_id is not None:
            self._reload_cases(keep=True)
        self.statusBar().showMessage(f"pre-merged {n} agreed span(s) into gold", 6000)
