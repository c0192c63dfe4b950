"""The native JSON format (version 1) and its JSON Lines variant: lossless, streamed, atomic.

Schema: ``docs/article-curator.schema.json``; description: ``docs/format.md``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from app.atomic import atomic_open
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import annotators_of, count_documents, iter_documents, labels_of
from app.store.store import Progress, Store

FORMAT = "article-curator"
VERSION = 1
MAX_LINE = 256 * 2**20  # bytes of a JSON Lines document read to detect the format


def write_json(
    store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None
) -> ExportResult:
    """The whole (filtered) store as one JSON document, written document by document."""
    return _write(store, path, opts, progress, lines=False)


def write_jsonl(
    store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None
) -> ExportResult:
    """One native document object per line (labels travel inside the annotations)."""
    return _write(store, path, opts, progress, lines=True)


def _write(
    store: Store, path: Path, opts: ExportOptions, progress: Progress | None, lines: bool
) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts) if progress else 0
    with atomic_open(path, "wb") as fh:
        if not lines:
            head = {
                "format": FORMAT, "version": VERSION,
                "exported_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                "labels": labels_of(store), "annotators": annotators_of(store),
            }
            fh.write(orjson.dumps(head)[:-1] + b',\n"documents":[\n')
        sep = b"" if lines else b",\n"
        for i, doc in enumerate(iter_documents(store, opts)):
            if i and sep:
                fh.write(sep)
            fh.write(orjson.dumps(doc))
            if lines:
                fh.write(b"\n")
            result.documents += 1
            result.annotations += len(doc["annotations"])
            if progress is not None and (result.documents % 200 == 0 or result.documents == total):
                progress(result.documents, total)
        if not lines:
            fh.write(b"\n]}\n")
    return result


def _load(data: bytes, name: str, what: str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise ImportFailed(f"{name}: {what}: malformed JSON ({exc})") from None
    except RecursionError:
        raise ImportFailed(f"{name}: {what}: JSON nested too deeply") from None


def read_json(path: Path) -> Bundle:
    name = str(path)
    data = _load(path.read_bytes(), name, "file")
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(f"{name}: not an Article Curator export (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ImportFailed(
            f"{name}: format version {version!r} is not supported (this app reads up to {VERSION})"
        )
    docs = data.get("documents")
    if not isinstance(docs, list):
        raise ImportFailed(f"{name}: 'documents' must be a list")
    labels = data.get("labels") or []
    annotators = data.get("annotators") or []
    if not isinstance(labels, list) or not isinstance(annotators, list):
        raise ImportFailed(f"{name}: 'labels' and 'annotators' must be lists")
    bundle = Bundle(docs, labels, annotators, source=name, strict_labels=True)
    bundle.total = len(docs)  # type: ignore[attr-defined]
    return bundle


def read_jsonl(path: Path) -> Bundle:
    name = str(path)

    def docs() -> Iterator[dict[str, Any]]:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                obj = _load(line, name, f"line {n}")
                if not isinstance(obj, dict):
                    raise ImportFailed(f"{name}: line {n}: expected a document object")
                if obj.get("format") == FORMAT:  # an optional header line
                    continue
                yield obj

    return Bundle(docs(), source=name)


def looks_native(path: Path) -> str | None:
    """'json' or 'jsonl' when the file is in the native format, else None."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    stripped = head.lstrip()
    if stripped.startswith(b"{") and b'"format"' in head and FORMAT.encode() in head:
        first_line = stripped.split(b"\n", 1)[0]
        try:
            obj = orjson.loads(first_line)
            return "jsonl" if isinstance(obj, dict) and "documents" not in obj else "json"
        except orjson.JSONDecodeError:
            return "json"
    if stripped.startswith(b"{") and b'"annotations"' in head and b'"start"' in head:
        return "jsonl"
    if stripped.startswith(b"{") and path.suffix.lower() in (".jsonl", ".ndjson"):
        # a document line longer than the head, or without annotations (our own export)
        with path.open("rb") as fh:
            first = b""
            while not first.strip():
                first = fh.readline(MAX_LINE)
                if not first:
                    return None
        try:
            obj = orjson.loads(first)
        except orjson.JSONDecodeError:
            return None
        if isinstance(obj, dict) and isinstance(obj.get("text"), str) and "annotations" in obj:
            return "jsonl"
    return None
