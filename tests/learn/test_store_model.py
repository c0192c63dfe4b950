"""The model table and the training-data reader on every backend (SQLite and PostgreSQL): a
team on PostgreSQL shares one model. The pipeline is the one the shared training produced."""

from __future__ import annotations

import sqlite3

from app.learn import model as learned
from app.store.recommender import (
    curated_entities,
    entity_model_info,
    entity_model_pipeline,
    save_entity_model,
)
from bench.entity_corpus import corpus, load


def test_the_model_and_its_training_data_on_any_backend(any_store, trained):  # type: ignore[no-untyped-def]
    path, result = trained
    store = any_store
    docs = corpus(40)
    load(store, docs)
    read = curated_entities(store)
    assert [d.uid for d in read] == [d["id"] for d in docs]
    assert sum(len(d.spans) for d in read) == sum(len(d["annotations"]) for d in docs)
    assert all(not s.gold for d in read for s in d.spans)

    with sqlite3.connect(path) as c:
        version, config, data = c.execute(
            "SELECT spacy_version, config, pipeline FROM entity_models").fetchone()
    assert entity_model_info(store) is None and learned.load_entity_model(store).info is None
    first = save_entity_model(store, spacy_version=version, config=config, pipeline=b"old",
                              meta={"n": 1})
    info = save_entity_model(store, spacy_version=version, config=config, pipeline=data,
                             meta=result.meta)
    assert entity_model_info(store) == info and info.meta == result.meta  # replaced, one model
    assert entity_model_pipeline(store, info.id) == (config, data)  # bytes exactly
    assert first.id == info.id or entity_model_pipeline(store, first.id) is None
    loaded = learned.load_entity_model(store)
    assert loaded.problem is None and loaded.recommender is not None
    text = docs[0]["text"]
    assert loaded.recommender.entities(text)  # it finds entities in a training article
