"""The PostgreSQL test server itself: found, started, isolated per test."""

from __future__ import annotations

import glob
import os

import pytest
from sqlalchemy import create_engine, text

from tests.pgserver import find_bindir


def test_binaries_are_found_in_the_debian_layout():
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and os.environ.get("CI") != "true":
        pytest.skip("no Debian PostgreSQL packages on this machine")
    bindir = find_bindir()
    assert bindir is not None and (bindir / "initdb").is_file()


def test_each_test_gets_its_own_empty_database(pg_db_url):
    engine = create_engine(pg_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar().startswith("test_")
            assert conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )).scalar() == 0
    finally:
        engine.dispose()
