"""Import files and folders into a store: text articles and every registered format.

Text files that cannot be read are reported and skipped (they import nothing of themselves);
a structured file (JSON, JSONL, an interchange format) is all or nothing; the call as a whole
runs in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from app.bundle import Bundle
from app.errors import CuratorError, ImportFailed
from app.importing.text import read_text_file
from app.store.store import Progress, Store
from app.store.views import ImportSummary

TEXT_SUFFIXES = {".txt", ".text", ""}


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the files below folders named (recursively, sorted, no hidden ones).

    A folder that a format reader claims as a whole (a brat folder, say) stays one entry.
    """
    from app.formats.registry import detect

    out: list[Path] = []
    for p in map(Path, paths):
        p = p.expanduser()
        if not p.exists():
            raise CuratorError(f"{p}: no such file or folder")
        if p.is_dir():
            fmt = detect(p)
            if fmt is not None:
                out.append(p)
                continue
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if (
                    f.is_file()
                    and not any(part.startswith(".") for part in rel.parts)
                    and not _is_folder_note(f)
                ):
                    out.append(f)
        else:
            out.append(p)
    return out


def _is_folder_note(f: Path) -> bool:
    """A README or LICENSE describing a folder of articles is not an article."""
    return f.stem.upper() in {"README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"}


def import_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    skip_bad_spans: bool = False,
    default_annotator: str | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    from app.formats.registry import FORMATS, detect

    if fmt is not None and fmt not in FORMATS and fmt != "txt":
        raise CuratorError(f"unknown format {fmt!r}; known: txt, {', '.join(sorted(FORMATS))}")
    files = expand(paths)
    summary = ImportSummary()
    texts: list[Path] = []
    bundles: list[Bundle] = []
    for f in files:
        chosen = FORMATS.get(fmt) if fmt and fmt != "txt" else None
        if chosen is None and fmt != "txt" and (f.is_dir() or f.suffix.lower() not in TEXT_SUFFIXES):
            chosen = detect(f)
        if chosen is not None:
            if chosen.reader is None:
                raise CuratorError(f"{f}: the {chosen.name} format can be exported but not imported")
            bundles.append(chosen.reader(f))
        elif f.is_dir():
            raise CuratorError(f"{f}: a folder in no known format")
        elif fmt is None and f.suffix.lower() not in TEXT_SUFFIXES:
            summary.failed.append((str(f), f"unknown file type {f.suffix!r} (not imported)"))
        else:
            texts.append(f)
    total = len(texts)

    def text_docs() -> Iterator[dict[str, Any]]:
        for f in texts:
            try:
                yield read_text_file(f)
            except CuratorError as exc:
                summary.failed.append((str(f), str(exc).removeprefix(f"{f}: ")))

    if texts:
        b = Bundle(text_docs(), source=str(paths[0]) if len(paths) == 1 else "text files")
        b.total = total  # type: ignore[attr-defined]
        bundles.insert(0, b)
    result = store.import_bundles(
        bundles, skip_bad_spans=skip_bad_spans, default_annotator=default_annotator,
        progress=progress,
    )
    result.failed = summary.failed + result.failed
    return result


__all__ = ["ImportFailed", "expand", "import_paths"]
