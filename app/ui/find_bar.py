"""Find in the article: a bar under the article view (Ctrl+F).

Every hit in sight is highlighted with extra selections (the document is never edited), the current one
is selected (so a label's key tags it) and scrolled to the upper third of the view; Enter /
F3 go to the next hit, Shift+Enter / Shift+F3 to the previous one, the bar says "3 of 12", Esc
closes it and gives the focus back to the article. Hits are found in the STORED text (code
points, ``ArticleView.text``) and converted with the view's ``OffsetMap``, so emoji, CJK and
CRLF text are hit where they are shown.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.text.fold import find_folded
from app.ui.article_view import ArticleView
from app.ui.scrolling import reveal

HIT_COLOR = "#ffe36e"
CURRENT_COLOR = "#ff9d3b"
_WORD = re.compile(r"\w+")


def find_all(text: str, query: str, match_case: bool = False) -> list[tuple[int, int]]:
    """The ``(start, end)`` code points of every occurrence of ``query`` in ``text``,
    ignoring accents as the article list's search does (and case, unless ``match_case``)."""
    return find_folded(text, query, case=match_case)


def first_term(text: str, query: str) -> str:
    """What to find in an article that an article search listed: the whole query when the
    text holds it, else the query's word that occurs first (the search matches every word)."""
    query = query.strip()
    if not query or find_all(text, query):
        return query
    best, where = "", len(text) + 1
    for word in _WORD.findall(query):
        hits = find_all(text, word)
        if hits and hits[0][0] < where:
            best, where = word, hits[0][0]
    return best or query


class _FindEdit(QLineEdit):
    """The query field: Enter / Shift+Enter step, Esc closes."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.step(-1 if e.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            e.accept()
        elif e.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
            e.accept()
        else:
            super().keyPressEvent(e)


class FindBar(QWidget):
    """The find bar of one :class:`ArticleView`; ``pane`` holds the view with the bar under it."""

    def __init__(self, view: ArticleView) -> None:
        self.pane = QWidget()
        self.pane.setObjectName("articlePane")
        super().__init__(self.pane)
        self.setObjectName("findBar")
        self.view = view
        self.hits: list[tuple[int, int]] = []
        self._starts: list[int] = []  # the hits' starts, for the ones in sight
        self.current = -1  # index into hits, -1 for none yet
        self._origin = 0  # code point the search starts from (the caret when opened)

        box = QVBoxLayout(self.pane)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(view, 1)
        box.addWidget(self, 0)

        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        self.edit = _FindEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in this article")
        self.edit.setToolTip("Enter / F3: next hit, Shift+Enter / Shift+F3: previous, Esc: close")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("n" * 24))  # a phrase fits
        self.edit.setMaximumWidth(self.edit.fontMetrics().averageCharWidth() * 40)
        self.edit.textChanged.connect(lambda _t: self.search(from_origin=True))
        row.addWidget(self.edit, 1)
        self.count = QLabel("", self)
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("999 of 999"))
        row.addWidget(self.count)
        for text, tip, step in (("▲", "Previous hit (Shift+F3)", -1), ("▼", "Next hit (F3)", 1)):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setAutoRaise(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, s=step: self.step(s))
            row.addWidget(b)
        self.case = QToolButton(self)
        self.case.setText("Aa")
        self.case.setToolTip("Match case")
        self.case.setCheckable(True)
        self.case.setAutoRaise(True)
        self.case.setObjectName("findMatchCase")
        self.case.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.case.toggled.connect(lambda _on: self.search(from_origin=True))
        row.addWidget(self.case)
        row.addStretch(1)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close_bar)
        row.addWidget(close)
        # another article shown: its own hits, none current yet
        view.textChanged.connect(self._on_article)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._highlight())
        self.hide()

    # -- menu ----------------------------------------------------------------------------------

    def install(self, menu: QMenu, window: QWidget) -> list[QAction]:
        """Find in article (Ctrl+F), Find next (F3) and Find previous (Shift+F3) in ``menu``."""
        acts = []
        for text, slot, keys, name in (
            ("&Find in article…", self.open_bar, [QKeySequence(QKeySequence.StandardKey.Find)], "findAction"),
            ("Find &next", lambda: self.step(1, open_bar=True), [QKeySequence("F3")], "findNextAction"),
            ("Find pre&vious", lambda: self.step(-1, open_bar=True), [QKeySequence("Shift+F3")],
             "findPreviousAction"),
        ):
            act = QAction(text, window)
            act.setObjectName(name)
            act.setShortcuts(keys)
            act.triggered.connect(lambda _checked=False, fn=slot: fn())
            menu.addAction(act)
            acts.append(act)
        return acts

    # -- opening and closing ---------------------------------------------------------------------

    def open_bar(self) -> None:
        """Show the bar with the focus in its field (prefilled with a short selected text)."""
        sel = self.view.selection()
        self._origin = sel[0] if sel else self.view.omap.from_qt(self.view.textCursor().position())
        if sel and sel[1] - sel[0] <= 100 and "\n" not in self.view.text[sel[0]:sel[1]]:
            self.edit.setText(self.view.text[sel[0]:sel[1]])
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search(from_origin=True)

    def close_bar(self) -> None:
        """Hide the bar and its highlights; the article has the focus again."""
        self.hide()
        self.hits, self._starts, self.current = [], [], -1
        self.view.setExtraSelections([])
        self.view.setFocus()

    def find_text(self, query: str) -> None:
        """Show the hits of ``query`` (an article search's) from the top, the first one current,
        with the focus in the article."""
        self._origin = 0
        self.edit.blockSignals(True)
        self.edit.setText(first_term(self.view.text, query))
        self.edit.blockSignals(False)
        self.show()
        self.search(from_origin=True)
        self.view.setFocus()

    # -- searching -------------------------------------------------------------------------------

    def search(self, from_origin: bool = False) -> None:
        """Find the query in the article; with ``from_origin`` make the first hit at or after
        where the search started current."""
        if self.isHidden():
            return
        self.hits = find_all(self.view.text, self.edit.text(), self.case.isChecked())
        self._starts = [h[0] for h in self.hits]
        self.current = -1
        if self.hits and from_origin:
            i = bisect_left(self._starts, self._origin)
            self.current = i if i < len(self.hits) else 0
        self._show()

    def step(self, direction: int, open_bar: bool = False) -> None:
        """Go to the next (1) or previous (-1) hit, wrapping around."""
        if self.isHidden():
            if not open_bar:
                return
            if not self.edit.text():
                self.open_bar()
                return
            self.show()
            self.search()
        if not self.hits:
            self._show()
            return
        if self.current < 0:  # from the caret: past the selection, or before it
            c = self.view.textCursor()
            omap = self.view.omap
            if direction > 0:
                i = bisect_left(self._starts, omap.from_qt(c.selectionEnd()))
                self.current = i if i < len(self.hits) else 0
            else:
                self.current = (bisect_left(self._starts, omap.from_qt(c.selectionStart())) - 1) % len(self.hits)
        else:
            self.current = (self.current + direction) % len(self.hits)
        self._show()

    def _on_article(self) -> None:
        if not self.isHidden():
            self._origin = 0
            self.search()

    # -- drawing ---------------------------------------------------------------------------------

    def _show(self) -> None:
        """Highlight the hits, select the current one and say where it is."""
        n = len(self.hits)
        if not self.edit.text():
            self.count.setText("")
        elif not n:
            self.count.setText("No hits")
        elif self.current < 0:
            self.count.setText(f"{n} hit{'s' if n != 1 else ''}")
        else:
            self.count.setText(f"{self.current + 1} of {n}")
        now = self.hit()
        if now is not None:
            self.view.select(*now)
            reveal(self.view, self.view.omap.to_qt(now[0]))
        self._highlight()

    def _highlight(self) -> None:
        """Highlight the hits in and one screen around the viewport (a 1 MB article with
        100,000 hits costs one screen's worth); scrolling highlights the next ones."""
        view = self.view
        if self.isHidden() or not self.hits:
            if view.extraSelections():
                view.setExtraSelections([])
            return
        vp = view.viewport()
        top = view.cursorForPosition(QPoint(0, 0)).position()
        bottom = view.cursorForPosition(QPoint(vp.width(), vp.height())).position()
        omap = view.omap
        lo = omap.from_qt(max(0, 2 * top - bottom))
        hi = omap.from_qt(2 * bottom - top)
        first = bisect_left(self._starts, lo - len(self.edit.text()))
        last = bisect_right(self._starts, hi)
        now = self.hit()
        doc = view.document()
        sels = []
        for s, e in self.hits[first:last]:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(doc)
            cur.setPosition(omap.to_qt(s))
            cur.setPosition(omap.to_qt(e), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(CURRENT_COLOR if now == (s, e) else HIT_COLOR))
            fmt.setForeground(QColor("black"))
            sel.format = fmt
            sels.append(sel)
        view.setExtraSelections(sels)

    def hit(self) -> tuple[int, int] | None:
        """The current hit in code points, or None."""
        return self.hits[self.current] if 0 <= self.current < len(self.hits) else None
