"""A server that is gone is never silent: the banner that says so until it is back.

When a write fails because the store cannot be reached (``StoreUnreachable``), the edit is
refused visibly: the banner at the top of the window says "Not saved — server unreachable"
and names the edit, the selection stays as it was so the same key does it again, and the
banner stays (it is not status-bar text that times out). It retries the connection with
backoff (1 s, 2 s, 4 s … 30 s, and "Retry now"); when the server answers it says
"Connected again" and repeats what was not saved, until the next saved edit or "Dismiss".

Signals: ``back`` — the server answers again (the window re-reads the open article).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar

from app.errors import StoreUnreachable

FIRST_MS = 1000
MAX_MS = 30_000
F = TypeVar("F", bound=Callable[..., Any])


class OfflineBanner(QToolBar):
    """A non-movable bar above the workspace, shown only while something needs saying."""

    back = Signal()

    def __init__(self, window: QMainWindow, ping: Callable[[], object]) -> None:
        super().__init__("Connection", window)
        self.setObjectName("offlineBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not a toolbar the user hides by mistake
        self.ping = ping
        self.label = QLabel()
        self.label.setObjectName("offlineText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.label)
        self.retry_action = self.addAction("Retry now")
        self.retry_action.triggered.connect(self.retry)
        self.dismiss_action = self.addAction("Dismiss")
        self.dismiss_action.triggered.connect(self.dismiss)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.retry)
        self.delay = FIRST_MS
        self.down = False
        self.unsaved: list[str] = []
        self.reason = ""
        self.setStyleSheet("QToolBar#offlineBanner { background: #fff3cd; }"
                           " QLabel#offlineText { color: #5c3c00; padding: 4px; }")
        window.addToolBar(self)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def failed(self, what: str | None, exc: StoreUnreachable | None = None) -> None:
        """The store could not be reached; ``what`` (an edit) was not saved."""
        if what and what not in self.unsaved:
            self.unsaved.append(what)
        if exc is not None:
            self.reason = str(exc)
        if not self.down:
            self.down = True
            self.delay = FIRST_MS
        self._show_down()
        if not self.timer.isActive():  # a poll failing every second must not reset the backoff
            self.timer.start(self.delay)

    def retry(self) -> None:
        """Try the server (the backoff timer's slot, and "Retry now")."""
        if not self.down:
            return
        try:
            self.ping()
        except StoreUnreachable as exc:
            self.reason = str(exc)
            self.delay = min(self.delay * 2, MAX_MS)
            self._show_down()
            self.timer.start(self.delay)
            return
        self.down = False
        self.timer.stop()
        if self.unsaved:
            self.label.setText(
                "Connected again. Not saved while the server was unreachable: "
                + "; ".join(self.unsaved) + ". Do it again (your selection is kept)."
            )
            self.retry_action.setVisible(False)
            self.dismiss_action.setVisible(True)
        else:
            self.hide()
        self.back.emit()

    def saved(self) -> None:
        """A write went through: nothing is pending any more."""
        if not self.down and self.isVisible():
            self.dismiss()

    def dismiss(self) -> None:
        if self.down:
            return  # never hidden while edits would still fail
        self.unsaved.clear()
        self.hide()

    def _show_down(self) -> None:
        what = ("Not saved — server unreachable: " + "; ".join(self.unsaved) + "."
                if self.unsaved else "Server unreachable: showing what was loaded before.")
        self.label.setText(
            f"{what} The selection is kept: do it again once the server is back."
            f" Retrying in {max(1, self.delay // 1000)} s… ({self.reason})".replace(" ()", "")
        )
        self.retry_action.setVisible(True)
        self.dismiss_action.setVisible(False)
        self.show()


def offline_safe(method: F) -> F:
    """A window slot that reads the store: a server that is gone shows the banner (the
    window's ``offline``) instead of a traceback, and the slot does nothing more."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except StoreUnreachable as exc:
            self.offline.failed(None, exc)
            return None

    return cast(F, wrapper)


__all__ = ["OfflineBanner", "offline_safe"]
