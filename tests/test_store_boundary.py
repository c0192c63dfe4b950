"""Only the store touches the engine, the driver's connections and cursors (issue 13): services
read through ``store.read()`` and ``app.store.raw.fetch_raw``."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
PLUMBING = {"engine", "dbapi_connection", "raw_connection", "exec_driver_sql"}  # a cursor needs one


def test_nothing_outside_the_store_uses_the_engine_or_a_cursor() -> None:
    found = []
    for path in sorted(APP.rglob("*.py")):
        if path.relative_to(APP).parts[0] == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Attribute) and node.attr in PLUMBING:
                found.append(f"{path.relative_to(APP.parent)}:{node.lineno}: .{node.attr}")
    assert not found, "\n".join(found)
