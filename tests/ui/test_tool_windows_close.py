"""Issue 14.18: the tool windows close with Esc, with Ctrl+W and with their Close button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.ui.review.charts import AgreementReportWindow, DashboardWindow
from app.ui.review.window import ReviewWindow
from app.ui.tools_menu import ToolWindows
from tests.ui.test_tools_menu import _window, team  # noqa: F401  (the fixture)


def _open(qtbot, w, which):  # type: ignore[no-untyped-def]
    tools = w.findChild(ToolWindows)
    if which == "figures":
        return tools.figures_table()
    if which == "dashboard":
        return tools.dashboard()
    if which == "review":
        return tools.review(["ann", "ben"])
    tools.agreement(["ann", "ben", "cat"])
    qtbot.waitUntil(
        lambda: any(isinstance(x, AgreementReportWindow) and x.isVisible() for x in tools.windows),
        timeout=15000,
    )
    return next(x for x in tools.windows if isinstance(x, AgreementReportWindow))


def _activate(qtbot, tw) -> None:  # type: ignore[no-untyped-def]
    tw.show()
    tw.raise_()
    tw.activateWindow()
    tw.windowHandle().requestActivate()
    qtbot.waitUntil(tw.isActiveWindow, timeout=5000)


@pytest.mark.parametrize("which", ["figures", "dashboard", "review", "agreement"])
def test_tool_window_closes_with_esc_ctrl_w_and_close(qtbot, store, team, which) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store.set_role("rita", "reviewer")
    w = _window(qtbot, store)
    tw = _open(qtbot, w, which)
    kinds = {"dashboard": DashboardWindow, "review": ReviewWindow, "agreement": AgreementReportWindow}
    if which in kinds:
        assert isinstance(tw, kinds[which])
    qtbot.waitExposed(tw)

    _activate(qtbot, tw)
    focus = tw.focusWidget() or tw
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not tw.isVisible(), timeout=3000)

    tw = _open(qtbot, w, which) if which != "figures" else w.findChild(ToolWindows).figures_table()
    _activate(qtbot, tw)
    qtbot.keyClick(tw.focusWidget() or tw, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not tw.isVisible(), timeout=3000)

    tw = _open(qtbot, w, which)
    _activate(qtbot, tw)
    button = tw.findChild(QPushButton, "closeToolButton")
    assert button is not None and button.isVisible() and button.text() == "Close"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tw.isVisible(), timeout=3000)
    assert w.isVisible()  # the workspace stays open


@pytest.mark.parametrize("which", ["figures", "dashboard", "review", "agreement"])
def test_tool_window_opens_inside_the_screen(qtbot, store, team, which) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Each asks for its own size (the figures 1250×560, the dashboard 980×760): never more
    than the screen's available area."""
    from PySide6.QtGui import QGuiApplication

    store.set_role("rita", "reviewer")
    w = _window(qtbot, store)
    tw = _open(qtbot, w, which)
    qtbot.waitExposed(tw)
    avail = (tw.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert tw.width() <= avail.width() and tw.height() <= avail.height(), (tw.size(), avail)
    qtbot.waitUntil(lambda: avail.contains(tw.frameGeometry()), timeout=3000)  # its frame too
    tw.close()
