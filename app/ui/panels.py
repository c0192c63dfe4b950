"""The right-hand panels: the label palette and the details editor of one annotation.

Signals (``LabelPalette``): ``labelChosen(str)`` — a label was clicked.
Signals (``DetailsPanel``), emitted for user edits only: ``labelChosen(str)``,
``noteEdited(str)``, ``attributesEdited(dict)``, ``accepted()``, ``rejected()``,
``relationDeleted(str)`` (a relation's delete button, or Del on its row: the relation id); and
``left()`` when Esc or Enter leaves a text field (the window gives the article the focus back,
so a label's key never types into the note).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.confidence import confidence_line
from app.ui.figure_editor import FigureEditor
from app.ui.flow_layout import FlowLayout
from app.ui.relation_list import RelationList

if TYPE_CHECKING:
    from app.store.views import AnnotationView, LabelView, RelationView


def swatch(color: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(color))
    p.setPen(QColor(color).darker(140))
    p.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    p.end()
    return QIcon(pm)


class LabelPalette(QWidget):
    """The labels, entities and figures grouped: colour, name, hotkey; click to apply."""

    labelChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelPalette")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}

    def set_labels(self, labels: Sequence[LabelView]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for kind, title in (("entity", "Entities"), ("figure", "Figures")):
            group = QGroupBox(title, self)
            flow = FlowLayout(group, spacing=2)  # wraps to the panel's width: never overprints
            flow.setContentsMargins(4, 4, 4, 4)
            entries = [self._entry(group, lv) for lv in labels if lv.kind == kind]
            width = max((e.sizeHint().width() for e in entries), default=0)
            for entry in entries:
                entry.setFixedWidth(width)  # equal widths: the entries line up in columns
                flow.addWidget(entry)
            self._layout.addWidget(group)
        self._keep_rows()

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(e)
        self._keep_rows()

    def event(self, e: QEvent) -> bool:
        handled = super().event(e)
        if e.type() == QEvent.Type.LayoutRequest:
            # new labels (a store opened after the window showed) are measured once polished:
            # the height asked for at set_labels time was for unpolished, smaller entries
            self._keep_rows()
        return handled

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False  # the minimum height follows the width instead (``_keep_rows``)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def _keep_rows(self) -> None:
        """Ask for the height the wrapped rows take at this width: never squeezed over each other."""
        height = self._layout.heightForWidth(self.width())
        if height > 0 and self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def _entry(self, group: QWidget, lv: LabelView) -> QWidget:
        """One label: its button (colour and name) and its hotkey, kept together on a row."""
        entry = QWidget(group)
        row = QHBoxLayout(entry)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        b = QToolButton(entry)
        b.setObjectName(f"label_{lv.name}")
        b.setText(lv.name)
        b.setIcon(swatch(lv.color))
        b.setIconSize(QSize(14, 14))
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the article's selection focused
        b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        b.setToolTip("\n".join(x for x in (
            lv.name, lv.description, f"hotkey: {lv.hotkey}" if lv.hotkey else "") if x))
        b.clicked.connect(lambda _=False, name=lv.name: self.labelChosen.emit(name))
        key = QLabel(lv.hotkey or "", entry)
        key.setMinimumWidth(12)
        key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        key.setEnabled(False)
        row.addWidget(b, 1)
        row.addWidget(key, 0)
        self.buttons[lv.name] = b
        return entry


FIGURE_FIELDS = ("value", "unit", "qualifier")


class DetailsPanel(QWidget):
    """Label, note, figure attributes, suggestion state and relations of one annotation."""

    labelChosen = Signal(str)
    noteEdited = Signal(str)
    attributesEdited = Signal(dict)
    accepted = Signal()
    rejected = Signal()
    relationDeleted = Signal(str)
    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.ann: AnnotationView | None = None
        # the editors' texts as last shown: only a change from these is an edit (issue 14.7:
        # leaving a row must never write, e.g. a detector's ``unit: None`` shown as "")
        self._shown: tuple[str, ...] = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel("No annotation selected", self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.header)
        form = QFormLayout()
        self.label = QComboBox(self)
        self.label.setObjectName("detailsLabel")
        self.label.activated.connect(lambda _i: self.labelChosen.emit(self.label.currentText()))
        form.addRow("Label", self.label)
        self.note = QLineEdit(self)
        self.note.setObjectName("detailsNote")
        self.note.setPlaceholderText("a note for reviewers")
        self.note.editingFinished.connect(self._on_note)
        form.addRow("Note", self.note)
        outer.addLayout(form)
        self.figure = FigureEditor(self)  # every attribute the detector fills
        self.figure.edited.connect(self._on_attributes)
        self.value, self.unit, self.qualifier = (self.figure.fields[k] for k in FIGURE_FIELDS)
        outer.addWidget(self.figure)
        self.suggestion = QWidget(self)
        srow = FlowLayout(self.suggestion)  # wraps in a narrow panel
        srow.setContentsMargins(0, 0, 0, 0)
        srow.addWidget(QLabel("Suggestion:", self.suggestion))
        acc = QPushButton("Accept (Enter)", self.suggestion)
        acc.setObjectName("acceptButton")
        acc.clicked.connect(self.accepted)
        rej = QPushButton("Reject (Del)", self.suggestion)
        rej.setObjectName("rejectButton")
        rej.clicked.connect(self.rejected)
        for b in (acc, rej):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            srow.addWidget(b)
        outer.addWidget(self.suggestion)
        outer.addWidget(QLabel("Relations", self))
        self.relations = RelationList(self)
        self.relations.setMaximumHeight(96)
        self.relations.deleteRequested.connect(self.relationDeleted)
        outer.addWidget(self.relations)
        self._fields = (self.note, *self.figure.fields.values())
        for w in self._fields:
            w.installEventFilter(self)
        self.show_annotation(None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Esc or Enter in a text field: commit what was typed, then leave the field."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and obj in self._fields
            and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if obj is self.note:
                self._on_note()
            else:
                self._on_attributes()
            self.left.emit()
            return True
        return super().eventFilter(obj, event)

    def set_labels(self, labels: Sequence[LabelView]) -> None:
        self.label.blockSignals(True)
        self.label.clear()
        for lv in labels:
            self.label.addItem(swatch(lv.color), lv.name)
        self.label.blockSignals(False)
        self.show_annotation(self.ann)

    def show_annotation(
        self,
        ann: AnnotationView | None,
        relations: Sequence[tuple[RelationView, AnnotationView | None, bool]] = (),
        locked: str = "",
    ) -> None:
        """Fill the editors; ``relations`` are (relation, other end, outgoing); ``locked`` says
        why the curator may not edit ``ann`` (its editors are then disabled, with that tooltip)."""
        self.ann = ann
        for w in (self.label, self.note):
            w.blockSignals(True)
        enabled = ann is not None and not locked
        for box in (self.label, self.note, self.figure, self.suggestion):
            box.setEnabled(enabled)
            box.setToolTip(locked)
        self.relations.clear()
        if ann is None:
            self.header.setText("No annotation selected. Select text, then press a label's key.")
            self.label.setCurrentIndex(-1)
            self.note.clear()
            self.figure.setVisible(False)
            self.suggestion.setVisible(False)
        else:
            state = "suggested, pending" if ann.pending else ann.origin
            if ann.review_status != "none":
                state += f", {ann.review_status}"
            doubt = confidence_line(ann.attributes) if ann.pending else ""
            self.header.setText(
                f"“{ann.text}”  {ann.start}–{ann.end}\nby {ann.annotator} ({state})"
                + (f"\n⚠ {doubt}" if doubt else "")
            )
            self.label.setCurrentIndex(self.label.findText(ann.label))
            self.note.setText(ann.note)
            is_fig = ann.kind == "figure"
            self.figure.setVisible(is_fig)
            self.figure.set_attributes(ann.attributes if is_fig else {})
            self.suggestion.setVisible(ann.pending)
            self.relations.set_relations(relations)
        self._shown = self._texts()
        for w in (self.label, self.note):
            w.blockSignals(False)

    def _texts(self) -> tuple[str, ...]:
        return tuple(w.text() for w in self._fields)  # the note, then the figure's fields

    def commit_typed(self) -> None:
        """Emit the note and figure fields still being typed (focus may not have left them):
        each edit once, never for what is merely shown."""
        self._on_note()
        self._on_attributes()  # a figure's only; it checks what is shown itself

    def _on_note(self) -> None:
        """The note was typed into: emit it (once), never for a note merely shown."""
        if self.ann is None or self.note.text() == self._shown[0]:
            return
        self._shown = (self.note.text(), *self._shown[1:])
        if self.note.text() != (self.ann.note or ""):
            self.noteEdited.emit(self.note.text())

    def attributes(self) -> dict[str, Any]:
        """The attributes as edited (``FigureEditor.attributes``; may raise ValidationError)."""
        return self.figure.attributes() if self.ann else {}

    def _on_attributes(self) -> None:
        """A figure field was typed into: emit the attributes (once), never for ones shown;
        a number that does not read as one is refused with the editor's message."""
        if self.ann is None or self.ann.kind != "figure" or self._texts()[1:] == self._shown[1:]:
            return
        self._shown = (self._shown[0], *self._texts()[1:])
        attrs = self.figure.check()
        if attrs is not None and attrs != self.ann.attributes:
            self.attributesEdited.emit(attrs)
