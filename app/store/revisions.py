"""The schema revisions this version knows and the Alembic configuration for them (a leaf module:
``migrate`` and ``fresh`` both read it, so neither imports the other for it)."""

from __future__ import annotations

from pathlib import Path

HEAD = "0004"  # the newest migration; tests check it matches Alembic's head
KNOWN = ("0001", "0002", "0003", "0004")
MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(conn):
    """An Alembic ``Config`` running the bundled migrations on ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg
