"""``app.store.check``: each seeded corruption of a real SQLite store is found, the safe ones
are repaired, the others are left and still reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from app import open_store
from app.bundle import Bundle
from app.store.check import check, repair

TEXT = "Ada Lovelace met 😀 Babbage in 東京 on 1843-07-10.\r\nThen she wrote notes."


def make_store(path: Path) -> dict[str, str]:
    """Two documents; the first has three annotations, a relation and a review."""
    s = open_store(path)
    try:
        s.import_bundle(Bundle(documents=[
            {"id": "d1", "title": "First", "text": TEXT},
            {"id": "d2", "title": "Second", "text": "Nothing to see in Berlin."},
        ]))
        d1 = s.find_document(uid="d1")
        assert d1 is not None
        ada = s.add_annotation(d1, 0, 12, "PERSON", "alice")
        bab = s.add_annotation(d1, TEXT.index("Babbage"), TEXT.index("Babbage") + 7, "PERSON", "alice")
        tokyo = s.add_annotation(d1, TEXT.index("東京"), TEXT.index("東京") + 2, "GPE", "alice")
        s.add_relation(ada.id, bab.id, "met", "alice")
        s.add_review(tokyo.id, "rita", "accept")
        s.set_status(d1, "in_progress", annotator="alice")
        return {"ada": ada.id, "babbage": bab.id, "tokyo": tokyo.id}
    finally:
        s.close()


def raw(path: Path) -> sqlite3.Connection:
    """A connection that bypasses the store's rules, as a bug or a hand edit would."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA ignore_check_constraints=ON")
    return conn


def run_check(path: Path) -> list:
    s = open_store(path)
    try:
        return check(s)
    finally:
        s.close()


def test_a_healthy_store_has_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_store(path)
    assert run_check(path) == []


def seed_offsets(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute('UPDATE annotations SET "end" = 5000 WHERE id = ?', (ids["ada"],))


def seed_reversed(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute('UPDATE annotations SET start = 9, "end" = 3 WHERE id = ?', (ids["ada"],))


def seed_span_text(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("UPDATE annotations SET text = 'Babbagf' WHERE id = ?", (ids["babbage"],))


def seed_orphan_relation(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("DELETE FROM annotations WHERE id = ?", (ids["babbage"],))


def seed_orphan_review(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("INSERT INTO review_decisions (annotation_id, reviewer_id, decision, comment, at)"
              " SELECT 'no-such-annotation', reviewer_id, 'reject', '', at FROM review_decisions")


def seed_orphan_annotation(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("DELETE FROM documents WHERE uid = 'd2'")
    c.execute("UPDATE annotations SET document_id = (SELECT max(id) + 1 FROM documents)"
              " WHERE id = ?", (ids["tokyo"],))


def seed_missing_label(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("UPDATE annotations SET label_id = 999 WHERE id = ?", (ids["ada"],))


def seed_length(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("UPDATE documents SET length = 3 WHERE uid = 'd2'")


def seed_sha(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("UPDATE documents SET sha256 = 'ab' || substr(sha256, 3) WHERE uid = 'd2'")


def seed_fts(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    c.execute("INSERT INTO documents_fts(documents_fts, rowid, title, text)"
              " SELECT 'delete', id, title, text FROM documents WHERE uid = 'd2'")


def seed_index(c: sqlite3.Connection, ids: dict[str, str]) -> None:
    """An index that missed an update: hide it (a partial index on nothing), change the rows
    it covers, then put its definition back."""
    sql = c.execute("SELECT sql FROM sqlite_master WHERE name = 'ix_annotations_label'").fetchone()[0]
    c.execute("PRAGMA writable_schema=ON")
    c.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'ix_annotations_label'", (sql + " WHERE 0",))
    c.execute("PRAGMA writable_schema=RESET")
    c.execute("UPDATE annotations SET label_id = (SELECT id FROM labels WHERE name = 'ORG')"
              " WHERE id = ?", (ids["ada"],))
    c.execute("PRAGMA writable_schema=ON")
    c.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'ix_annotations_label'", (sql,))
    c.execute("PRAGMA writable_schema=RESET")


# seed, the kind check reports, whether repair fixes it
CASES: list[tuple[Callable[[sqlite3.Connection, dict[str, str]], None], str, bool]] = [
    (seed_offsets, "offsets", False),
    (seed_reversed, "offsets", False),
    (seed_span_text, "span-text", False),
    (seed_orphan_relation, "orphan-relation", True),
    (seed_orphan_review, "orphan-review", True),
    (seed_orphan_annotation, "orphan-annotation", True),
    (seed_missing_label, "missing-label", False),
    (seed_length, "length", True),
    (seed_sha, "sha256", False),
    (seed_fts, "fts", True),
    (seed_index, "index", True),
]


@pytest.mark.parametrize(("seed", "kind", "fixable"), CASES, ids=[c[0].__name__ for c in CASES])
def test_check_finds_each_seeded_corruption(tmp_path: Path, seed, kind: str, fixable: bool) -> None:
    path = tmp_path / "s.db"
    ids = make_store(path)
    c = raw(path)
    seed(c, ids)
    c.close()

    problems = run_check(path)
    assert kind in {p.kind for p in problems}, problems
    assert all(p.repairable == fixable for p in problems if p.kind == kind)

    s = open_store(path)
    try:
        done = repair(s)
        after = check(s)
    finally:
        s.close()
    if fixable:
        assert done, "a repairable problem was not repaired"
        assert after == [], after
    else:
        assert kind in {p.kind for p in after}


def test_repair_keeps_everything_that_is_sound(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    ids = make_store(path)
    c = raw(path)
    seed_orphan_relation(c, ids)  # the relation points at a deleted annotation
    seed_length(c, ids)
    c.close()
    s = open_store(path)
    try:
        d1 = s.find_document(uid="d1")
        assert d1 is not None
        lines = repair(s)
        assert any("relation" in line for line in lines)
        assert s.relations(d1) == []
        assert sorted(a.id for a in s.annotations(d1)) == sorted([ids["ada"], ids["tokyo"]])
        assert len(s.reviews(d1)) == 1
        assert check(s) == []
        assert s.stats()["characters"] == len(TEXT) + len("Nothing to see in Berlin.")
    finally:
        s.close()


@pytest.mark.postgres
def test_check_and_repair_on_postgresql(pg_store_url: str) -> None:
    from sqlalchemy import text

    s = open_store(pg_store_url)
    try:
        s.import_bundle(Bundle(documents=[{"id": "p1", "text": TEXT, "annotations": [
            {"start": 0, "end": 12, "label": "PERSON", "annotator": "alice"}]}]))
        assert check(s) == []
        with s.engine.begin() as conn:
            conn.execute(text("UPDATE annotations SET text = 'Ada Lovelaca'"))
            conn.execute(text("UPDATE documents SET length = 1"))
        kinds = sorted(p.kind for p in check(s))
        assert kinds == ["length", "span-text"]
        assert repair(s) == ["recomputed the length of 1 document(s)"]
        assert [p.kind for p in check(s)] == ["span-text"]
    finally:
        s.close()
