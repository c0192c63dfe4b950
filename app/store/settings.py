"""The store's settings (table ``settings``, migration 0004): one JSON value per key, shared by
every curator of the store.

Today they hold the review policy (:class:`~app.store.policy.StorePolicy`): ``self_review`` and
``reviewer_role``. Reading is anyone's; changing them is a reviewer's action (``by=`` a reviewer,
checked in the write's own transaction) or the administrator's (``by=None``: ``curator policy``,
run with the store's own credentials), like :meth:`Store.set_role`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.orm import Session

from app.errors import PermissionDenied, ValidationError
from app.models import Annotator, Setting
from app.store.policy import StorePolicy

if TYPE_CHECKING:
    from app.store.store import Store

# the policy's fields and their keys in the table
POLICY_KEYS = {"self_review": "review.self_review", "reviewer_role": "review.reviewer_role"}


def _table() -> Table:
    return Setting.__table__  # type: ignore[return-value]


def read_all(store: Store) -> dict[str, Any]:
    """Every setting the store holds, by key."""
    t = _table()
    with store.read() as conn:
        return {k: v for k, v in conn.execute(select(t.c.key, t.c.value))}


def read_policy(store: Store) -> StorePolicy:
    """The store's review policy: the defaults for whatever it does not set."""
    held = read_all(store)
    fields = {f: bool(held[k]) for f, k in POLICY_KEYS.items() if k in held}
    return StorePolicy(**fields)


def _put(s: Session, values: dict[str, Any]) -> None:
    t = _table()
    s.execute(delete(t).where(t.c.key.in_(list(values))))
    s.execute(insert(t), [{"key": k, "value": v} for k, v in values.items()])


def set_policy(
    store: Store, *, by: str | None, self_review: bool | None = None,
    reviewer_role: bool | None = None,
) -> StorePolicy:
    """Change the review policy (the fields given); ``by`` must be a reviewer, ``None`` is the
    administrator. Returns the policy now in force."""
    changes = {f: v for f, v in (("self_review", self_review), ("reviewer_role", reviewer_role))
               if v is not None}
    for f, v in changes.items():
        if not isinstance(v, bool):
            raise ValidationError(f"{f} must be yes or no, not {v!r}")
    if changes:
        with store._write() as s:  # noqa: SLF001  (same package)
            if by is not None:
                role = s.scalar(select(Annotator.role).where(Annotator.name == by))
                if role != "reviewer":
                    raise PermissionDenied(
                        f"{by} may not change this store's review policy: only a reviewer can"
                        " (or an administrator: curator policy)"
                    )
            _put(s, {POLICY_KEYS[f]: v for f, v in changes.items()})
    return read_policy(store)


__all__ = ["POLICY_KEYS", "read_all", "read_policy", "set_policy"]
