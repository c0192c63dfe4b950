"""Which formats exist, how to detect them, and their readers and writers.

Each format module registers itself here by name; the CLI and the UI list the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.bundle import Bundle
from app.formats import native
from app.formats.options import ExportOptions, ExportResult
from app.store.store import Progress, Store

Reader = Callable[[Path], Bundle]
Writer = Callable[[Store, Path, ExportOptions, "Progress | None"], ExportResult]
Detector = Callable[[Path], bool]


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extension: str  # what a written file ends with ("" for a folder)
    reader: Reader | None = None
    writer: Writer | None = None
    detect: Detector | None = None


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> None:
    FORMATS[fmt.name] = fmt


register(Format("json", "Article Curator JSON (lossless)", ".json", native.read_json, native.write_json,
                lambda p: native.looks_native(p) == "json"))
register(Format("jsonl", "Article Curator JSON Lines", ".jsonl", native.read_jsonl, native.write_jsonl,
                lambda p: native.looks_native(p) == "jsonl"))


def _load_plugins() -> None:
    """Import the interchange format modules that exist (each calls ``register``)."""
    import importlib
    import pkgutil

    import app.formats as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name not in {"atomic", "bundle", "native", "options", "query", "registry"}:
            importlib.import_module(f"app.formats.{mod.name}")


_load_plugins()


def writers() -> list[Format]:
    return [f for f in FORMATS.values() if f.writer is not None]


def readers() -> list[Format]:
    return [f for f in FORMATS.values() if f.reader is not None]


def detect(path: Path) -> Format | None:
    """The format of a structured file (or folder), None for a plain text article."""
    for fmt in FORMATS.values():
        if fmt.detect is not None:
            try:
                if fmt.detect(path):
                    return fmt
            except (OSError, UnicodeDecodeError, ValueError):
                continue
    return None
