"""The Store facade: every read and write of a curator's work, each write its own transaction.

Qt-free. Reads return frozen views (``app.store.views``); writes validate the invariants
(``0 <= start < end <= len(text)`` and ``text == document.text[start:end]``) before they
commit.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    Engine,
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from app.bundle import Bundle
from app.errors import (
    ConflictError,
    CuratorError,
    ImportFailed,
    PermissionDenied,
    ValidationError,
)
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.models.enums import LabelKind, Origin, ReviewStatus, Role, Status
from app.rules import counted_sql
from app.store import search
from app.store.engine import writer
from app.store.policy import StorePolicy
from app.store.quick import stats_result
from app.store.raw import fetch_raw
from app.store.team import is_transient, is_unreachable, retrying, unreachable
from app.store.views import (
    AnnotationView,
    AnnotatorView,
    DocumentInfo,
    DocumentView,
    ImportSummary,
    LabelView,
    RelationView,
    ReviewView,
    annotation_view,
)

# the values as plain strings, in order (app/models/enums.py is the one definition)
STATUSES = tuple(v.value for v in Status)
ORIGINS = tuple(v.value for v in Origin)
REVIEW_STATUSES = tuple(v.value for v in ReviewStatus)
KINDS = tuple(v.value for v in LabelKind)  # of labels
ROLES = tuple(v.value for v in Role)
Progress = Callable[[int, int], None]


class Cancelled(CuratorError):
    """Raised by a progress callback to cancel a long operation; it rolls back."""


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def check_span(text: str, start: Any, end: Any, span_text: str | None, where: str = "") -> None:
    """Raise ValidationError unless ``start:end`` is a valid span of ``text`` covering ``span_text``."""
    prefix = f"{where}: " if where else ""
    if type(start) is not int or type(end) is not int:
        raise ValidationError(f"{prefix}offsets must be integers, got {start!r} and {end!r}")
    if start < 0 or end > len(text) or start >= end:
        raise ValidationError(
            f"{prefix}span {start}-{end} is out of range for a text of {len(text)} characters"
            if start < 0 or end > len(text)
            else f"{prefix}span {start}-{end} is empty or reversed (need start < end)"
        )
    if span_text is not None and text[start:end] != span_text:
        raise ValidationError(
            f"{prefix}span {start}-{end} covers {text[start:end]!r}, not {span_text!r}"
        )


class Store:
    """One store (a SQLite file or a PostgreSQL database)."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.dialect = engine.dialect.name
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writer_sessions = sessionmaker(writer(engine), expire_on_commit=False)
        self._label_cache: dict[str, LabelView] | None = None
        self._annotator_cache: dict[str, AnnotatorView] = {}
        # (offset, id) just past the last page listed: the next page is a keyset query
        self._page_end: tuple[int, int] | None = None

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One short write transaction (on SQLite it holds the write lock from its start)."""
        session = self._writer_sessions()
        try:
            yield session
            session.commit()
        except BaseException as exc:
            _rollback(session)
            if is_unreachable(exc) and not is_transient(exc):  # transient: `retrying` re-runs it
                raise unreachable(exc) from None
            raise
        finally:
            _close(session)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """One read; a server that is gone is :class:`StoreUnreachable`, never a traceback."""
        session = self._sessions()
        try:
            yield session
        except DBAPIError as exc:
            if is_unreachable(exc):
                raise unreachable(exc) from None
            raise
        finally:
            _close(session)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for a service's own Core queries (one snapshot on SQLite WAL while it
        is open). Services read through this, never through the engine."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            if is_unreachable(exc):
                raise unreachable(exc) from None
            raise

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

    # -- labels -----------------------------------------------------------------------------

    def labels(self) -> list[LabelView]:
        with self._read() as s:
            rows = s.scalars(select(Label).order_by(Label.position, Label.id)).all()
            return [_label_view(r) for r in rows]

    def _labels_by_name(self) -> dict[str, LabelView]:
        if self._label_cache is None:
            self._label_cache = {lv.name: lv for lv in self.labels()}
        return self._label_cache

    def label(self, name: str) -> LabelView:
        lv = self._labels_by_name().get(name)
        if lv is None:
            self._label_cache = None
            lv = self._labels_by_name().get(name)
        if lv is None:
            raise ValidationError(f"unknown label {name!r}")
        return lv

    def add_label(
        self,
        name: str,
        kind: str = "entity",
        color: str = "#888888",
        hotkey: str | None = None,
        description: str = "",
        position: int | None = None,
    ) -> LabelView:
        name = name.strip()
        if not name:
            raise ValidationError("a label needs a name")
        if kind not in KINDS:
            raise ValidationError(f"label kind must be entity or figure, not {kind!r}")
        with self._write() as s:
            if s.scalar(select(Label.id).where(Label.name == name)) is not None:
                raise ValidationError(f"label {name!r} exists already")
            if hotkey and s.scalar(select(Label.name).where(Label.hotkey == hotkey)):
                raise ValidationError(f"hotkey {hotkey!r} is taken")
            if position is None:
                position = (s.scalar(select(func.max(Label.position))) or 0) + 1
            row = Label(
                name=name, kind=kind, color=color, hotkey=hotkey or None,
                description=description, position=position,
            )
            s.add(row)
            s.flush()
            view = _label_view(row)
        self._label_cache = None
        return view

    def update_label(self, name: str, /, **fields: Any) -> LabelView:
        """Change a label's name, kind, color, hotkey, description or position."""
        allowed = {"name", "kind", "color", "hotkey", "description", "position"}
        if bad := set(fields) - allowed:
            raise ValidationError(f"labels have no field(s) {sorted(bad)}")
        if "kind" in fields and fields["kind"] not in KINDS:
            raise ValidationError(f"label kind must be entity or figure, not {fields['kind']!r}")
        with self._write() as s:
            row = s.scalar(select(Label).where(Label.name == name))
            if row is None:
                raise ValidationError(f"unknown label {name!r}")
            new_name = fields.get("name")
            if new_name is not None:
                new_name = new_name.strip()
                if not new_name:
                    raise ValidationError("a label needs a name")
                clash = s.scalar(select(Label.id).where(Label.name == new_name))
                if clash is not None and clash != row.id:
                    raise ValidationError(f"label {new_name!r} exists already")
                fields["name"] = new_name
            hk = fields.get("hotkey")
            if hk:
                clash_name = s.scalar(select(Label.name).where(Label.hotkey == hk))
                if clash_name is not None and clash_name != name:
                    raise ValidationError(f"hotkey {hk!r} is taken by {clash_name}")
            for k, v in fields.items():
                setattr(row, k, v if not (k == "hotkey" and not v) else None)
            s.flush()
            view = _label_view(row)
        self._label_cache = None
        return view

    def label_usage(self, name: str) -> int:
        lid = self.label(name).id
        with self._read() as s:
            return s.scalar(select(func.count()).where(Annotation.label_id == lid)) or 0

    def delete_label(self, name: str, merge_into: str | None = None) -> int:
        """Delete a label. One in use needs ``merge_into``: its annotations move there.

        Returns the number of annotations moved.
        """
        lid = self.label(name).id
        target = self.label(merge_into).id if merge_into else None
        if target == lid:
            raise ValidationError("cannot merge a label into itself")
        with self._write() as s:
            used = s.scalar(select(func.count()).where(Annotation.label_id == lid)) or 0
            if used and target is None:
                raise ValidationError(
                    f"label {name!r} is used by {used} annotation(s): merge it into another"
                )
            if used:
                s.execute(
                    update(Annotation)
                    .where(Annotation.label_id == lid)
                    .values(label_id=target, updated_at=now(), version=Annotation.version + 1)
                )
            s.execute(delete(Label).where(Label.id == lid))
        self._label_cache = None
        return used

    def reorder_labels(self, names: Sequence[str]) -> None:
        with self._write() as s:
            for pos, name in enumerate(names):
                s.execute(update(Label).where(Label.name == name).values(position=pos))
        self._label_cache = None

    def ensure_labels(self, labels: Iterable[dict[str, Any]]) -> list[str]:
        """Add the labels (native dicts) not in the store yet; returns the names added."""
        existing = set(self._labels_by_name())
        added = []
        for d in labels:
            if d["name"] in existing:
                continue
            hotkey = d.get("hotkey")
            if hotkey and any(lv.hotkey == hotkey for lv in self._labels_by_name().values()):
                hotkey = None
            self.add_label(
                d["name"], d.get("kind", "entity"), d.get("color", "#888888"), hotkey,
                d.get("description", ""),
            )
            existing.add(d["name"])
            added.append(d["name"])
        return added

    # -- annotators -------------------------------------------------------------------------

    def annotators(self) -> list[AnnotatorView]:
        with self._read() as s:
            return [_annotator_view(r) for r in s.scalars(select(Annotator).order_by(Annotator.name))]

    def annotator(self, name: str, create: bool = True, role: str = "annotator") -> AnnotatorView:
        """The annotator called ``name``, created with ``role`` when missing."""
        if (cached := self._annotator_cache.get(name)) is not None:
            return cached
        name = name.strip()
        if not name:
            raise ValidationError("an annotator needs a name")
        with self._read() as s:
            row = s.scalar(select(Annotator).where(Annotator.name == name))
            if row is not None:
                view = _annotator_view(row)
                self._annotator_cache[name] = view
                return view
        if not create:
            raise ValidationError(f"unknown annotator {name!r}")
        if role not in ROLES:
            raise ValidationError(f"role must be annotator or reviewer, not {role!r}")
        try:
            with self._write() as s:
                row = Annotator(name=name, role=role)
                s.add(row)
                s.flush()
                view = _annotator_view(row)
        except IntegrityError:  # created meanwhile by another curator
            return self.annotator(name, create=False)
        self._annotator_cache[name] = view
        return view

    def set_role(self, name: str, role: str, *, by: str | None = None) -> AnnotatorView:
        """Give ``name`` the ``role``. ``by``: the curator asking, who must be a reviewer (read
        in the same transaction); ``None`` is the administrator (``curator role``)."""
        if role not in ROLES:
            raise ValidationError(f"role must be annotator or reviewer, not {role!r}")
        self.annotator(name)
        with self._write() as s:
            if by is not None:
                asker = s.scalar(select(Annotator.role).where(Annotator.name == by))
                if asker != "reviewer":
                    raise PermissionDenied(
                        f"{by} may not make {name} {'a' if role == 'reviewer' else 'an'} {role}:"
                        f" only a reviewer can change roles (or an administrator:"
                        f" curator role {name} {role})"
                    )
            s.execute(update(Annotator).where(Annotator.name == name).values(role=role))
        self._annotator_cache.pop(name, None)
        return self.annotator(name)

    # -- documents --------------------------------------------------------------------------

    def count_documents(self) -> int:
        with self._read() as s:
            return s.scalar(select(func.count()).select_from(Document)) or 0

    def document_ids(self, status: str | None = None) -> list[int]:
        with self._read() as s:
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

        With ``annotator``, the status is that annotator's own progress.
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
        with self._read() as s:
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
            n = dict(s.execute(counts.where(Annotation.document_id.in_(row_ids))).all())
            own: dict[int, str] = {}
            if annotator is not None:
                aid = s.scalar(select(Annotator.id).where(Annotator.name == annotator))
                if aid is not None:
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
                r.length, n.get(r.id, 0),
            )
            for r in rows
        ]
        if ids is not None:
            order = {d: i for i, d in enumerate(ids)}
            infos.sort(key=lambda d: order[d.id])
        return infos

    def get_document(self, doc_id: int) -> DocumentView:
        with self._read() as s:
            row = s.get(Document, doc_id, options=[])
            if row is None:
                raise ValidationError(f"no document with id {doc_id}")
            return DocumentView(
                row.id, row.uid, row.sha256, row.title, row.source, row.published, row.status,
                row.text, dict(row.meta or {}),
            )

    def document_text(self, doc_id: int) -> str:
        with self._read() as s:
            t = s.scalar(select(Document.text).where(Document.id == doc_id))
        if t is None:
            raise ValidationError(f"no document with id {doc_id}")
        return t

    def find_document(self, uid: str | None = None, sha256: str | None = None) -> int | None:
        with self._read() as s:
            q = select(Document.id)
            q = q.where(Document.uid == uid) if uid is not None else q.where(Document.sha256 == sha256)
            return s.scalar(q.limit(1))

    def search(self, query: str, limit: int = 500) -> list[int]:
        """Ids of documents whose title or text contains every word of ``query``."""
        with self.engine.connect() as conn:
            return search.search_ids(conn, query, limit)

    @retrying
    def set_status(self, doc_id: int, status: str, annotator: str | None = None) -> None:
        """Set the document's status, and the annotator's own progress when named."""
        if status not in STATUSES:
            raise ValidationError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        aid = self.annotator(annotator).id if annotator else None
        with self._write() as s:
            s.execute(update(Document).where(Document.id == doc_id).values(status=status))
            if aid is not None:
                self._set_progress(s, doc_id, aid, status)

    def _set_progress(self, s: Session, doc_id: int, aid: int, status: str) -> None:
        row = s.get(DocumentProgress, (doc_id, aid))
        if row is None:
            row = _add_progress(s, doc_id, aid, status)
        if row is not None:
            row.status = status
            row.updated_at = now()

    def progress(self, doc_id: int) -> dict[str, str]:
        """Each annotator's own status for the document."""
        with self._read() as s:
            rows = s.execute(
                select(Annotator.name, DocumentProgress.status)
                .join(Annotator, Annotator.id == DocumentProgress.annotator_id)
                .where(DocumentProgress.document_id == doc_id)
            ).all()
        return {r[0]: r[1] for r in rows}

    def status_counts(self, annotator: str | None = None) -> dict[str, int]:
        """How many documents are in each status (the annotator's own, when named)."""
        with self._read() as s:
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
        with self._write() as s:
            ann_ids = select(Annotation.id).where(Annotation.document_id == doc_id)
            s.execute(delete(ReviewDecision).where(ReviewDecision.annotation_id.in_(ann_ids)))
            s.execute(
                delete(Relation).where(Relation.from_id.in_(ann_ids) | Relation.to_id.in_(ann_ids))
            )
            s.execute(delete(Annotation).where(Annotation.document_id == doc_id))
            s.execute(delete(DocumentProgress).where(DocumentProgress.document_id == doc_id))
            s.execute(delete(Document).where(Document.id == doc_id))

    # -- annotations ------------------------------------------------------------------------

    def _ann_select(self):
        return (
            select(
                Annotation.id, Annotation.document_id, Annotation.start, Annotation.end,
                Annotation.text, Label.name, Label.kind, Annotator.name.label("annotator"),
                # read raw and converted in _ann_view: SQLAlchemy's per-row processors cost
                # more than the query on a document with thousands of spans
                type_coerce(Annotation.attributes, String), Annotation.note, Annotation.origin,
                Annotation.review_status, Annotation.version,
                type_coerce(Annotation.created_at, String), type_coerce(Annotation.updated_at, String),
                _CHANGER.name,
            )
            .join(Label, Label.id == Annotation.label_id)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
            .outerjoin(_CHANGER, _CHANGER.id == Annotation.updated_by)
        )

    def annotations(
        self,
        doc_id: int,
        annotator: str | Sequence[str] | None = None,
        suggestions: bool = True,
        rejected: bool = False,
    ) -> list[AnnotationView]:
        """The document's annotations in text order.

        ``suggestions`` keeps pending suggestions; ``rejected`` keeps rejected ones.
        """
        q = self._ann_select().where(Annotation.document_id == doc_id)
        if annotator is not None:
            names = [annotator] if isinstance(annotator, str) else list(annotator)
            q = q.where(Annotator.name.in_(names))
        if not suggestions:
            q = q.where(Annotation.origin != "suggested")
        if not rejected:
            q = q.where(Annotation.review_status != "rejected")
        q = q.order_by(Annotation.start, Annotation.end, Annotation.id)
        with self.read() as conn:  # the driver's rows: SQLAlchemy's row iteration cost more
            return _ann_views(fetch_raw(conn, q))  # than the query (10,000 spans)

    def get_annotation(self, ann_id: str) -> AnnotationView:
        with self._read() as s:
            r = s.connection().execute(self._ann_select().where(Annotation.id == ann_id)).first()
        if r is None:
            raise ValidationError(f"no annotation with id {ann_id}")
        return _ann_view(r)

    def get_annotations(self, ann_ids: Sequence[str]) -> list[AnnotationView]:
        """The annotations with these ids, in the order given, in one query per 500 ids;
        an unknown id is an error."""
        found: dict[str, AnnotationView] = {}
        ids = list(dict.fromkeys(ann_ids))
        with self._read() as s:
            for i in range(0, len(ids), 500):
                q = self._ann_select().where(Annotation.id.in_(ids[i:i + 500]))
                found.update((v.id, v) for v in map(_ann_view, s.connection().execute(q)))
        missing = [a for a in ids if a not in found]
        if missing:
            raise ValidationError(f"no annotation with id {', '.join(missing[:5])}")
        return [found[a] for a in ann_ids]

    def count_annotations(self) -> int:
        with self._read() as s:
            return s.scalar(select(func.count()).select_from(Annotation)) or 0

    def document_revision(self, doc_id: int) -> tuple[int, str]:
        """A cheap fingerprint of the document's annotations, relations and reviews.

        ``(annotation count, token)``: it changes whenever anyone adds, edits or deletes one,
        so the UI can poll it every few seconds and reload only when it differs.
        """
        with self._read() as s:
            n, versions, last, rels, revs = s.execute(_revision_query(), {"doc_id": doc_id}).one()
        return int(n), f"{int(versions)}:{last}:{int(rels)}:{int(revs)}"

    @retrying
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
        """Add a span; refuses bad offsets, unknown labels and exact duplicates."""
        lv = self.label(label)
        who = self.annotator(annotator)
        if origin not in ORIGINS:
            raise ValidationError(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
        if review_status not in REVIEW_STATUSES:
            raise ValidationError(f"review status must be one of {REVIEW_STATUSES}")
        stamp = now()
        with self._write() as s:
            if type(start) is not int or type(end) is not int:
                check_span("", start, end, None)  # raises: offsets must be integers
            # the span's text, not the whole article (a 1 MB text costs milliseconds per key press);
            # SQLite's and PostgreSQL's length/substr count characters, i.e. code points
            found = s.execute(
                select(Document.length, func.substr(Document.text, max(start, 0) + 1, max(end - start, 0)))
                .where(Document.id == doc_id)
            ).first()
            if found is None:
                raise ValidationError(f"no document with id {doc_id}")
            length, span_text = found
            if start < 0 or end > length or start >= end or len(span_text or "") != end - start:
                text = s.scalar(select(Document.text).where(Document.id == doc_id)) or ""
                check_span(text, start, end, None)  # raises with the usual message
                span_text = text[start:end]
            if not allow_duplicate:
                dup = s.scalar(
                    select(Annotation.id).where(
                        Annotation.document_id == doc_id, Annotation.start == start,
                        Annotation.end == end, Annotation.label_id == lv.id,
                        Annotation.annotator_id == who.id,
                        Annotation.review_status != "rejected",
                    )
                )
                if dup is not None:
                    raise ValidationError(
                        f"{label} {span_text!r} at {start}-{end} by {annotator} exists already"
                    )
            row = Annotation(
                id=ann_id or str(uuid.uuid4()), document_id=doc_id, annotator_id=who.id,
                label_id=lv.id, start=start, end=end, text=span_text,
                attributes=dict(attributes or {}), note=note, origin=origin,
                review_status=review_status, created_at=stamp, updated_at=stamp, version=1,
                updated_by=who.id,
            )
            s.add(row)
            if origin == "manual":
                self._touch_progress(s, doc_id, who.id)
        return AnnotationView(
            row.id, doc_id, start, end, row.text, lv.name, lv.kind, who.name, dict(row.attributes),
            note, origin, review_status, 1, stamp, stamp, who.name,
        )

    def _touch_progress(self, s: Session, doc_id: int, aid: int) -> None:
        """A first manual annotation moves a not-started document to in progress."""
        s.execute(
            update(Document)
            .where(Document.id == doc_id, Document.status == "not_started")
            .values(status="in_progress")
        )
        if s.get(DocumentProgress, (doc_id, aid)) is None:
            _add_progress(s, doc_id, aid, "in_progress")

    def _check_owner(self, s: Session, row: Annotation, by: str | None, action: str) -> None:
        if by is None:
            return
        # read in this transaction: the role as of now, and no second transaction meanwhile
        who = s.execute(select(Annotator.id, Annotator.role).where(Annotator.name == by)).first()
        if who is None or (row.annotator_id != who.id and who.role != "reviewer"):
            owner = s.scalar(select(Annotator.name).where(Annotator.id == row.annotator_id))
            label = s.scalar(select(Label.name).where(Label.id == row.label_id))
            raise PermissionDenied(  # people and the span, never the row's uuid
                f"{by} may not {action} {owner}'s annotation {label} “{row.text}”:"
                " only its author or a reviewer can"
            )

    @retrying
    def update_annotation(
        self,
        ann_id: str,
        *,
        expected_version: int | None = None,
        by: str | None = None,
        changed_by: str | None = None,
        **fields: Any,
    ) -> AnnotationView:
        """Change label, start/end, attributes, note, origin or review_status.

        ``expected_version`` refuses the write when someone changed the annotation meanwhile;
        ``by`` enforces roles (only the author or a reviewer may edit); the row's ``updated_by``
        becomes ``changed_by`` (default ``by``; neither: unchanged).
        """
        allowed = {"label", "start", "end", "attributes", "note", "origin", "review_status"}
        if bad := set(fields) - allowed:
            raise ValidationError(f"annotations have no editable field(s) {sorted(bad)}")
        label_id = self.label(fields["label"]).id if "label" in fields else None
        changer = changed_by or by
        changer_id = self.annotator(changer).id if changer else None
        with self._write() as s:
            row = s.get(Annotation, ann_id)
            if row is None:
                raise ConflictError("the annotation no longer exists (deleted by someone?)")
            if expected_version is not None and row.version != expected_version:
                from app.store.changes import changed_by_whom

                raise ConflictError(
                    f"annotation {row.text!r} was changed by {changed_by_whom(s, row)}"
                    f" (version {row.version}, you had {expected_version}): reloaded"
                )
            self._check_owner(s, row, by, "edit")
            values: dict[str, Any] = {"updated_at": now(), "version": row.version + 1}
            values["updated_by"] = changer_id  # None: nobody known (not the author by default)
            if "start" in fields or "end" in fields:
                start, end = fields.get("start", row.start), fields.get("end", row.end)
                text = s.scalar(select(Document.text).where(Document.id == row.document_id))
                assert text is not None
                check_span(text, start, end, None)
                values.update(start=start, end=end, text=text[start:end])
            if label_id is not None:
                values["label_id"] = label_id
            if "attributes" in fields:
                values["attributes"] = dict(fields["attributes"] or {})
            if "note" in fields:
                values["note"] = fields["note"] or ""
            if "origin" in fields:
                if fields["origin"] not in ORIGINS:
                    raise ValidationError(f"origin must be one of {', '.join(ORIGINS)}")
                values["origin"] = fields["origin"]
            if "review_status" in fields:
                if fields["review_status"] not in REVIEW_STATUSES:
                    raise ValidationError(f"review status must be one of {REVIEW_STATUSES}")
                values["review_status"] = fields["review_status"]
            # compare-and-set on the version: a concurrent writer makes this match nothing
            res = s.execute(
                update(Annotation)
                .where(Annotation.id == ann_id, Annotation.version == row.version)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(f"annotation {row.text!r} was changed by someone else: reloaded")
        return self.get_annotation(ann_id)

    @retrying
    def delete_annotation(
        self, ann_id: str, *, by: str | None = None, expected_version: int | None = None
    ) -> AnnotationView:
        """Delete an annotation (and its relations and reviews); returns what was deleted."""
        view = self.get_annotation(ann_id)
        with self._write() as s:
            row = s.get(Annotation, ann_id)
            if row is None:
                raise ConflictError("the annotation no longer exists (deleted by someone?)")
            if expected_version is not None and row.version != expected_version:
                raise ConflictError(f"annotation {row.text!r} was changed by someone else")
            self._check_owner(s, row, by, "delete")
            s.execute(delete(ReviewDecision).where(ReviewDecision.annotation_id == ann_id))
            s.execute(delete(Relation).where((Relation.from_id == ann_id) | (Relation.to_id == ann_id)))
            # compare-and-set: an edit committed since the read makes this delete nothing
            res = s.execute(
                delete(Annotation)
                .where(Annotation.id == ann_id, Annotation.version == row.version)
                .execution_options(synchronize_session=False)
            )
            if res.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(f"annotation {row.text!r} was changed by someone else: reloaded")
        return view

    def add_relation(self, from_id: str, to_id: str, type_: str, annotator: str) -> RelationView:
        if from_id == to_id:
            raise ValidationError("a relation needs two different annotations")
        a, b = self.get_annotation(from_id), self.get_annotation(to_id)
        if a.document_id != b.document_id:
            raise ValidationError("a relation links annotations of one document")
        who = self.annotator(annotator)
        rid = str(uuid.uuid4())
        with self._write() as s:
            s.add(Relation(id=rid, from_id=from_id, to_id=to_id, type=type_, annotator_id=who.id))
        return RelationView(rid, from_id, to_id, type_, who.name)

    def delete_relation(self, rel_id: str) -> None:
        with self._write() as s:
            s.execute(delete(Relation).where(Relation.id == rel_id))

    def relations(self, doc_id: int) -> list[RelationView]:
        # a join, not IN (subquery): SQLite listed every annotation id of the article first
        with self._read() as s:
            rows = s.execute(
                select(Relation.id, Relation.from_id, Relation.to_id, Relation.type, Annotator.name)
                .join(Annotation, Annotation.id == Relation.from_id)
                .join(Annotator, Annotator.id == Relation.annotator_id)
                .where(Annotation.document_id == doc_id)
                .order_by(Relation.id)
            ).all()
        return [RelationView(*r) for r in rows]

    @retrying
    def add_review(
        self, ann_id: str, reviewer: str, decision: str, comment: str = ""
    ) -> ReviewView:
        """Record a reviewer's decision. Reviewers only (a new name is created as a reviewer)."""
        who = self.annotator(reviewer, role="reviewer")
        stamp = now()
        with self._write() as s:
            role = s.scalar(select(Annotator.role).where(Annotator.id == who.id))
            if role != "reviewer":
                raise PermissionDenied(
                    f"{reviewer} may not review annotations: only a reviewer can (their role is {role})"
                )
            if s.get(Annotation, ann_id) is None:
                raise ValidationError(f"no annotation with id {ann_id}")
            row = ReviewDecision(
                annotation_id=ann_id, reviewer_id=who.id, decision=decision, comment=comment, at=stamp
            )
            s.add(row)
            s.flush()
            return ReviewView(row.id, ann_id, who.name, decision, comment, stamp)

    def reviews(self, doc_id: int) -> list[ReviewView]:
        ann_ids = select(Annotation.id).where(Annotation.document_id == doc_id)
        with self._read() as s:
            rows = s.execute(
                select(
                    ReviewDecision.id, ReviewDecision.annotation_id, Annotator.name,
                    ReviewDecision.decision, ReviewDecision.comment, ReviewDecision.at,
                )
                .join(Annotator, Annotator.id == ReviewDecision.reviewer_id)
                .where(ReviewDecision.annotation_id.in_(ann_ids))
                .order_by(ReviewDecision.id)
            ).all()
        return [ReviewView(*r) for r in rows]

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
            self._label_cache = None
            self._annotator_cache.clear()
        return summary

    # -- stats ------------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Corpus aggregates, computed in SQL from covering indexes (migration 0002): documents
        per status, annotations per label, annotator and origin as one range count each (cheaper
        than a GROUP BY walking the whole index), rejections from their own small range."""

        def count(*where: Any) -> Any:
            return select(func.count()).select_from(Annotation).where(*where).scalar_subquery()

        with self._read() as s:
            per_status = s.execute(
                select(Document.status, func.count(), func.coalesce(func.sum(Document.length), 0))
                .group_by(Document.status)
            ).all()
            total = s.execute(select(func.count()).select_from(Annotation)).scalar_one()
            per_origin = s.execute(select(*(count(Annotation.origin == o) for o in ORIGINS))).one()
            labels = s.execute(
                select(Label.id, Label.name, Label.kind, count(Annotation.label_id == Label.id))
                .order_by(Label.position, Label.id)
            ).all()
            rejected: dict[int, int] = {  # origin IN (all of them): seeks into the index
                lid: n for lid, n in s.execute(
                    select(Annotation.label_id, func.count())
                    .where(Annotation.origin.in_(ORIGINS), Annotation.review_status == "rejected")
                    .group_by(Annotation.label_id)
                )
            }
            per_annotator = s.execute(
                select(Annotator.name, count(Annotation.annotator_id == Annotator.id))
            ).all()
        return stats_result(per_status, total, per_origin, labels, rejected, per_annotator)

    # -- bulk helpers used by ingest and benchmarks -----------------------------------------

    def bulk_insert(self, s: Session, model: type, rows: list[dict[str, Any]]) -> None:
        if rows:
            s.execute(insert(model), rows)


_CHANGER = aliased(Annotator, name="changer")  # who last changed an annotation


@lru_cache(maxsize=1)
def _revision_query() -> Any:
    """``document_revision``'s statement, built once (``:doc_id`` bound per call): built anew,
    its aliases made SQLAlchemy compile it again on every poll and every article opened.

    Joins, not IN (subquery): SQLite built a temporary list of every annotation id for each
    (≈ 15 ms apiece on an article with 10,000 spans; the joins take ≈ 3 ms).
    """
    doc_id: Any = bindparam("doc_id")
    a_rel, a_rev = aliased(Annotation), aliased(Annotation)
    return select(
        func.count(Annotation.id),
        func.coalesce(func.sum(Annotation.version), 0),
        func.max(Annotation.updated_at),
        select(func.count(Relation.id)).join(a_rel, a_rel.id == Relation.from_id)
        .where(a_rel.document_id == doc_id).scalar_subquery(),
        select(func.count(ReviewDecision.id)).join(a_rev, a_rev.id == ReviewDecision.annotation_id)
        .where(a_rev.document_id == doc_id).scalar_subquery(),
    ).where(Annotation.document_id == doc_id)


def _add_progress(s: Session, doc_id: int, aid: int, status: str) -> DocumentProgress | None:
    """Insert an annotator's progress row: None, or the row their other window inserted meanwhile."""
    try:
        with s.begin_nested():
            s.add(DocumentProgress(document_id=doc_id, annotator_id=aid, status=status))
        return None
    except IntegrityError:
        return s.get(DocumentProgress, (doc_id, aid))


def _label_view(r: Label) -> LabelView:
    return LabelView(r.id, r.name, r.kind, r.color, r.hotkey, r.description, r.position)


def _rollback(session: Session) -> None:
    with suppress(DBAPIError):  # the connection is gone with the server: nothing to roll back
        session.rollback()


def _close(session: Session) -> None:
    with suppress(DBAPIError):
        session.close()


def _annotator_view(r: Annotator) -> AnnotatorView:
    return AnnotatorView(r.id, r.name, r.role)


def _ann_view(r: Any) -> AnnotationView:
    return annotation_view(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _json_dict(r[8]), r[9] or "", r[10], r[11],
        r[12], _stamp(r[13]), _stamp(r[14]), r[15],
    )


def _ann_views(rows: Iterable[Any]) -> list[AnnotationView]:
    """:func:`_ann_view` of every row, its per-row work inlined (no call for an empty
    attributes object or a timestamp parsed before: the common case of a 10,000-span read)."""
    make, jd, parse, other = annotation_view, _json_dict, _parse_stamp, _stamp
    return [
        make(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], {} if r[8] == "{}" else jd(r[8]),
            r[9] or "", r[10], r[11], r[12],
            parse(r[13]) if type(r[13]) is str else other(r[13]),
            parse(r[14]) if type(r[14]) is str else other(r[14]), r[15],
        )
        for r in rows
    ]


def _json_dict(v: Any) -> dict[str, Any]:
    """A JSON object column read raw: text on SQLite, already parsed on PostgreSQL."""
    if isinstance(v, str):
        if v == "{}":
            return {}
        try:
            v = orjson.loads(v)
        except orjson.JSONDecodeError:  # NaN or Infinity, which the json module writes
            import json

            v = json.loads(v)
    return dict(v or {})


def _stamp(v: Any) -> datetime:
    """A timestamp column read raw: SQLite's text ("YYYY-MM-DD HH:MM:SS.ffffff", UTC), or a
    datetime from PostgreSQL."""
    return _parse_stamp(v) if isinstance(v, str) else _aware(v)


@lru_cache(maxsize=4096)
def _parse_stamp(v: str) -> datetime:
    return _aware(datetime.fromisoformat(v))


def _aware(d: datetime) -> datetime:
    return d if d.tzinfo is not None else d.replace(tzinfo=UTC)


__all__ = ["Cancelled", "ImportFailed", "Store", "check_span", "sha256_text"]
