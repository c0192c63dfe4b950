"""Copy a whole store to another (``curator copy``), SQLite <-> PostgreSQL in either direction.

The source is read as the native export stream (``iter_documents`` with suggestions and
rejected annotations) from one consistent snapshot and ingested into the destination in one
transaction (``import_bundle``): all of it or nothing. Counts and a checksum of the canonical
content (documents, labels, annotators, annotations, relations, reviews, per-annotator
progress) are compared at the end. Database ids and optimistic-lock versions are not content:
the destination numbers its rows afresh and starts every annotation at version 1.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from app.bundle import Bundle
from app.errors import CuratorError
from app.formats.options import ExportOptions
from app.store.copy import (
    check_empty,
    labels_and_annotators,
    one_snapshot,
    open_source,
    table_counts,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.store.store import Progress, Store

EVERYTHING = ExportOptions(include_suggestions=True, include_rejected=True)


@dataclass
class Tally:
    """What a store holds, and a checksum of it."""

    counts: dict[str, int] = field(default_factory=dict)
    digest: str = ""


@dataclass
class CopyReport:
    source: Tally
    destination: Tally

    def lines(self) -> list[str]:
        c = self.destination.counts
        return [
            f"copied {c['documents']} document(s), {c['annotations']} annotation(s),"
            f" {c['relations']} relation(s), {c['reviews']} review(s), {c['labels']} label(s),"
            f" {c['annotators']} annotator(s), {c['progress']} progress record(s)",
            f"counts and checksums match ({self.destination.digest[:16]})",
        ]


def _canonical(doc: dict[str, Any]) -> bytes:
    """A document's content, independent of row order and of the database's collation."""
    d = dict(doc)
    d["annotations"] = sorted(doc["annotations"], key=lambda a: (a["start"], a["end"], a["id"]))
    d["relations"] = sorted(doc["relations"], key=lambda r: r["id"])
    d["reviews"] = sorted(
        doc["reviews"], key=lambda r: (r["annotation"], r["reviewer"], r["at"] or "", r["decision"])
    )
    return orjson.dumps(d, option=orjson.OPT_SORT_KEYS)


class _Tallying:
    """Counts and hashes documents as they stream past."""

    def __init__(self, labels: list[dict[str, Any]], annotators: list[dict[str, Any]]) -> None:
        self.labels = labels
        self.annotators = sorted(annotators, key=lambda a: a["name"])
        self.hash = hashlib.sha256()
        self.hash.update(orjson.dumps([self.labels, self.annotators], option=orjson.OPT_SORT_KEYS))
        self.counts = {
            "documents": 0, "annotations": 0, "relations": 0, "reviews": 0,
            "labels": len(self.labels), "annotators": len(self.annotators), "progress": 0,
        }

    def feed(self, docs: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for doc in docs:
            self.hash.update(_canonical(doc))
            self.counts["documents"] += 1
            self.counts["annotations"] += len(doc["annotations"])
            self.counts["relations"] += len(doc["relations"])
            self.counts["reviews"] += len(doc["reviews"])
            self.counts["progress"] += len(doc["statuses"])
            yield doc

    def tally(self) -> Tally:
        return Tally(dict(self.counts), self.hash.hexdigest())


def tally(store: Store, progress: Progress | None = None) -> Tally:
    """Counts and checksum of a store's whole content."""
    from app.formats.query import count_documents, iter_documents

    total = count_documents(store, EVERYTHING)
    with store.read() as conn:
        t = _Tallying(*labels_and_annotators(conn))
    for i, _ in enumerate(t.feed(iter_documents(store, EVERYTHING)), 1):
        if progress is not None and (i % 200 == 0 or i == total):
            progress(i, total)
    return t.tally()


def copy_store(
    src: Store,
    dst: Store,
    progress: Progress | None = None,
    verify_progress: Progress | None = None,
) -> CopyReport:
    """Copy everything in ``src`` into the empty store ``dst``; verify counts and checksums.

    The import is one transaction: an error or a ``Cancelled`` from ``progress`` leaves
    ``dst`` as it was. A mismatch found afterwards raises CuratorError.
    """
    from app.formats.query import count_documents, iter_documents

    if src.url == dst.url:
        raise CuratorError("the source and the destination are the same store")
    check_empty(dst)
    with one_snapshot(src) as conn:
        # labels, annotators and documents all read in this one transaction
        snap: Any = _Snapshot(conn)
        seen = _Tallying(*labels_and_annotators(conn))
        total = count_documents(snap, EVERYTHING)
        bundle = Bundle(
            seen.feed(iter_documents(snap, EVERYTHING)),
            labels=seen.labels, annotators=seen.annotators,
            source=src.display_name, strict_labels=True,
        )
        bundle.total = total  # type: ignore[attr-defined]
        dst.import_bundle(bundle, progress=progress)
    _align_labels(dst, seen.labels)
    source = seen.tally()
    destination = tally(dst, verify_progress)
    destination.counts = table_counts(dst)
    if destination.counts != source.counts or destination.digest != source.digest:
        diff = {
            k: (source.counts.get(k), destination.counts.get(k))
            for k in source.counts if source.counts.get(k) != destination.counts.get(k)
        }
        raise CuratorError(
            f"the copy in {dst.display_name} differs from {src.display_name}"
            + (f": counts {diff}" if diff else ": checksums differ")
            + "; do not use it"
        )
    return CopyReport(source, destination)


def _align_labels(dst: Store, labels: list[dict[str, Any]]) -> None:
    """Labels the destination had already (an empty store's defaults) take the source's
    colours, keys, descriptions and order; labels only the destination had are dropped."""
    have = {lv.name: lv for lv in dst.labels()}
    wanted = {d["name"] for d in labels}
    for name in set(have) - wanted:
        if dst.label_usage(name) == 0:
            dst.delete_label(name)
    for d in labels:  # free the hotkeys first, then set them
        lv = have.get(d["name"])
        if lv is not None and lv.hotkey != d.get("hotkey"):
            dst.update_label(d["name"], hotkey=None)
    for d in labels:
        lv = dst.label(d["name"])
        fields = {
            k: d.get(k) for k in ("kind", "color", "hotkey", "description")
            if getattr(lv, k) != d.get(k)
        }
        if fields:
            dst.update_label(d["name"], **fields)
    dst.reorder_labels([d["name"] for d in labels])


class _Snapshot:
    """Stands in for a Store in ``iter_documents``: its ``read()`` hands out the one open
    connection (and so the one snapshot) instead of a new one."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        yield self._conn


__all__ = ["CopyReport", "Tally", "copy_store", "open_source", "table_counts", "tally"]
