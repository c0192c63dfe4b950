"""A store's review policy: who may do what beyond editing their own work.

- **Roles** change only by a reviewer's action (``Store.set_role(..., by=)``) or the
  administrator's (``curator role``, run with the store's own credentials).
- **Reviewer role** (``reviewer_role``; on by default): whether adjudicating needs the
  reviewer role. Off: any curator may review any two or more annotators, their decisions
  recorded under their own name.
- **Self-review**: whether a reviewer may adjudicate a comparison that includes their own
  annotations (``self_review``; off by default: a second person decides what is gold).

Stored in the store's ``settings`` table (:mod:`app.store.settings`, migration 0004), read
through ``store.policy`` by the core (``app.review.adjudicate``), never decided by a dialog.
Changing it is a reviewer's action (``settings.set_policy(store, by=...)``) or the
administrator's (``curator policy --self-review yes|no --require-reviewer yes|no``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorePolicy:
    self_review: bool = False
    reviewer_role: bool = True


__all__ = ["StorePolicy"]
