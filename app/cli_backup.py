"""``curator backup``, ``curator restore`` and ``curator check``: keeping a store safe.

Registered by :func:`add_backup_commands` from ``app.cli.build_parser``; like every handler,
each imports the store only when it runs (the parser stays light).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.errors import CuratorError


def add_backup_commands(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="take a consistent copy of the store, even while others write")
    b.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="where to write it (default: the store's folder of backups in the user"
                        " data folder); a PostgreSQL store is written as a native JSON export")
    b.add_argument("--list", action="store_true", help="list the store's backups instead")
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="replace the store with a backup (the store is backed up first)")
    r.add_argument("backup", type=Path, help="a backup file (see `curator backup --list`)")
    r.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")
    r.set_defaults(func=cmd_restore)

    c = sub.add_parser("check", help="check the store's integrity and invariants")
    c.add_argument("--repair", action="store_true",
                   help="fix what can be fixed safely (indexes, orphaned rows, lengths), after a backup")
    c.set_defaults(func=cmd_check)


def _folder(src: Path) -> Path:
    from app.store.backup import backup_folder, backups_root

    return backup_folder(backups_root(), src)


def cmd_backup(args: argparse.Namespace) -> int:
    from app.store.backup import copy_sqlite, list_backups, sqlite_file, take_backup

    src = sqlite_file(args.db)
    if src is None:
        if args.list:
            raise CuratorError("only SQLite stores keep a folder of backups")
        return _backup_server(args)
    if args.list:
        for b in list_backups(_folder(src)):
            print(f"{b.line()}  {b.path}")
        return 0
    if not src.is_file():
        raise CuratorError(f"no store at {src}")
    if args.output:
        done = copy_sqlite(src, Path(args.output))
    else:
        done = take_backup(src, _folder(src), kind="manual")
    print(f"backed up {src} to {done.path}: {done.documents} document(s), "
          f"{done.annotations} annotation(s)")
    return 0


def _backup_server(args: argparse.Namespace) -> int:
    """A PostgreSQL store: the native JSON export (everything: suggestions, rejections,
    relations, reviews, statuses), read in one snapshot per query. pg_dump is the server's tool."""
    from sqlalchemy.engine import make_url

    from app.cli import _store
    from app.formats.native import write_json
    from app.formats.options import ExportOptions
    from app.store.backup import backups_root

    store = _store(args)
    try:
        if args.output:
            out = Path(args.output)
        else:
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            out = backups_root() / f"{make_url(store.url).database or 'store'}-{stamp}.json"
        result = write_json(store, out, ExportOptions(include_suggestions=True, include_rejected=True))
        name = store.display_name
    finally:
        store.close()
    print(f"backed up {name} to {out} (native JSON): {result.documents} document(s), "
          f"{result.annotations} annotation(s)")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.store.backup import describe, restore_sqlite, sqlite_file

    target = sqlite_file(args.db)
    if target is None:
        raise CuratorError("restore replaces a SQLite store; for PostgreSQL use pg_restore, or"
                           " `curator import` of a JSON backup into an empty database")
    if not args.backup.is_file():
        raise CuratorError(f"no backup at {args.backup}")
    b = describe(args.backup)
    if b.documents is None:
        raise CuratorError(f"{args.backup} is not a readable Article Curator store")
    if not args.yes:
        if not sys.stdin.isatty():
            raise CuratorError("restore replaces the store: add --yes to confirm")
        answer = input(f"Replace {target} with the backup of {b.line()}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("curator: not restored", file=sys.stderr)
            return 1
    before = restore_sqlite(args.backup, target, _folder(target))
    if before is not None:
        print(f"backed up the current store to {before.path}")
    print(f"restored {target} from {args.backup}: {b.documents} document(s), "
          f"{b.annotations} annotation(s)")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.cli import _store, info
    from app.store.backup import sqlite_file, take_backup
    from app.store.check import check, repair

    store = _store(args)
    try:
        problems = check(store)
        for p in problems:
            print(p.line())
        if args.repair and any(p.repairable for p in problems):
            src = sqlite_file(store.url)
            if src is not None:
                saved = take_backup(src, _folder(src), kind="before-repair")
                info(args, f"backed up the store to {saved.path} before repairing")
            for line in repair(store):
                print(f"repaired: {line}")
            problems = check(store)
            for p in problems:
                print(f"remaining: {p.line()}")
        name = store.display_name
    finally:
        store.close()
    if not problems:
        print(f"ok: {name} passed every check")
        return 0
    fixable = sum(p.repairable for p in problems)
    hint = (f"; {fixable} can be repaired with `curator check --repair`" if fixable and not args.repair
            else "; restore a backup for the rest (`curator backup --list`, `curator restore`)")
    print(f"curator: {len(problems)} problem(s) found{hint}", file=sys.stderr)
    return 1
