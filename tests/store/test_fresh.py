"""A new SQLite store is created from ``app.store.fresh`` (no Alembic): its schema must be exactly
the one the Alembic migrations produce, whether or not SQLite has the trigram tokenizer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import open_store
from app.store import fresh, migrate, search
from app.store.fresh_schema import REVISION

ROOT = Path(__file__).resolve().parents[2]


def _master(path: Path) -> list[tuple[str, str, str, str | None]]:
    with sqlite3.connect(path) as c:
        return c.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()


def _alembic_store(path: Path) -> None:
    fresh.alembic_statements(str(path))


def test_snapshot_is_at_head():
    assert REVISION == migrate.HEAD, "regenerate: python -m app.store.fresh > app/store/fresh_schema.py"


@pytest.mark.parametrize("trigram", [True, False])
def test_new_store_schema_is_the_migrations_schema(tmp_path: Path, monkeypatch, trigram: bool):
    monkeypatch.setattr(search, "trigram_available", lambda conn: trigram)
    calls: list[str] = []
    from alembic import command

    real = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda *a, **k: (calls.append("alembic"), real(*a, **k)))
    new = tmp_path / "new.db"
    store = open_store(new)
    try:
        assert [lv.name for lv in store.labels()]  # seeded in the same transaction
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == migrate.HEAD
    finally:
        store.close()
    assert calls == []  # created without Alembic
    made = tmp_path / "alembic.db"
    _alembic_store(made)
    assert calls == ["alembic"]
    assert _master(new) == _master(made)
    assert any(name == "documents_cjk" for _, name, _, _ in _master(new)) is trigram
    with sqlite3.connect(new) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert c.execute("SELECT * FROM documents_fts_config").fetchall() == \
            sqlite3.connect(made).execute("SELECT * FROM documents_fts_config").fetchall()


def test_generator_reproduces_the_snapshot():
    out = subprocess.run([sys.executable, "-m", "app.store.fresh"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out == (ROOT / "app" / "store" / "fresh_schema.py").read_text(encoding="utf-8")


def test_upgrades_still_go_through_alembic(tmp_path: Path, monkeypatch):
    """Only an empty database takes the snapshot; a 0001 store is migrated (see reliability)."""
    import shutil

    old = tmp_path / "old.db"
    shutil.copyfile(ROOT / "tests" / "data" / "stores" / "r0001.db", old)
    calls: list[str] = []
    from alembic import command

    real = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda *a, **k: (calls.append("alembic"), real(*a, **k)))
    open_store(old).close()
    assert calls == ["alembic"]
