"""Link mode (Shift+M / Shift+P): the selected figure waits for the span it links to.

The mode is visible while it lasts: a cross cursor over the article and a highlighted prompt
in the status bar. It ends when a span is chosen (clicked, its list row clicked, or Tab to it
and Enter), and on Esc, a click that is not on a span, a new text selection, any other
command key, or another article. Only an explicit choice links: a span created while the mode
was armed is never linked (issue 14.4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

# what the target of each relation type is, as the prompt names it
TARGETS = {
    "measures": "the span this figure measures",
    "period": "the period (date) this figure is for",
}
KEEP_KEYS = frozenset({"walk"})  # Tab/Shift+Tab walk to a candidate; Enter links to it


def target_phrase(rel_type: str) -> str:
    return TARGETS.get(rel_type, f"the span this figure's {rel_type} is")


class LinkMode:
    """The window's pending link: ``(relation type, figure id)`` while armed, else None."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.pending: tuple[str, str] | None = None
        self._cursor: QCursor | None = None  # the article's cursor before the mode
        self.indicator = QLabel(window.statusBar())
        self.indicator.setObjectName("linkModeLabel")
        self.indicator.setStyleSheet(
            "QLabel { background: #fff3bf; color: #5c3c00; border: 1px solid #e0b000;"
            " border-radius: 3px; padding: 0 6px; font-weight: bold; }"
        )
        self.indicator.setVisible(False)
        window.statusBar().insertPermanentWidget(0, self.indicator, 1)

    @property
    def active(self) -> bool:
        return self.pending is not None

    @property
    def prompt(self) -> str:
        return self.indicator.text()

    def start(self, rel_type: str, source_id: str, source_text: str) -> None:
        if self.pending is None:
            self._cursor = self.window.view.viewport().cursor()
        self.pending = (rel_type, source_id)
        short = source_text if len(source_text) <= 24 else source_text[:22] + "…"
        self.indicator.setText(f"Link “{short}”: click {target_phrase(rel_type)} · Esc cancels")
        self.indicator.setToolTip(
            f"Linking the figure “{source_text}”: click {target_phrase(rel_type)}, or its row "
            "in the list, or Tab to it and press Enter. Esc, or a click off the spans, cancels."
        )
        # read whole: it asks for its text's width, and the store's name steps aside meanwhile
        self.indicator.setMinimumWidth(self.indicator.sizeHint().width())
        self._store_label(False)
        self.indicator.setVisible(True)
        self.window.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.window.statusBar().clearMessage()

    def end(self, message: str | None = None) -> None:
        """Leave link mode (``message`` says why, in the status bar); nothing is linked."""
        was = self.pending is not None
        self.pending = None
        self.indicator.setVisible(False)
        self._store_label(True)
        if was:
            viewport = self.window.view.viewport()
            if self._cursor is not None:
                viewport.setCursor(self._cursor)
            else:
                viewport.unsetCursor()
            if message:
                self.window.show_message(message)
            else:
                self.window.statusBar().clearMessage()

    def _store_label(self, shown: bool) -> None:
        """Hide the status bar's store name for the prompt; show it again only if hidden here."""
        label = getattr(self.window, "store_label", None)
        if label is None:
            return
        if not shown and label.isVisible():
            label.setVisible(False)
            self._hid_store = True
        elif shown and getattr(self, "_hid_store", False):
            label.setVisible(True)
            self._hid_store = False

    def choose(self, target_id: str) -> bool:
        """The curator chose ``target_id`` (``""``: a click on no span). True when handled."""
        if self.pending is None:
            return False
        rel_type, source = self.pending
        if not target_id:
            self.end("Link cancelled: that click was not on a span")
            return True
        if target_id == source:
            self.end("Link cancelled: a figure cannot be linked to itself")
            return True
        self.end()
        self.window.add_relation(source, target_id, rel_type)
        self.window.select_annotation(source, scroll=False)
        return True

    def key(self, name: str, _arg: Any) -> bool:
        """A workspace key while armed: True when link mode took it."""
        if self.pending is None:
            return False
        if name in KEEP_KEYS:
            return False
        if name == "accept":  # Enter links to the annotation walked to
            current = self.window.current
            if current is None or current == self.pending[1]:
                self.window.show_message(
                    f"Tab to {target_phrase(self.pending[0])} first, or click it; Esc cancels"
                )
                return True
            return self.choose(current)
        if name == "escape":
            self.end("Link cancelled")
            return True
        self.end("Link cancelled")  # any other command: leave the mode, then run it
        return False
