"""The learned recommender on a generated corpus whose held-out articles mention only names no
training article mentions: it beats the string matcher there, round-trips through a real
SQLite store, survives a cancelled retraining, and its suggestions are pending ones that the
existing accept/reject operations handle. One small training for all of them (``tests/learn/fixtures.py``)."""

from __future__ import annotations

import random
import sqlite3

import pytest

from app import open_store
from app.bundle import Bundle
from app.learn import model as learned
from app.learn.data import held_out
from app.learn.scores import ALL
from app.learn.train import train_entities
from app.ops.annotations import accept_suggestion, reject_suggestion
from app.store.recommender import entity_model_info, entity_model_pipeline
from app.store.store import Cancelled
from app.suggest import suggest_entities
from bench.entity_corpus import NAMES, article, corpus
from tests.learn.fixtures import FAST
from tests.learn.fixtures import copy_store as _copy


def test_the_model_beats_the_matcher_on_names_it_never_saw(trained):  # type: ignore[no-untyped-def]
    _, result = trained
    meta = result.meta
    assert meta["documents"]["held_out"] >= 2 and meta["labels"] == ["GPE", "ORG", "PERSON"]
    assert result.matcher[ALL].f1 < 0.05  # the held-out names are unknown strings
    assert result.model[ALL].f1 >= 0.6
    for label in ("PERSON", "ORG", "GPE"):
        assert result.model[label].f1 > result.matcher[label].f1 + 0.3, label
    # early stopping keeps the best epoch's model, and its scores are the ones reported
    history = meta["held_out_f1_per_epoch"]
    assert history[meta["best_epoch"] - 1] == max(history) == round(result.model[ALL].f1, 4)
    assert meta["scores"]["model"]["ALL"]["f1"] == round(result.model[ALL].f1, 4)


def test_the_model_round_trips_through_the_store(trained):  # type: ignore[no-untyped-def]
    path, result = trained
    learned._cache.clear()
    store = open_store(path)  # another process would see the same: a new Store, from the file
    try:
        info = entity_model_info(store)
        assert info is not None and info.id == result.info.id and info.meta == result.meta
        loaded = learned.load_entity_model(store)
        assert loaded.problem is None and loaded.recommender is not None
        assert sorted(loaded.recommender.labels) == ["GPE", "ORG", "PERSON"]
        # the stored model predicts what was scored: the same held-out F1
        docs = [d for d in corpus(40) if held_out(d["id"])]
        from app.learn.scores import score

        gold = [[(a["start"], a["end"], a["label"]) for a in d["annotations"]] for d in docs]
        pred = loaded.recommender.entities_many([d["text"] for d in docs])
        assert score(gold, pred, ["GPE", "ORG", "PERSON"])[ALL].f1 == pytest.approx(
            result.model[ALL].f1)
        assert learned.load_entity_model(store).recommender is loaded.recommender  # cached
    finally:
        store.close()


def test_cancelling_training_keeps_the_previous_model(trained, tmp_path):  # type: ignore[no-untyped-def]
    path, result = trained
    store = open_store(_copy(path, tmp_path / "copy.db"))
    try:
        before = entity_model_pipeline(store, result.info.id)
        with pytest.raises(Cancelled):
            train_entities(store, FAST, cancel=lambda: True)

        def stop(done: int, total: int) -> None:  # the GUI worker's way: progress raises
            if done >= 2:
                raise Cancelled("cancelled")

        with pytest.raises(Cancelled):
            train_entities(store, FAST, progress=stop)
        info = entity_model_info(store)
        assert info is not None and info.id == result.info.id and info.meta == result.meta
        assert entity_model_pipeline(store, info.id) == before
    finally:
        store.close()


def test_incompatible_or_damaged_models_are_reported_not_crashed_on(trained, tmp_path):  # type: ignore[no-untyped-def]
    path, _ = trained
    copy = _copy(path, tmp_path / "old.db")
    with sqlite3.connect(copy) as c:
        c.execute("UPDATE entity_models SET spacy_version = '3.2.1'")
    learned._cache.clear()
    store = open_store(copy)
    try:
        loaded = learned.load_entity_model(store)
        assert loaded.recommender is None and loaded.problem is not None
        assert "spaCy 3.2.1" in loaded.problem and "curator train entities" in loaded.problem
        new_text = article("news-new", random.Random(5))["text"]
        store.import_bundle(Bundle(documents=[{"id": "news-new", "text": new_text}]))
        warnings: list[str] = []
        # the string matcher still suggests; the model is skipped with a warning
        n = suggest_entities(store, annotator="bot", warn=warnings.append, use_spacy=False)
        assert warnings == [loaded.problem]
        new = store.annotations(store.find_document(uid="news-new"), suggestions=True)
        assert n == len(new) > 0 and {a.attributes["suggested_by"] for a in new} == {"dictionary"}
        with sqlite3.connect(copy) as c:
            c.execute("UPDATE entity_models SET spacy_version = ?, pipeline = x'00ff'",
                      (learned.spacy_version(),))
        damaged = learned.load_entity_model(store)
        assert damaged.recommender is None and "cannot be loaded" in (damaged.problem or "")
    finally:
        store.close()


def test_suggestions_from_the_model_are_pending_and_rejections_are_remembered(trained, tmp_path):  # type: ignore[no-untyped-def]
    path, _ = trained
    store = open_store(_copy(path, tmp_path / "suggest.db"))
    try:
        # names no article of the store mentions: no string to match, only the model finds them
        person, org = "Beatrix Lorenz", "Zenith Ceramics"
        assert person not in NAMES["PERSON"][0] + NAMES["PERSON"][1]
        text = (f"{person}, the chief executive of {org}, said on Monday that sales in"
                " Portugal rose sharply.")
        store.import_bundle(Bundle(documents=[{"id": "fresh", "text": text}]))
        doc = store.find_document(uid="fresh")
        n = suggest_entities(store, [doc], annotator="bot", use_spacy=False)
        pending = store.annotations(doc, suggestions=True)
        assert n == len(pending) >= 2
        assert all(a.pending and a.origin == "suggested" for a in pending)
        # the spans are found (how well labels are told apart: the held-out scores above)
        assert {person, org, "Portugal"} <= {a.text for a in pending}
        assert {a.label for a in pending} <= {"PERSON", "ORG", "GPE"}
        source = {a.text: a.attributes["suggested_by"] for a in pending}
        assert source[person] == source[org] == "model"
        assert source["Portugal"] == "dictionary"  # a string curators labelled: the matcher's
        by_text = {a.text: a for a in pending}
        accept_suggestion(store, by_text[person].id, "alice")
        reject_suggestion(store, by_text[org].id, "alice")
        # a second run proposes neither again: the rejected span is remembered
        assert suggest_entities(store, [doc], annotator="bot", use_spacy=False) == 0
        kept = {a.text: a.review_status for a in store.annotations(doc, rejected=True)}
        assert kept[person] == "accepted" and kept[org] == "rejected"
    finally:
        store.close()
