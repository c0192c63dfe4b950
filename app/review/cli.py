"""The review sub-commands of ``curator``: ``merge`` and ``agreement`` (Qt-free).

Light: building the parser imports no service (agreement, merge, rendering) and no SQLAlchemy;
each handler imports what it runs. ``app.cli`` hands in how to open the store and draw a
progress bar (``add_review_commands``), so this module never imports the CLI.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from functools import partial
from typing import Any

OpenStore = Callable[[argparse.Namespace], Any]
Bar = Callable[[argparse.Namespace, str], Any]


def add_review_commands(sub: Any, open_store: OpenStore, progress_bar: Bar) -> None:
    m = sub.add_parser("merge", help="merge another local store (a colleague's) into this one")
    m.add_argument("other", help="the other store's file (or URL)")
    m.add_argument("--skip-bad-spans", action="store_true",
                   help="skip annotations whose span does not fit the text (each one a warning)"
                        " instead of refusing the merge")
    m.set_defaults(func=partial(cmd_merge, open_store=open_store, progress_bar=progress_bar))

    a = sub.add_parser("agreement", help="inter-annotator agreement: F1, kappa, alpha")
    a.add_argument("--annotators", default=None,
                   help="annotators to compare, comma-separated; the first is the reference"
                        " (default: every annotator with work)")
    a.add_argument("--labels", default=None, help="only these labels (comma-separated)")
    a.add_argument("--format", choices=["table", "json", "csv"], default="table")
    a.set_defaults(func=partial(cmd_agreement, open_store=open_store))


def _split(v: str | None) -> list[str] | None:
    return [x.strip() for x in v.split(",") if x.strip()] if v else None


def cmd_merge(args: argparse.Namespace, *, open_store: OpenStore, progress_bar: Bar) -> int:
    import sys

    from app.review.merge import merge_store

    store = open_store(args)
    bar = progress_bar(args, "merging")
    try:
        summary = merge_store(store, args.other, progress=bar, skip_bad_spans=args.skip_bad_spans)
    finally:
        bar.close()
        store.close()
    for line in summary.result_lines():  # results on stdout, problems on stderr
        print(line)
    for line in summary.problem_lines():
        print(line, file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_agreement(args: argparse.Namespace, *, open_store: OpenStore) -> int:
    import gc

    from app.review.agreement import compute_agreement
    from app.review.rendering import report_csv, report_table

    store = open_store(args)
    # the process is the command's own: pause the cyclic collector, whose passes over the
    # millions of packed spans (no cycles among them) cost ~20% of the run (measured)
    gc.disable()
    try:
        report = compute_agreement(store, _split(args.annotators), _split(args.labels))
    finally:
        gc.enable()
        store.close()
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(report_csv(report), end="")
    else:
        print(report_table(report))
    return 0
