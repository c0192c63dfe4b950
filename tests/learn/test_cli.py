"""``curator train entities`` and ``curator model``, run in-process (a subprocess would import
spaCy again: seconds each) on real SQLite stores."""

from __future__ import annotations

import json
import sqlite3

from app import open_store
from app.cli import main
from bench.entity_corpus import corpus, load
from tests.learn.fixtures import copy_store


def test_train_with_too_little_data_exits_1_saying_how_much_is_needed(tmp_path, capsys):  # type: ignore[no-untyped-def]
    db = tmp_path / "small.db"
    store = open_store(db)
    load(store, corpus(4))
    store.close()
    assert main(["--db", str(db), "train", "entities"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("curator: error: too little curated data to train:")
    assert "at least 8 for training and 2 held out are needed" in err
    assert len(err.strip().splitlines()) == 1
    assert main(["--db", str(db), "train", "entities", "--labels", "MONEY"]) == 1
    assert "figure label" in capsys.readouterr().err
    assert main(["--db", str(db), "model"]) == 0
    assert "no trained entity model" in capsys.readouterr().out


def test_model_shows_the_stored_scores_next_to_the_matcher(trained, capsys):  # type: ignore[no-untyped-def]
    path, result = trained
    assert main(["--db", str(path), "model"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("trained ") and "spaCy" in lines[0]
    assert f"{result.meta['documents']['train']} for training" in lines[1]
    header = next(line for line in lines if line.startswith("LABEL"))
    assert "MODEL P" in header and "MATCHER P" in header
    rows = {line.split()[0]: line.split() for line in lines[lines.index(header) + 1:]}
    assert set(rows) == {"GPE", "ORG", "PERSON", "ALL"}
    assert float(rows["ALL"][4]) == round(result.model["ALL"].f1, 2)  # model F1
    assert float(rows["ALL"][7]) == round(result.matcher["ALL"].f1, 2)  # matcher F1
    assert main(["--db", str(path), "model", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["usable"] is True and data["scores"] == result.meta["scores"]


def test_model_warns_when_spacy_cannot_load_it(trained, tmp_path, capsys):  # type: ignore[no-untyped-def]
    db = copy_store(trained[0], tmp_path / "old.db")
    with sqlite3.connect(db) as c:
        c.execute("UPDATE entity_models SET spacy_version = '2.3.0'")
    assert main(["--db", str(db), "model"]) == 0
    err = capsys.readouterr().err
    assert "needs spaCy 2.3.0" in err and "retrained" in err


def test_train_json_prints_the_evaluation_and_replaces_the_model(trained, tmp_path, capsys):  # type: ignore[no-untyped-def]
    db = copy_store(trained[0], tmp_path / "retrain.db")
    assert main(["--db", str(db), "train", "entities", "--labels", "GPE", "--epochs", "1",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["labels"] == ["GPE"] and data["filters"]["labels"] == ["GPE"]
    assert set(data["scores"]["model"]) == set(data["scores"]["matcher"]) == {"GPE", "ALL"}
    assert data["epochs"] == 1
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT id, metadata FROM entity_models").fetchall()
    assert len(rows) == 1 and json.loads(rows[0][1]) == data  # the one model: the new one
