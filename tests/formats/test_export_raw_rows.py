"""On SQLite the export reads its rows from the driver's cursor and sorts only the documents
with two spans at one start: its documents must equal those read through SQLAlchemy's rows
(and the files written from them byte for byte), on the bench corpus and on random Unicode."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app import open_store
from app.bundle import Bundle
from app.formats import query
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS
from tests.store.test_bulk_ingest import bench_docs, random_doc


def _docs(shape: str) -> list[dict]:  # type: ignore[type-arg]
    if shape == "bench":
        return bench_docs(300)
    rng = random.Random(7)
    docs = [random_doc(rng, i) for i in range(400)]
    for d in docs[::3]:  # ties on start: the same start with several ends and ids
        if d["annotations"]:
            a = d["annotations"][0]
            d["annotations"] += [dict(a, id=f"{d['id']}-t{k}", end=max(a["start"] + 1, a["end"] - k))
                                 for k in range(1, 3)]
    return docs


@pytest.mark.parametrize("shape", ["bench", "random-unicode"])
def test_raw_rows_export_the_same_documents_and_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      shape: str) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as s:
        s.import_bundle(Bundle(_docs(shape), source="t"))
    for opts in (ExportOptions(), ExportOptions(include_suggestions=True, include_rejected=True),
                 ExportOptions(labels=["ORG", "新标签😊"]), ExportOptions(documents=["rand-3", "rand-9"])):
        got = {}
        for raw in (True, False):
            monkeypatch.setattr(query, "RAW_ROWS", raw)
            with open_store(db) as s:
                got[raw] = list(query.iter_documents(s, opts))
        assert got[True] == got[False]
        assert repr(got[True]) == repr(got[False])  # the same types too (str, int, dict order)
        if opts == ExportOptions():
            assert len(got[True]) >= 300 and sum(len(d["annotations"]) for d in got[True]) > 1000
    for name in ("jsonl", "doccano"):
        out = {}
        for raw in (True, False):
            monkeypatch.setattr(query, "RAW_ROWS", raw)
            path = tmp_path / f"{name}-{raw}.out"
            with open_store(db) as s:
                FORMATS[name].writer(s, path, ExportOptions(), None)  # type: ignore[misc]
            out[raw] = path.read_bytes()
        assert out[True] == out[False], name
        assert len(out[True]) > 1000
