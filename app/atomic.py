"""Atomic file writes: a temp file in the destination folder, fsync, then rename."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO


@contextmanager
def atomic_open(path: str | Path, mode: str = "wb", **kwargs: object) -> Iterator[IO]:
    """Open a temp file next to ``path``; on success it replaces ``path``, on error it is removed.

    An interrupted or failing export never leaves a truncated file at the destination, and the
    previous file stays intact.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path)
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:  # type: ignore[call-overload]
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _create_temp(path: Path) -> tuple[int, str]:
    """A new temp file next to ``path`` with the mode a plain ``open`` would give (umask
    applies; mkstemp's would be owner-only), or the mode of the file it will replace."""
    while True:
        tmp = str(path.with_name(temp_name(path)))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            continue
        with suppress(OSError):  # OSError: nothing to replace
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        return fd, tmp


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def temp_name(path: Path, suffix: str = ".part") -> str:
    """The hidden name of a temp beside ``path``: ``.NAME.PID-RANDOM.part``; the process id
    lets a later export tell a killed export's leftovers from a running one's."""
    return f".{path.name}.{os.getpid()}-{secrets.token_hex(6)}{suffix}"


def _gone(pid: int) -> bool:
    """True when no process ``pid`` runs on this machine (POSIX; elsewhere never sure)."""
    if os.name != "posix" or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, another user's
        return False
    return False


def stale_temps(path: Path, suffix: str = ".part", idle: float = 60.0) -> list[Path]:
    """Temps beside ``path`` left by a killed export: their process is gone and they have not
    been written for ``idle`` seconds (a live export on another machine keeps writing)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)-[0-9a-f]+{re.escape(suffix)}")
    now = time.time()
    out = []
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return []
    for q in siblings:
        m = pattern.fullmatch(q.name)
        if m is None or not _gone(int(m.group(1))):
            continue
        try:
            if now - q.lstat().st_mtime >= idle:
                out.append(q)
        except OSError:
            continue
    return sorted(out)


def sweep_stale(path: Path, suffix: str = ".part") -> int:
    """Remove what killed exports to ``path`` left behind; the number removed."""
    n = 0
    for q in stale_temps(path, suffix):
        with suppress(OSError):
            if q.is_dir() and not q.is_symlink():
                shutil.rmtree(q)
            else:
                q.unlink()
            n += 1
    return n
