"""Merge another local store into this one: documents, annotations, statuses and reviews.

Documents are matched by id and sha256 (never duplicated; one whose text differs under the same
id is refused), annotations by id or span+label+annotator, so merging twice changes nothing.
The whole merge is one transaction: all of it, or nothing.
"""

from __future__ import annotations

from pathlib import Path

from app.bundle import Bundle
from app.errors import CuratorError
from app.formats.options import ExportOptions
from app.formats.query import annotators_of, count_documents, iter_documents, labels_of
from app.store.store import Progress, Store
from app.store.views import ImportSummary


def merge_store(
    store: Store, other: str | Path, progress: Progress | None = None, *, skip_bad_spans: bool = False
) -> ImportSummary:
    """Merge the store at ``other`` (a path or URL) into ``store``; returns what was added.

    ``skip_bad_spans`` skips annotations whose span does not fit their text (a warning each)
    instead of refusing the whole merge.
    """
    from app.store import open_store
    from app.store.engine import to_url

    url = to_url(other)
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        if not path.is_file():
            raise CuratorError(f"{other}: no such store file")
        if path.resolve() == _sqlite_path(store.url):
            raise CuratorError(f"{other}: cannot merge a store into itself")
    src = open_store(url, seed_labels=False)
    try:
        opts = ExportOptions(include_suggestions=True, include_rejected=True)
        bundle = Bundle(
            iter_documents(src, opts), labels_of(src), annotators_of(src),
            source=str(other), strict_labels=True,
        )
        bundle.total = count_documents(src, opts)  # type: ignore[attr-defined]
        return store.import_bundle(bundle, progress=progress, skip_bad_spans=skip_bad_spans)
    finally:
        src.close()


def _sqlite_path(url: str) -> Path | None:
    return Path(url[len("sqlite:///"):]).resolve() if url.startswith("sqlite:///") else None
