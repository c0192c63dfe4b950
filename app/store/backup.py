"""Backups of a SQLite store: consistent online copies, their rotation, listing and restore.

A copy is taken with SQLite's backup API in one step, i.e. inside one read transaction: it is
the store as of one commit, whatever other processes write meanwhile (WAL lets them go on). It
is written to a temp file beside the destination, switched to a self-contained rollback
journal, checked (``PRAGMA quick_check``) and only then renamed into place.

Backups of one store live in their own folder (:func:`backup_folder`) and are named
``YYYYmmdd-HHMMSS-ffffff-KIND.sqlite`` (UTC): ``auto`` ones rotate (:func:`prune`), the others
(``manual``, ``before-restore``, ``before-repair``) are kept until the user removes them.
PostgreSQL stores are not copied here: ``curator backup`` writes a native JSON export of them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.errors import CuratorError

KINDS = ("auto", "manual", "before-restore", "before-repair")
SUFFIX = ".sqlite"
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-(" + "|".join(KINDS) + r")(?:-\d+)?" + re.escape(SUFFIX) + "$")
_STAMP = "%Y%m%d-%H%M%S-%f"
BUSY_MS = 30_000


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was taken (UTC), why, and what it holds."""

    path: Path
    taken_at: datetime
    kind: str
    documents: int | None  #: None when the file cannot be read as a store
    annotations: int | None
    size: int

    def line(self) -> str:
        local = self.taken_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        counts = ("unreadable" if self.documents is None
                  else f"{self.documents} document(s), {self.annotations} annotation(s)")
        return f"{local}  {self.kind:<14} {counts}  ({human_size(self.size)})"


def sqlite_file(url_or_path: str | Path) -> Path | None:
    """The file of a SQLite store given as a path or URL; None for any other database."""
    from app.store.engine import to_url

    url = to_url(url_or_path)
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix or ":memory:" in url:
        return None
    return Path(url[len(prefix):])


@contextlib.contextmanager
def _connect(path: Path, *, readonly: bool = False) -> Iterator[sqlite3.Connection]:
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_MS / 1000)
    else:
        conn = sqlite3.connect(path, timeout=BUSY_MS / 1000)
    conn.isolation_level = None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        yield conn
    finally:
        conn.close()


def copy_sqlite(source: Path, dest: Path) -> BackupInfo:
    """A consistent copy of the live store ``source`` at ``dest`` (replaced atomically)."""
    if not source.is_file():
        raise CuratorError(f"no store at {source}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        with _connect(source) as src, _connect(tmp) as dst:
            try:
                src.backup(dst, pages=-1)  # one step: one read transaction, one commit's state
            except sqlite3.DatabaseError as exc:
                raise CuratorError(f"cannot back up {source}: {exc}") from None
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            problems = [r[0] for r in dst.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise CuratorError(
                    f"the copy of {source} fails SQLite's check ({problems[0]}): run `curator check`"
                )
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return describe(dest, kind="manual", taken_at=datetime.now(UTC))


def store_counts(path: Path) -> tuple[int, int] | None:
    """(documents, annotations) of the store file at ``path``; None when it is not readable."""
    try:
        with _connect(path, readonly=True) as conn:
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            anns = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
            return int(docs), int(anns)
    except sqlite3.Error:
        return None


def describe(path: Path, kind: str | None = None, taken_at: datetime | None = None) -> BackupInfo:
    """What the backup file at ``path`` is (its name says when and why, the file what it holds)."""
    m = _NAME.match(path.name)
    if m and taken_at is None:
        taken_at = datetime.strptime(m.group(1), _STAMP).replace(tzinfo=UTC)
    if taken_at is None:
        taken_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    counts = store_counts(path)
    return BackupInfo(
        path=path, taken_at=taken_at, kind=kind or (m.group(2) if m else "manual"),
        documents=counts[0] if counts else None, annotations=counts[1] if counts else None,
        size=path.stat().st_size,
    )


def store_key(source: Path) -> str:
    """A folder name for one store's backups: its name and a hash of its full path."""
    resolved = str(source.expanduser().resolve())
    return f"{source.stem or 'store'}-{hashlib.sha256(resolved.encode()).hexdigest()[:10]}"


def backups_root() -> Path:
    """``backups`` in the user data folder (beside the default store)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("article-curator", appauthor=False)) / "backups"


def backup_folder(root: Path, source: Path) -> Path:
    """Where the backups of the store file ``source`` go under ``root`` (the user data folder's
    ``backups``)."""
    return root / store_key(source)


def take_backup(
    source: Path, folder: Path, kind: str = "auto", keep: int | None = None,
    now: datetime | None = None,
) -> BackupInfo:
    """Copy ``source`` into ``folder`` as a ``kind`` backup; then keep only the newest ``keep``
    automatic backups (None: prune nothing)."""
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    base = f"{stamp.strftime(_STAMP)}-{kind}"
    dest = folder / f"{base}{SUFFIX}"
    n = 1
    while dest.exists():
        dest = folder / f"{base}-{n}{SUFFIX}"
        n += 1
    copy_sqlite(source, dest)
    if keep is not None:
        prune(folder, keep)
    return describe(dest, taken_at=stamp)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [describe(p) for p in folder.iterdir() if p.is_file() and _NAME.match(p.name)]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; the deleted paths."""
    autos = sorted(
        (p for p in folder.iterdir() if (m := _NAME.match(p.name)) and m.group(2) == "auto"),
        key=lambda p: p.name, reverse=True,
    ) if folder.is_dir() else []
    gone = autos[max(keep, 0):]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def restore_sqlite(backup: Path, target: Path, folder: Path) -> BackupInfo | None:
    """Make the store ``target`` what ``backup`` holds; the current store is backed up first
    (``before-restore``, returned; None when ``target`` did not exist).

    The backup is checked before anything changes. The copy goes through SQLite (backup API
    into the live file, under its write lock), so other connections see either the old store
    or the restored one, never a mixture. Close the app's own store before calling this.
    """
    if store_counts(backup) is None:
        raise CuratorError(f"{backup} is not a readable Article Curator store")
    with _connect(backup, readonly=True) as bak:
        problems = [r[0] for r in bak.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise CuratorError(f"{backup} fails SQLite's check ({problems[0]}): pick another backup")
    before = take_backup(target, folder, kind="before-restore") if target.is_file() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    with _connect(backup, readonly=True) as bak, _connect(target) as dst:
        try:
            bak.backup(dst, pages=-1)
        except sqlite3.DatabaseError as exc:
            raise CuratorError(f"cannot restore {target} from {backup}: {exc}") from None
    return before


def changes(conn: sqlite3.Connection) -> int:
    """SQLite's ``data_version`` on a long-lived connection: it moves whenever any other
    connection (this process's store or another process) commits to the file."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


class ChangeWatch:
    """Tells whether a store file was written since the last :meth:`mark` (for the GUI's
    automatic backups: every commit by any connection counts, not only the window's edits)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(path, timeout=BUSY_MS / 1000, check_same_thread=False)
        self._conn.isolation_level = None
        self._seen = changes(self._conn)

    def changed(self) -> bool:
        return changes(self._conn) != self._seen

    def mark(self) -> None:
        self._seen = changes(self._conn)

    def close(self) -> None:
        self._conn.close()


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


__all__ = [
    "KINDS", "BackupInfo", "ChangeWatch", "backup_folder", "backups_root", "copy_sqlite", "describe",
    "human_size",
    "list_backups", "prune", "restore_sqlite", "sqlite_file", "store_counts", "store_key",
    "take_backup",
]
