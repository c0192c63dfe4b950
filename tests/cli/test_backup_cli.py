"""``curator backup``, ``restore`` and ``check`` on real stores: results on stdout, problems
reported one per line, exit 1 while any remains."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from app import open_store
from app.cli import main
from app.store.backup import backup_folder, list_backups
from tests.store.test_check import make_store, raw, seed_orphan_review, seed_span_text


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_backup_goes_to_the_stores_folder_in_the_user_data_folder(tmp_path, data_home, capsys) -> None:
    db = tmp_path / "work.db"
    make_store(db)
    assert main(["--db", str(db), "backup"]) == 0
    out = capsys.readouterr().out
    folder = backup_folder(data_home / "article-curator" / "backups", db)
    [b] = list_backups(folder)
    assert (b.kind, b.documents, b.annotations) == ("manual", 2, 3)
    assert str(b.path) in out and "2 document(s), 3 annotation(s)" in out
    assert main(["--db", str(db), "backup", "--list"]) == 0
    assert str(b.path) in capsys.readouterr().out


def test_restore_needs_a_confirmation_and_backs_up_first(tmp_path, data_home, capsys, monkeypatch) -> None:
    db = tmp_path / "work.db"
    make_store(db)
    copy = tmp_path / "copy.sqlite"
    assert main(["--db", str(db), "backup", "-o", str(copy)]) == 0
    s = open_store(db)
    try:
        s.delete_document(s.find_document(uid="d2"))
    finally:
        s.close()
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["--db", str(db), "restore", str(copy)]) == 1
    assert "--yes" in capsys.readouterr().err
    assert main(["--db", str(db), "restore", "--yes", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "backed up the current store" in out
    s = open_store(db)
    try:
        assert s.count_documents() == 2
    finally:
        s.close()
    [before] = list_backups(backup_folder(data_home / "article-curator" / "backups", db))
    assert (before.kind, before.documents) == ("before-restore", 1)


def test_check_reports_each_problem_on_stdout_and_exits_1(tmp_path, data_home, capsys) -> None:
    db = tmp_path / "work.db"
    assert main(["--db", str(db), "check"]) == 0  # a new store is sound
    assert "passed every check" in capsys.readouterr().out
    db.unlink()
    ids = make_store(db)
    c = raw(db)
    seed_span_text(c, ids)
    seed_orphan_review(c, ids)
    c.close()

    assert main(["--db", str(db), "check"]) == 1
    cap = capsys.readouterr()
    lines = cap.out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["orphan-review", "span-text"]
    assert "2 problem(s)" in cap.err and "--repair" in cap.err

    assert main(["--db", str(db), "check", "--repair"]) == 1  # the span text stays for the user
    cap = capsys.readouterr()
    assert any(line.startswith("repaired: deleted 1 review") for line in cap.out.splitlines())
    assert [line.split(":")[1].strip() for line in cap.out.splitlines()
            if line.startswith("remaining:")] == ["span-text"]
    [saved] = list_backups(backup_folder(data_home / "article-curator" / "backups", db))
    assert saved.kind == "before-repair"
    with sqlite3.connect(saved.path) as conn:  # the backup still holds what was repaired
        assert conn.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM review_decisions").fetchone()[0] == 1


def test_backup_of_a_missing_store_is_a_user_error(tmp_path, data_home, capsys) -> None:
    assert main(["--db", str(tmp_path / "none.db"), "backup"]) == 1
    cap = capsys.readouterr()
    assert cap.out == "" and "no store at" in cap.err


@pytest.mark.postgres
def test_backup_of_a_postgresql_store_is_a_native_json_export(pg_store_url, tmp_path, capsys) -> None:
    from app.bundle import Bundle

    s = open_store(pg_store_url)
    try:
        s.import_bundle(Bundle(documents=[{"id": "p1", "text": "Ada in Paris.", "annotations": [
            {"start": 0, "end": 3, "label": "PERSON", "annotator": "alice"}]}]))
    finally:
        s.close()
    out = tmp_path / "pg.json"
    assert main(["--db", pg_store_url, "backup", "-o", str(out)]) == 0
    assert "native JSON" in capsys.readouterr().out
    data = orjson.loads(out.read_bytes())
    assert data["format"] == "article-curator"
    assert [(d["id"], [a["text"] for a in d["annotations"]]) for d in data["documents"]] == [("p1", ["Ada"])]
