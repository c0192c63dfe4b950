"""``curator policy``: show or change the store's review policy (``app.store.settings``).

Run with the store's own credentials, it is the administrator's action (like ``curator role``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

_YES_NO = {"yes": True, "no": False}


def add_policy_command(sub: argparse._SubParsersAction, opener: Callable[[Any], Any]) -> None:
    """Register the command; ``opener(args)`` opens the store (``app.cli``'s, which asks for a
    PostgreSQL password on a terminal)."""
    p = sub.add_parser("policy", help="show or change the store's review policy")
    p.add_argument("--self-review", choices=sorted(_YES_NO), default=None,
                   help="may a reviewer adjudicate a comparison that includes their own work")
    p.add_argument("--require-reviewer", choices=sorted(_YES_NO), default=None,
                   help="does reviewing need the reviewer role (no: any curator may review)")
    p.set_defaults(func=cmd_policy, open_store=opener)


def cmd_policy(args: argparse.Namespace) -> int:
    """Print the policy (after applying the changes asked for), one ``key<TAB>yes|no`` a line."""
    from app.store.settings import set_policy

    store = args.open_store(args)
    try:
        policy = set_policy(
            store, by=None,
            self_review=None if args.self_review is None else _YES_NO[args.self_review],
            reviewer_role=None if args.require_reviewer is None else _YES_NO[args.require_reviewer],
        )
    finally:
        store.close()
    print(f"self-review\t{'yes' if policy.self_review else 'no'}")
    print(f"require-reviewer\t{'yes' if policy.reviewer_role else 'no'}")
    return 0
