"""Documents: listing, reading, searching, status and each annotator's progress."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    case,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from app.errors import (
    ValidationError,
)
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Relation,
    ReviewDecision,
)
from app.rules import counted_sql
from app.store import search
from app.store.annotators_repo import Annotators
from app.store.rows import (
    STATUSES,
    add_progress,
    now,
)
from app.store.sessions import Repository, Sessions
from app.store.team import retrying
from app.store.views import (
    DocumentInfo,
    DocumentView,
)


class Documents(Repository):
    """The store's documents (``annotators``: who a progress row is for)."""

    def __init__(self, db: Sessions, annotators: Annotators) -> None:
        super().__init__(db)
        self.annotators = annotators
        # (offset, id) just past the last page listed: the next page is a keyset query
        self._page_end: tuple[int, int] | None = None

    def count_documents(self) -> int:
        with self.db.read_session() as s:
            return s.scalar(select(func.count()).select_from(Document)) or 0

    def document_ids(self, status: str | None = None) -> list[int]:
        with self.db.read_session() as s:
            q = select(Document.id).order_by(Document.id)
            if status:
                q = q.where(Document.status == status)
            return list(s.scalars(q))

    def list_documents(
        self,
        offset: int = 0,
        limit: int | None = None,
        ids: Sequence[int] | None = None,
        annotator: str | None = None,
    ) -> list[DocumentInfo]:
        """Document rows in id order (or in the order of ``ids``), without text.

        With ``annotator``, the status is that annotator's own progress and ``n_own`` their
        own counted spans (``n_annotations`` is everyone's).
        """
        counts = (
            select(Annotation.document_id, func.count().label("n"))
            .where(counted_sql())
            .group_by(Annotation.document_id)
        )
        cols = [
            Document.id, Document.uid, Document.title, Document.source, Document.published,
            Document.status, Document.length,
        ]
        page_end = self._page_end
        with self.db.read_session() as s:
            q = select(*cols).order_by(Document.id)
            if ids is not None:
                q = q.where(Document.id.in_(list(ids)))
            if ids is None and offset and page_end is not None and page_end[0] == offset:
                # the page after the previous one: seek past its last id instead of counting
                # ``offset`` rows again (scrolling 100k articles was quadratic)
                q = q.where(Document.id > page_end[1])
            else:
                q = q.offset(offset)
            rows = s.execute(q.limit(limit) if limit is not None else q).all()
            if ids is None and rows:
                self._page_end = (offset + len(rows), rows[-1].id)
            if not rows:
                return []
            row_ids = [r.id for r in rows]
            aid = None
            if annotator is not None:
                aid = s.scalar(select(Annotator.id).where(Annotator.name == annotator))
            # one pass over the page's spans by the document index, theirs summed beside
            # (a separate WHERE annotator_id query made SQLite walk the annotator's index: 6x)
            mine_col = func.sum(case((Annotation.annotator_id == aid, 1), else_=0))
            n: dict[int, int] = {}
            mine: dict[int, int] = {}
            for doc_id, total, theirs in s.execute(
                counts.add_columns(mine_col).where(Annotation.document_id.in_(row_ids))
            ):
                n[doc_id], mine[doc_id] = total, int(theirs or 0)
            own: dict[int, str] = {}
            if annotator is not None:
                if aid is None:
                    mine = {}
                else:
                    own = dict(s.execute(
                        select(DocumentProgress.document_id, DocumentProgress.status).where(
                            DocumentProgress.annotator_id == aid,
                            DocumentProgress.document_id.in_(row_ids),
                        )
                    ).all())
        infos = [
            DocumentInfo(
                r.id, r.uid, r.title, r.source, r.published,
                own.get(r.id, "not_started") if annotator is not None else r.status,
                r.length, n.get(r.id, 0), mine.get(r.id, 0) if annotator is not None else None,
            )
            for r in rows
        ]
        if ids is not None:
            order = {d: i for i, d in enumerate(ids)}
            infos.sort(key=lambda d: order[d.id])
        return infos

    def get_document(self, doc_id: int) -> DocumentView:
        with self.db.read_session() as s:
            row = s.get(Document, doc_id, options=[])
            if row is None:
                raise ValidationError(f"no document with id {doc_id}")
            return DocumentView(
                row.id, row.uid, row.sha256, row.title, row.source, row.published, row.status,
                row.text, dict(row.meta or {}),
            )

    def document_text(self, doc_id: int) -> str:
        with self.db.read_session() as s:
            t = s.scalar(select(Document.text).where(Document.id == doc_id))
        if t is None:
            raise ValidationError(f"no document with id {doc_id}")
        return t

    def find_document(self, uid: str | None = None, sha256: str | None = None) -> int | None:
        with self.db.read_session() as s:
            q = select(Document.id)
            q = q.where(Document.uid == uid) if uid is not None else q.where(Document.sha256 == sha256)
            return s.scalar(q.limit(1))

    def search(self, query: str, limit: int = 500) -> list[int]:
        """Ids of documents whose title or text contains every word of ``query``."""
        with self.db.read() as conn:
            return search.search_ids(conn, query, limit)

    @retrying
    def set_status(self, doc_id: int, status: str, annotator: str | None = None) -> None:
        """Set the document's status, and the annotator's own progress when named."""
        if status not in STATUSES:
            raise ValidationError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        aid = self.annotators.annotator(annotator).id if annotator else None
        with self.db.write() as s:
            s.execute(update(Document).where(Document.id == doc_id).values(status=status))
            if aid is not None:
                self._set_progress(s, doc_id, aid, status)

    def _set_progress(self, s: Session, doc_id: int, aid: int, status: str) -> None:
        row = s.get(DocumentProgress, (doc_id, aid))
        if row is None:
            row = add_progress(s, doc_id, aid, status)
        if row is not None:
            row.status = status
            row.updated_at = now()

    def progress(self, doc_id: int) -> dict[str, str]:
        """Each annotator's own status for the document."""
        with self.db.read_session() as s:
            rows = s.execute(
                select(Annotator.name, DocumentProgress.status)
                .join(Annotator, Annotator.id == DocumentProgress.annotator_id)
                .where(DocumentProgress.document_id == doc_id)
            ).all()
        return {r[0]: r[1] for r in rows}

    def status_counts(self, annotator: str | None = None) -> dict[str, int]:
        """How many documents are in each status (the annotator's own, when named)."""
        with self.db.read_session() as s:
            total = s.scalar(select(func.count()).select_from(Document)) or 0
            if annotator is None:
                rows = s.execute(select(Document.status, func.count()).group_by(Document.status))
            else:
                rows = s.execute(
                    select(DocumentProgress.status, func.count())
                    .join(Annotator, Annotator.id == DocumentProgress.annotator_id)
                    .where(Annotator.name == annotator)
                    .group_by(DocumentProgress.status)
                )
            counts = {k: 0 for k in STATUSES}
            counts.update({r[0]: r[1] for r in rows})
        if annotator is not None:
            counts["not_started"] = total - counts["in_progress"] - counts["done"]
        counts["total"] = total
        return counts

    def delete_document(self, doc_id: int) -> None:
        self._page_end = None  # the rows after it move up by one
        with self.db.write() as s:
            ann_ids = select(Annotation.id).where(Annotation.document_id == doc_id)
            s.execute(delete(ReviewDecision).where(ReviewDecision.annotation_id.in_(ann_ids)))
            s.execute(
                delete(Relation).where(Relation.from_id.in_(ann_ids) | Relation.to_id.in_(ann_ids))
            )
            s.execute(delete(Annotation).where(Annotation.document_id == doc_id))
            s.execute(delete(DocumentProgress).where(DocumentProgress.document_id == doc_id))
            s.execute(delete(Document).where(Document.id == doc_id))
