"""CSV for spreadsheets, export only: one row per annotation (UTF-8 with a BOM so spreadsheet
programs detect it; RFC 4180 quoting, CRLF row ends).

Columns: document, title, start, end, text, label, kind, annotator, origin, review_status,
note, then one ``attr.NAME`` column per attribute name found (nested values as JSON).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import orjson

from app.atomic import atomic_open
from app.formats.interchange import tick
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store

COLUMNS = ["document", "title", "start", "end", "text", "label", "kind", "annotator", "origin",
           "review_status", "note"]


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # a leading = + - @ makes spreadsheets evaluate a formula: keep it text
        return "'" + value if value[:1] in ("=", "+", "-", "@") and not _number(value) else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return orjson.dumps(value).decode()
    return orjson.dumps(value).decode()


def _number(s: str) -> bool:
    try:
        float(s)
        return True
    except ValueError:
        return False


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    # attribute names first (a cheap pass over annotations only would need its own query;
    # the documents are streamed twice instead of held in memory)
    names: set[str] = set()
    for doc in iter_documents(store, opts):
        for a in doc["annotations"]:
            names.update(a["attributes"] or {})
    attrs = sorted(names)
    with atomic_open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(COLUMNS + [f"attr.{n}" for n in attrs])
        for doc in iter_documents(store, opts):
            for a in doc["annotations"]:
                w.writerow([cell(doc["id"]), cell(doc["title"]), a["start"], a["end"], cell(a["text"]),
                            cell(a["label"]), a["kind"], cell(a["annotator"]), a["origin"],
                            a["review_status"], cell(a["note"])]
                           + [cell((a["attributes"] or {}).get(n)) for n in attrs])
            result.documents += 1
            result.annotations += len(doc["annotations"])
            tick(progress, result.documents, total)
    return result


register(Format("csv", "CSV, one row per annotation (export only)", ".csv", None, write, None))
