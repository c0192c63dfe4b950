"""The ``curator`` command as a user runs it: real processes, real store files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.importing import import_paths
from tests.conftest import CORPUS

BIN = Path(sys.executable).parent / "curator"


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CURATOR_DB=str(db), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_import_list_stats_export(tmp_path):
    db = tmp_path / "c.db"
    out = run("import", str(CORPUS), db=db).stdout
    assert "imported 5 document(s), skipped 0" in out
    assert "skipped 5 already there" in run("import", str(CORPUS), db=db).stdout
    listing = json.loads(run("list", "--format", "json", db=db).stdout)
    assert len(listing) == 5 and {"id", "title", "published", "status", "annotations"} <= set(listing[0])
    assert "China to push forward Shanghai Spirit" in run("list", db=db).stdout
    stats = json.loads(run("stats", "--format", "json", db=db).stdout)
    assert stats["documents"] == 5 and stats["annotations"] == 0
    assert "5 (" in run("stats", db=db).stdout
    exported = tmp_path / "out.jsonl"
    assert "exported 5 document(s)" in run("export", "--format", "jsonl", "-o", str(exported), db=db).stdout
    assert len(exported.read_text(encoding="utf-8").splitlines()) == 5


def test_export_filter_by_annotator_uses_the_issue_spelling(tmp_path):
    from app import open_store

    db = tmp_path / "c.db"
    s = open_store(db)
    import_paths(s, [str(CORPUS)])
    d = s.list_documents()[0]
    t = s.document_text(d.id)
    s.add_annotation(d.id, 0, t.index(" "), "ORG", "alice")
    s.add_annotation(d.id, 0, t.index(" "), "ORG", "bob")
    s.close()
    out = tmp_path / "a.json"
    run("export", "--annotator", "alice", "-o", str(out), db=db)
    anns = [a["annotator"] for doc in json.loads(out.read_text())["documents"] for a in doc["annotations"]]
    assert anns == ["alice"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "{tmp}/missing.txt"), "missing.txt: no such file or folder"),
        (("export", "--format", "nope", "-o", "{tmp}/x"), "unknown export format 'nope'"),
        (("import", "{tmp}/bad.json"), "bad.json: file: malformed JSON"),
    ],
)
def test_user_errors_exit_1_with_one_clear_line(tmp_path, args, message):
    (tmp_path / "bad.json").write_text('{"format": "article-curator", "documents": [')
    proc = run(*(a.format(tmp=tmp_path) for a in args), db=tmp_path / "c.db", check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("curator: error: ") and message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_failed_text_files_are_listed_and_exit_1(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text("Fine\n")
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    proc = run("import", str(tmp_path / "in"), db=tmp_path / "c.db", check=False)
    assert proc.returncode == 1
    assert "imported 1 document(s)" in proc.stdout
    assert "bin.txt: binary content" in proc.stderr and "bin.txt" not in proc.stdout


def test_newer_store_is_refused_untouched(tmp_path):
    import sqlite3

    db = tmp_path / "c.db"
    run("import", str(CORPUS), db=db)
    c = sqlite3.connect(db)
    with c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    before = db.read_bytes()
    proc = run("list", db=db, check=False)
    assert proc.returncode == 1 and "newer version of Article Curator" in proc.stderr
    assert db.read_bytes() == before
