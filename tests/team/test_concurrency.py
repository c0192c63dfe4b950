"""Many curators writing at once: every write persisted exactly once, none lost, no
"database is locked" or serialization error reaching anyone.

8 processes x 500 annotations on one PostgreSQL store; 2 processes x 500 on one SQLite file.
Both are marked ``slow`` (tens of seconds on 2 cores) but stay in the default run.
Every worker also increments one shared annotation's counter with optimistic locking: the
final count proves that no concurrent edit was silently overwritten.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from pathlib import Path

import pytest

from app import open_store
from app.bundle import Bundle
from tests.team.workers import write_annotations

WRITES = 500
BUMPS = 20


def _run(url: str, workers: int) -> None:
    store = open_store(url)
    try:
        store.import_bundle(Bundle([
            {"id": f"d{i}", "text": f"Article {i}: " + "x" * (WRITES // 4 + 10)} for i in range(4)
        ]))
        doc_ids = store.document_ids()
        counter = store.add_annotation(doc_ids[0], 0, 7, "EVENT", "boss", attributes={"n": 0})
    finally:
        store.close()

    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    names = [f"curator{i}" for i in range(workers)]
    procs = [
        ctx.Process(target=write_annotations,
                    args=(url, name, doc_ids, WRITES, counter.id, BUMPS, barrier, results))
        for name in names
    ]
    for p in procs:
        p.start()
    reports = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0

    errors = [e for _, _, _, errs in reports for e in errs]
    assert errors == [], errors[0]
    store = open_store(url)
    try:
        per_annotator = Counter(a.annotator for d in doc_ids for a in store.annotations(d))
        assert per_annotator == Counter({**{n: WRITES for n in names}, "boss": 1})
        stored = {a.id for d in doc_ids for a in store.annotations(d)}
        returned = [i for _, added, _, _ in reports for i in added]
        assert len(returned) == len(set(returned)) == workers * WRITES
        assert stored == set(returned) | {counter.id}
        # spans are unique per curator: nothing written twice
        spans = Counter((a.annotator, a.document_id, a.start) for d in doc_ids for a in store.annotations(d))
        assert max(spans.values()) == 1
        final = store.get_annotation(counter.id)
        assert final.attributes["n"] == workers * BUMPS
        assert final.version == 1 + workers * BUMPS
    finally:
        store.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_eight_processes_on_one_postgresql_store(pg_store_url: str):
    _run(pg_store_url, 8)


@pytest.mark.slow
def test_two_processes_on_one_sqlite_file(tmp_path: Path):
    _run(str(tmp_path / "shared.db"), 2)
