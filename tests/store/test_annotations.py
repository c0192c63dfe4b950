"""Annotation writes: invariants, duplicates, optimistic locking, undo support."""

from __future__ import annotations

import pytest

from app.errors import ConflictError, ValidationError


def _doc(store, text: str) -> int:
    from app.bundle import Bundle

    store.import_bundle(Bundle([{"id": "d1", "title": "t", "text": text}]))
    doc_id = store.find_document(uid="d1")
    assert doc_id is not None
    return doc_id


def test_add_annotation_stores_the_covered_text(store):
    doc = _doc(store, "China's digital economy reached 39 trillion yuan in 2020.")
    a = store.add_annotation(doc, 32, 48, "MONEY", "alice")
    got = store.get_annotation(a.id)
    assert (got.start, got.end, got.text, got.label, got.kind) == (32, 48, "39 trillion yuan", "MONEY", "figure")
    assert got.annotator == "alice" and got.origin == "manual" and got.version == 1
    assert store.annotations(doc)[0].id == a.id


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 3, "out of range"),
        (0, 999, "out of range"),
        (5, 5, "empty or reversed"),
        (6, 2, "empty or reversed"),
        ("0", 3, "must be integers"),
        (0.0, 3, "must be integers"),
        (True, 3, "must be integers"),
    ],
)
def test_bad_offsets_are_refused_and_nothing_is_written(store, start, end, message):
    doc = _doc(store, "Xi Jinping sent a letter.")
    with pytest.raises(ValidationError, match=message):
        store.add_annotation(doc, start, end, "PERSON", "alice")
    assert store.annotations(doc) == []


def test_unknown_label_is_refused(store):
    doc = _doc(store, "Xi Jinping sent a letter.")
    with pytest.raises(ValidationError, match="unknown label 'NOPE'"):
        store.add_annotation(doc, 0, 2, "NOPE", "alice")


def test_unknown_document_is_refused(store):
    with pytest.raises(ValidationError, match="no document with id 999"):
        store.add_annotation(999, 0, 2, "ORG", "alice")


def test_exact_duplicate_is_refused_but_other_annotator_or_label_is_fine(store):
    doc = _doc(store, "The SCO forum opened in Chongqing.")
    store.add_annotation(doc, 4, 7, "ORG", "alice")
    with pytest.raises(ValidationError, match="exists already"):
        store.add_annotation(doc, 4, 7, "ORG", "alice")
    store.add_annotation(doc, 4, 7, "ORG", "bob")
    store.add_annotation(doc, 4, 7, "EVENT", "alice")
    assert len(store.annotations(doc)) == 3


def test_update_moves_boundaries_and_keeps_text_in_step(store):
    text = "The SCO forum opened in Chongqing."
    doc = _doc(store, text)
    a = store.add_annotation(doc, 4, 7, "ORG", "alice")
    b = store.update_annotation(a.id, end=13, label="EVENT", note="the forum", expected_version=1)
    assert (b.start, b.end, b.text, b.label, b.note, b.version) == (4, 13, "SCO forum", "EVENT", "the forum", 2)
    assert b.text == text[b.start : b.end]
    with pytest.raises(ValidationError, match="out of range"):
        store.update_annotation(a.id, end=500)
    assert store.get_annotation(a.id).end == 13


def test_stale_update_is_refused_not_overwritten(store):
    doc = _doc(store, "The SCO forum opened in Chongqing.")
    a = store.add_annotation(doc, 4, 7, "ORG", "alice")
    store.annotator("bob", role="reviewer")
    store.update_annotation(a.id, note="first", expected_version=a.version, by="bob")
    with pytest.raises(ConflictError, match="changed by bob"):  # the last changer, not alice
        store.update_annotation(a.id, note="second", expected_version=a.version)
    assert store.get_annotation(a.id).note == "first"


def test_first_manual_annotation_moves_document_in_progress(store):
    doc = _doc(store, "The SCO forum opened in Chongqing.")
    assert store.list_documents(annotator="alice")[0].status == "not_started"
    store.add_annotation(doc, 4, 7, "ORG", "alice")
    assert store.get_document(doc).status == "in_progress"
    assert store.list_documents(annotator="alice")[0].status == "in_progress"
    assert store.list_documents(annotator="bob")[0].status == "not_started"
    store.set_status(doc, "done", annotator="alice")
    assert store.progress(doc) == {"alice": "done"}
    assert store.status_counts("alice")["done"] == 1
    with pytest.raises(ValidationError, match="status must be one of"):
        store.set_status(doc, "finished")


def test_relations_and_reviews_follow_their_annotations(store):
    doc = _doc(store, "China's digital economy reached 39 trillion yuan in 2020.")
    subject = store.add_annotation(doc, 0, 23, "GPE", "alice")
    money = store.add_annotation(doc, 32, 48, "MONEY", "alice")
    rel = store.add_relation(money.id, subject.id, "measures", "alice")
    store.add_review(money.id, "carol", "accept", "ok")
    assert [r.type for r in store.relations(doc)] == ["measures"]
    assert store.reviews(doc)[0].comment == "ok"
    store.delete_annotation(money.id)
    assert store.relations(doc) == [] and store.reviews(doc) == []
    assert rel.from_id == money.id
    with pytest.raises(ValidationError, match="two different annotations"):
        store.add_relation(subject.id, subject.id, "measures", "alice")


def test_unicode_offsets_are_code_points(store):
    text = "👩\u200d💻 CRLF\r\n中文 😊 Sony 39 trillion yuan"
    doc = _doc(store, text)
    start = text.index("Sony")
    a = store.add_annotation(doc, start, start + 4, "ORG", "alice")
    assert a.text == "Sony" and store.document_text(doc) == text
    cjk = text.index("中文")
    b = store.add_annotation(doc, cjk, cjk + 2, "GPE", "alice")
    assert b.text == "中文"


def test_spans_at_the_edges_of_an_astral_text(store):
    # the span's text is cut by the database (substr, in code points), not from the whole text
    text = "😊中\r\nA😊"
    doc = _doc(store, text)
    for start, end in [(0, 1), (0, len(text)), (len(text) - 1, len(text)), (2, 4)]:
        a = store.add_annotation(doc, start, end, "ORG", "alice", allow_duplicate=True)
        assert a.text == text[start:end] == store.get_annotation(a.id).text
    with pytest.raises(ValidationError, match=f"span 5-{len(text) + 1} is out of range for a text of {len(text)}"):
        store.add_annotation(doc, 5, len(text) + 1, "ORG", "alice")


def test_get_annotations_in_one_call_keeps_order_and_refuses_unknown_ids(store):
    doc = _doc(store, "The SCO forum opened in Chongqing.")
    a = store.add_annotation(doc, 4, 7, "ORG", "alice")
    b = store.add_annotation(doc, 24, 33, "GPE", "bob")
    assert [v.id for v in store.get_annotations([b.id, a.id])] == [b.id, a.id]
    assert store.get_annotations([b.id]) == [store.get_annotation(b.id)]
    assert store.get_annotations([]) == []
    with pytest.raises(ValidationError, match="no annotation with id nope"):
        store.get_annotations([a.id, "nope"])


def test_the_list_counts_the_annotators_own_spans_beside_everyones(store):
    """Issue 14.3: a colleague's spans are not bob's ("Mine"); "Spans" stays everyone's counted
    work, which follows colleagues' edits (issue 19.7). Pending suggestions count for nobody."""
    doc = _doc(store, "The SCO forum opened in Chongqing and Beijing.")
    store.add_annotation(doc, 4, 7, "ORG", "alice")
    store.add_annotation(doc, 24, 33, "GPE", "alice")
    store.add_annotation(doc, 38, 45, "GPE", "bob")
    store.add_annotation(doc, 0, 3, "ORG", "model", origin="suggested")
    everyone = store.list_documents()[0]
    assert (everyone.n_annotations, everyone.n_own) == (3, None)
    for who, mine in (("alice", 2), ("bob", 1), ("carol", 0)):  # carol is not in the store
        info = store.list_documents(annotator=who)[0]
        assert (info.n_annotations, info.n_own) == (3, mine), who
    assert store.list_documents(ids=[doc], annotator="bob")[0].n_own == 1
