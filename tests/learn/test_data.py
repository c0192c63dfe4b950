"""What the recommender learns from: the curated spans (``app.rules``) of articles in progress or
done, read from a real SQLite store, and the held-out split. No spaCy needed."""

from __future__ import annotations

import pytest

from app.bundle import Bundle
from app.errors import CuratorError
from app.learn.data import held_out, resolve, split, too_little
from app.learn.train import TrainOptions, train_entities
from app.ops.annotations import accept_suggestion, reject_suggestion
from app.store.recommender import CuratedDoc, CuratedSpan, curated_entities
from bench.entity_corpus import corpus, load

TEXT = "Anna Keller met Omar Haddad of Northwind Bank in Kenya; 5 percent."


def _doc(uid: str, status: str, anns: list[dict]) -> dict:  # type: ignore[type-arg]
    def ann(word: str, label: str, who: str = "alice", **kw: str) -> dict:  # type: ignore[type-arg]
        s = TEXT.index(word)
        return {"start": s, "end": s + len(word), "text": word, "label": label,
                "annotator": who, **kw}

    return {"id": uid, "text": f"{TEXT} ({uid})", "status": status,
            "annotations": [ann(*a[:2], **(a[2] if len(a) > 2 else {})) for a in anns]}


def test_split_is_a_deterministic_hash_of_the_document_id():
    uids = [f"doc-{i}" for i in range(2000)]
    first = [held_out(u) for u in uids]
    assert first == [held_out(u) for u in uids]
    assert 0.17 < sum(first) / len(first) < 0.23
    # adding articles never moves the others
    docs = [CuratedDoc(i, u, "x", ()) for i, u in enumerate(uids)]
    assert {a.uid for a in split(docs[:500]).held_out} == {
        a.uid for a in split(docs).held_out if int(a.uid[4:]) < 500}


def test_resolve_keeps_gold_then_the_majority_and_no_overlaps():
    spans = (
        CuratedSpan(0, 11, "PERSON", "alice", False),
        CuratedSpan(0, 11, "ORG", "bob", False),
        CuratedSpan(0, 11, "ORG", "carol", False),  # majority: ORG
        CuratedSpan(5, 11, "PERSON", "dave", True),  # gold wins over the majority
        CuratedSpan(16, 27, "PERSON", "alice", False),
    )
    art = resolve(CuratedDoc(1, "d", TEXT, spans))
    assert art.spans == ((5, 11, "PERSON"), (16, 27, "PERSON"))
    no_gold = resolve(CuratedDoc(1, "d", TEXT, spans[:3]))
    assert no_gold.spans == ((0, 11, "ORG"),)


def test_reader_takes_counted_entity_spans_of_worked_articles(store):  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle(documents=[
        _doc("done", "done", [("Anna Keller", "PERSON"), ("Kenya", "GPE", {"annotator": "bob"}),
                              ("5 percent", "PERCENT")]),
        _doc("wip", "in_progress", [("Northwind Bank", "ORG")]),
        _doc("untouched", "not_started", [("Anna Keller", "PERSON")]),
        _doc("empty-done", "done", []),
    ]))
    d = store.find_document(uid="done")
    sug = store.add_annotation(d, 16, 27, "PERSON", "bot", origin="suggested")
    docs = {c.uid: c for c in curated_entities(store)}
    # not started: not learned from; done without entities: a negative example; figures: never
    assert sorted(docs) == ["done", "empty-done", "wip"]
    assert [(s.label, s.annotator) for s in docs["done"].spans] == [("PERSON", "alice"),
                                                                      ("GPE", "bob")]
    # a pending suggestion does not count; an accepted one does, a rejected one does not
    accept_suggestion(store, sug.id, "alice")
    assert [s.label for s in curated_entities(store)[0].spans] == ["PERSON", "PERSON", "GPE"]
    reject_suggestion(store, sug.id, "alice")
    assert len(curated_entities(store)[0].spans) == 2

    only_bob = {c.uid: c for c in curated_entities(store, annotators=["bob"])}
    assert list(only_bob) == ["done"] and [s.label for s in only_bob["done"].spans] == ["GPE"]
    assert [c.uid for c in curated_entities(store, labels=["ORG"]) if c.spans] == ["wip"]

    # gold: what a reviewer accepted
    assert curated_entities(store, gold_only=True) == []
    alice_span = next(a for a in store.annotations(d) if a.label == "PERSON" and a.start == 0)
    store.update_annotation(alice_span.id, review_status="accepted")
    store.add_review(alice_span.id, "rita", "accept")
    gold = curated_entities(store, gold_only=True)
    assert [(c.uid, [(s.label, s.gold) for s in c.spans]) for c in gold] == [
        ("done", [("PERSON", True)])]


def test_too_little_data_says_how_much_is_needed(store):  # type: ignore[no-untyped-def]
    load(store, corpus(5))
    why = too_little(split(curated_entities(store)))
    assert why is not None and "at least 8 for training and 2 held out" in why
    with pytest.raises(CuratorError, match="too little curated data"):
        train_entities(store)


def test_figure_and_unknown_labels_are_refused(store):  # type: ignore[no-untyped-def]
    with pytest.raises(CuratorError, match="figure label"):
        train_entities(store, TrainOptions(
            labels=["MONEY"]))
    with pytest.raises(CuratorError, match="unknown entity label 'NOPE'"):
        train_entities(store, TrainOptions(
            labels=["NOPE"]))
