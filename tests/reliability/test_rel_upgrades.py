"""Upgrades: a store written by revision 0001 opens in this version, migrated after a backup
(to 0002: the stats and CJK search indexes, filled from the documents it has);
a store from a newer version, a foreign SQLite file and a random file are refused, untouched."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from reliability_util import STORES, counts, digest, file_bytes, integrity, run_cli

from app import open_store
from app.errors import CuratorError, StoreVersionError
from app.store import migrate

sys.path.insert(0, str(STORES))
import make_r0001 as fixture  # noqa: E402

FIXTURE = STORES / "r0001.db"


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    dest = tmp_path / "curator.db"
    shutil.copyfile(FIXTURE, dest)
    return dest


def _check_content(path: Path) -> None:
    store = open_store(path)
    try:
        docs = {d.uid: d for d in store.list_documents()}
        assert sorted(docs) == ["d1", "d2"]
        d1 = store.get_document(docs["d1"].id)
        assert d1.text == fixture.TEXT_1 and d1.metadata == {"url": "https://example.org/1"}
        assert d1.published == "2021-08-24" and d1.title == "SCO leaders meet"
        assert store.document_text(docs["d2"].id) == fixture.TEXT_2
        got = set()
        for uid, doc in docs.items():
            text = store.document_text(doc.id)
            for a in store.annotations(doc.id, rejected=True):
                assert a.text == text[a.start:a.end]
                got.add((uid, a.id, a.start, a.end, a.label, a.annotator))
        assert got == set(fixture.ANNOTATIONS)
        assert store.get_annotation("a1").note == "checked"
        assert store.get_annotation("a4").attributes == {"value": 12.0, "unit": "%"}
        assert store.get_annotation("a3").review_status == "accepted"
        rels = store.relations(docs["d1"].id)
        assert [(r.from_id, r.to_id, r.type, r.annotator) for r in rels] == [("a1", "a2", "member_of", "alice")]
        revs = store.reviews(docs["d1"].id)
        assert [(r.annotation_id, r.reviewer, r.decision, r.comment) for r in revs] == [("a3", "carol", "accept", "fine")]
        assert store.progress(docs["d1"].id) == {"alice": "done", "bob": "in_progress"}
        assert [a.name for a in store.annotators()] == fixture.EXPECTED["annotators"]
        assert {a.name: a.role for a in store.annotators()}["carol"] == "reviewer"
        assert store.search("Beijing") == [docs["d1"].id]  # the full-text index came along
        # and the store is writable in this version
        store.add_annotation(docs["d2"].id, 3, 9, "ORG", "dave")
    finally:
        store.close()


def test_fixture_is_revision_0001():
    with sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    assert counts(FIXTURE)["annotations"] == fixture.EXPECTED["annotations"]


def test_r0001_store_opens_with_data_intact_and_is_upgraded_with_backup(old_store: Path):
    before = digest(old_store)
    _check_content(old_store)
    with sqlite3.connect(old_store) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.HEAD
    backups = sorted(old_store.parent.glob("curator.db.*.bak"))
    assert migrate.HEAD != "0001"  # a later revision exists: the upgrade kept a copy
    assert len(backups) == 1 and backups[0].name.endswith(".r0001.bak")
    assert digest(backups[0]) == before
    assert integrity(old_store) == "ok"


def _schema(path: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        return c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


def _raw_stats(path: Path) -> dict[str, object]:
    """What ``stats`` must say, read with plain SQL from the file as revision 0001 wrote it."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as c:
        docs = c.execute("SELECT status, length FROM documents").fetchall()
        anns = c.execute(
            "SELECT l.name, n.name, a.origin, a.review_status FROM annotations a"
            " JOIN labels l ON l.id = a.label_id JOIN annotators n ON n.id = a.annotator_id"
        ).fetchall()
        labels = c.execute("SELECT name, kind FROM labels ORDER BY position, id").fetchall()
    def counted(origin: str, review: str) -> bool:  # app.rules: not rejected, not pending
        return review != "rejected" and not (origin == "suggested" and review == "none")

    by_annotator: dict[str, int] = {}
    for _, who, origin, review in anns:
        by_annotator[who] = by_annotator.get(who, 0) + counted(origin, review)
    return {
        "documents": len(docs),
        "characters": sum(n for _, n in docs),
        "status": {st: sum(1 for s, _ in docs if s == st)
                   for st in ("not_started", "in_progress", "done")},
        "annotations": len(anns),
        "by_origin": {o: n for o in ("manual", "suggested", "imported")
                      if (n := sum(1 for a in anns if a[2] == o))},
        "counted": sum(counted(a[2], a[3]) for a in anns),
        "by_label": {name: {"kind": kind, "count": sum(
            1 for a in anns if a[0] == name and counted(a[2], a[3]))} for name, kind in labels},
        "by_annotator": dict(sorted(by_annotator.items())),
    }


def test_r0001_upgrade_adds_the_0002_indexes_and_indexes_old_cjk_text(old_store: Path, tmp_path: Path):
    """0002: the stats indexes exist, the CJK trigram index holds the documents the store
    already had, stats say what they said, and the schema is that of a new store."""
    c = sqlite3.connect(old_store)  # CJK only in d2, as written by 0001
    with c:
        assert "documents_cjk" not in {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        c.execute("UPDATE annotations SET review_status = 'rejected' WHERE id = 'a5'")
    c.close()
    expected = _raw_stats(old_store)
    store = open_store(old_store)
    try:
        d2 = store.find_document(uid="d2")
        assert store.search("北京 hosted") == [d2]  # trigrams of "hosted" among CJK documents
        assert store.search("北京") == [d2]  # a short word: the documents of the trigram index
        assert store.search("hosted") == [d2]
        assert store.stats() == expected
        assert expected["by_label"]["GPE"]["count"] == 1  # a3 counts, the rejected a5 does not
    finally:
        store.close()
    names = {name for _, name, _, _ in _schema(old_store)}
    assert {"ix_documents_status_length", "ix_annotations_origin_review_label",
            "documents_cjk", "documents_cjk_ai", "documents_cjk_ad", "documents_cjk_au"} <= names
    c = sqlite3.connect(old_store)
    assert c.execute("SELECT rowid FROM documents_cjk").fetchall() == [(d2,)]
    c.execute("INSERT INTO documents_cjk(documents_cjk) VALUES ('integrity-check')")
    c.close()
    fresh = tmp_path / "fresh.db"
    open_store(fresh).close()
    assert _schema(old_store) == _schema(fresh)
    assert integrity(old_store) == "ok"


def test_upgrade_path_backs_up_first(old_store: Path, monkeypatch: pytest.MonkeyPatch):
    """A 0001 store is backed up next to itself, then upgraded."""
    before = digest(old_store)
    order: list[str] = []
    real_backup = migrate.backup

    def spy_backup(engine, rev):  # type: ignore[no-untyped-def]
        order.append("backup")
        return real_backup(engine, rev)

    from alembic import command

    real_upgrade = command.upgrade
    monkeypatch.setattr(migrate, "backup", spy_backup)
    monkeypatch.setattr(command, "upgrade", lambda *a, **k: (order.append("upgrade"), real_upgrade(*a, **k)))
    store = open_store(old_store)
    store.close()
    assert order == ["backup", "upgrade"]
    baks = list(old_store.parent.glob("curator.db.*.r0001.bak"))
    assert len(baks) == 1
    assert digest(baks[0]) == before and integrity(baks[0]) == "ok"
    _check_content(baks[0])  # the backup is itself a complete, openable store


def test_backup_copies_a_live_store(old_store: Path):
    store = open_store(old_store)
    try:
        doc = store.list_documents()[0].id
        store.add_annotation(doc, 0, 2, "GPE", "erin")  # sits in the WAL, not yet in the file
        dest = migrate.backup(store.engine, "0001")
    finally:
        store.close()
    assert dest is not None and dest.parent == old_store.parent
    assert dest.name.startswith("curator.db.") and dest.name.endswith(".r0001.bak")
    assert digest(dest) == digest(old_store) and integrity(dest) == "ok"


def _set_version(path: Path, rev: str) -> None:
    c = sqlite3.connect(path)
    with c:
        c.execute("UPDATE alembic_version SET version_num = ?", (rev,))
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()


def test_store_from_a_newer_version_is_refused_untouched(old_store: Path):
    _set_version(old_store, "9999")
    before = file_bytes(old_store)
    with pytest.raises(StoreVersionError) as err:
        open_store(old_store)
    msg = str(err.value)
    assert str(old_store) in msg and "newer version" in msg and "9999" in msg and migrate.HEAD in msg
    assert file_bytes(old_store) == before
    r = run_cli("--db", str(old_store), "stats")
    assert r.returncode == 1, r.stderr
    assert "newer version" in r.stderr and "Traceback" not in r.stderr
    assert file_bytes(old_store) == before
    assert list(old_store.parent.glob("*.bak")) == []


def test_foreign_sqlite_file_is_refused_untouched(tmp_path: Path):
    other = tmp_path / "places.sqlite"
    c = sqlite3.connect(other)  # an ordinary (rollback journal) database
    with c:
        c.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        c.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    c.close()
    before = file_bytes(other)
    with pytest.raises(CuratorError, match="not an Article Curator store"):
        open_store(other)
    r = run_cli("--db", str(other), "import", str(tmp_path))
    assert r.returncode == 1 and "not an Article Curator store" in r.stderr
    assert "Traceback" not in r.stderr
    assert file_bytes(other) == before  # not even switched to WAL


@pytest.mark.parametrize("content", [b"", b"\x00" * 10, bytes(range(256)) * 40, b"SQLite format 3\x00" + b"\xff" * 500])
def test_random_file_as_db_gives_a_clear_error(tmp_path: Path, content: bytes):
    p = tmp_path / "random.db"
    p.write_bytes(content)
    r = run_cli("--db", str(p), "stats")
    if content == b"":  # an empty file is an empty database: it becomes a new store
        assert r.returncode == 0, r.stderr
        return
    assert r.returncode == 1
    assert r.stderr.startswith("curator: error: ") and str(p) in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert p.read_bytes() == content
