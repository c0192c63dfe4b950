"""The lean read path: ``curator list`` and ``curator stats`` on a SQLite store without SQLAlchemy.

Importing SQLAlchemy, the ORM and the tables costs most of a short command's start-up (issue
15). A SQLite file whose schema is current (``HEAD``) and that is in WAL mode is read here
through the standard library's ``sqlite3`` on a read-only connection; anything else (PostgreSQL,
a URL with options, a missing file, an older or newer schema, a file that is not a store) gets
``None`` from :func:`open_quick` and takes the normal path, which creates, upgrades or refuses
it. Both paths return the same values (``tests/store/test_quick.py`` compares them).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.models.enums import Origin, ReviewStatus, Status
from app.store.revisions import HEAD
from app.store.views import DocumentInfo

STATUSES = tuple(v.value for v in Status)
ORIGINS = tuple(v.value for v in Origin)

# app.rules.counted_sql as SQLite text (a test checks it against is_counted and counted_sql)
COUNTED_WHERE = (
    f"review_status != '{ReviewStatus.REJECTED.value}'"
    f" AND NOT (origin = '{Origin.SUGGESTED.value}' AND review_status = '{ReviewStatus.NONE.value}')"
)


def sqlite_file(url_or_path: str | Path) -> str | None:
    """The file a plain path or a plain ``sqlite:///FILE`` URL names, as the normal path would open
    it; None for anything else (other databases, drivers, URL options, escapes)."""
    s = str(url_or_path)
    if "://" not in s:
        s = f"sqlite:///{Path(s).expanduser().resolve()}"  # app.store.engine.to_url
    if s.startswith("sqlite:///"):
        path = s[len("sqlite:///"):]
        if path and "?" not in path and "%" not in path:  # SQLAlchemy would unquote or parse these
            return path
    return None


class QuickStore:
    """The read-only subset of ``Store`` that ``list`` and ``stats`` use."""

    def __init__(self, path: str, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn

    @property
    def display_name(self) -> str:
        """What ``Store.display_name`` shows for this file."""
        from app.store.urls import mask_url

        return mask_url(f"sqlite:///{self.path}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> QuickStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def list_documents(self) -> list[DocumentInfo]:
        """``Store.list_documents()``: every document in id order, with its counted annotations."""
        conn = self._conn
        conn.execute("BEGIN")  # one snapshot for both queries
        try:
            rows = conn.execute(
                "SELECT id, uid, title, source, published, status, length FROM documents ORDER BY id"
            ).fetchall()
            n = dict(conn.execute(
                f"SELECT document_id, count(*) FROM annotations WHERE {COUNTED_WHERE} GROUP BY document_id"
            ).fetchall())
        finally:
            conn.execute("COMMIT")
        return [DocumentInfo(i, uid, title, source, published, status, length, n.get(i, 0))
                for i, uid, title, source, published, status, length in rows]

    def stats(self) -> dict[str, Any]:
        """``Store.stats()``, the same queries in SQLite's text."""
        conn = self._conn
        marks = ", ".join("?" * len(ORIGINS))
        conn.execute("BEGIN")
        try:
            per_status = conn.execute(
                "SELECT status, count(*), coalesce(sum(length), 0) FROM documents GROUP BY status"
            ).fetchall()
            total = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
            per_origin = conn.execute(
                "SELECT " + ", ".join("(SELECT count(*) FROM annotations WHERE origin = ?)" for _ in ORIGINS),
                ORIGINS,
            ).fetchone()
            labels = conn.execute(
                "SELECT l.id, l.name, l.kind,"
                " (SELECT count(*) FROM annotations a WHERE a.label_id = l.id)"
                " FROM labels l ORDER BY l.position, l.id"
            ).fetchall()
            uncounted = conn.execute(
                "SELECT label_id, annotator_id, count(*) FROM annotations"
                f" WHERE origin IN ({marks}) AND NOT ({COUNTED_WHERE}) GROUP BY label_id, annotator_id",
                ORIGINS,
            ).fetchall()
            per_annotator = conn.execute(
                "SELECT n.id, n.name, (SELECT count(*) FROM annotations a WHERE a.annotator_id = n.id)"
                " FROM annotators n"
            ).fetchall()
        finally:
            conn.execute("COMMIT")
        return stats_result(per_status, total, per_origin, labels, per_annotator, uncounted)


def stats_result(
    per_status: Any, total: int, per_origin: Any, labels: Any, per_annotator: Any, uncounted: Any,
) -> dict[str, Any]:
    """``stats()``'s dict from its query results (one definition for both paths). ``annotations``
    is every stored row; ``counted``, ``by_label`` and ``by_annotator`` are counted work only
    (app.rules: no pending or rejected suggestion, no rejected span), what ``list`` counts.
    ``uncounted`` holds (label id, annotator id, rows that are not counted)."""
    by_status = {st: n for st, n, _ in per_status}
    not_label: dict[int, int] = {}
    not_annotator: dict[int, int] = {}
    for lid, aid, n in uncounted:
        not_label[lid] = not_label.get(lid, 0) + n
        not_annotator[aid] = not_annotator.get(aid, 0) + n
    return {
        "documents": sum(n for _, n, _ in per_status),
        "characters": int(sum(c for _, _, c in per_status)),
        "status": {k: by_status.get(k, 0) for k in STATUSES},
        "annotations": total,
        "by_origin": {o: int(n) for o, n in zip(ORIGINS, per_origin, strict=True) if n},
        "counted": total - sum(not_label.values()),
        "by_label": {name: {"kind": kind, "count": n - not_label.get(lid, 0)}
                     for lid, name, kind, n in labels},
        "by_annotator": dict(sorted((name, n - not_annotator.get(aid, 0))
                                    for aid, name, n in per_annotator if n - not_annotator.get(aid, 0))),
    }


def open_quick(url_or_path: str | Path) -> QuickStore | None:
    """A read-only lean store for an existing SQLite file at the current schema in WAL mode;
    None when the normal path must open it (it creates, upgrades or refuses what this skips)."""
    path = sqlite_file(url_or_path)
    if path is None or not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(path, safe='/')}?mode=ro", uri=True, timeout=30,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        rev = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if mode != "wal" or rev != [(HEAD,)]:
            conn.close()
            return None
    except sqlite3.Error:  # not a store, no alembic_version, unreadable: the normal path says why
        conn.close()
        return None
    return QuickStore(path, conn)


__all__ = ["COUNTED_WHERE", "QuickStore", "open_quick", "sqlite_file", "stats_result"]
