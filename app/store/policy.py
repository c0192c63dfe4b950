"""A store's review policy: who may do what beyond editing their own work.

- **Roles** change only by a reviewer's action (``Store.set_role(..., by=)``) or the
  administrator's (``curator role``, run with the store's own credentials).
- **Reviewer role** (``reviewer_role``; on by default): whether adjudicating needs the
  reviewer role. Off: any curator may review any two or more annotators, their decisions
  recorded under their own name.
- **Self-review**: whether a reviewer may adjudicate a comparison that includes their own
  annotations (``self_review``; off by default: a second person decides what is gold).

Held by the :class:`~app.store.store.Store` (``store.policy``) and read by the core
(``app.review.adjudicate``), never decided by a dialog. Not yet persisted in the store's
schema (that needs a settings table, a migration): a deployment that allows self-review sets
it when it opens the store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorePolicy:
    self_review: bool = False
    reviewer_role: bool = True


__all__ = ["StorePolicy"]
