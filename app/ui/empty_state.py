"""The call to action over the article while the store has no articles (issue 14.21):
"This store has no articles yet" and an **Import articles…** button (File → Import files…).

It follows the window's document list by itself (reset, rows added or removed), so the window
only has to create it; a search that matches nothing does not count as an empty store.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyStoreCallToAction(QWidget):
    """Covers ``window.view`` while ``window.store`` is open and has no article."""

    def __init__(self, window: Any, import_action: QAction) -> None:
        super().__init__(window.view)
        self.setObjectName("emptyStore")
        self.window_ = window
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the article's own background
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel("This store has no articles yet.")
        title.setObjectName("emptyStoreTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        self.button = QPushButton("Import articles…")
        self.button.setObjectName("importArticlesButton")
        self.button.setDefault(True)
        self.button.clicked.connect(lambda _checked=False: import_action.trigger())
        hint = QLabel("Plain text, JSON/JSONL, brat, doccano, Label Studio or WebAnno TSV files; "
                      "a whole folder with File → Import a folder… (Ctrl+Shift+I); or "
                      "`curator import` in a terminal.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for w in (title, self.button, hint):
            layout.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        model = window.doc_model
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_state)
        window.view.installEventFilter(self)
        self.update_state()

    def is_empty_store(self) -> bool:
        w = self.window_
        model = w.doc_model
        return (
            getattr(w, "store", None) is not None
            and not getattr(model, "query", "")
            and model.rowCount() == 0
            and not model.canFetchMore()
        )

    def update_state(self, *_: object) -> None:
        empty = self.is_empty_store()
        if empty:
            self.setGeometry(self.window_.view.rect())
            self.raise_()
        self.setVisible(empty)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        view: QWidget = self.window_.view
        if obj is view and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(view.rect())
        return super().eventFilter(obj, event)
