"""The store side of copying a store (``app.ops.store_copy`` does the copy): open the
source, read its labels and annotators, count every table's rows, refuse a destination that
holds work already.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, func, select

from app.errors import CuratorError
from app.store.store import Store


def labels_and_annotators(conn: Connection) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What ``labels_of`` and ``annotators_of`` return, read on this connection."""
    from app.models import Annotator, Label

    labels = [
        {"name": r.name, "kind": r.kind, "color": r.color, "hotkey": r.hotkey,
         "description": r.description, **({"options": dict(r.options)} if r.options else {})}
        for r in conn.execute(select(Label).order_by(Label.position, Label.id))
    ]
    annotators = [
        {"name": r.name, "role": r.role}
        for r in conn.execute(select(Annotator.name, Annotator.role).order_by(Annotator.name))
    ]
    return labels, annotators


def table_counts(store: Store) -> dict[str, int]:
    """Row counts of every table (what the destination really holds)."""
    from app.models import (
        Annotation,
        Annotator,
        Document,
        DocumentProgress,
        Label,
        Relation,
        ReviewDecision,
    )

    tables = {
        "documents": Document, "annotations": Annotation, "relations": Relation,
        "reviews": ReviewDecision, "labels": Label, "annotators": Annotator,
        "progress": DocumentProgress,
    }
    with store.engine.connect() as conn:
        return {
            k: conn.execute(select(func.count()).select_from(m)).scalar() or 0
            for k, m in tables.items()
        }


def open_source(url_or_path: str) -> Store:
    """Open an existing store to copy from; a missing file or an empty database is an error
    (never created on the way)."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from app.store import open_store
    from app.store.engine import is_sqlite, make_engine, to_url
    from app.store.migrate import current_revision
    from app.store.urls import mask_url

    url = to_url(url_or_path)
    shown = mask_url(url)
    if is_sqlite(url):
        path = make_url(url).database
        if not path or not Path(path).is_file():
            raise CuratorError(f"{path or shown}: no such store")
    engine = make_engine(url)
    try:
        if current_revision(engine) is None:
            raise CuratorError(f"{shown} is empty: there is no store to copy")
    finally:
        engine.dispose()
    return open_store(url)


@contextmanager
def one_snapshot(store: Store) -> Iterator[Connection]:
    """A connection in one read transaction: everything read on it is one snapshot of the
    store (PostgreSQL: REPEATABLE READ; SQLite's read transaction is one already)."""
    engine = store.engine
    if store.dialect == "postgresql":
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as conn, conn.begin():
        yield conn


def check_empty(dst: Store) -> None:
    held = {k: n for k, n in table_counts(dst).items() if n and k != "labels"}
    if held:
        what = ", ".join(f"{n} {k}" for k, n in held.items())
        raise CuratorError(
            f"{dst.display_name} is not empty ({what}): copy into a new, empty store"
        )


__all__ = ["check_empty", "labels_and_annotators", "one_snapshot", "open_source", "table_counts"]
