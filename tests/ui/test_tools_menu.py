"""The View menu's windows, reached from the workspace as a curator would: review mode (menu,
shortcut and `curator gui --review`), the figures table (double-click opens the article at the
figure), the agreement report and the dashboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QMenu

from app.bundle import Bundle
from app.ui import MainWindow
from app.ui.figures_table import TEXT, VALUE
from app.ui.review.window import ReviewWindow
from app.ui.tools_menu import PickAnnotatorsDialog, ToolWindows
from tests.figures.helpers import figures_store

ARTICLE = "Alibaba met Tencent in Hangzhou 🚀 on Monday,\r\npaying 3 million yuan."


@pytest.fixture
def team(store):  # type: ignore[no-untyped-def]
    """Three colleagues' layers on one article; rita is a plain annotator so far."""
    store.import_bundle(Bundle([{"id": "d1", "text": ARTICLE}], source="test"))
    d = store.find_document(uid="d1")
    for who in ("ann", "ben", "cat"):
        store.add_annotation(d, 0, 7, "ORG", who)
    store.add_annotation(d, 12, 19, "ORG", "ann")
    store.add_annotation(d, 12, 19, "PERSON", "ben")
    store.annotator("rita")
    return d


def _window(qtbot, store, annotator="rita", review=False, activate=True):  # type: ignore[no-untyped-def]
    w = MainWindow(store, annotator=annotator, review=review)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    if activate:
        w.windowHandle().requestActivate()  # shortcuts go to the active window
        qtbot.waitUntil(w.isActiveWindow, timeout=5000)
        w.view.setFocus()
    return w


def _tools(w) -> ToolWindows:  # type: ignore[no-untyped-def]
    tools = w.findChild(ToolWindows)
    assert tools is not None
    return tools


def _toggle(qtbot, dlg: PickAnnotatorsDialog, name: str) -> None:
    """Tick or untick ``name`` with the keyboard, as a user would."""
    row = next(i for i in range(dlg.list.count()) if dlg.list.item(i).text() == name)
    dlg.list.setFocus()
    dlg.list.setCurrentRow(row)
    qtbot.keyClick(dlg.list, Qt.Key.Key_Space)


def _ok(dlg: PickAnnotatorsDialog):  # type: ignore[no-untyped-def]
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_view_menu_lists_the_windows(qtbot, store, team):  # type: ignore[no-untyped-def]
    w = _window(qtbot, store)
    view = w.findChild(QMenu, "viewMenu")
    names = [a.objectName() for a in view.actions()]
    for name in ("reviewAction", "figuresTableAction", "agreementAction", "dashboardAction"):
        assert name in names
    assert _tools(w).review_action.shortcut().toString() == "Ctrl+Shift+R"


def test_an_annotator_cannot_make_herself_a_reviewer_from_the_picker(qtbot, store, team):  # type: ignore[no-untyped-def]
    """Issue 19 item 5: nothing is pre-ticked, nothing promotes; the hint names who can."""
    store.set_role("lead", "reviewer")  # the administrator made one reviewer (curator role)
    w = _window(qtbot, store)
    qtbot.keyClick(w.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dlg = _tools(w).dialog
    assert dlg is not None and dlg.isVisible()
    assert not hasattr(dlg, "reviewer_box") and not dlg.findChildren(QCheckBox)
    assert dlg.chosen() == ["ann", "ben", "cat", "lead"]
    assert not _ok(dlg).isEnabled()
    hint = dlg.hint.text()
    assert "Only a reviewer" in hint and "rita is an annotator" in hint and "ask a reviewer (lead)" in hint
    assert "curator role rita reviewer" in hint
    qtbot.keyClick(dlg, Qt.Key.Key_Return)  # Enter does not start it either
    assert store.annotator("rita", create=False).role == "annotator"
    assert not any(isinstance(x, ReviewWindow) for x in _tools(w).windows)


def test_review_after_a_reviewer_granted_the_role_accepts(qtbot, store, team):  # type: ignore[no-untyped-def]
    store.set_role("lead", "reviewer")
    store.set_role("rita", "reviewer", by="lead")  # a reviewer's action, checked in the core
    w = _window(qtbot, store)
    qtbot.keyClick(w.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dlg = _tools(w).dialog
    assert dlg is not None and dlg.isVisible()
    names = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert names == ["ann", "ben", "cat", "lead"]  # not rita: the store's policy forbids self-review
    for name in ("cat", "lead"):
        _toggle(qtbot, dlg, name)
    assert dlg.chosen() == ["ann", "ben"]
    assert _ok(dlg).isEnabled()
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)

    (review,) = [x for x in _tools(w).windows if isinstance(x, ReviewWindow)]
    qtbot.waitExposed(review)
    assert review.adj.annotators == ["ann", "ben"]
    review.case_list.setFocus()
    assert review.current_case() is not None
    qtbot.keyClick(review.case_list, Qt.Key.Key_2)  # ben's version of the label conflict
    qtbot.keyClick(review.case_list, Qt.Key.Key_A)
    (gold,) = store.annotations(team, annotator="rita")
    assert (ARTICLE[gold.start:gold.end], gold.label, gold.review_status) == ("Tencent", "PERSON", "accepted")
    assert w.settings.value("review/annotators") == ["ann", "ben"]


def test_the_store_policy_decides_whether_the_picker_offers_your_own_work(qtbot, store, team):  # type: ignore[no-untyped-def]
    from app.store.policy import StorePolicy

    store.set_role("rita", "reviewer")
    store.add_annotation(team, 0, 7, "GPE", "rita")
    store.policy = StorePolicy(self_review=True)
    w = _window(qtbot, store)
    _tools(w).review_action.trigger()
    dlg = _tools(w).dialog
    assert "rita" in [dlg.list.item(i).text() for i in range(dlg.list.count())]


def test_fewer_than_two_ticked_cannot_start(qtbot, store, team):  # type: ignore[no-untyped-def]
    store.set_role("rita", "reviewer")
    w = _window(qtbot, store)
    _tools(w).review_action.trigger()
    dlg = _tools(w).dialog
    assert "annotators ticked" in dlg.hint.text()  # already a reviewer: nothing refused
    _toggle(qtbot, dlg, "ben")
    _toggle(qtbot, dlg, "cat")
    assert dlg.chosen() == ["ann"]
    assert not _ok(dlg).isEnabled()
    assert "at least two" in dlg.hint.text()


def test_review_needs_two_colleagues(qtbot, store):  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle([{"id": "d1", "text": ARTICLE}], source="test"))
    store.add_annotation(store.find_document(uid="d1"), 0, 7, "ORG", "ann")
    w = _window(qtbot, store)
    _tools(w).review_action.trigger()
    assert _tools(w).dialog is None
    assert "two or more annotators" in w.statusBar().currentMessage()


def test_gui_review_opens_the_picker_once_the_store_is_open(qtbot, store, team):  # type: ignore[no-untyped-def]
    w = _window(qtbot, store, review=True, activate=False)
    qtbot.waitUntil(lambda: _tools(w).dialog is not None and _tools(w).dialog.isVisible(), timeout=3000)
    assert w.show_all_action.isChecked()  # the article shows everyone's spans too


def test_figures_table_double_click_opens_the_article_at_the_figure(qtbot, corpus_store):  # type: ignore[no-untyped-def]
    ids = figures_store(corpus_store)
    w = _window(qtbot, corpus_store, annotator="alice")
    qtbot.keyClick(w.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    table = _tools(w).figures
    assert table is not None and table.isVisible()
    qtbot.waitUntil(lambda: table.model.rowCount() > 0, timeout=15000)
    table.subject_edit.setFocus()
    qtbot.keyClicks(table.subject_edit, "digital")
    row = next(i for i in range(table.proxy.rowCount()) if table.row_at(i).value == 39_200_000_000_000)
    rect = table.view.visualRect(table.proxy.index(row, TEXT))
    qtbot.waitExposed(table)
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    doc_id, ann_id = ids["extra"]
    assert w.doc is not None and w.doc.id == doc_id
    assert w.current == ann_id
    assert table.view.model().columnCount() > VALUE
    # a second Ctrl+Shift+F reuses the window (and reloads it)
    _tools(w).figures_action.trigger()
    assert _tools(w).figures is table


def test_agreement_and_dashboard_open_from_the_menu(qtbot, store, team):  # type: ignore[no-untyped-def]
    from app.ui.review.charts import AgreementReportWindow, DashboardWindow

    w = _window(qtbot, store)
    _tools(w).dashboard_action.trigger()
    assert any(isinstance(x, DashboardWindow) and x.isVisible() for x in _tools(w).windows)
    _tools(w).agreement_action.trigger()
    dlg = _tools(w).dialog
    assert dlg.chosen() == ["ann", "ben", "cat"] and _ok(dlg).isEnabled()
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(x, AgreementReportWindow) for x in _tools(w).windows), timeout=15000)
    (report,) = [x for x in _tools(w).windows if isinstance(x, AgreementReportWindow)]
    assert report.report.annotators == ["ann", "ben", "cat"]


# -- issue 14 item 8: review without a CLI detour -----------------------------------------


def _open_picker(qtbot, w):  # type: ignore[no-untyped-def]
    qtbot.keyClick(w.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    return _tools(w).dialog


def test_the_refusal_names_the_real_reason_when_a_colleagues_work_is_there(qtbot, store):  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle([{"id": "d1", "text": ARTICLE}], source="test"))
    d = store.find_document(uid="d1")
    store.add_annotation(d, 0, 7, "ORG", "alice")
    store.add_annotation(d, 12, 19, "ORG", "bob")
    w = _window(qtbot, store, annotator="bob")
    assert _open_picker(qtbot, w) is None
    msg = w.statusBar().currentMessage()
    assert "this store has only" not in msg  # bob's work is there too
    assert "policy does not let bob review their own work" in msg
    assert "the only other annotator is alice" in msg


def test_a_reviewer_grants_the_role_from_the_picker_then_review_starts(qtbot, store, team):  # type: ignore[no-untyped-def]
    store.set_role("lead", "reviewer")
    w = _window(qtbot, store)
    dlg = _open_picker(qtbot, w)
    assert dlg is not None and dlg.isVisible()
    assert dlg.hint.text().startswith("This store's policy requires the reviewer role for review.")
    assert not _ok(dlg).isEnabled()
    assert [dlg.grantor.itemText(i) for i in range(dlg.grantor.count())] == ["lead"]
    assert dlg.grant_button.text() == "Give rita the reviewer role"
    qtbot.mouseClick(dlg.grant_button, Qt.MouseButton.LeftButton)
    assert store.annotator("rita", create=False).role == "reviewer"  # through the core
    assert not dlg.grant_row.isVisible()
    assert "granted by lead" in dlg.hint.text()
    for name in ("cat", "lead"):
        _toggle(qtbot, dlg, name)
    assert _ok(dlg).isEnabled()
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)
    (review,) = [x for x in _tools(w).windows if isinstance(x, ReviewWindow)]
    qtbot.waitExposed(review)
    assert "rita (reviewer)" in review.windowTitle()
    review.case_list.setFocus()
    qtbot.keyClick(review.case_list, Qt.Key.Key_1)
    qtbot.keyClick(review.case_list, Qt.Key.Key_A)
    (gold,) = store.annotations(team, annotator="rita")
    assert (ARTICLE[gold.start:gold.end], gold.label, gold.review_status) == ("Tencent", "ORG", "accepted")


def test_a_grant_by_someone_no_longer_a_reviewer_is_refused_in_the_core(qtbot, store, team):  # type: ignore[no-untyped-def]
    store.set_role("lead", "reviewer")
    w = _window(qtbot, store)
    dlg = _open_picker(qtbot, w)
    store.set_role("lead", "annotator")  # demoted (the administrator) while the dialog is open
    qtbot.mouseClick(dlg.grant_button, Qt.MouseButton.LeftButton)
    assert store.annotator("rita", create=False).role == "annotator"
    assert "only a reviewer can change roles" in dlg.hint.text()
    assert not _ok(dlg).isEnabled()


def test_without_a_reviewer_there_is_nobody_to_grant_and_the_hint_says_who_can(qtbot, store, team):  # type: ignore[no-untyped-def]
    w = _window(qtbot, store)
    dlg = _open_picker(qtbot, w)
    assert dlg.grant_row is None
    assert "curator role rita reviewer" in dlg.hint.text() and not _ok(dlg).isEnabled()


def test_a_policy_without_the_reviewer_role_lets_any_curator_review_their_own_work(qtbot, store, team):  # type: ignore[no-untyped-def]
    from app.store.policy import StorePolicy

    store.policy = StorePolicy(self_review=True, reviewer_role=False)
    w = _window(qtbot, store, annotator="ben")
    dlg = _open_picker(qtbot, w)
    assert dlg is not None and dlg.grant_row is None
    assert "ben" in [dlg.list.item(i).text() for i in range(dlg.list.count())]
    for name in ("cat", "rita"):
        _toggle(qtbot, dlg, name)
    assert dlg.chosen() == ["ann", "ben"]
    assert dlg.hint.text() == "2 annotators ticked."
    qtbot.mouseClick(_ok(dlg), Qt.MouseButton.LeftButton)
    (review,) = [x for x in _tools(w).windows if isinstance(x, ReviewWindow)]
    qtbot.waitExposed(review)
    assert review.windowTitle().startswith("Review — ben (annotator) comparing ann, ben")
    review.case_list.setFocus()
    assert review.current_case().kind == "label_conflict"
    qtbot.keyClick(review.case_list, Qt.Key.Key_1)  # ann's ORG over ben's own PERSON
    qtbot.keyClick(review.case_list, Qt.Key.Key_A)
    assert store.annotator("ben", create=False).role == "annotator"  # nobody was promoted
    gold = [a for a in store.annotations(team, annotator="ben") if a.review_status == "accepted"]
    assert [(ARTICLE[g.start:g.end], g.label) for g in gold] == [("Tencent", "ORG")]
    assert {(r.reviewer, r.decision) for r in store.reviews(team)} == {("ben", "accept")}
