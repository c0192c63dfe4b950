"""Backups of real SQLite stores: consistent while another process imports, rotation, restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app import open_store
from app.bundle import Bundle
from app.cli import main
from app.store.backup import (
    ChangeWatch,
    backup_folder,
    list_backups,
    prune,
    restore_sqlite,
    take_backup,
)

ROOT = Path(__file__).resolve().parents[2]
PER_IMPORT = 5  # documents per import, each with two annotations

WORKER = f"""
import sys, time
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from app import open_store
from app.bundle import Bundle
store = open_store(sys.argv[1])
stop = Path(sys.argv[2])
for n in range(10_000):
    if stop.exists():
        break
    docs = []
    for k in range({PER_IMPORT}):
        text = f"Import {{n}} item {{k}}: Ada Lovelace visited Paris. " + "filler " * 400
        docs.append({{"id": f"n{{n}}-{{k}}", "title": f"Batch {{n}}", "text": text, "annotations": [
            {{"start": text.index("Ada"), "end": text.index("Ada") + 12, "label": "PERSON", "annotator": "w"}},
            {{"start": text.index("Paris"), "end": text.index("Paris") + 5, "label": "GPE", "annotator": "w"}},
        ]}})
    store.import_bundle(Bundle(documents=docs))
    print(n, flush=True)
store.close()
"""


def integrity(path: Path) -> list[str]:
    with sqlite3.connect(path) as c:
        return [r[0] for r in c.execute("PRAGMA integrity_check")]


def counts(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as c:
        return (c.execute("SELECT count(*) FROM documents").fetchone()[0],
                c.execute("SELECT count(*) FROM annotations").fetchone()[0])


def test_backup_during_concurrent_imports_is_whole(tmp_path: Path, capsys) -> None:
    path, stop = tmp_path / "live.db", tmp_path / "stop"
    open_store(path).close()
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "0", worker.stderr.read() if worker.stderr else ""
        copies = []
        for i in range(6):
            out = tmp_path / f"copy{i}.sqlite"
            assert main(["--db", str(path), "backup", "-o", str(out)]) == 0
            copies.append(out)
            time.sleep(0.05)
        last = counts(copies[-1])[0]
        deadline = time.monotonic() + 120
        while counts(path)[0] <= last:  # the importer goes on after the last backup
            assert worker.poll() is None and time.monotonic() < deadline, "not concurrent"
            time.sleep(0.05)
    finally:
        stop.touch()
        worker.wait(timeout=120)
    assert worker.returncode == 0, worker.stderr.read() if worker.stderr else ""
    final_docs, _ = counts(path)
    seen = []
    for out in copies:
        assert integrity(out) == ["ok"]
        docs, anns = counts(out)
        assert docs % PER_IMPORT == 0 and docs > 0, docs  # whole imports only
        assert anns == 2 * docs
        assert not Path(f"{out}-wal").exists()  # one self-contained file
        seen.append(docs)
    assert seen == sorted(seen) and seen[-1] < final_docs  # taken while the importer was adding
    assert "backed up" in capsys.readouterr().out


def make(path: Path, n: int) -> None:
    s = open_store(path)
    try:
        s.import_bundle(Bundle(documents=[{"id": f"d{path.stem}{i}", "text": f"Doc {i} about Paris."}
                                          for i in range(n)]))
    finally:
        s.close()


def test_automatic_backups_rotate_and_keep_the_others(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make(path, 2)
    folder = backup_folder(tmp_path / "backups", path)
    t0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    manual = take_backup(path, folder, kind="manual", now=t0)
    for i in range(5):
        take_backup(path, folder, kind="auto", keep=3, now=t0 + timedelta(minutes=30 * (i + 1)))
    listed = list_backups(folder)
    autos = [b for b in listed if b.kind == "auto"]
    assert [b.taken_at for b in autos] == [t0 + timedelta(minutes=30 * k) for k in (5, 4, 3)]
    assert manual.path in [b.path for b in listed]  # only automatic ones rotate
    assert all(b.documents == 2 and b.annotations == 0 for b in listed)
    assert prune(folder, 1) == [autos[1].path, autos[2].path]
    assert len(list(folder.iterdir())) == 2


def test_restore_round_trip_backs_up_the_current_store_first(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make(path, 3)
    folder = backup_folder(tmp_path / "backups", path)
    first = take_backup(path, folder, kind="manual")
    s = open_store(path)
    try:
        doc = s.find_document(uid="ds0")
        assert doc is not None
        s.add_annotation(doc, 12, 17, "GPE", "alice")
        s.delete_document(s.find_document(uid="ds2"))
    finally:
        s.close()

    before = restore_sqlite(first.path, path, folder)
    assert before is not None and before.kind == "before-restore"
    assert (before.documents, before.annotations) == (2, 1)
    assert integrity(path) == ["ok"]
    s = open_store(path)
    try:
        assert sorted(d.uid for d in s.list_documents()) == ["ds0", "ds1", "ds2"]
        assert s.stats()["annotations"] == 0
    finally:
        s.close()

    restore_sqlite(before.path, path, folder)  # and back to the edited state
    s = open_store(path)
    try:
        assert sorted(d.uid for d in s.list_documents()) == ["ds0", "ds1"]
        assert [a.text for a in s.annotations(s.find_document(uid="ds0"))] == ["Paris"]
    finally:
        s.close()


def test_restore_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make(path, 1)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    folder = tmp_path / "backups"
    import pytest

    from app.errors import CuratorError

    with pytest.raises(CuratorError, match="not a readable"):
        restore_sqlite(junk, path, folder)
    assert counts(path) == (1, 0)
    assert list_backups(folder) == []  # nothing was touched


def test_change_watch_sees_commits_of_other_connections(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make(path, 1)
    watch = ChangeWatch(path)
    try:
        assert not watch.changed()
        s = open_store(path)
        try:
            s.add_annotation(s.find_document(uid="ds0"), 0, 3, "PERSON", "alice")
        finally:
            s.close()
        assert watch.changed()
        watch.mark()
        assert not watch.changed()
    finally:
        watch.close()
