"""Adjudication: case classification, accept / reject / edit-accept into gold, pre-merge, roles."""

from __future__ import annotations

import json

import pytest

from app.errors import PermissionDenied, ValidationError
from app.formats.native import write_json
from app.formats.options import ExportOptions
from app.review.adjudicate import (
    ACCEPTED,
    AGREED,
    BOUNDARY_CONFLICT,
    LABEL_CONFLICT,
    MISSING,
    OPEN,
    PARTLY,
    PREMERGE_COMMENT,
    REJECTED,
    Adjudicator,
)

TEXT = "Alibaba met Tencent in Hangzhou 🚀 on Monday, paying 3 million yuan."


@pytest.fixture
def doc(store, add_doc):  # type: ignore[no-untyped-def]
    d = add_doc(store, TEXT, "d1")
    store.annotator("rita", role="reviewer")
    for who in ("ann", "ben"):
        store.add_annotation(d, 0, 7, "ORG", who)  # agreed
        store.add_annotation(d, 23, 31, "GPE", who)  # agreed
    store.add_annotation(d, 12, 19, "ORG", "ann")  # label conflict
    store.add_annotation(d, 12, 19, "PERSON", "ben")
    store.add_annotation(d, 34, 43, "DATE", "ann")  # boundary conflict
    store.add_annotation(d, 37, 43, "DATE", "ben")
    store.add_annotation(d, 52, 66, "MONEY", "ann", attributes={"value": 3e6, "unit": "CNY"})  # missing
    store.add_annotation(d, 37, 43, "EVENT", "ben", origin="suggested")  # pending: never counts
    return d


def _export(store, tmp_path, **kw):  # type: ignore[no-untyped-def]
    path = tmp_path / "out.json"
    write_json(store, path, ExportOptions(**kw))
    return json.loads(path.read_text())["documents"][0]


def test_classification(store, doc):
    adj = Adjudicator(store, "rita", ["ann", "ben"])
    cases = adj.cases(doc)
    assert [(c.kind, c.start, c.end) for c in cases] == [
        (AGREED, 0, 7), (LABEL_CONFLICT, 12, 19), (AGREED, 23, 31), (BOUNDARY_CONFLICT, 34, 43),
        (MISSING, 52, 66),
    ]
    assert cases[4].missing == ("ben",) and cases[4].annotators == ("ann",)
    assert all(c.state == OPEN for c in cases)
    assert [c.kind for c in adj.conflicts(doc)] == [LABEL_CONFLICT, BOUNDARY_CONFLICT, MISSING]
    assert adj.documents() == [doc]


def test_roles_are_enforced(store, doc):
    with pytest.raises(PermissionDenied, match="only a reviewer"):
        Adjudicator(store, "ann", ["ben", "cat"])
    store.annotator("cat")
    with pytest.raises(ValidationError, match="at least two"):
        Adjudicator(store, "rita", ["ann"])
    store.set_role("cat", "reviewer")
    with pytest.raises(PermissionDenied, match="own annotations: this store's policy"):
        Adjudicator(store, "cat", ["ann", "cat"])
    Adjudicator(store, "cat", ["ann", "ben"])  # a reviewer now


def test_the_store_policy_may_waive_the_reviewer_role(store, doc):
    """Issue 14 item 8: without the role requirement any curator adjudicates, as themself."""
    from app.store.policy import StorePolicy

    store.annotator("cat")
    with pytest.raises(PermissionDenied, match="only a reviewer"):
        Adjudicator(store, "cat", ["ann", "ben"])
    store.policy = StorePolicy(reviewer_role=False)
    adj = Adjudicator(store, "cat", ["ann", "ben"])
    assert (adj.reviewer, adj.role) == ("cat", "annotator")
    with pytest.raises(PermissionDenied, match="own annotations"):  # self-review is separate
        Adjudicator(store, "ann", ["ann", "ben"])
    gold = adj.accept(adj.conflicts(doc)[0].versions[0].id)
    assert gold.annotator == "cat" and gold.review_status == "accepted"
    assert {r.reviewer for r in store.reviews(doc)} == {"cat"}


def test_accept_copies_into_gold_with_provenance(store, doc, tmp_path):
    adj = Adjudicator(store, "rita", ["ann", "ben"])
    label_case = adj.conflicts(doc)[0]
    ben_version = [v for v in label_case.versions if v.annotator == "ben"][0]
    gold = adj.accept(ben_version.id, "Tencent is a company? no: the founder")
    assert (gold.start, gold.end, gold.label, gold.annotator) == (12, 19, "PERSON", "rita")
    assert gold.review_status == "accepted" and gold.origin == "manual"
    assert gold.attributes["provenance"] == [ben_version.id]
    case = adj.conflicts(doc)[0]
    assert case.state == PARTLY and case.gold == (gold,)  # ann's ORG is still undecided
    assert not case.decided
    # the annotators' own layers are untouched
    assert store.get_annotation(ben_version.id).review_status == "none"
    revs = store.reviews(doc)
    assert [(r.annotation_id, r.reviewer, r.decision) for r in revs] == [
        (ben_version.id, "rita", "accept"), (gold.id, "rita", "accept")]
    assert revs[0].comment == "Tencent is a company? no: the founder"
    with pytest.raises(ValidationError, match="gold layer already"):
        adj.accept(ben_version.id)
    exported = _export(store, tmp_path)
    g = [a for a in exported["annotations"] if a["id"] == gold.id][0]
    assert g["annotator"] == "rita" and g["review_status"] == "accepted"
    assert g["attributes"]["provenance"] == [ben_version.id]
    assert {"annotation": ben_version.id, "reviewer": "rita", "decision": "accept",
            "comment": "Tencent is a company? no: the founder"}.items() <= exported["reviews"][0].items()
    gold_only = _export(store, tmp_path, gold_only=True)
    assert [a["id"] for a in gold_only["annotations"]] == [gold.id]
    assert [r["annotation"] for r in gold_only["reviews"]] == [gold.id]


def test_reject_records_the_decision_and_settles_when_all_rejected(store, doc, tmp_path):
    adj = Adjudicator(store, "rita", ["ann", "ben"])
    missing = adj.conflicts(doc)[2]
    (money,) = missing.versions
    adj.reject(money.id, "not a figure of the article")
    assert adj.conflicts(doc)[2].state == REJECTED
    assert store.get_annotation(money.id).review_status == "none"
    boundary = adj.conflicts(doc)[1]
    adj.reject(boundary.versions[0].id)
    assert adj.conflicts(doc)[1].state == PARTLY  # one version left: decided in part only
    exported = _export(store, tmp_path)
    assert {(r["annotation"], r["decision"], r["comment"]) for r in exported["reviews"]} == {
        (money.id, "reject", "not a figure of the article"), (boundary.versions[0].id, "reject", "")}
    assert all(r["reviewer"] == "rita" and r["at"] for r in exported["reviews"])


def test_edit_accept(store, doc, tmp_path):
    adj = Adjudicator(store, "rita", ["ann", "ben"])
    boundary = adj.conflicts(doc)[1]
    ann_version = [v for v in boundary.versions if v.annotator == "ann"][0]
    gold = adj.edit_accept(ann_version.id, start=37, end=43, comment="just the day")
    assert (gold.start, gold.end, gold.text, gold.label) == (37, 43, "Monday", "DATE")
    assert gold.attributes["provenance"] == [ann_version.id]
    r = store.reviews(doc)[0]
    assert (r.decision, r.comment) == ("edit_accept", "edited: span 34-43->37-43; just the day")
    money = adj.conflicts(doc)[2].versions[0]
    gold2 = adj.edit_accept(money.id, label="MONEY", attributes={"value": 3000000, "unit": "CNY", "qualifier": "about"})
    assert gold2.attributes == {"value": 3000000, "unit": "CNY", "qualifier": "about", "provenance": [money.id]}
    with pytest.raises(ValidationError, match="out of range"):
        adj.edit_accept(money.id, start=60, end=99)
    exported = _export(store, tmp_path)
    g = [a for a in exported["annotations"] if a["id"] == gold.id][0]
    assert (g["start"], g["end"], g["text"], g["annotator"]) == (37, 43, "Monday", "rita")
    assert any(r["decision"] == "edit_accept" and r["comment"].endswith("just the day") for r in exported["reviews"])


def test_premerge_agreed_spans_once(store, doc, add_doc):
    other = add_doc(store, "Tencent and Alibaba grew 5%.", "d2")
    for who in ("ann", "ben"):
        store.add_annotation(other, 0, 7, "ORG", who)
    store.add_annotation(other, 25, 27, "PERCENT", "ann", attributes={"value": 5, "unit": "%"})
    store.add_annotation(other, 25, 27, "PERCENT", "ben", attributes={"value": 0.05, "unit": "%"})
    adj = Adjudicator(store, "rita", ["ann", "ben"])
    # the PERCENT case agrees on span and label but not on the figure's value: not pre-merged
    assert [c.kind for c in adj.cases(other)] == [AGREED, AGREED]
    assert adj.premerge() == 3
    gold = adj.gold(doc)
    assert [(g.start, g.end, g.label) for g in gold] == [(0, 7, "ORG"), (23, 31, "GPE")]
    ids = {a.id for a in store.annotations(doc, annotator=["ann", "ben"]) if a.start == 0}
    assert set(gold[0].attributes["provenance"]) == ids
    assert [c.state for c in adj.cases(doc)] == [ACCEPTED, OPEN, ACCEPTED, OPEN, OPEN]
    assert [(g.label) for g in adj.gold(other)] == ["ORG"]
    revs = [r for r in store.reviews(doc) if r.comment == PREMERGE_COMMENT]
    assert len(revs) == 4 and {r.annotation_id for r in revs[:2]} == ids
    n = store.count_annotations()
    assert adj.premerge() == 0 and store.count_annotations() == n  # twice changes nothing


def test_case_state_is_defined_once():
    """Issue 14 item 9: one state per case, each meaning one thing."""
    from app.review.adjudicate import STATE_MARKS, case_state

    assert case_state(0, 0, 2) == OPEN
    assert case_state(1, 0, 2) == PARTLY
    assert case_state(0, 1, 2) == PARTLY
    assert case_state(1, 1, 2) == ACCEPTED
    assert case_state(0, 2, 2) == REJECTED
    assert len(set(STATE_MARKS.values())) == len(STATE_MARKS) == 4


EXPO = "Chongqing will host the Smart China Expo in August."  # EVENT 24-40, GPE 30-35 in it


def test_nested_agreed_spans_are_each_their_own_agreed_case(store, add_doc):
    """Spans everyone marked identically are agreed cases, even nested in another agreed one."""
    d = add_doc(store, EXPO, "expo")
    store.annotator("rita", role="reviewer")
    for who in ("alice", "bob"):
        store.add_annotation(d, 24, 40, "EVENT", who)
        store.add_annotation(d, 30, 35, "GPE", who)
    adj = Adjudicator(store, "rita", ["alice", "bob"])
    cases = adj.cases(d)
    assert [(c.kind, c.start, c.end, len(c.versions)) for c in cases] == [
        (AGREED, 24, 40, 2), (AGREED, 30, 35, 2),
    ]
    assert adj.conflicts(d) == []
    assert adj.premerge() == 2
    assert sorted((g.start, g.end, g.label) for g in adj.gold(d)) == [
        (24, 40, "EVENT"), (30, 35, "GPE"),
    ]


def test_agreed_inner_span_is_apart_from_the_outer_conflict(store, add_doc):
    d = add_doc(store, EXPO, "expo")
    store.annotator("rita", role="reviewer")
    for who in ("alice", "bob"):
        store.add_annotation(d, 30, 35, "GPE", who)  # agreed, nested in the outer spans
    store.add_annotation(d, 24, 40, "EVENT", "alice")
    store.add_annotation(d, 24, 34, "EVENT", "bob")  # differs from alice's
    store.add_annotation(d, 0, 9, "GPE", "alice")  # bob has nothing here
    adj = Adjudicator(store, "rita", ["alice", "bob"])
    cases = adj.cases(d)
    assert [(c.kind, c.start, c.end, set(c.annotators)) for c in cases] == [
        (MISSING, 0, 9, {"alice"}), (BOUNDARY_CONFLICT, 24, 40, {"alice", "bob"}),
        (AGREED, 30, 35, {"alice", "bob"}),
    ]
    assert {v.label for v in cases[1].versions} == {"EVENT"}
    store.add_annotation(d, 24, 40, "EVENT", "bob")  # now bob has both outer spans
    kinds = [(c.kind, c.start, c.end) for c in adj.cases(d)]
    assert kinds == [(MISSING, 0, 9), (MISSING, 24, 34), (AGREED, 24, 40), (AGREED, 30, 35)]
    assert adj.premerge() == 2  # the two agreed spans only
