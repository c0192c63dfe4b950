"""Team mode helpers: retry a write transaction that lost a race with a colleague's.

A transient failure is one that says nothing about the write itself: PostgreSQL's
serialization failure or deadlock (SQLSTATE 40001, 40P01), a dropped connection, or SQLite's
"database is locked" after its busy timeout. The whole write is re-run from its start, on a
fresh transaction, so it re-reads what the other writer committed (and a stale optimistic
lock then surfaces as ``ConflictError``, never as a silent overwrite).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from app.errors import CuratorError, StoreUnreachable

F = TypeVar("F", bound=Callable[..., Any])
TRANSIENT_SQLSTATES = {"40001", "40P01"}
ATTEMPTS = 8


def is_transient(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    if isinstance(exc, OperationalError):
        msg = str(orig).lower()
        return "database is locked" in msg or "database is busy" in msg
    return False


_GONE = ("connection", "server closed", "could not connect", "unable to open database file",
         "disk i/o error", "terminating", "the database system is")


def is_unreachable(exc: BaseException) -> bool:
    """The server (or the SQLite file) is gone: refused, dropped, shut down; not a bad write."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None) or ""
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return True
    if isinstance(exc, (OperationalError, InterfaceError)) and not state:
        msg = str(exc.orig).lower()
        if "password" in msg or "authentication" in msg:
            return False
        return any(s in msg for s in _GONE)
    return False


def unreachable(exc: BaseException) -> StoreUnreachable:
    """The error the user sees: one line, the driver's reason without its details."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return StoreUnreachable(f"server unreachable ({reason[0] if reason else 'no reason given'})")


def retrying(fn: F) -> F:
    """Re-run ``fn`` (one whole write transaction) after a transient failure, with backoff.

    Called inside a store's open transaction (``args[0].in_transaction``), ``fn`` runs once:
    only the whole transaction can be re-run, by the ``retrying`` around it.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if args and getattr(args[0], "in_transaction", False):
            return fn(*args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except DBAPIError as exc:
                if not is_transient(exc):
                    if is_unreachable(exc):
                        raise unreachable(exc) from None
                    raise
                if attempt == ATTEMPTS - 1:
                    if is_unreachable(exc):
                        raise unreachable(exc) from None
                    raise CuratorError(
                        f"the store stayed busy (another curator's write kept winning): {exc.orig}"
                    ) from None
                time.sleep(min(0.5, 0.01 * 2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    return cast(F, wrapper)


def settings_url(url: str) -> str:
    """The store's URL as it may be written to settings or a recent-stores list: without its
    password (libpq finds it again in ``PGPASSWORD``, ``~/.pgpass`` or ``PGPASSFILE``)."""
    from sqlalchemy.engine import make_url

    if "://" not in url:
        return url
    u = make_url(url)
    return u._replace(password=None).render_as_string(hide_password=False) if u.password else url


def needs_password(exc: BaseException) -> bool:
    """The server asked for a password that libpq could not find (no PGPASSWORD, no pgpass)."""
    return "no password supplied" in str(exc)


def open_store_asking(url_or_path: Any, ask: Callable[[str], str] | None = None) -> Any:
    """``open_store``; when the server wants a password libpq could not find and ``ask`` is
    given (a terminal prompt, a dialog), ask once and retry. The answer lives only in this
    process's ``PGPASSWORD``: never in the URL, settings or any file."""
    import os

    from sqlalchemy.engine import make_url

    from app.store import open_store
    from app.store.engine import to_url
    from app.store.urls import mask_url

    try:
        return open_store(url_or_path)
    except CuratorError as exc:
        if ask is None or not needs_password(exc):
            raise
    url = make_url(to_url(url_or_path))
    password = ask(f"password for {url.username or 'you'} on {url.host or 'localhost'}: ")
    if not password:
        raise CuratorError(f"{mask_url(url.render_as_string(hide_password=False))}: no password given")
    os.environ["PGPASSWORD"] = password
    return open_store(url_or_path)


__all__ = ["is_transient", "is_unreachable", "needs_password", "unreachable", "open_store_asking", "retrying", "settings_url"]
