"""Sessions and transactions: the one place the store opens, commits and closes them.

Every store call is its own short transaction, unless it runs inside :meth:`Sessions.transaction`:
then it joins that one (a nested write is a SAVEPOINT, so a refused nested write the caller
catches undoes only its own part). The open transaction is per thread: a poller or worker
thread never joins the UI thread's transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.store.engine import writer
from app.store.team import is_transient, is_unreachable, unreachable


class Sessions:
    """The store's session factories and the transaction open on each thread, if any."""

    def __init__(self, engine: Engine, on_rollback: Callable[[], None] | None = None) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer_sessions = sessionmaker(writer(engine), expire_on_commit=False)
        self._local = threading.local()
        self._on_rollback = on_rollback  # caches to drop when a transaction is undone

    @property
    def active(self) -> Session | None:
        """The session of the transaction open on this thread, or ``None``."""
        return getattr(self._local, "session", None)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction (on SQLite it holds the write lock from its start) that every
        store call made inside it, on this thread, joins; committed at the end, rolled back
        on any error. A nested ``transaction()`` joins the outer one."""
        if (active := self.active) is not None:
            yield active
            return
        session = self._writer_sessions()
        self._local.session = session
        try:
            yield session
            session.commit()
        except BaseException as exc:
            _rollback(session)
            if self._on_rollback is not None:
                self._on_rollback()
            if is_unreachable(exc) and not is_transient(exc):  # transient: `retrying` re-runs it
                raise unreachable(exc) from None
            raise
        finally:
            self._local.session = None
            _close(session)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One short write transaction, or a savepoint in the transaction open on this thread."""
        if (active := self.active) is not None:
            with active.begin_nested():
                yield active
            return
        with self.transaction() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """One read (inside an open transaction: that transaction, so it sees its writes); a
        server that is gone is :class:`StoreUnreachable`, never a traceback."""
        if (active := self.active) is not None:
            yield active
            return
        session = self._sessions()
        try:
            yield session
        except DBAPIError as exc:
            if is_unreachable(exc):
                raise unreachable(exc) from None
            raise
        finally:
            _close(session)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for Core queries (inside an open transaction: its connection)."""
        if (active := self.active) is not None:
            yield active.connection()
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            if is_unreachable(exc):
                raise unreachable(exc) from None
            raise


def _rollback(session: Session) -> None:
    with suppress(DBAPIError):  # the connection is gone with the server: nothing to roll back
        session.rollback()


def _close(session: Session) -> None:
    with suppress(DBAPIError):
        session.close()


class Repository:
    """A repository: one responsibility's reads and writes, through the store's sessions."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    @property
    def in_transaction(self) -> bool:
        """A transaction is open on this thread (``retrying`` then runs a write once)."""
        return self.db.active is not None
