"""Opening a PostgreSQL store: created once when several curators open it at the same time."""

from __future__ import annotations

import threading

import pytest

from app import open_store
from app.store.schema import default_labels


@pytest.mark.postgres
def test_curators_opening_a_new_database_at_once_create_the_store_once(pg_db_url: str):
    barrier, errors, stores = threading.Barrier(4), [], []

    def open_it() -> None:
        try:
            barrier.wait()
            stores.append(open_store(pg_db_url))
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert not any(t.is_alive() for t in threads), "opening the new store hung"
        assert errors == []
        assert len(stores) == 4
        names = [d["name"] for d in default_labels()]
        for s in stores:
            assert [lv.name for lv in s.labels()] == names
    finally:
        for s in stores:
            s.close()
