"""Exports read annotations chunk by chunk; without name filters the label and annotator
names come from dicts and, on SQLite, ties on ``start`` are ordered in Python. The documents
must be the same as through the joined query, in (start, end, id) order, on both backends."""

from __future__ import annotations

import pytest

from app.bundle import Bundle
from app.formats.options import ExportOptions
from app.formats.query import iter_documents

TEXT = "Sony 😊 opened 東京 office\r\nin Zürich on Monday, said Zoë."


def _bundle(n_docs: int) -> Bundle:
    docs = []
    for i in range(n_docs):
        anns = [  # the same start with several ends and ids, given out of order
            {"id": f"k{i:03d}c", "start": 0, "end": 4, "label": "ORG", "annotator": "bob"},
            {"id": f"k{i:03d}a", "start": 0, "end": 4, "label": "GPE", "annotator": "alice"},
            {"id": f"k{i:03d}b", "start": 0, "end": 2, "label": "ORG", "annotator": "alice"},
            {"id": f"k{i:03d}e", "start": 14, "end": 16, "label": "GPE", "annotator": "bob",
             "attributes": {"city": "東京"}},
            {"id": f"k{i:03d}d", "start": 5, "end": 6, "label": "PERSON", "annotator": "carol"},
        ]
        docs.append({"id": f"d{i}", "text": TEXT + str(i), "annotations": anns[: 2 + i % 4]})
    return Bundle(docs, source="t")


@pytest.fixture
def filled(any_store):  # type: ignore[no-untyped-def]
    any_store.import_bundle(_bundle(450))  # more than one chunk of documents
    return any_store


def test_export_order_and_names_match_the_joined_query(filled):
    plain = list(iter_documents(filled, ExportOptions()))
    names = {a["annotator"] for d in plain for a in d["annotations"]}
    labels = {a["label"] for d in plain for a in d["annotations"]}
    joined = list(iter_documents(filled, ExportOptions(annotators=sorted(names), labels=sorted(labels))))
    assert len(plain) == 450
    assert plain == joined
    for d in plain:
        anns = d["annotations"]
        assert [(a["start"], a["end"], a["id"]) for a in anns] == sorted((a["start"], a["end"], a["id"]) for a in anns)
        for a in anns:
            assert d["text"][a["start"]:a["end"]] == a["text"]
    second = plain[1]["annotations"]
    assert [(a["id"], a["label"], a["kind"], a["annotator"]) for a in second] == [
        ("k001b", "ORG", "entity", "alice"), ("k001a", "GPE", "entity", "alice"),
        ("k001c", "ORG", "entity", "bob")]
    assert plain[3]["annotations"][-1]["attributes"] == {"city": "東京"}


def test_filtered_chunks_keep_only_their_documents(filled):
    ids = ["d1", "d7", "d300"]
    got = list(iter_documents(filled, ExportOptions(documents=ids)))
    assert [d["id"] for d in got] == ids
    everything = {d["id"]: d for d in iter_documents(filled, ExportOptions())}
    assert got == [everything[i] for i in ids]
