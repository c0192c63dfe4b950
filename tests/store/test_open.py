"""Opening stores: creation, schema head, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import open_store
from app.errors import CuratorError
from app.store.migrate import HEAD, MIGRATIONS


def test_head_constant_matches_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_current_head() == HEAD


def test_new_store_uses_wal_and_foreign_keys(store):
    with store.engine.connect() as conn:
        if store.dialect != "sqlite":  # PostgreSQL: only the schema head applies
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
            return
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD


def test_reopening_keeps_data_and_does_not_reseed(store_path: Path):
    s = open_store(store_path)
    s.delete_label("DATE")
    s.close()
    s = open_store(store_path)
    assert "DATE" not in [lv.name for lv in s.labels()]
    s.close()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path):
    p = tmp_path / "notes.db"
    p.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(CuratorError, match="cannot be opened as a store"):
        open_store(p)
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE t (x)")
    with pytest.raises(CuratorError, match="not an Article Curator store"):
        open_store(other)


def test_search_finds_words_and_cjk(store):
    from app.bundle import Bundle

    store.import_bundle(Bundle([
        {"id": "a", "title": "Digital economy", "text": "Digital economy grows in Chongqing."},
        {"id": "b", "title": "Trade", "text": "Cross-border e-commerce 数字经济 booms."},
    ]))
    a, b = store.find_document(uid="a"), store.find_document(uid="b")
    assert store.search("chongqing") == [a]
    assert store.search("digital econ") == [a]  # prefix match on the last word
    assert store.search("数字") == [b]
    assert store.search("commerce") == [b]
    assert store.search("") == []
    assert store.search('"quoted) OR (') == []  # no syntax error leaks
