"""The Store facade: every read and write of a curator's work, each write its own transaction
(or part of one :meth:`Store.transaction`).

Qt-free. The work is done by one repository per responsibility (labels, annotators, documents,
annotations, relations and reviews, stats: ``app/store/*_repo.py``), each reachable as an
attribute (``store.annotations_repo``); the methods below keep the one API every caller uses.
Reads return frozen views (``app.store.views``); writes validate the invariants
(``0 <= start < end <= len(text)`` and ``text == document.text[start:end]``) before they
commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.bundle import Bundle
from app.errors import ImportFailed
from app.store.annotations_repo import Annotations
from app.store.annotators_repo import Annotators
from app.store.documents_repo import Documents
from app.store.labels_repo import Labels
from app.store.policy import StorePolicy
from app.store.relations_repo import Relations
from app.store.rows import (  # re-exported: the names callers import from here
    KINDS,
    ORIGINS,
    REVIEW_STATUSES,
    ROLES,
    STATUSES,
    Cancelled,
    Progress,
    check_span,
    now,
    sha256_text,
)
from app.store.sessions import Sessions
from app.store.stats_repo import Stats
from app.store.views import (
    AnnotationView,
    AnnotatorView,
    DocumentInfo,
    DocumentView,
    ImportSummary,
    LabelView,
    RelationView,
    ReviewView,
)


class Store:
    """One store (a SQLite file or a PostgreSQL database)."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        self._db = Sessions(engine, on_rollback=self._drop_caches)
        self.labels_repo = Labels(self._db)
        self.annotators_repo = Annotators(self._db)
        self.documents_repo = Documents(self._db, self.annotators_repo)
        self.annotations_repo = Annotations(self._db, self.labels_repo, self.annotators_repo)
        self.relations_repo = Relations(self._db, self.annotations_repo, self.annotators_repo)
        self.stats_repo = Stats(self._db)

    @property
    def policy(self) -> StorePolicy:
        """The review policy, as the store's settings hold it now (app/store/settings.py)."""
        from app.store.settings import read_policy

        return read_policy(self)

    @policy.setter
    def policy(self, value: StorePolicy) -> None:
        """Store a whole policy as the administrator (a curator's change: ``settings.set_policy``)."""
        from app.store.settings import set_policy

        set_policy(self, by=None, self_review=value.self_review, reviewer_role=value.reviewer_role)

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """A :meth:`transaction` is open on this thread (store calls join it)."""
        return self._db.active is not None

    def transaction(self) -> AbstractContextManager[Session]:
        """One write transaction that every store call made inside it (on this thread) joins:
        all of it commits, or none of it. On SQLite it holds the write lock from its first
        statement, so no other connection writes in between (app/store/sessions.py)."""
        return self._db.transaction()

    def _write(self) -> AbstractContextManager[Session]:
        """One short write transaction (a savepoint inside :meth:`transaction`)."""
        return self._db.write()

    def _read(self) -> AbstractContextManager[Session]:
        """One read; a server that is gone is :class:`StoreUnreachable`, never a traceback."""
        return self._db.read_session()

    def read(self) -> AbstractContextManager[Connection]:
        """A connection for a service's own Core queries (one snapshot on SQLite WAL while it
        is open; inside :meth:`transaction`, its connection). Services read through this,
        never through the engine."""
        return self._db.read()

    def _drop_caches(self) -> None:
        self.labels_repo.drop_cache()
        self.annotators_repo.drop_cache()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def display_name(self) -> str:
        """The store's URL without any password."""
        from app.store.urls import mask_url

        return mask_url(self.url)

    # -- labels: app/store/labels_repo.py -----------------------------------
    def labels(self) -> list[LabelView]:
        return self.labels_repo.labels()

    def label(self, name: str) -> LabelView:
        return self.labels_repo.label(name)

    def add_label(
        self,
        name: str,
        kind: str = "entity",
        color: str = "#888888",
        hotkey: str | None = None,
        description: str = "",
        position: int | None = None,
        options: dict[str, Any] | None = None,
    ) -> LabelView:
        return self.labels_repo.add_label(name, kind, color, hotkey, description, position, options)

    def update_label(self, name: str, /, **fields: Any) -> LabelView:
        return self.labels_repo.update_label(name, **fields)

    def label_usage(self, name: str) -> int:
        return self.labels_repo.label_usage(name)

    def delete_label(self, name: str, merge_into: str | None = None) -> int:
        return self.labels_repo.delete_label(name, merge_into)

    def reorder_labels(self, names: Sequence[str]) -> None:
        return self.labels_repo.reorder_labels(names)

    def ensure_labels(self, labels: Iterable[dict[str, Any]]) -> list[str]:
        return self.labels_repo.ensure_labels(labels)

    # -- annotators: app/store/annotators_repo.py ---------------------------
    def annotators(self) -> list[AnnotatorView]:
        return self.annotators_repo.annotators()

    def annotator(self, name: str, create: bool = True, role: str = "annotator") -> AnnotatorView:
        return self.annotators_repo.annotator(name, create, role)

    def set_role(self, name: str, role: str, *, by: str | None = None) -> AnnotatorView:
        return self.annotators_repo.set_role(name, role, by=by)

    # -- documents: app/store/documents_repo.py -----------------------------
    def count_documents(self) -> int:
        return self.documents_repo.count_documents()

    def document_ids(self, status: str | None = None) -> list[int]:
        return self.documents_repo.document_ids(status)

    def list_documents(
        self,
        offset: int = 0,
        limit: int | None = None,
        ids: Sequence[int] | None = None,
        annotator: str | None = None,
    ) -> list[DocumentInfo]:
        return self.documents_repo.list_documents(offset, limit, ids, annotator)

    def get_document(self, doc_id: int) -> DocumentView:
        return self.documents_repo.get_document(doc_id)

    def document_text(self, doc_id: int) -> str:
        return self.documents_repo.document_text(doc_id)

    def find_document(self, uid: str | None = None, sha256: str | None = None) -> int | None:
        return self.documents_repo.find_document(uid, sha256)

    def search(self, query: str, limit: int = 500) -> list[int]:
        return self.documents_repo.search(query, limit)

    def set_status(self, doc_id: int, status: str, annotator: str | None = None) -> None:
        return self.documents_repo.set_status(doc_id, status, annotator)

    def progress(self, doc_id: int) -> dict[str, str]:
        return self.documents_repo.progress(doc_id)

    def touch_progress(self, doc_id: int, annotator: str) -> None:
        return self.annotations_repo.touch_progress(doc_id, annotator)

    def status_counts(self, annotator: str | None = None) -> dict[str, int]:
        return self.documents_repo.status_counts(annotator)

    def delete_document(self, doc_id: int) -> None:
        return self.documents_repo.delete_document(doc_id)

    # -- annotations: app/store/annotations_repo.py -------------------------
    def annotations(
        self,
        doc_id: int,
        annotator: str | Sequence[str] | None = None,
        suggestions: bool = True,
        rejected: bool = False,
    ) -> list[AnnotationView]:
        return self.annotations_repo.annotations(doc_id, annotator, suggestions, rejected)

    def get_annotation(self, ann_id: str) -> AnnotationView:
        return self.annotations_repo.get_annotation(ann_id)

    def get_annotations(self, ann_ids: Sequence[str]) -> list[AnnotationView]:
        return self.annotations_repo.get_annotations(ann_ids)

    def count_annotations(self) -> int:
        return self.annotations_repo.count_annotations()

    def document_revision(self, doc_id: int) -> tuple[int, str]:
        return self.annotations_repo.document_revision(doc_id)

    def add_annotation(
        self,
        doc_id: int,
        start: int,
        end: int,
        label: str,
        annotator: str,
        *,
        attributes: dict[str, Any] | None = None,
        note: str = "",
        origin: str = "manual",
        review_status: str = "none",
        ann_id: str | None = None,
        allow_duplicate: bool = False,
    ) -> AnnotationView:
        return self.annotations_repo.add_annotation(
            doc_id, start, end, label, annotator, attributes=attributes, note=note, origin=origin, review_status=review_status, ann_id=ann_id, allow_duplicate=allow_duplicate
        )

    def update_annotation(
        self,
        ann_id: str,
        *,
        expected_version: int | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> AnnotationView:
        return self.annotations_repo.update_annotation(
            ann_id, expected_version=expected_version, by=by, **fields
        )

    def delete_annotation(
        self,
        ann_id: str,
        *,
        by: str | None = None,
        expected_version: int | None = None,
    ) -> AnnotationView:
        return self.annotations_repo.delete_annotation(
            ann_id, by=by, expected_version=expected_version
        )

    # -- relations: app/store/relations_repo.py -----------------------------
    def add_relation(self, from_id: str, to_id: str, type_: str, annotator: str) -> RelationView:
        return self.relations_repo.add_relation(from_id, to_id, type_, annotator)

    def delete_relation(self, rel_id: str) -> None:
        return self.relations_repo.delete_relation(rel_id)

    def relations(self, doc_id: int) -> list[RelationView]:
        return self.relations_repo.relations(doc_id)

    def add_review(
        self,
        ann_id: str,
        reviewer: str,
        decision: str,
        comment: str = "",
    ) -> ReviewView:
        return self.relations_repo.add_review(ann_id, reviewer, decision, comment)

    def reviews(self, doc_id: int) -> list[ReviewView]:
        return self.relations_repo.reviews(doc_id)

    # -- stats: app/store/stats_repo.py -------------------------------------
    def stats(self) -> dict[str, Any]:
        return self.stats_repo.stats()

    # -- import -----------------------------------------------------------------------------

    def import_bundle(
        self,
        bundle: Bundle,
        *,
        skip_bad_spans: bool = False,
        default_annotator: str | None = None,
        progress: Progress | None = None,
        origin: str | None = None,
    ) -> ImportSummary:
        """Ingest a bundle in one transaction: all of it, or nothing (ImportFailed)."""
        return self.import_bundles(
            [bundle], skip_bad_spans=skip_bad_spans, default_annotator=default_annotator,
            progress=progress, origin=origin,
        )

    def import_bundles(
        self,
        bundles: Sequence[Bundle],
        *,
        skip_bad_spans: bool = False,
        default_annotator: str | None = None,
        progress: Progress | None = None,
        origin: str | None = None,
    ) -> ImportSummary:
        """Ingest several bundles in one transaction: all of them, or nothing.

        ``progress(done, total)`` is called per chunk; raising ``Cancelled`` from it rolls back.
        """
        from app.store.bulk import Bulk
        from app.store.ingest import Ingest

        summary = ImportSummary()
        try:
            with self._write() as s:
                # SQLite: rows by executemany on the raw connection, and a large import (or a
                # first one) indexes its text in one pass at the end (app/store/bulk.py)
                bulk = Bulk(s, self.dialect)
                for bundle in bundles:
                    Ingest(self, s, bundle, summary, skip_bad_spans, default_annotator, origin,
                           bulk).run(progress)
                bulk.finish()
        finally:
            self._drop_caches()
        return summary


__all__ = [
    "KINDS", "ORIGINS", "REVIEW_STATUSES", "ROLES", "STATUSES", "Cancelled", "ImportFailed",
    "Progress", "Store", "check_span", "now", "sha256_text",
]
