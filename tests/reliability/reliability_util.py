"""Helpers of the reliability tests: run the CLI, fingerprint a SQLite store, check integrity."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
BAD = DATA / "bad"
STORES = DATA / "stores"
PYTHON = sys.executable
TABLES = ("documents", "annotations", "labels", "annotators", "relations", "review_decisions",
          "document_progress")


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    e.pop("CURATOR_DB", None)
    return e


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``curator ARGS`` in a fresh interpreter (the real entry point, real exit code)."""
    return subprocess.run(
        [PYTHON, "-m", "app.cli", *args], capture_output=True, text=True, timeout=timeout,
        env=env(), cwd=ROOT,
    )


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def counts(path: Path) -> dict[str, int]:
    with _ro(path) as c:
        have = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES if t in have}


def digest(path: Path) -> str:
    """A fingerprint of every row of every table: equal digests, equal stores."""
    c = _ro(path)
    try:
        h = hashlib.sha256()
        for line in c.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        c.close()


def integrity(path: Path) -> str:
    c = _ro(path)
    try:
        return ";".join(r[0] for r in c.execute("PRAGMA integrity_check"))
    finally:
        c.close()


def file_bytes(path: Path) -> dict[str, bytes | None]:
    """The store file and its WAL/SHM companions, byte for byte (None when absent)."""
    out: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-shm"):
        p = path.with_name(path.name + suffix)
        out[suffix or "db"] = p.read_bytes() if p.exists() else None
    return out
