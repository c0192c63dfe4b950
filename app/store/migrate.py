"""Bring a store to the current schema: create it, upgrade it (after a backup), or refuse it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from app.errors import CuratorError, StoreVersionError
from app.store.revisions import HEAD, KNOWN, MIGRATIONS, alembic_config
from app.store.urls import mask_url


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, None for an empty database."""
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            if "alembic_version" in tables:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if tables:
                raise CuratorError(
                    f"{_where(engine)} is a database but not an Article Curator store"
                    f" (it has tables {', '.join(sorted(tables)[:5])})"
                )
            return None
    except DatabaseError as exc:
        raise CuratorError(f"{_where(engine)} cannot be opened as a store: {exc.orig}") from None


def migrate(engine: Engine, seed: Callable[[Connection], None] | None = None) -> bool:
    """Create or upgrade the schema; True when this call created the store.

    The upgrade runs under the write lock (SQLite: BEGIN IMMEDIATE) after checking the revision
    again, so instances opening one new file at once create it once; ``seed`` (the default
    labels) runs in the same transaction, so no instance sees a store without them.
    """
    rev = current_revision(engine)
    if rev == HEAD:
        return False
    if rev is not None and rev not in KNOWN:
        raise StoreVersionError(
            f"{_where(engine)} was written by a newer version of Article Curator"
            f" (schema {rev}; this version knows up to {HEAD}): upgrade the app to open it"
        )
    if rev is not None:
        backup(engine, rev)
    from app.store.engine import writer

    with writer(engine).begin() as conn:
        if conn.dialect.name == "postgresql":  # PostgreSQL's write lock: one migrator at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(7210431)"))
        now = _revision_of(conn)
        if now == HEAD:  # another instance upgraded it meanwhile
            return False
        if now is None and conn.dialect.name == "sqlite" and _fresh_is_head():
            from app.store import fresh, search  # the migrations' schema, without Alembic

            fresh.create_sqlite(conn, trigram=search.trigram_available(conn))
        else:
            from alembic import command

            command.upgrade(alembic_config(conn), "head")
        if rev is None and seed is not None:
            seed(conn)
    return rev is None


def _fresh_is_head() -> bool:
    from app.store.fresh_schema import REVISION

    return REVISION == HEAD


def _revision_of(conn: Connection) -> str | None:
    if "alembic_version" not in inspect(conn).get_table_names():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup(engine: Engine, rev: str) -> Path | None:
    """Copy a SQLite store to ``NAME.YYYYmmdd-HHMMSS.rREV.bak`` before upgrading it."""
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    src = Path(url.database)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    dest = src.with_name(f"{src.name}.{stamp}.r{rev}.bak")
    with sqlite3.connect(src) as s, sqlite3.connect(dest) as d:
        s.backup(d)
    return dest


def _where(engine: Engine) -> str:
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return mask_url(url.render_as_string(hide_password=False))


__all__ = ["HEAD", "KNOWN", "MIGRATIONS", "alembic_config", "backup", "current_revision", "migrate"]
