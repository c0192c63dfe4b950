"""The suggestion flow, as fast as Prodigy's: decide one suggestion, land on the next.

Enter accepts and Del rejects the selected pending suggestion (each one core operation,
``app.ops``, one undo step); then the next pending suggestion of the article in text order is
selected, wrapping around to the first. :class:`PendingStatus` is the status-bar field that says
where the curator is: "3 of 12 pending" on a suggestion, "12 pending" elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from app.store.views import AnnotationView


def _order(a: AnnotationView) -> tuple[int, int, str, str]:
    return (a.start, a.end, a.label, a.id)


def pending(anns: Iterable[AnnotationView]) -> list[AnnotationView]:
    """The pending suggestions among ``anns``, in text order."""
    return sorted((a for a in anns if a.pending), key=_order)


def next_pending(anns: Iterable[AnnotationView], after: AnnotationView) -> AnnotationView | None:
    """The first pending suggestion after ``after`` in text order (wrapping around), or None."""
    rest = [a for a in pending(anns) if a.id != after.id]
    here = _order(after)
    return next((a for a in rest if _order(a) > here), rest[0] if rest else None)


def describe(anns: Iterable[AnnotationView], current: str | None) -> str:
    """"3 of 12 pending" on the third of twelve suggestions, "12 pending" elsewhere, or ""."""
    order = pending(anns)
    if not order:
        return ""
    ids = [a.id for a in order]
    if current in ids:
        return f"{ids.index(current) + 1} of {len(ids)} pending"
    return f"{len(ids)} pending"


def go_on(window: Any, decided: AnnotationView, verb: str) -> None:
    """After ``decided`` was accepted or rejected: select the next pending suggestion."""
    nxt = next_pending(window.anns.values(), decided)
    if nxt is None:
        window.show_message(
            f"Saved: {verb} {decided.label} “{decided.text}”. No suggestions left in this "
            "article (Ctrl+Enter marks it done)."
        )
        return
    window.select_annotation(nxt.id)
    window.show_message(
        f"Saved: {verb} {decided.label} “{decided.text}”. Next: {nxt.label} “{nxt.text}” "
        "(Enter accepts, Del rejects)"
    )


class PendingStatus(QLabel):
    """The status-bar field: how many suggestions are pending and which one is selected.

    It follows the window's annotation list (its model and selection), refreshed once per
    event-loop turn however many rows one operation changed, from the model's pending
    suggestions (``AnnotationListModel.pending``): no pass over an article's 10,000 spans."""

    def __init__(self, window: Any) -> None:
        super().__init__(window.statusBar())
        self.setObjectName("pendingLabel")
        self.setContentsMargins(8, 0, 8, 0)
        self.window_ = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        model = window.ann_model
        for signal in (
            model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
            model.dataChanged,
        ):
            signal.connect(lambda *_a: self._timer.start())
        window.ann_list.selectionModel().selectionChanged.connect(lambda *_a: self._timer.start())
        window.statusBar().addPermanentWidget(self)
        self.refresh()

    def refresh(self) -> None:
        text = describe(self.window_.ann_model.pending.values(), self.window_.current)
        self.setText(text)
        self.setVisible(bool(text))
