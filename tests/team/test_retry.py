"""Transient write failures are retried inside the core; real errors are not."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from app import open_store
from app.bundle import Bundle
from app.errors import CuratorError
from app.store.team import is_transient, retrying


def _locked_error(tmp_path: Path) -> OperationalError:
    """A real "database is locked" from SQLite (a second writer with no busy timeout)."""
    db = tmp_path / "lock.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{db}", connect_args={"timeout": 0})
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
    except OperationalError as exc:
        return exc
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        engine.dispose()
    raise AssertionError("SQLite did not report the lock")


def test_locked_is_transient_an_integrity_error_is_not(tmp_path: Path):
    assert is_transient(_locked_error(tmp_path))
    assert not is_transient(IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))
    assert not is_transient(ValueError("x"))


def test_retrying_reruns_the_whole_write_after_a_transient_failure(tmp_path: Path):
    locked = _locked_error(tmp_path)
    calls: list[int] = []

    @retrying
    def write() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise locked
        return "written"

    assert write() == "written" and len(calls) == 3

    @retrying
    def bad() -> None:
        calls.append(1)
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    calls.clear()
    with pytest.raises(IntegrityError):
        bad()
    assert len(calls) == 1

    @retrying
    def hopeless() -> None:
        raise locked

    with pytest.raises(CuratorError, match="stayed busy"):
        hopeless()


@pytest.mark.postgres
def test_a_real_serialization_failure_is_transient(pg_db_url: str):
    engine = create_engine(pg_db_url, isolation_level="REPEATABLE READ")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE c (id int primary key, n int)"))
            conn.execute(text("INSERT INTO c VALUES (1, 0)"))
        a, b = engine.connect(), engine.connect()
        a.begin()
        b.begin()
        a.execute(text("SELECT n FROM c")).scalar()
        b.execute(text("SELECT n FROM c")).scalar()
        a.execute(text("UPDATE c SET n = n + 1"))
        a.commit()
        with pytest.raises(DBAPIError) as info:
            b.execute(text("UPDATE c SET n = n + 1"))
        assert is_transient(info.value)
        b.rollback()
        a.close()
        b.close()
    finally:
        engine.dispose()


def test_sqlite_writer_waits_for_a_colleagues_lock_instead_of_failing(tmp_path: Path):
    db = tmp_path / "shared.db"
    store = open_store(db)
    store.import_bundle(Bundle([{"id": "d", "text": "Apple and Sony"}]))
    doc = store.find_document(uid="d")
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # a colleague's long write
    release = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        t0 = time.monotonic()
        a = store.add_annotation(doc, 0, 5, "ORG", "alice")
        assert time.monotonic() - t0 >= 0.9  # it waited for the lock, then wrote
        assert store.get_annotation(a.id).text == "Apple"
    finally:
        release.join()
        holder.close()
        store.close()
