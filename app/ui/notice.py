"""A refused edit, said where it stays: a bar above the workspace until dismissed.

A colleague's newer edit (``ConflictError``) or a missing right (``PermissionDenied``) used to
be status-bar text that the next message replaced and a narrow window cut short; the notice
bar keeps the whole sentence (wrapped) until the curator dismisses it or the next refusal
replaces it. Messages name people and spans (label and quoted text), never ids.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QToolBar


class NoticeBanner(QToolBar):
    """A non-movable bar with the last refusal, shown until dismissed."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__("Notice", window)
        self.setObjectName("noticeBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.label = QLabel()
        self.label.setObjectName("noticeText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(self.label)
        self.dismiss_action = self.addAction("Dismiss")
        self.dismiss_action.setObjectName("noticeDismiss")
        self.dismiss_action.triggered.connect(self.hide)
        self.setStyleSheet("QToolBar#noticeBanner { background: #fde2e1; }"
                           " QLabel#noticeText { color: #5c1a14; padding: 4px; }")
        window.addToolBar(self)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def say(self, text: str) -> None:
        self.label.setText(text)
        self.show()


def lock_reason(owner: str, me: str, role: str | None, pending: bool = False) -> str:
    """Why ``me`` may not edit ``owner``'s annotation ("" when they may): the core's rule (a
    pending suggestion is nobody's work yet: anyone may correct, accept or reject it)."""
    if pending or owner == me or role == "reviewer":
        return ""
    return f"{owner}'s annotation: only its author or a reviewer can change it"


__all__ = ["NoticeBanner", "lock_reason"]
