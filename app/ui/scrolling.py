"""Jump-to scrolling: a target lands in the upper third of the article, never on an edge.

``ensureCursorVisible`` scrolls just enough, so a target below the view ends on its bottom
line, with nothing after it in sight. :func:`reveal` leaves a target that is already in the
upper third where it is (walking through the lines in sight does not scroll), and otherwise
scrolls its line to a quarter of the height.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

TARGET = 0.25  # where a revealed line's top goes, as a fraction of the viewport height
BAND = 1 / 3  # a line whose bottom is above this fraction is left where it is


def reveal(view: QPlainTextEdit, qt_pos: int) -> None:
    """Scroll ``view`` so the line of Qt position ``qt_pos`` is in its upper third."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(max(0, min(qt_pos, view.document().characterCount() - 1)))
    height = view.viewport().height()
    rect = view.cursorRect(cursor)
    if rect.top() >= 0 and rect.bottom() <= height * BAND:
        return
    line = max(1, view.fontMetrics().lineSpacing())
    want = height * TARGET
    bar = view.verticalScrollBar()
    # the scroll bar counts visual lines (QPlainTextEdit): a first estimate from the line numbers
    block = cursor.block()
    view.blockBoundingRect(block)  # lays the block out, so its lines are known
    layout = block.layout()
    in_block = 0
    if layout is not None and layout.lineCount():
        in_block = max(0, layout.lineForTextPosition(cursor.positionInBlock()).lineNumber())
    bar.setValue(block.firstLineNumber() + in_block - int(want // line))
    # lines above may have wrapped differently once laid out: correct from the real position
    for _ in range(4):
        step = round((view.cursorRect(cursor).top() - want) / line)
        old = bar.value()
        if step == 0:
            break
        bar.setValue(old + step)
        if bar.value() == old:  # the top or the end of the article
            break
