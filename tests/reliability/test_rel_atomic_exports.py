"""Atomic exports: an export killed midway, or failing on a full disk, leaves the previous
file (or folder) at the destination exactly as it was."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from reliability_util import ROOT, env

from app import atomic, open_store
from app.bundle import Bundle
from app.cli import main
from app.formats.registry import writers

KILL_RUNS = 6


def _fill(db: Path, docs: int, size: int) -> None:
    body = ("Trade between the SCO members rose 12% to $3.5 bn in 2021, 北京 said. " * (size // 70 + 1))[:size]
    with open_store(db) as s:
        s.import_bundle(Bundle([
            {"id": f"d{k}", "text": f"{k}: {body}",
             "annotations": [{"start": 0, "end": len(str(k)), "label": "CARDINAL"},
                             {"start": len(str(k)) + 2, "end": len(str(k)) + 7, "label": "ORG"}]}
            for k in range(docs)
        ]))


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}
    return {"": path.read_bytes()}


def test_export_killed_midway_leaves_the_previous_file(tmp_path: Path):
    db = tmp_path / "big.db"
    _fill(db, 250, 60_000)  # ~15 MB of JSON: long enough to be killed while writing
    dest = tmp_path / "out" / "export.json"
    dest.parent.mkdir()
    small = tmp_path / "small.db"
    _fill(small, 2, 100)
    assert main(["--db", str(small), "export", "-o", str(dest)]) == 0
    previous = dest.read_bytes()
    rng = random.Random(9)
    mid_write = 0
    for _run in range(KILL_RUNS):
        p = subprocess.Popen([sys.executable, "-m", "app.cli", "--db", str(db), "export", "-o", str(dest)],
                             env=env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        parts: list[Path] = []
        while time.monotonic() < deadline and p.poll() is None:
            parts = [q for q in dest.parent.glob(".export.json.*.part") if q.stat().st_size > 0]
            if parts:
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.05))
        writing = p.poll() is None and any(q.exists() for q in parts)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if p.returncode == 0:  # it finished first: then the new file is whole
            orjson.loads(dest.read_bytes())
            previous = dest.read_bytes()
            continue
        mid_write += writing
        assert dest.read_bytes() == previous  # the destination was never touched
        for q in dest.parent.glob(".export.json.*.part"):  # what a killed process leaves: a hidden temp
            q.unlink()
    assert mid_write >= KILL_RUNS // 2, "the exports finished before they could be killed"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["export.json"]


class _FullDisk:
    """A file object whose writes fail with ENOSPC once ``limit`` bytes (or chars) went through."""

    def __init__(self, fh: Any, limit: int) -> None:
        self._fh, self._left = fh, limit

    def write(self, data: Any) -> int:
        self._left -= len(data)
        if self._left < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._fh.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)

    def __enter__(self) -> _FullDisk:
        self._fh.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        return self._fh.__exit__(*exc)


WRITERS = sorted(f.name for f in writers())


@pytest.mark.parametrize("fmt", WRITERS)
def test_full_disk_reports_an_error_and_keeps_the_previous_export(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from app.formats.registry import FORMATS

    ext = FORMATS[fmt].extension
    db = tmp_path / "s.db"
    _fill(db, 30, 3000)
    dest = tmp_path / f"export{ext}"
    assert main(["--db", str(db), "export", "--format", fmt, "-o", str(dest)]) == 0
    previous = _snapshot(dest)
    assert previous
    with open_store(db) as s:  # new work since the last export
        s.add_annotation(s.document_ids()[0], 3, 8, "PERSON", "zoe")
    capsys.readouterr()

    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k), 500))
    import builtins

    real_open = builtins.open

    def full_open(file: Any, mode: str = "r", *a: Any, **k: Any) -> Any:
        fh = real_open(file, mode, *a, **k)
        return _FullDisk(fh, 500) if any(c in mode for c in "wax") else fh

    import app.formats.interchange as interchange

    monkeypatch.setattr(interchange, "open", full_open, raising=False)
    rc = main(["--db", str(db), "export", "--format", fmt, "-o", str(dest)])
    out, err = capsys.readouterr()
    assert rc == 1, (out, err)
    assert "No space left on device" in err and "Traceback" not in err
    assert _snapshot(dest) == previous
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # the temp file or folder was removed


def test_export_onto_a_folder_or_into_a_file_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    db = tmp_path / "s.db"
    _fill(db, 3, 200)
    folder = tmp_path / "taken"
    (folder / "inside").mkdir(parents=True)
    (folder / "inside" / "keep.txt").write_text("mine")
    assert main(["--db", str(db), "export", "-o", str(folder)]) == 1
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    assert main(["--db", str(db), "export", "-o", str(blocker / "x.json")]) == 1
    err = capsys.readouterr().err
    assert err.count("curator: error:") == 2 and "Traceback" not in err
    assert (folder / "inside" / "keep.txt").read_text() == "mine" and blocker.read_text() == "not a folder"


def test_export_keeps_the_usual_file_mode(tmp_path: Path):
    """The temp file behind an atomic write is owner-only; the export must not stay so."""
    db = tmp_path / "s.db"
    _fill(db, 2, 100)
    fresh = tmp_path / "fresh.json"
    assert main(["--db", str(db), "export", "-o", str(fresh)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    shared = tmp_path / "shared.json"
    shared.write_text("{}")
    shared.chmod(0o640)
    assert main(["--db", str(db), "export", "-o", str(shared)]) == 0
    assert shared.stat().st_mode & 0o777 == 0o640  # replacing a file keeps its mode
