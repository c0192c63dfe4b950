"""The figure part of the details panel: every attribute the detector fills, editable.

Value (digits grouped, with its scaled reading: "38,000,000,000,000" — "38 trillion CNY"),
unit, qualifier, what a count counts, a range's low and high, "out of", the period; the
conversion attributes and any others (a confidence, say) are shown as they are. Numbers may be
typed grouped or in words ("39 trillion"); a field that does not read as a number is refused
with a message under the fields, and nothing is emitted.

Signals: ``edited()`` — the user finished editing a field (``attributes`` has the result).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.errors import ValidationError


def _reading() -> ModuleType:
    """``app.figures.reading``, imported when a figure is first shown (not at startup)."""
    from app.figures import reading

    return reading


NUMBERS = ("value", "low", "high", "out_of")
TEXTS = ("unit", "qualifier", "counted", "period")
CONVERSION = ("converts_to", "converted_from", "rate", "expected_rate", "rate_plausible")
PLACEHOLDERS = {
    "value": "38,000,000,000,000 or 38 trillion",
    "unit": "CNY, USD, %, pp, km2… (empty: a count)",
    "qualifier": "exact, about, more than, up to…",
    "counted": "what a count counts: companies…",
    "period": "2020 or 2021-01-01/2021-03-31",
    "low": "low", "high": "high", "out_of": "eleven out of thirteen: 13",
}


class FigureEditor(QGroupBox):
    """Value, unit, qualifier, counted, range, out of and period of one figure annotation."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Figure", parent)
        self._attrs: dict[str, Any] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(6, 4, 6, 4)
        form.setVerticalSpacing(3)
        self.fields: dict[str, QLineEdit] = {}
        for key in (*NUMBERS, *TEXTS):
            w = QLineEdit(self)
            w.setObjectName(f"details{''.join(p.title() for p in key.split('_'))}")
            w.setPlaceholderText(PLACEHOLDERS[key])
            w.editingFinished.connect(self._on_edited)
            self.fields[key] = w
        self.reading = QLabel(self)
        self.reading.setObjectName("detailsReading")
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.fields["value"].textEdited.connect(self._show_reading)
        rng = QWidget(self)
        row = QHBoxLayout(rng)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fields["low"])
        row.addWidget(QLabel("–", rng))
        row.addWidget(self.fields["high"])
        form.addRow("Value", self.fields["value"])
        form.addRow("", self.reading)
        form.addRow("Unit", self.fields["unit"])
        form.addRow("Qualifier", self.fields["qualifier"])
        form.addRow("Counted", self.fields["counted"])
        form.addRow("Range", rng)
        form.addRow("Out of", self.fields["out_of"])
        form.addRow("Period", self.fields["period"])
        self.other = QLabel(self)
        self.other.setObjectName("detailsOtherAttributes")
        self.other.setTextFormat(Qt.TextFormat.PlainText)
        self.other.setWordWrap(True)
        self.other.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.other)
        self.error = QLabel(self)
        self.error.setObjectName("detailsFigureError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)

    def set_attributes(self, attrs: Mapping[str, Any]) -> None:
        """Show ``attrs`` (no signal)."""
        self._attrs = dict(attrs)
        for key, w in self.fields.items():
            v = attrs.get(key)
            w.blockSignals(True)
            if v is None:
                w.setText("")
            elif key in NUMBERS and isinstance(v, (int, float)) and not isinstance(v, bool):
                w.setText(_reading().grouped(v))
            else:
                w.setText(str(v))
            w.setCursorPosition(0)
            w.blockSignals(False)
        self.error.clear()
        self.error.setVisible(False)
        self._show_reading()
        lines = conversion_lines(attrs) + [
            f"{k.replace('_', ' ')}: {attrs[k]}" for k in sorted(attrs)
            if k not in NUMBERS and k not in TEXTS and k not in CONVERSION
        ]
        self.other.setText("\n".join(lines))
        self.other.setVisible(bool(lines))

    def _show_reading(self, _text: str = "") -> None:
        try:
            value = _reading().parse_number(self.fields["value"].text())
        except ValidationError:
            self.reading.setText("")
            return
        self.reading.setText(_reading().scaled(value, self.fields["unit"].text().strip() or None))

    def attributes(self) -> dict[str, Any]:
        """The attributes as edited: the figure's own, with the fields' values in place; a
        cleared field removes its key (or keeps it as ``None`` if it was ``None``).
        Raises ``ValidationError`` for a number field that is not a number."""
        attrs = dict(self._attrs)
        for key, w in self.fields.items():
            text = w.text().strip()
            if not text:
                if attrs.get(key) is not None:
                    del attrs[key]
                continue
            if key in NUMBERS:
                try:
                    attrs[key] = _reading().parse_number(text)
                except ValidationError as exc:
                    raise ValidationError(f"{key.replace('_', ' ')}: {exc}") from None
            else:
                attrs[key] = text
        return attrs

    def check(self) -> dict[str, Any] | None:
        """``attributes()``, or None with the reason shown under the fields."""
        try:
            attrs = self.attributes()
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return None
        self.error.setVisible(False)
        return attrs

    def _on_edited(self) -> None:
        if self.check() is not None:
            self.edited.emit()


def conversion_lines(attrs: Mapping[str, Any]) -> list[str]:
    """A conversion in words: "converts to USD, rate 0.153846 (usual 0.145)"."""
    lines = []
    if attrs.get("converts_to"):
        lines.append(f"converts to {attrs['converts_to']}")
    if attrs.get("converted_from"):
        lines.append(f"converted from {attrs['converted_from']}")
    if "rate" in attrs:
        usual = f" (usual {attrs['expected_rate']})" if "expected_rate" in attrs else ""
        odd = ", implausible" if attrs.get("rate_plausible") is False else ""
        lines.append(f"rate {attrs['rate']}{usual}{odd}")
    return lines
