"""A snapshot reads the document's status, the annotator and its progress row in one
statement: the same values as reading each on its own, in every case (no annotator, an
unknown one, one without a progress row, one with)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.store import snapshots
from app.store.snapshots import PROGRESS, take_snapshot


def _plain(store: Any, doc: int, who: str | None) -> tuple[str, int | None, dict[str, Any] | None]:
    """The three values read one statement at a time, as the snapshot did before."""
    from app.models import Annotator, Document

    with store._read() as s:  # noqa: SLF001
        status = s.scalar(select(Document.status).where(Document.id == doc))
        aid = None if who is None else s.scalar(select(Annotator.id).where(Annotator.name == who))
        progress = None
        if aid is not None:
            rows = [dict(r._mapping) for r in s.execute(select(PROGRESS).where(
                PROGRESS.c.document_id == doc, PROGRESS.c.annotator_id == aid))]
            progress = rows[0] if rows else None
    return status, aid, progress


def test_head_reads_what_three_statements_read(corpus_store) -> None:  # type: ignore[no-untyped-def]
    s = corpus_store
    doc, other = s.document_ids()[:2]
    text = s.document_text(doc)
    start = next(i for i, c in enumerate(text) if c.isalpha())
    s.annotator("bob")  # exists, no progress anywhere
    a = s.add_annotation(doc, start, start + 3, "ORG", "alice")  # alice: progress on doc
    cases = [(doc, None), (doc, "alice"), (doc, "bob"), (doc, "nobody"), (other, "alice")]
    for d, who in cases:
        want = _plain(s, d, who)
        for ids in ([], [a.id], [a.id, "missing"]):
            snap = take_snapshot(s, d, ids, who)
            assert (snap.doc_status, snap.annotator_id, snap.progress) == want, (d, who)
        if want[1] is not None:  # by id too, as update_rows reads it
            with s._read() as sess:  # noqa: SLF001
                assert snapshots._head(sess, d, want[1]) == want  # noqa: SLF001
    assert _plain(s, doc, "alice")[2] is not None  # the case with a progress row was covered
