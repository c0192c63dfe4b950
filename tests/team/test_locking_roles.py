"""Two curators on one store: no lost update, roles enforced in the core, change polling.

Every test runs on SQLite and on PostgreSQL (``any_store``); "two sessions" are two Store
instances opened on the same URL, as two app windows on two machines would be.
"""

from __future__ import annotations

import pytest

from app import open_store
from app.bundle import Bundle
from app.errors import ConflictError, PermissionDenied

TEXT = "The SCO forum opened in Chongqing on Monday with 39 trillion yuan pledged."


@pytest.fixture
def two(any_store):  # type: ignore[no-untyped-def]
    """(alice's store, bob's store, document id, alice's ORG annotation) on one database."""
    any_store.import_bundle(Bundle([{"id": "d1", "title": "t", "text": TEXT}]))
    doc = any_store.find_document(uid="d1")
    ann = any_store.add_annotation(doc, 4, 7, "ORG", "alice")
    any_store.annotator("bob")
    any_store.annotator("carol", role="reviewer")
    other = open_store(any_store.url)
    yield any_store, other, doc, ann
    other.close()


def test_second_stale_edit_gets_a_conflict_and_nothing_is_overwritten(two):
    alice, bob_store, _doc, ann = two
    seen_by_alice = alice.get_annotation(ann.id)
    seen_by_carol = bob_store.get_annotation(ann.id)
    assert seen_by_alice.version == seen_by_carol.version == 1
    alice.update_annotation(ann.id, expected_version=seen_by_alice.version, by="alice",
                            note="alice's note", end=13)
    with pytest.raises(ConflictError, match="changed by alice"):  # who made the last change
        bob_store.update_annotation(ann.id, expected_version=seen_by_carol.version, by="carol",
                                    label="EVENT")
    now = bob_store.get_annotation(ann.id)
    assert (now.note, now.end, now.text, now.label, now.version) == (
        "alice's note", 13, "SCO forum", "ORG", 2)
    # reloaded, the second edit applies on top of the first
    bob_store.update_annotation(ann.id, expected_version=now.version, by="carol", label="EVENT")
    final = alice.get_annotation(ann.id)
    assert (final.note, final.label, final.version) == ("alice's note", "EVENT", 3)


def test_stale_delete_is_refused_and_the_edit_survives(two):
    alice, bob_store, _doc, ann = two
    alice.update_annotation(ann.id, expected_version=1, note="keep me")
    with pytest.raises(ConflictError):
        bob_store.delete_annotation(ann.id, expected_version=1, by="carol")
    assert bob_store.get_annotation(ann.id).note == "keep me"
    bob_store.delete_annotation(ann.id, expected_version=2, by="carol")
    with pytest.raises(ConflictError, match="no longer exists"):
        alice.update_annotation(ann.id, expected_version=2, note="too late")


EDITS = {
    "edit": {"note": "mine now"},
    "relabel": {"label": "EVENT"},
    "move": {"start": 8, "end": 13},
    "attributes": {"attributes": {"x": 1}},
}


@pytest.mark.parametrize("action", sorted(EDITS))
def test_annotator_may_not_change_anothers_annotation(two, action):
    _alice, bob_store, _doc, ann = two
    with pytest.raises(PermissionDenied, match="bob may not edit alice's annotation"):
        bob_store.update_annotation(ann.id, expected_version=1, by="bob", **EDITS[action])
    after = bob_store.get_annotation(ann.id)
    assert (after.start, after.end, after.label, after.note, after.attributes, after.version) == (
        4, 7, "ORG", "", {}, 1)


def test_annotator_may_not_delete_anothers_annotation(two):
    _alice, bob_store, doc, ann = two
    with pytest.raises(PermissionDenied, match="bob may not delete alice's annotation"):
        bob_store.delete_annotation(ann.id, by="bob")
    assert [a.id for a in bob_store.annotations(doc)] == [ann.id]


def test_unknown_curator_may_change_nothing(two):
    _alice, bob_store, _doc, ann = two
    with pytest.raises(PermissionDenied):
        bob_store.update_annotation(ann.id, by="mallory", note="x")
    with pytest.raises(PermissionDenied):
        bob_store.delete_annotation(ann.id, by="mallory")


def test_non_reviewer_may_not_add_a_review_decision(two):
    _alice, bob_store, doc, ann = two
    with pytest.raises(PermissionDenied, match="bob may not review"):
        bob_store.add_review(ann.id, "bob", "accept", "looks right")
    with pytest.raises(PermissionDenied, match="alice may not review"):
        bob_store.add_review(ann.id, "alice", "accept", "my own, fine")
    assert bob_store.reviews(doc) == []


def test_author_and_reviewer_may_edit_and_review(two):
    alice, bob_store, doc, ann = two
    a = alice.update_annotation(ann.id, expected_version=1, by="alice", end=13)
    b = bob_store.update_annotation(ann.id, expected_version=a.version, by="carol",
                                    label="EVENT", review_status="accepted")
    assert (b.text, b.label, b.review_status) == ("SCO forum", "EVENT", "accepted")
    bob_store.add_review(ann.id, "carol", "accept", "ok")
    assert [(r.reviewer, r.decision) for r in alice.reviews(doc)] == [("carol", "accept")]
    mine = bob_store.add_annotation(doc, 24, 33, "GPE", "bob")
    bob_store.delete_annotation(mine.id, by="bob", expected_version=1)


def test_a_demoted_reviewer_is_refused_by_a_store_that_knew_them_as_reviewer(two):
    alice, bob_store, _doc, ann = two
    assert bob_store.annotator("carol").role == "reviewer"  # cached by this instance
    alice.set_role("carol", "annotator")
    with pytest.raises(PermissionDenied):
        bob_store.update_annotation(ann.id, by="carol", note="x")
    with pytest.raises(PermissionDenied):
        bob_store.add_review(ann.id, "carol", "reject")


def test_document_revision_changes_with_every_colleague_write(two):
    alice, bob_store, doc, ann = two
    seen = [bob_store.document_revision(doc)]
    assert seen[0][0] == 1
    assert bob_store.document_revision(doc) == seen[0]  # nothing happened: same answer

    def changed() -> tuple[int, str]:
        rev = bob_store.document_revision(doc)
        assert rev not in seen
        seen.append(rev)
        return rev

    gpe = alice.add_annotation(doc, 24, 33, "GPE", "alice")
    assert changed()[0] == 2
    alice.update_annotation(ann.id, note="n")
    changed()
    alice.add_relation(ann.id, gpe.id, "located_in", "alice")
    changed()
    alice.add_review(gpe.id, "carol", "accept")
    changed()
    alice.delete_annotation(gpe.id)
    assert changed()[0] == 1
    # another document's changes do not disturb this one
    alice.import_bundle(Bundle([{"id": "d2", "text": "Sony and Apple"}]))
    alice.add_annotation(alice.find_document(uid="d2"), 0, 4, "ORG", "alice")
    assert bob_store.document_revision(doc) == seen[-1]


def test_curator_role_command_promotes_and_the_core_then_allows(two, capsys):
    from app.cli import main

    alice, bob_store, doc, ann = two
    assert main(["--db", alice.url, "role", "bob", "reviewer"]) == 0
    assert capsys.readouterr().out == "bob\treviewer\n"
    bob_store.add_review(ann.id, "bob", "accept")  # a reviewer now, seen by another instance
    bob_store.update_annotation(ann.id, by="bob", note="checked")
    assert main(["--db", alice.url, "role"]) == 0
    assert "alice\tannotator\nbob\treviewer\ncarol\treviewer\n" in capsys.readouterr().out
    assert main(["--db", alice.url, "role", "nobody"]) == 1
    assert "unknown annotator 'nobody'" in capsys.readouterr().err


def test_only_a_reviewer_changes_roles_and_the_store_re_reads_the_askers_role(two):
    """Issue 19 item 5: role changes are a reviewer's (or the administrator's) action, checked
    by the core in the write's own transaction, from either connection."""
    alice, bob_store, doc, ann = two
    with pytest.raises(PermissionDenied, match="bob may not make bob a reviewer"):
        bob_store.set_role("bob", "reviewer", by="bob")
    with pytest.raises(PermissionDenied, match="only a reviewer can change roles"):
        bob_store.set_role("alice", "reviewer", by="bob")
    with pytest.raises(PermissionDenied):
        bob_store.set_role("bob", "reviewer", by="nobody")
    roles = lambda: {a.name: a.role for a in alice.annotators()}  # noqa: E731  (fresh reads)
    assert roles()["bob"] == "annotator"
    bob_store.set_role("bob", "reviewer", by="carol")  # carol is a reviewer
    assert roles()["bob"] == "reviewer"
    alice.set_role("carol", "annotator", by="bob")
    with pytest.raises(PermissionDenied):  # demoted on the other connection: refused now
        bob_store.set_role("alice", "reviewer", by="carol")


def test_self_review_follows_the_store_policy(two):
    from app.review.adjudicate import Adjudicator
    from app.store.policy import StorePolicy

    alice, bob_store, doc, ann = two
    bob_store.add_annotation(doc, ann.start, ann.end, "GPE", "carol")
    with pytest.raises(PermissionDenied, match="carol may not review their own annotations"):
        Adjudicator(bob_store, "carol", ["alice", "carol"])
    bob_store.policy = StorePolicy(self_review=True)
    assert Adjudicator(bob_store, "carol", ["alice", "carol"]).annotators == ["alice", "carol"]
