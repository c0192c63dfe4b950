"""Driving the article view like a user: mouse drags and clicks at characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest


def point_at(view, cp: int) -> QPoint:  # type: ignore[no-untyped-def]
    """The viewport point on the left edge of the character at code point ``cp``."""
    r = view.qt_rect(cp)
    return QPoint(int(r.x()) + 1, int(r.center().y()))


def drag(qtbot, view, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    """Press before character ``start``, move and release before character ``end``."""
    vp = view.viewport()
    a, b = point_at(view, start), point_at(view, end)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    mid = QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2)
    QTest.mouseMove(vp, mid)
    QTest.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)


def click(qtbot, view, cp: int) -> None:  # type: ignore[no-untyped-def]
    """Click the middle of the character at ``cp``."""
    r = view.qt_rect(cp)
    nxt = view.qt_rect(cp + 1)
    x = int((r.x() + nxt.x()) / 2) if nxt.y() == r.y() and nxt.x() > r.x() else int(r.x()) + 2
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, int(r.center().y())))


def key(qtbot, widget, k, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, k, mods)


def has_fill(view, cp: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether the character at ``cp`` has a background fill (a span drawn in its colour)."""
    pos = view.omap.to_qt(cp)
    block = view.document().findBlock(pos)
    return any(
        f.start <= pos - block.position() < f.start + f.length
        and f.format.background().style() != Qt.BrushStyle.NoBrush
        for f in block.layout().formats()
    )
