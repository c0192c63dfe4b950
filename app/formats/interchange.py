"""Helpers shared by the interchange formats: JSON errors with a place, safe file names,
atomic folder/zip outputs, reading folder/zip inputs, progress ticks.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO, Any

import orjson

from app.atomic import atomic_open, stale_temps, sweep_stale, temp_name
from app.errors import CuratorError, ImportFailed
from app.store.store import Progress

MAX_ENTRY = 256 * 2**20
_UNSAFE = re.compile(r"[^\w\-. ]+", re.UNICODE)
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def load_json(data: bytes | str, where: str) -> Any:
    """Parse JSON; a syntax error becomes ImportFailed naming ``where`` (file and line)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ImportFailed(f"{where}: malformed JSON ({exc})") from None
    except RecursionError:
        raise ImportFailed(f"{where}: JSON nested too deeply") from None


def safe_stem(title: str, used: set[str], fallback: str = "document", limit: int = 60) -> str:
    """A file-name stem from a title: no separators, no leading dots, unique in ``used``.

    ``../../etc/passwd`` becomes ``etc_passwd``: a derived name always stays in its folder.
    """
    s = unicodedata.normalize("NFC", title or "")
    s = _UNSAFE.sub("_", s.replace("/", "_").replace("\\", "_"))
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"_+", "_", s).strip(" ._-")[:limit].strip(" ._-")
    if not s or s.upper().split(".")[0] in _RESERVED:
        s = f"{fallback}_{s}" if s else fallback
    stem, n = s, 2
    while stem.lower() in used:
        stem = f"{s}-{n}"
        n += 1
    used.add(stem.lower())
    return stem


def tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 50 == 0 or done == total):
        progress(done, total)


def is_pending(a: dict[str, Any]) -> bool:
    return a.get("origin") == "suggested" and a.get("review_status") == "none"


def strip_id(value: Any, prefixes: tuple[str, ...] = ("urn:uuid:", "urn:curator:")) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    for p in prefixes:
        if value.startswith(p):
            return value[len(p):]
    return value


def urn_of(ann_id: str) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(ann_id)}"
    except ValueError:
        return f"urn:curator:{ann_id}"


class Outbox:
    """Write many files into a folder, or a .zip when ``path`` ends with .zip, atomically.

    A folder is built in a hidden temp folder next to ``path`` and renamed into place at the
    end (a previous folder is replaced only then); a zip goes through ``atomic_open``.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.is_zip = self.path.suffix.lower() == ".zip"
        if not self.is_zip and self.path.exists() and not self.path.is_dir():
            raise CuratorError(f"{self.path}: exists and is not a folder")
        if (not self.is_zip and self.path.is_dir() and any(self.path.iterdir())
                and not any(self.path.glob("**/*.ann")) and not any(self.path.glob("**/*.tsv"))):
            raise CuratorError(
                f"{self.path}: a folder with other content; export into a new or empty folder"
            )
        self._zip: zipfile.ZipFile | None = None
        self._cm: Any = None
        self._tmp: Path | None = None
        if not self.is_zip:
            self._recover()

    def _recover(self) -> None:
        """Tidy up after an export to this folder that was killed: its temp folders go; a
        previous export it had moved aside (killed between the two renames) comes back first."""
        sweep_stale(self.path)
        for old in stale_temps(self.path, ".old"):
            if not self.path.exists():
                os.replace(old, self.path)
            else:
                shutil.rmtree(old, ignore_errors=True)

    def __enter__(self) -> Outbox:
        if self.is_zip:
            self._cm = atomic_open(self.path, "wb")
            fh: IO[bytes] = self._cm.__enter__()
            self._zip = zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._tmp = self.path.with_name(temp_name(self.path))
            self._tmp.mkdir()
        return self

    def write(self, rel: str, data: bytes) -> None:
        parts = PurePosixPath(rel).parts
        if not parts or any(p in ("..", "") or p.startswith("/") for p in parts):
            raise CuratorError(f"refusing to write outside the export: {rel!r}")
        if self._zip is not None:
            self._zip.writestr(rel, data)
        else:
            assert self._tmp is not None
            target = self._tmp.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._zip is not None:
            try:
                self._zip.close()
            finally:
                self._cm.__exit__(et, ev, tb)
            return
        assert self._tmp is not None
        if et is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            return
        old = None
        if self.path.exists():
            old = self.path.with_name(temp_name(self.path, ".old"))
            os.replace(self.path, old)
        os.replace(self._tmp, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def iter_tree(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    """``(relative posix path, bytes)`` of the files below a folder or inside a .zip whose
    names end with one of ``suffixes`` (hidden entries skipped), sorted by path."""
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            rel = f.relative_to(path).as_posix()
            if f.is_file() and rel.lower().endswith(suffixes) and not _hidden(rel):
                yield rel, f.read_bytes()
    elif zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                for info in sorted(z.infolist(), key=lambda i: i.filename):
                    rel = info.filename
                    if info.is_dir() or _hidden(rel) or not rel.lower().endswith(suffixes):
                        continue
                    if ".." in PurePosixPath(rel).parts:
                        raise ImportFailed(f"{path}: entry {rel!r} points outside the archive")
                    if info.file_size > MAX_ENTRY:
                        raise ImportFailed(f"{path}: entry {rel!r} is larger than {MAX_ENTRY // 2**20} MB")
                    yield rel, z.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ImportFailed(f"{path}: damaged or unsupported zip ({exc})") from None
    else:
        raise ImportFailed(f"{path}: expected a folder or a .zip file")


def tree_has(path: Path, suffix: str, head: bytes | None = None) -> bool:
    """Whether a folder or zip holds a file ending with ``suffix`` (starting with ``head``)."""
    if path.is_dir():
        for n, f in enumerate(path.rglob(f"*{suffix}")):
            if n > 50:
                break
            if f.is_file() and not _hidden(f.relative_to(path).as_posix()):
                if head is None:
                    return True
                with f.open("rb") as fh:
                    if fh.read(len(head) + 3).lstrip(b"\xef\xbb\xbf").startswith(head):
                        return True
        return False
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    if name.lower().endswith(suffix) and not _hidden(name):
                        if head is None:
                            return True
                        with z.open(name) as fh:
                            if fh.read(len(head) + 3).lstrip(b"\xef\xbb\xbf").startswith(head):
                                return True
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
            return False
    return False


def _hidden(rel: str) -> bool:
    return any(p.startswith(".") or p == "__MACOSX" for p in PurePosixPath(rel).parts)


def utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{where}: not valid UTF-8 (byte {exc.start})") from None


def annotator_folder(rel: str) -> str | None:
    """The annotator a file belongs to: its first folder inside the export, None at the root."""
    parts = PurePosixPath(rel).parts
    return parts[0] if len(parts) > 1 else None
