"""The SQLite bulk-ingest fast path (app/store/bulk.py) against the plain SQLAlchemy path.

Both paths import the same bundles into real SQLite files with the clock and the id
generator fixed; every row of every table must come out byte for byte the same (values and
their SQLite types), the full-text indexes must answer the same, and a bad record midway
must leave the store as it was, triggers included."""

from __future__ import annotations

import copy
import random
import sqlite3
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from app import open_store
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.doccano import parse_line
from app.store import bulk
from bench import corpus

TABLES = ("documents", "labels", "annotators", "annotations", "relations", "review_decisions",
          "document_progress")
STAMP = datetime(2026, 12, 3, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same clock and the same sequence of new ids for every import of a test."""
    monkeypatch.setattr("app.store.store.now", lambda: STAMP)
    monkeypatch.setattr("app.models.tables.datetime", _Clock)  # utcnow: the ORM's column defaults


class _Clock(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        return STAMP


_SEQUENCES: dict[Path, count[int]] = {}  # one per store file: its imports never repeat an id


def _deterministic_ids(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    seq = _SEQUENCES.setdefault(db, count())
    monkeypatch.setattr(
        bulk, "uuid7_strings",
        lambda n: [f"00000000-0000-7000-8000-{next(seq):012d}" for _ in range(n)],
    )


def rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, each value with its SQLite storage type."""
    conn = sqlite3.connect(db)
    out = {}
    for t in TABLES:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})")]
        sel = ", ".join(f'typeof("{c}"), quote("{c}")' for c in cols)
        out[t] = conn.execute(f"SELECT {sel} FROM {t} ORDER BY rowid").fetchall()
    conn.close()
    return out


def triggers(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]
    conn.close()
    return names


def fts_ok(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()


def import_with(monkeypatch: pytest.MonkeyPatch, db: Path, batches: list[list[dict[str, Any]]],
                fast: bool, defer_min: int, **kw: Any) -> None:
    _deterministic_ids(monkeypatch, db)
    monkeypatch.setattr(bulk, "FAST", fast)
    monkeypatch.setattr(bulk, "FTS_DEFER_MIN", defer_min)
    store = open_store(db)
    try:
        for docs in batches:
            store.import_bundle(Bundle(copy.deepcopy(docs), source="t"), **kw)
    finally:
        store.close()


# -- the documents: the bench corpus shape, and random Unicode ---------------------------------

PIECES = ["a", "Zhengzhou", " ", "\n", "\r\n", "\r", "\t", "数字经济", "郑州", "😊", "👩‍💻", "🇨🇳",
          "é", "é", "ß", "\u2029", "\u200d", "‐", "$6 trillion", "39.5%", "\"q\"", "\\", "'", "{}",
          "\x00", "\ufeff", "한국어", "カタカナ", "ع", " date 2021-08-24 "]


def random_doc(rng: random.Random, i: int) -> dict[str, Any]:
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 80)))
    anns = []
    for k in range(rng.randint(0, 6)):
        s = rng.randrange(len(text))
        e = rng.randint(s + 1, len(text))
        a: dict[str, Any] = {"start": s, "end": e, "label": rng.choice(["ORG", "新标签😊", "PERSON"]),
                             "annotator": rng.choice(["ann", "Ann 😊", None])}
        if rng.random() < 0.5:
            a["id"] = f"r{i}-{k}"
        if rng.random() < 0.3:
            a["attributes"] = {"note": rng.choice(PIECES), "n": [1, 2.5, None, {"x": "数"}], "ok": True}
        if rng.random() < 0.2:
            a["created_at"] = rng.choice(["2021-08-24T10:00:00+02:00", "2020-01-01T00:00:00Z",
                                          "2019-05-05 05:05:05.5", "not a date"])
        if rng.random() < 0.2:
            a["note"] = rng.choice(PIECES)
        if rng.random() < 0.1:
            a["review_status"] = "accepted"
        anns.append(a)
    doc: dict[str, Any] = {"id": f"rand-{i}", "text": text, "annotations": anns}
    if rng.random() < 0.3:
        doc["metadata"] = {"url": "https://例子.cn/😊", "tags": ["a", "b"], "n": rng.random()}
    if rng.random() < 0.3:
        doc["published"] = "2021-08-24T00:00:00"
    if rng.random() < 0.2:
        doc["title"] = rng.choice(PIECES) * 3
    if rng.random() < 0.2:
        doc["statuses"] = {"ann": "done"}
    ids = [a["id"] for a in anns if "id" in a]
    if len(ids) >= 2:
        doc["relations"] = [{"from": ids[0], "to": ids[1], "type": "rel😊"}]
        doc["reviews"] = [{"annotation": ids[0], "reviewer": "rev", "decision": "accept",
                           "at": "2022-02-02T02:02:02+00:00"}]
    return doc


def bench_docs(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [corpus.article(i) for i in range(start, start + n)]


def doccano_docs(n: int) -> list[dict[str, Any]]:
    return [parse_line(corpus.doccano_line(i), f"line {i + 1}") for i in range(n)]


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["bench-native", "bench-doccano", "random-unicode"])
def test_fast_path_stores_the_same_bytes_as_the_plain_path(tmp_path, monkeypatch, fixed, shape):
    rng = random.Random(15)
    if shape == "bench-native":
        batches = [bench_docs(40), bench_docs(700, start=40) + bench_docs(10)]  # 10 known again
    elif shape == "bench-doccano":
        batches = [doccano_docs(30), doccano_docs(620)]
    else:
        first = [random_doc(rng, i) for i in range(60)]
        batches = [first, first[:10] + [random_doc(rng, i) for i in range(60, 700)]]
    plain, fast = tmp_path / "plain.db", tmp_path / "fast.db"
    # plain: triggers all along; fast: the second (large) import defers its index to the end
    import_with(monkeypatch, plain, batches, fast=False, defer_min=10**9)
    import_with(monkeypatch, fast, batches, fast=True, defer_min=100)
    a, b = rows(plain), rows(fast)
    assert sum(len(v) for v in a.values()) > 700
    for t in TABLES:
        assert a[t] == b[t], t
    assert triggers(plain) == triggers(fast)
    for db in (plain, fast):
        fts_ok(db)
    words = ["Zhengzhou", "trillion", "郑州", "数字经济", "한국어", "date", "reports", "infrastructure"]
    with open_store(plain) as sp, open_store(fast) as sf:
        for w in words:
            assert sp.search(w) == sf.search(w), w
        assert sp.search("Zhengzhou") or sp.search("郑州")


def test_small_import_keeps_the_triggers_and_a_large_one_puts_them_back(tmp_path, monkeypatch, fixed):
    db = tmp_path / "s.db"
    import_with(monkeypatch, db, [bench_docs(5)], fast=True, defer_min=100)
    before = triggers(db)
    assert "documents_fts_ai" in before
    seen: list[str] = []
    real = bulk.search.bulk_index_begin
    monkeypatch.setattr(bulk.search, "bulk_index_begin", lambda conn: (seen.append("begin"), real(conn)))
    import_with(monkeypatch, db, [bench_docs(20, start=5)], fast=True, defer_min=100)  # small: triggers
    assert seen == []
    import_with(monkeypatch, db, [bench_docs(150, start=25)], fast=True, defer_min=100)  # large: deferred
    assert seen == ["begin"]
    assert triggers(db) == before
    fts_ok(db)
    with open_store(db) as s:
        assert s.count_documents() == 175
        assert set(s.search("reports", limit=1000)) == set(range(1, 176))


@pytest.mark.parametrize("fast", [True, False])
def test_a_bad_record_midway_leaves_nothing(tmp_path, monkeypatch, fixed, fast):
    db = tmp_path / "s.db"
    import_with(monkeypatch, db, [bench_docs(10)], fast=fast, defer_min=100)
    before, trig = rows(db), triggers(db)
    docs = bench_docs(600, start=10)  # the second chunk of 500 fails, the first one is written
    docs[550] = dict(docs[550], annotations=[{"start": 5, "end": 10**6, "label": "ORG"}])
    with pytest.raises(ImportFailed, match="out of range"):
        import_with(monkeypatch, db, [docs], fast=fast, defer_min=100)
    assert rows(db) == before
    assert triggers(db) == trig
    fts_ok(db)
    import_with(monkeypatch, db, [bench_docs(3, start=900)], fast=fast, defer_min=100)  # triggers work
    with open_store(db) as s:
        assert s.count_documents() == 13
        assert len(s.search("reports")) == 13


def test_bulk_uuids_are_version_7_unique_and_ascending(monkeypatch):
    """New ids sort in the order they were made (within a call, across calls and across the
    4096 of a millisecond), so the primary-key B-tree appends; they stay RFC 9562 UUIDs."""
    import time
    import uuid

    monkeypatch.setattr(bulk, "_last_ms", 0)  # no millisecond taken ahead by earlier imports
    before = time.time_ns() // 1_000_000
    ids = bulk.uuid7_strings(10_000) + bulk.uuid7_strings(3) + bulk.uuid7_strings(5000)
    after = time.time_ns() // 1_000_000
    assert len(set(ids)) == len(ids) == 15_003
    assert ids == sorted(ids)
    for x in ids:
        u = uuid.UUID(x)
        assert str(u) == x and u.version == 7 and u.variant == uuid.RFC_4122
        assert before <= u.int >> 80 <= after + 10  # the millisecond it was made (a few ahead at most)
    gen = bulk.Ids(block=3)
    made = [gen() for _ in range(10)]
    assert len(set(made)) == 10 and made == sorted(made)


def test_doccano_spans_without_a_named_annotator_get_the_default_one(tmp_path, fixed):
    """The peers' file names nobody: every span goes to the import's default annotator (looked
    up once), an explicit name still wins, and an empty name counts as none."""
    lines = [
        {"text": "Alpha Beta Gamma", "label": [[0, 5, "ORG"], [6, 10, "ORG"]]},
        {"text": "Delta Epsilon", "label": [[0, 5, "PER"]], "username": "bob"},
        {"text": "Zeta Eta", "label": [[0, 4, "PER"]], "username": ""},
    ]
    docs = [parse_line(obj, f"line {i + 1}") for i, obj in enumerate(lines)]
    db = tmp_path / "d.db"
    with open_store(db) as s:
        s.import_bundle(Bundle(docs, source="t"), default_annotator="carol")
    conn = sqlite3.connect(db)
    got = conn.execute(
        "SELECT a.text, p.name FROM annotations a JOIN annotators p ON p.id = a.annotator_id"
        " ORDER BY a.document_id, a.start").fetchall()
    conn.close()
    assert got == [("Alpha", "carol"), ("Beta", "carol"), ("Delta", "bob"), ("Zeta", "carol")]
