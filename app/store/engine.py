"""Engines: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL through one code path."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def to_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL from a URL or a file path (a path means SQLite)."""
    s = str(url_or_path)
    if "://" in s:
        if s.startswith("postgresql://") or s.startswith("postgres://"):
            s = "postgresql+psycopg://" + s.split("://", 1)[1]
        return s
    return f"sqlite:///{Path(s).expanduser().resolve()}"


NETWORK_DEFAULTS = {
    "connect_timeout": 10, "keepalives": 1, "keepalives_idle": 15, "keepalives_interval": 5,
    "keepalives_count": 3,
}


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # a server that does not answer (host down, network cut) is an error after seconds, not a
    # window frozen for minutes: libpq's connect timeout, and keepalives on open connections
    given = make_url(url).query
    args = {k: v for k, v in NETWORK_DEFAULTS.items() if k not in given}
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=args)


def enable_wal(engine: Engine) -> None:
    """Switch a SQLite store to WAL (a persistent property of the file: done once, after the
    schema check, so a store we refuse is left byte for byte as it was)."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # outside any transaction: the pragma is refused inside one
        try:
            cur = raw.cursor()
            if cur.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
        finally:
            raw.close()


def writer(engine: Engine) -> Engine:
    """The engine whose transactions take SQLite's write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails with "database is locked" when
    another process committed in between, whatever the busy timeout; an immediate one waits.
    """
    return engine.execution_options(immediate=True)


def _sqlite_begin(conn) -> None:
    immediate = conn.get_execution_options().get("immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (_sqlite_begin)
    cur = dbapi_conn.cursor()
    # WAL is switched on by enable_wal once the schema check passed: a file we refuse stays as it was
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
