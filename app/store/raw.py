"""Rows of a Core query straight from the driver's cursor, for the few services (agreement)
whose speed depends on skipping SQLAlchemy's per-row processing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement


def fetch_raw(conn: Connection, query: ClauseElement) -> list[Any]:
    """All rows of ``query`` as the driver returns them: plain tuples, no type processing."""
    compiled: Any = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = tuple(params[k] for k in compiled.positiontup or ())
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(compiled.string, params)
        return list(cur.fetchall())
    finally:
        cur.close()
