"""The ``curator`` command: parses arguments, calls the core, prints. Never imports Qt itself
(``gui`` hands over to ``app.ui``).

Results go to stdout; every error, warning and progress line to stderr. Exit codes: 0 ok, 1 a
user error (one clear line on stderr, never a traceback), 2 a usage error (argparse), 130
interrupted. ``--quiet`` silences progress bars and informational lines on stderr (errors and
warnings stay). The CLI prints no colour, so ``NO_COLOR`` needs nothing; progress bars are
drawn only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from app.errors import CuratorError

Handler = Callable[[argparse.Namespace], int]


def default_db() -> str:
    """``CURATOR_DB``, else ``curator.db`` in the user data folder."""
    env = os.environ.get("CURATOR_DB")
    if env:
        return env
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("article-curator", appauthor=False)) / "curator.db")


def default_annotator() -> str:
    import getpass

    try:
        return getpass.getuser() or "curator"
    except Exception:  # no login name on this system
        return "curator"


class ProgressBar:
    """A one-line progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, label: str, enabled: bool | None = None) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        t = time.monotonic()
        if t - self._last < 0.1 and done != total:
            return
        self._last = t
        if total:
            width = 30
            filled = int(width * done / total)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{self.label} {done}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write(f"  ({time.monotonic() - self.started:.1f} s)\n")


def progress_bar(args: argparse.Namespace, label: str) -> ProgressBar:
    """A progress bar for a command: silent with ``--quiet`` or when stderr is not a terminal."""
    return ProgressBar(label, enabled=False if getattr(args, "quiet", False) else None)


def info(args: argparse.Namespace, line: str) -> None:
    """A non-essential line for the user, on stderr; ``--quiet`` drops it."""
    if not getattr(args, "quiet", False):
        print(line, file=sys.stderr)


def _store(args: argparse.Namespace):
    from app.store.team import open_store_asking

    # a PostgreSQL password libpq cannot find is asked for on a terminal, never stored
    return open_store_asking(args.db, _ask_password if sys.stdin.isatty() else None)


def _reader(args: argparse.Namespace):
    """A store to read from: the lean SQLite path when it applies (no SQLAlchemy), else the store."""
    from app.store.quick import open_quick

    return open_quick(args.db) or _store(args)


def _ask_password(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


# -- commands -----------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from app.preflight import check_gui

    problems = check_gui()
    if problems:
        for line in problems:
            print(f"curator: {line}", file=sys.stderr)
        return 1
    from app.ui import launch
    from app.ui.app import exit_now

    code = launch(
        db=args.db,
        annotator=args.annotator,
        review=getattr(args, "review", False),
        first_run_corpus=getattr(args, "first_run_corpus", None),
        quit_after=getattr(args, "quit_after", None),
    )
    exit_now(code)  # the window and the stores are closed: skip the interpreter's teardown


def cmd_import(args: argparse.Namespace) -> int:
    from app.importing import import_paths

    paths = list(args.paths)
    if args.sample:
        from app.store.schema import sample_corpus_dir

        paths.append(str(sample_corpus_dir()))
    if not paths:  # a usage error, like argparse's own
        print("curator import: error: give the files or folders to import (or --sample)", file=sys.stderr)
        return 2
    store = _store(args)
    bar = progress_bar(args, "importing")
    try:
        summary = import_paths(
            store,
            paths, fmt=args.format, skip_bad_spans=args.skip_bad_spans,
            default_annotator=args.annotator, progress=bar,
        )
    finally:
        bar.close()
        store.close()
    for line in summary.result_lines():
        print(line)
    for line in summary.problem_lines():
        print(line, file=sys.stderr)
    return 1 if summary.failed else 0


def _export_options(args: argparse.Namespace):
    from app.formats.options import ExportOptions

    def split(v: str | None) -> list[str] | None:
        return [x.strip() for x in v.split(",") if x.strip()] if v else None

    return ExportOptions(
        annotators=split(args.annotators),
        labels=split(args.label),
        statuses=split(args.status),
        documents=split(args.documents),
        include_suggestions=args.include_suggestions,
        gold_only=args.gold_only,
        labelstudio_emails=dict(args.labelstudio_email or []),
    )


def _name_email(value: str) -> tuple[str, str]:
    """``NAME=EMAIL`` for --labelstudio-email."""
    name, sep, email = value.partition("=")
    if not sep or not name.strip() or "@" not in email:
        raise argparse.ArgumentTypeError(f"expected NAME=EMAIL (e.g. alice=alice@example.org), not {value!r}")
    return name.strip(), email.strip()


def cmd_export(args: argparse.Namespace) -> int:
    from app.formats.registry import FORMATS

    fmt = FORMATS.get(args.format)
    if fmt is None or fmt.writer is None:
        names = ", ".join(sorted(f.name for f in FORMATS.values() if f.writer))
        raise CuratorError(f"unknown export format {args.format!r}; known: {names}")
    store = _store(args)
    bar = progress_bar(args, "exporting")
    try:
        result = fmt.writer(store, Path(args.output), _export_options(args), bar)
    finally:
        bar.close()
        store.close()
    print(f"exported {result.documents} document(s), {result.annotations} annotation(s) to {args.output}")
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = _reader(args)
    try:
        docs = store.list_documents()
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(
            [{"id": d.uid, "title": d.title, "published": d.published, "status": d.status,
              "annotations": d.n_annotations} for d in docs],
            ensure_ascii=False, indent=2,
        ))
        return 0
    rows = [("ID", "PUBLISHED", "STATUS", "ANN", "TITLE")]
    rows += [(d.uid, d.published or "-", d.status, str(d.n_annotations), d.title) for d in docs]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + _clip(r[4], 70))
    return 0


def _clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def cmd_stats(args: argparse.Namespace) -> int:
    store = _reader(args)
    try:
        st = store.stats()
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(st, ensure_ascii=False, indent=2))
        return 0
    s = st["status"]
    print(f"store        {store.display_name}")  # never the password
    print(f"documents    {st['documents']} ({st['characters']:,} characters)")
    print(f"status       {s['done']} done, {s['in_progress']} in progress, {s['not_started']} not started")
    print(f"annotations  {st['annotations']}" + (
        " (" + ", ".join(f"{k} {v}" for k, v in sorted(st["by_origin"].items())) + ")" if st["by_origin"] else ""))
    print(f"counted      {st['counted']} (as in list, per label and annotator below: no pending suggestions, no rejected spans)")
    for name, d in st["by_label"].items():
        if d["count"]:
            print(f"  {name:<10} {d['kind']:<7} {d['count']}")
    for name, n in st["by_annotator"].items():
        print(f"annotator    {name}: {n}")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    """Show or set curators' roles (annotator, reviewer)."""
    store = _store(args)
    try:
        if args.name and args.role:
            store.set_role(args.name, args.role)
        people = [store.annotator(args.name, create=False)] if args.name else store.annotators()
    finally:
        store.close()
    for a in people:
        print(f"{a.name}\t{a.role}")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy a whole store (SQLite <-> PostgreSQL) in one transaction, then verify it."""
    from app.ops.store_copy import copy_store, open_source
    from app.store import open_store

    src = open_source(args.source)
    try:
        dst = open_store(args.dest, seed_labels=False)
        try:
            info(args, f"copying {src.display_name} -> {dst.display_name}")
            bar, check = progress_bar(args, "copying"), progress_bar(args, "verifying")
            try:
                report = copy_store(src, dst, progress=bar, verify_progress=check)
            finally:
                bar.close()
                check.close()
        finally:
            dst.close()
    finally:
        src.close()
    for line in report.lines():
        print(line)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    """Store figure or entity suggestions (pending, by --annotator) in one transaction."""
    from app.suggest import suggest_entities, suggest_figures

    store = _store(args)
    bar = progress_bar(args, f"suggesting {args.what}")
    try:
        ids = None
        if args.documents:
            ids = []
            for part in (x.strip() for x in args.documents.split(",")):
                if not part:
                    continue
                found = int(part) if part.isdigit() else store.find_document(uid=part)
                if found is None:
                    raise CuratorError(f"no document with id {part!r}")
                ids.append(found)
        if args.what == "figures":
            n = suggest_figures(store, ids, annotator=args.annotator, progress=bar)
        else:
            n = suggest_entities(store, ids, annotator=args.annotator, progress=bar,
                                 warn=lambda m: print(f"warning: {m}", file=sys.stderr))
    finally:
        bar.close()
        store.close()
    noun = {"figures": "figure", "entities": "entity"}[args.what] if n == 1 else args.what
    print(f"suggested {n} {noun} (pending review, by {args.annotator})")
    return 0


# -- parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The whole command line. Light: no service, store or SQLAlchemy import happens here (each
    ``cmd_*`` imports what it runs), so ``--help`` and usage errors are instant."""
    p = argparse.ArgumentParser(
        prog="curator", description="Article Curator: curate entities and figures in news articles."
    )
    p.add_argument("--db", default=None, help="store path or URL (default: $CURATOR_DB or the user data folder)")
    p.add_argument("--annotator", default=None, help="your annotator name")
    p.add_argument("--version", action=_VersionAction, help="print curator's version and exit")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress bars or informational lines on stderr (errors and warnings stay)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the annotation workspace (default)")
    g.add_argument("--review", action="store_true", help="start in review mode")
    g.add_argument("--first-run-corpus", type=Path, default=None,
                   help="import this folder when the store has no documents yet")
    g.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    g.set_defaults(func=cmd_gui)

    i = sub.add_parser("import", help="import text files, folders or exports")
    i.add_argument("paths", nargs="*")
    i.add_argument("--sample", action="store_true", help="also import the five sample articles")
    i.add_argument("--format", default=None, help="the files' format (detected when omitted)")
    i.add_argument("--skip-bad-spans", action="store_true",
                   help="skip spans whose text does not match instead of refusing the import")
    i.set_defaults(func=cmd_import)

    e = sub.add_parser("export", help="export documents and annotations")
    e.add_argument("--format", default="json", help="json, jsonl or an interchange format")
    e.add_argument("-o", "--output", required=True, help="the file (or folder) to write")
    e.add_argument("--annotators", "--annotator-filter", dest="annotators", default=None,
                   help="only these annotators (comma-separated)")
    e.add_argument("--label", default=None, help="only these labels (comma-separated)")
    e.add_argument("--status", default=None, help="only documents with these statuses")
    e.add_argument("--documents", default=None, help="only these document ids (comma-separated)")
    e.add_argument("--include-suggestions", action="store_true", help="include pending suggestions")
    e.add_argument("--gold-only", action="store_true", help="only gold: annotations a reviewer accepted (see docs/formats.md)")
    e.add_argument("--labelstudio-email", action="append", type=_name_email, metavar="NAME=EMAIL",
                   help="labelstudio: write this curator's work as completed by this Label Studio "
                        "user (repeatable; others get no completed_by, which a stock install accepts)")
    e.set_defaults(func=cmd_export)

    ls = sub.add_parser("list", help="list the documents")
    ls.add_argument("--format", choices=["table", "json"], default="table")
    ls.set_defaults(func=cmd_list)

    st = sub.add_parser("stats", help="corpus statistics")
    st.add_argument("--format", choices=["table", "json"], default="table")
    st.set_defaults(func=cmd_stats)

    cp = sub.add_parser("copy", help="copy a whole store to another (SQLite <-> PostgreSQL)")
    cp.add_argument("--from", dest="source", required=True, metavar="URL",
                    help="the store to copy: a path or a URL")
    cp.add_argument("--to", dest="dest", required=True, metavar="URL",
                    help="a new or empty store: a path or a URL such as"
                         " postgresql+psycopg://user@host/dbname")
    cp.set_defaults(func=cmd_copy)

    ro = sub.add_parser("role", help="show curators' roles, or make one a reviewer or annotator")
    ro.add_argument("name", nargs="?", default=None, help="the curator (default: list everyone)")
    ro.add_argument("role", nargs="?", choices=["annotator", "reviewer"], default=None)
    ro.set_defaults(func=cmd_role)

    sg = sub.add_parser("suggest", help="suggest figures or entities as pending annotations")
    sg.add_argument("what", choices=["figures", "entities"])
    sg.add_argument("--documents", default=None,
                    help="only these documents (comma-separated store ids or document ids)")
    sg.set_defaults(func=cmd_suggest)

    from app.review.cli import add_review_commands

    add_review_commands(sub, _store, progress_bar)  # merge, agreement
    from app.cli_backup import add_backup_commands

    add_backup_commands(sub)  # backup, restore, check
    from app.cli_policy import add_policy_command

    add_policy_command(sub, _store)  # the store's review policy
    from app.desktop_entry import add_desktop_command

    add_desktop_command(sub)  # desktop-entry
    from app.cli_completion import add_completion_command

    add_completion_command(sub)  # completion bash

    from app.learn.cli import add_learn_commands

    add_learn_commands(sub, _store, progress_bar)  # train entities, model

    # new commands: add a sub-parser above with ``set_defaults(func=cmd_...)``
    _quiet_everywhere(p)
    return p


def _quiet_everywhere(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` after a command's name too (``curator export -o x.json -q``); absent
    there, it leaves the global flag's value alone."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                if "--quiet" not in child._option_string_actions:
                    child.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                                       help="as the global -q: no progress or informational lines")
                _quiet_everywhere(child)


class _VersionAction(argparse.Action):
    """``--version``: reads the package metadata only when asked (not for every command)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    """The installed package's version (its metadata); ``app.__version__`` where there is none."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("article-curator")
    except PackageNotFoundError:  # e.g. a bundle without the dist-info
        from app import __version__

        return __version__


def _fix_export_annotator_flag(argv: list[str]) -> list[str]:
    """``curator export --annotator NAME`` filters by annotator (the issue's spelling)."""
    if "export" in argv:
        k = argv.index("export")
        argv = argv[: k + 1] + ["--annotators" if a == "--annotator" else a for a in argv[k + 1:]]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _fix_export_annotator_flag(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(args_list)
    args.db = args.db or default_db()
    if args.command is None:
        args.command = "gui"
        args.func = cmd_gui
    if args.annotator is None and args.command not in ("import",):
        args.annotator = None if args.command == "gui" else default_annotator()
    try:
        return args.func(args)
    except CuratorError as exc:
        from app.store.urls import mask_secrets

        print(f"curator: error: {mask_secrets(str(exc), args.db)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("curator: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"curator: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
