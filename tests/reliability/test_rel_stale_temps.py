"""What a killed export leaves beside its destination is tidied by the next export to it: hidden
temps of dead processes go, a live export's stay, and a folder export killed between its two
renames gets its previous folder back."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.atomic import atomic_write_text, temp_name
from app.formats.interchange import Outbox

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process ids are checked with POSIX kill(pid, 0)")


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _named(dest: Path, pid: int, suffix: str = ".part") -> Path:
    name = temp_name(dest, suffix).replace(f".{os.getpid()}-", f".{pid}-", 1)
    return dest.with_name(name)


def _age(path: Path, seconds: float) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_a_killed_exports_temp_is_swept_a_live_ones_kept(tmp_path: Path) -> None:
    dest = tmp_path / "export.json"
    dead = _named(dest, _dead_pid())
    dead.write_text("half an export")
    _age(dead, 3600)
    recent = _named(dest, _dead_pid())  # dead, but written a moment ago: maybe another machine's
    recent.write_text("still being written elsewhere?")
    live = _named(dest, os.getppid())  # a running process (our parent)
    live.write_text("being written")
    _age(live, 3600)
    other = tmp_path / ".notes.txt.123-abc.part"  # another destination's: not ours to touch
    other.write_text("x")
    _age(other, 3600)

    atomic_write_text(dest, "{}")

    assert dest.read_text() == "{}"
    assert not dead.exists()
    assert recent.exists() and live.exists() and other.exists()


def test_a_folder_export_killed_between_its_renames_gets_its_folder_back(tmp_path: Path) -> None:
    dest = tmp_path / "brat"
    moved = _named(dest, _dead_pid(), ".old")  # the previous export, moved aside, then the kill
    moved.mkdir()
    (moved / "a.ann").write_text("T1\tORG 0 3\tSCO\n")
    _age(moved, 3600)
    half = _named(dest, _dead_pid())  # the new export's temp folder, never renamed in
    half.mkdir()
    (half / "b.ann").write_text("")
    _age(half, 3600)

    box = Outbox(dest)  # the next export to the same folder
    assert (dest / "a.ann").read_text() == "T1\tORG 0 3\tSCO\n"  # restored before anything else
    assert not moved.exists() and not half.exists()
    with pytest.raises(RuntimeError), box:
        box.write("c.ann", b"T1\tORG 0 1\tx\n")
        raise RuntimeError("this export fails too")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]  # previous export intact
    assert (dest / "a.ann").exists() and not (dest / "c.ann").exists()
    with Outbox(dest) as box:
        box.write("c.ann", b"T1\tORG 0 1\tx\n")
    assert sorted(p.name for p in dest.iterdir()) == ["c.ann"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]
