"""Review mode driven by the keyboard: accept, reject with a comment, edit then accept — each
checked in the store and in a native JSON export."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.bundle import Bundle
from app.errors import PermissionDenied
from app.formats.native import write_json
from app.formats.options import ExportOptions
from app.review.adjudicate import (
    ACCEPTED,
    BOUNDARY_CONFLICT,
    LABEL_CONFLICT,
    MISSING,
    PARTLY,
    REJECTED,
)
from app.ui.review import open_review
from app.ui.review.window import EditDialog

TEXT = "Alibaba met Tencent in Hangzhou 🚀 on Monday,\r\npaying 3 million yuan."


@pytest.fixture
def doc(store):  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle([{"id": "d1", "text": TEXT}], source="test"))
    d = store.find_document(uid="d1")
    store.annotator("rita", role="reviewer")
    for who in ("ann", "ben"):
        store.add_annotation(d, 0, 7, "ORG", who)
    store.add_annotation(d, 12, 19, "ORG", "ann")
    store.add_annotation(d, 12, 19, "PERSON", "ben")
    store.add_annotation(d, 34, 43, "DATE", "ann")  # "on Monday"
    store.add_annotation(d, 37, 43, "DATE", "ben")  # "Monday"
    store.add_annotation(d, 53, 67, "MONEY", "ann", attributes={"value": 3e6, "unit": "CNY"})
    assert TEXT[53:67] == "3 million yuan"
    return d


def _export(store, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "export.json"
    write_json(store, path, ExportOptions())
    return json.loads(path.read_text(encoding="utf-8"))["documents"][0]


def _window(qtbot, store):  # type: ignore[no-untyped-def]
    w = open_review(store, "rita", ["ann", "ben"])
    qtbot.addWidget(w)
    w.activateWindow()
    qtbot.waitExposed(w)
    w.case_list.setFocus()
    return w


def _key(qtbot, w, key, mod=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    qtbot.keyClick(w.focusWidget() or w, key, mod)


def test_accept_with_the_keyboard(qtbot, store, doc, tmp_path):
    w = _window(qtbot, store)
    assert [c.kind for c in w.cases] == [LABEL_CONFLICT, BOUNDARY_CONFLICT, MISSING]
    assert w.current_case().kind == LABEL_CONFLICT
    _key(qtbot, w, Qt.Key.Key_2)  # ben's version
    assert w.selected_version().annotator == "ben"
    _key(qtbot, w, Qt.Key.Key_A)
    (gold,) = [a for a in store.annotations(doc, annotator="rita")]
    assert (gold.start, gold.end, gold.label, gold.review_status) == (12, 19, "PERSON", "accepted")
    ben = [a for a in store.annotations(doc, annotator="ben") if a.start == 12][0]
    assert gold.attributes["provenance"] == [ben.id]
    assert w.cases[0].state == PARTLY  # ann's ORG is not decided yet: not shown as settled
    assert w.current_case().kind == BOUNDARY_CONFLICT  # moved on to the next open conflict
    out = _export(store, tmp_path)
    g = [a for a in out["annotations"] if a["annotator"] == "rita"][0]
    assert (g["label"], g["text"], g["review_status"]) == ("PERSON", "Tencent", "accepted")
    assert g["attributes"]["provenance"] == [ben.id]
    assert {(r["annotation"], r["reviewer"], r["decision"]) for r in out["reviews"]} == {
        (ben.id, "rita", "accept"), (gold.id, "rita", "accept")}


def test_reject_with_a_comment(qtbot, store, doc, tmp_path, monkeypatch):
    w = _window(qtbot, store)
    asked = []
    monkeypatch.setattr(w, "ask_comment", lambda v: asked.append(v.id) or "not in this article's scope")
    _key(qtbot, w, Qt.Key.Key_N)
    _key(qtbot, w, Qt.Key.Key_N)
    assert w.current_case().kind == MISSING
    _key(qtbot, w, Qt.Key.Key_R)
    money = [a for a in store.annotations(doc, annotator="ann") if a.label == "MONEY"][0]
    assert asked == [money.id]
    (r,) = store.reviews(doc)
    assert (r.annotation_id, r.reviewer, r.decision, r.comment) == (
        money.id, "rita", "reject", "not in this article's scope")
    assert store.get_annotation(money.id).review_status == "none"  # ann's own layer unchanged
    assert store.annotations(doc, annotator="rita") == []
    assert w.cases[2].state == REJECTED
    out = _export(store, tmp_path)
    assert [(x["annotation"], x["decision"], x["comment"]) for x in out["reviews"]] == [
        (money.id, "reject", "not in this article's scope")]
    # cancelling the comment dialog rejects nothing
    monkeypatch.setattr(w, "ask_comment", lambda v: None)
    _key(qtbot, w, Qt.Key.Key_P)
    _key(qtbot, w, Qt.Key.Key_R)
    assert len(store.reviews(doc)) == 1


def test_edit_then_accept_from_a_selection(qtbot, store, doc, tmp_path, monkeypatch):
    w = _window(qtbot, store)
    _key(qtbot, w, Qt.Key.Key_N)
    case = w.current_case()
    assert case.kind == BOUNDARY_CONFLICT and w.selected_version().annotator == "ann"
    # select "Monday" in the article with the keyboard: after the emoji Qt counts one more unit
    view = w.view
    view.setFocus()
    cur = view.textCursor()
    cur.setPosition(view.omap.to_qt(37))
    view.setTextCursor(cur)
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "Monday"
    assert view.selection() == (37, 43)
    seen = {}

    def edit(version, span):  # type: ignore[no-untyped-def]
        dlg = EditDialog(version, w.text, list(w.colors), span, w)
        seen["prefill"] = (dlg.start.value(), dlg.end.value(), dlg.label.currentText())
        dlg.label.setCurrentText("DATE")
        qtbot.keyClicks(dlg.comment, "the day only")
        return dlg.values()

    monkeypatch.setattr(w, "ask_edit", edit)
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert seen["prefill"] == (37, 43, "DATE")
    (gold,) = store.annotations(doc, annotator="rita")
    assert (gold.start, gold.end, gold.text, gold.label) == (37, 43, "Monday", "DATE")
    ann = [a for a in store.annotations(doc, annotator="ann") if a.label == "DATE"][0]
    assert gold.attributes["provenance"] == [ann.id]
    r = store.reviews(doc)[0]
    assert (r.annotation_id, r.decision) == (ann.id, "edit_accept")
    assert r.comment == "edited: span 34-43->37-43; the day only"
    out = _export(store, tmp_path)
    g = [a for a in out["annotations"] if a["annotator"] == "rita"][0]
    assert (g["start"], g["end"], g["text"]) == (37, 43, "Monday")
    assert any(x["decision"] == "edit_accept" and x["comment"].endswith("the day only") for x in out["reviews"])


def _answer(monkeypatch, button):  # type: ignore[no-untyped-def]
    """Answer the pre-merge confirmation with ``button``; the questions asked are returned."""
    asked = []

    def question(parent, title, text, buttons, default):  # type: ignore[no-untyped-def]
        asked.append((title, text, default))
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_premerge_and_roles(qtbot, store, doc, monkeypatch):
    with pytest.raises(PermissionDenied):
        open_review(store, "ann", ["ben", "rita"])
    w = _window(qtbot, store)
    w.show_agreed.setChecked(True)
    assert w.cases[0].kind == "agreed" and w.cases[0].state == "open"
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    w.premerge_action.trigger()
    assert len(asked) == 1
    qtbot.waitUntil(lambda: "pre-merged" in w.statusBar().currentMessage(), timeout=20000)
    assert [(g.start, g.end, g.label) for g in store.annotations(doc, annotator="rita")] == [(0, 7, "ORG")]
    assert w.cases[0].state == ACCEPTED
    assert "pre-merged 1" in w.statusBar().currentMessage()


def test_premerge_asks_first_and_declining_writes_nothing(qtbot, store, doc, monkeypatch):
    """Pre-merge writes gold in many documents at once: it says how much and defaults to No."""
    other = Bundle([{"id": "d2", "text": "Baidu opened in Beijing.", "annotations": [
        {"start": 0, "end": 5, "label": "ORG", "annotator": who} for who in ("ann", "ben")
    ] + [{"start": 16, "end": 23, "label": "GPE", "annotator": who} for who in ("ann", "ben")]}],
        source="test")
    store.import_bundle(other)
    w = _window(qtbot, store)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    w.premerge_action.trigger()  # the toolbar button (Ctrl+M)
    assert len(asked) == 1
    title, text, default = asked[0]
    assert "3 agreed span(s) in 2 document(s)" in text
    assert default == QMessageBox.StandardButton.No
    d2 = store.find_document(uid="d2")
    assert store.annotations(doc, annotator="rita") == store.annotations(d2, annotator="rita") == []
    assert store.reviews(doc) == store.reviews(d2) == []
    assert "nothing written" in w.statusBar().currentMessage()

    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    w.premerge_action.trigger()  # the toolbar button (Ctrl+M)
    qtbot.waitUntil(lambda: "pre-merged" in w.statusBar().currentMessage(), timeout=20000)
    gold = sorted(
        (g.document_id, g.start, g.end, g.label)
        for d in (doc, d2) for g in store.annotations(d, annotator="rita")
    )
    assert gold == [(doc, 0, 7, "ORG"), (d2, 0, 5, "ORG"), (d2, 16, 23, "GPE")]
    assert "pre-merged 3" in w.statusBar().currentMessage()


def _marks(w):  # type: ignore[no-untyped-def]
    """What the case list shows before each case's kind: its state's mark and word."""
    return [w.case_list.item(i).text().split(" · ")[0] for i in range(w.case_list.count())]


def test_case_list_shows_partly_decided_cases_and_rejections_as_what_they_are(qtbot, store, doc, monkeypatch):
    """Issue 14 item 9: a case with an undecided version never shows ✔; a rejection is decided."""
    w = _window(qtbot, store)
    monkeypatch.setattr(w, "ask_comment", lambda v: "")
    assert _marks(w) == ["○ open"] * 3
    _key(qtbot, w, Qt.Key.Key_2)  # ben's PERSON of the label conflict
    _key(qtbot, w, Qt.Key.Key_A)
    assert _marks(w) == ["◐ partly decided", "○ open", "○ open"]  # ann's ORG is undecided
    assert "✔" not in w.case_list.item(0).text()
    _key(qtbot, w, Qt.Key.Key_P)
    assert [w.versions.item(i).text().rsplit(" — ", 1)[1] for i in range(w.versions.count())] == [
        "not decided", "accepted"]  # which version is left
    _key(qtbot, w, Qt.Key.Key_N)
    assert "[3 to decide]" in w.docs.currentItem().text()
    _key(qtbot, w, Qt.Key.Key_P)
    assert w.current_case().kind == LABEL_CONFLICT
    _key(qtbot, w, Qt.Key.Key_1)
    assert w.selected_version().annotator == "ann"
    _key(qtbot, w, Qt.Key.Key_R)
    assert _marks(w)[0] == "✔ accepted"
    decisions = {(store.get_annotation(r.annotation_id).annotator, r.decision) for r in store.reviews(doc)}
    assert decisions == {("ben", "accept"), ("rita", "accept"), ("ann", "reject")}
    # the missing case (ann's MONEY only): rejecting its one version decides it
    _key(qtbot, w, Qt.Key.Key_N)
    _key(qtbot, w, Qt.Key.Key_N)
    assert w.current_case().kind == MISSING
    _key(qtbot, w, Qt.Key.Key_R)
    assert _marks(w) == ["✔ accepted", "○ open", "✘ rejected"]
    assert "[1 to decide]" in w.docs.currentItem().text()
    assert w.case_list.item(2).toolTip() == "rejected: every version rejected"
