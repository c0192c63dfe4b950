"""Rows of a Core query straight from the driver's cursor, for the few services (agreement)
whose speed depends on skipping SQLAlchemy's per-row processing."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql import ClauseElement

#: (dialect, key) -> (SQL text, parameter names in order or None, default parameter values)
_PREPARED: dict[tuple[str, Hashable], tuple[str, tuple[str, ...] | None, dict[str, Any]]] = {}


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


def fetch_prepared(
    conn: Connection, key: Hashable, build: Callable[[], ClauseElement], params: dict[str, Any],
) -> list[Any]:
    """:func:`fetch_raw` of the statement ``build()`` makes, compiled once per dialect and
    ``key`` (its ``bindparam`` values given in ``params``): compiling cost ~4 ms a call, more
    than reading a short article's spans."""
    hit = _PREPARED.get((conn.dialect.name, key))
    if hit is None:
        compiled: Any = build().compile(dialect=conn.dialect)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        hit = _PREPARED[(conn.dialect.name, key)] = (compiled.string, order, dict(compiled.params))
    sql, order, defaults = hit
    values = {**defaults, **params}
    args: Any = tuple(values[k] for k in order) if order is not None else values
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, args)
        return list(cur.fetchall())
    finally:
        cur.close()
