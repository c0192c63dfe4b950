"""The recommender's sub-commands of ``curator``: ``train entities`` and ``model`` (Qt-free).

Light: building the parser imports neither spaCy, SQLAlchemy nor the training code; each
handler imports what it runs. ``app.cli`` hands in how to open the store and draw a progress
bar (``add_learn_commands``), so this module never imports the CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

OpenStore = Callable[[argparse.Namespace], Any]
Bar = Callable[[argparse.Namespace, str], Any]


def add_learn_commands(sub: Any, open_store: OpenStore, progress_bar: Bar) -> None:
    t = sub.add_parser("train", help="train the entity recommender from the store's curated"
                                     " entities and print its held-out scores")
    t.add_argument("what", choices=["entities"])
    t.add_argument("--annotators", default=None,
                   help="learn only from these annotators' work (comma-separated)")
    t.add_argument("--gold-only", action="store_true",
                   help="learn only from gold: spans a reviewer accepted")
    t.add_argument("--labels", default=None,
                   help="only these entity labels (comma-separated; default: every entity label)")
    t.add_argument("--epochs", type=int, default=None, help="at most this many epochs (default 30)")
    t.add_argument("--format", choices=["table", "json"], default="table")
    t.set_defaults(func=partial(cmd_train, open_store=open_store, progress_bar=progress_bar))

    m = sub.add_parser("model", help="show the trained entity model: when, on what, scores")
    m.add_argument("--format", choices=["table", "json"], default="table")
    m.set_defaults(func=partial(cmd_model, open_store=open_store))


def _split(v: str | None) -> list[str] | None:
    return [x.strip() for x in v.split(",") if x.strip()] if v else None


def cmd_train(args: argparse.Namespace, *, open_store: OpenStore, progress_bar: Bar) -> int:
    from dataclasses import replace

    from app.learn.report import score_table, summary_lines
    from app.learn.train import TrainOptions, train_entities

    opts = TrainOptions(annotators=_split(args.annotators), gold_only=args.gold_only,
                        labels=_split(args.labels))
    if args.epochs is not None:
        if args.epochs < 1:
            from app.errors import ValidationError

            raise ValidationError("--epochs must be at least 1")
        opts = replace(opts, max_epochs=args.epochs)
    store = open_store(args)
    bar = progress_bar(args, "training")
    try:
        result = train_entities(store, opts, progress=bar)
    finally:
        bar.close()
        store.close()
    if args.format == "json":
        print(json.dumps(result.meta, ensure_ascii=False, indent=2))
        return 0
    for line in summary_lines(result.meta):
        print(line)
    print()
    print(score_table(result.meta))
    return 0


def cmd_model(args: argparse.Namespace, *, open_store: OpenStore) -> int:
    from app.learn.model import compatible, spacy_version
    from app.learn.report import score_table, summary_lines
    from app.store.recommender import entity_model_info

    store = open_store(args)
    try:
        info = entity_model_info(store)
    finally:
        store.close()
    if info is None:
        if args.format == "json":
            print("null")
        else:
            print("no trained entity model in this store: run `curator train entities`")
        return 0
    installed = spacy_version()
    usable = installed is not None and compatible(info.spacy_version, installed)
    if args.format == "json":
        print(json.dumps({**info.meta, "id": info.id, "usable": usable,
                          "installed_spacy_version": installed}, ensure_ascii=False, indent=2))
        return 0
    for line in summary_lines(info.meta):
        print(line)
    if not usable:
        print(f"warning: this model needs spaCy {info.spacy_version}; installed:"
              f" {installed or 'none'}: suggestions skip it until it is retrained",
              file=sys.stderr)
    print()
    print(score_table(info.meta))
    return 0
