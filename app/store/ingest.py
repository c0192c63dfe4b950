"""Ingest a Bundle into the store inside one transaction, in chunks of bulk inserts.

Documents are matched by id (uid) and by sha256, never duplicated: a document whose id is
known but whose text differs is refused. Annotations are matched by id, or (without an id)
by span, label and annotator, so importing or merging twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, insert, select, tuple_
from sqlalchemy.orm import Session

from app.bundle import Bundle
from app.errors import ImportFailed, ValidationError
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.models.enums import Role
from app.store.bulk import Bulk, Ids, Writer
from app.store.views import ImportSummary

if TYPE_CHECKING:
    from app.store.store import Progress, Store

CHUNK = 500
MAX_DEPTH = 32  # nesting of attributes and metadata (JSON columns)
MAX_ANNOTATIONS = 100_000  # per document: far above any article, bounds an import's memory


def _chunks(it: Any, n: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(islice(it, n)):
        yield chunk


def _date(value: Any) -> Any:
    if isinstance(value, str) and value:
        from datetime import UTC, datetime

        try:
            d = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return d if d.tzinfo else d.replace(tzinfo=UTC)
        except ValueError:
            return None
    return None


class Ingest:
    def __init__(
        self,
        store: Store,
        session: Session,
        bundle: Bundle,
        summary: ImportSummary,
        skip_bad_spans: bool,
        default_annotator: str | None,
        origin: str | None,
        bulk: Bulk | None = None,
    ) -> None:
        self.store, self.s, self.bundle, self.summary = store, session, bundle, summary
        self.bulk = bulk
        self.writer = bulk.writer() if bulk is not None else Writer(session)
        self.new_id = Ids()  # ids of new annotations and relations
        self.skip_bad_spans = skip_bad_spans
        self.default_annotator = default_annotator
        self.origin = origin
        self.source = bundle.source or "input"
        self.labels: dict[str, tuple[int, str]] = {
            r.name: (r.id, r.kind) for r in session.execute(select(Label.id, Label.name, Label.kind))
        }
        self.annotators: dict[str, int] = {
            r.name: r.id for r in session.execute(select(Annotator.id, Annotator.name))
        }
        self.roles = {
            a["name"]: a.get("role", "annotator")
            for a in bundle.annotators
            if isinstance(a, dict) and isinstance(a.get("name"), str)
        }
        self.id_map: dict[str, str] = {}  # annotation id in the input -> id in the store
        self.new_keys: dict[str, tuple[int, int, int, int, int]] = {}  # ids added by this import

    # -- helpers ----------------------------------------------------------------------------

    def fail(self, where: str, message: str) -> ImportFailed:
        return ImportFailed(f"{self.source}: {where}: {message}")

    def label_id(self, name: Any, kind: Any, where: str) -> int:
        if not isinstance(name, str) or not name.strip():
            raise self.fail(where, f"label must be a non-empty string, got {name!r}")
        if name in self.labels:
            return self.labels[name][0]
        if self.bundle.strict_labels:
            raise self.fail(where, f"unknown label {name!r} (not in the file's labels nor the store)")
        return self.add_label({"name": name, "kind": kind if kind in ("entity", "figure") else "entity"})

    def add_label(self, d: dict[str, Any]) -> int:
        from app.store.schema import next_color

        kind = d.get("kind", "entity")
        if kind not in ("entity", "figure"):
            raise self.fail(f"label {d.get('name')!r}", f"kind must be entity or figure, not {kind!r}")
        from app.errors import ValidationError
        from app.text.label_options import normalise

        try:
            options = normalise(d.get("options"))
        except ValidationError as exc:
            raise self.fail(f"label {d.get('name')!r}", str(exc)) from None
        used_keys = set(self.s.scalars(select(Label.hotkey).where(Label.hotkey.is_not(None))))
        hotkey = d.get("hotkey") if d.get("hotkey") not in used_keys else None
        pos = len(self.labels) + 1
        lid = self.s.execute(
            insert(Label).returning(Label.id),
            [{
                "name": d["name"], "kind": kind, "color": d.get("color") or next_color(len(self.labels)),
                "hotkey": hotkey, "description": d.get("description", ""), "position": pos,
                "options": options,
            }],
        ).scalar_one()
        self.labels[d["name"]] = (lid, kind)
        self.summary.added_labels.append(d["name"])
        return lid

    def annotator_id(self, name: Any, where: str) -> int:
        if name is None or name == "":
            name = self.default_annotator or "imported"
        if not isinstance(name, str):
            raise self.fail(where, f"annotator must be a string, got {name!r}")
        if name not in self.annotators:
            role = self.roles.get(name, "annotator")
            if role not in tuple(Role):
                role = "annotator"
            self.annotators[name] = self.s.execute(
                insert(Annotator).returning(Annotator.id), [{"name": name, "role": role}]
            ).scalar_one()
        return self.annotators[name]

    # -- the run ----------------------------------------------------------------------------

    def run(self, progress: Progress | None) -> None:
        for d in self.bundle.labels:
            if not isinstance(d, dict) or not isinstance(d.get("name"), str):
                raise self.fail("labels", f"each label needs a name, got {d!r}")
            if d["name"] not in self.labels:
                self.add_label(d)
        for a in self.bundle.annotators:
            if isinstance(a, dict) and a.get("name"):
                self.annotator_id(a["name"], "annotators")
        done = 0
        total = getattr(self.bundle, "total", 0) or 0
        index = 0
        for chunk in _chunks(self.bundle.documents, CHUNK):
            self.ingest_chunk(chunk, index)
            index += len(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)

    def ingest_chunk(self, docs: list[Any], first_index: int) -> None:
        from app.store.store import now, sha256_text

        stamp = now()
        prepared = []
        for i, d in enumerate(docs):
            where = f"document {first_index + i + 1}"
            if not isinstance(d, dict):
                raise self.fail(where, "a document must be an object")
            text = d.get("text")
            if not isinstance(text, str):
                raise self.fail(where, "has no text (a string)")
            sha = sha256_text(text)
            if d.get("sha256") and d["sha256"] != sha:
                raise self.fail(where, f"sha256 {d['sha256']} does not match its text ({sha})")
            uid = str(d.get("id") or sha[:16])
            if "id" in d and d["id"] is not None:
                where = f"document {uid!r} ({first_index + i + 1})"
            prepared.append((d, text, sha, uid, where))
        uids = [p[3] for p in prepared]
        shas = [p[2] for p in prepared]
        by_uid = {
            r.uid: (r.id, r.sha256)
            for r in self.s.execute(select(Document.id, Document.uid, Document.sha256).where(Document.uid.in_(uids)))
        }
        by_sha = {
            r.sha256: r.id
            for r in self.s.execute(select(Document.id, Document.sha256).where(Document.sha256.in_(shas)))
        }
        new_rows: list[dict[str, Any]] = []
        targets: list[Any] = []
        seen_in_chunk: dict[str, int] = {}
        for d, text, sha, uid, where in prepared:
            if uid in by_uid:
                doc_id, old_sha = by_uid[uid]
                if old_sha != sha:
                    raise self.fail(where, f"a document with id {uid!r} exists with a different text")
                self.summary.skipped += 1
                targets.append((doc_id, d, text, where, False))
            elif sha in by_sha:
                self.summary.skipped += 1
                targets.append((by_sha[sha], d, text, where, False))
            elif uid in seen_in_chunk and new_rows[-seen_in_chunk[uid] - 1]["sha256"] != sha:
                raise self.fail(where, f"document id {uid!r} appears twice with different texts")
            elif sha in seen_in_chunk or uid in seen_in_chunk:
                self.summary.skipped += 1
                targets.append((seen_in_chunk.get(sha, seen_in_chunk.get(uid)), d, text, where, False))
            else:
                seen_in_chunk[sha] = seen_in_chunk[uid] = -len(new_rows) - 1
                status = d.get("status") or "not_started"
                if status not in ("not_started", "in_progress", "done"):
                    raise self.fail(where, f"status must be not_started, in_progress or done, not {status!r}")
                published = d.get("published")
                if published is not None and not isinstance(published, str):
                    raise self.fail(where, f"published must be a date string, got {published!r}")
                meta = d.get("metadata") or {}
                if not isinstance(meta, dict):
                    raise self.fail(where, "metadata must be an object")
                if _depth(meta) > MAX_DEPTH:
                    raise self.fail(where, f"metadata nested deeper than {MAX_DEPTH} levels")
                new_rows.append({
                    "uid": uid, "sha256": sha, "title": str(d.get("title") or _title(text))[:500],
                    "source": str(d.get("source") or ""), "published": (published or None) and published[:10],
                    "status": status, "meta": meta, "length": len(text), "text": text,
                    "created_at": stamp,
                })
                targets.append((-len(new_rows), d, text, where, True))
        ids: list[int] = []
        if new_rows:
            if self.bulk is not None:
                self.bulk.before_documents(self.writer, len(new_rows))
            ids = self.writer.documents(new_rows)
            self.summary.imported += len(new_rows)
        resolved = []
        for doc_id, d, text, where, is_new in targets:
            if doc_id is not None and doc_id < 0:
                doc_id = ids[-doc_id - 1]
            resolved.append((doc_id, d, text, where, is_new))
        self.ingest_annotations(resolved)

    def _stored_ids(
        self, column: Any, targets: list[tuple[int, dict[str, Any], str, str, bool]], key: str
    ) -> set[str]:
        """The ids given in the documents' ``key`` list (annotations, relations) that ``column``
        holds already: one query per chunk of 900."""
        wanted = [
            str(x["id"])
            for _, d, _, _, _ in targets
            for x in _list(d.get(key))
            if isinstance(x, dict) and x.get("id")
        ]
        found: set[str] = set()
        for part in _chunks(wanted, 900):
            found.update(self.s.scalars(select(column).where(column.in_(part))))
        return found

    def ingest_annotations(self, targets: list[tuple[int, dict[str, Any], str, str, bool]]) -> None:
        from app.store.store import check_span, now

        existing_ids = self._stored_ids(Annotation.id, targets, "annotations")
        old_doc_ids = [t[0] for t in targets if not t[4]]
        existing_spans: dict[tuple[int, int, int, int, int], str] = {}  # -> the annotation's id
        if old_doc_ids:
            existing_spans = {
                tuple(r[:5]): r[5]  # type: ignore[misc]
                for r in self.s.execute(
                    select(
                        Annotation.document_id, Annotation.start, Annotation.end,
                        Annotation.label_id, Annotation.annotator_id, Annotation.id,
                    ).where(Annotation.document_id.in_(old_doc_ids))
                )
            }
        # relations given with an id that is stored already are skipped: one query per chunk
        existing_rel_ids = self._stored_ids(Relation.id, targets, "relations")
        rows: list[dict[str, Any]] = []
        rel_rows: list[dict[str, Any]] = []
        review_rows: list[dict[str, Any]] = []
        progress_rows: dict[tuple[int, int], str] = {}
        stamp = now()
        labels, annotators = self.labels, self.annotators
        default_id: int | None = None  # the default annotator's id, once asked for
        for doc_id, d, text, where, _ in targets:
            anns = d.get("annotations") or []
            if not isinstance(anns, list):
                raise self.fail(where, "annotations must be a list")
            if len(anns) > MAX_ANNOTATIONS:
                raise self.fail(
                    where, f"{len(anns):,} annotations: more than the {MAX_ANNOTATIONS:,} a document may carry"
                )
            for j, a in enumerate(anns):
                if not isinstance(a, dict):
                    raise self.fail(_ann_where(where, j, {}), "an annotation must be an object")
                try:
                    check_span(text, a.get("start"), a.get("end"), a.get("text"))
                except ValidationError as exc:
                    if self.skip_bad_spans:
                        self.summary.warnings.append(f"{self.source}: {_ann_where(where, j, a)}: {exc} (skipped)")
                        continue
                    raise self.fail(_ann_where(where, j, a), str(exc)) from None
                # the labels and annotators met already: no call, no message built in advance
                name = a.get("label")
                known = labels.get(name) if type(name) is str else None
                if known is not None and str(name).strip():
                    label_id = known[0]
                else:
                    label_id = self.label_id(name, a.get("kind"), _ann_where(where, j, a))
                name = a.get("annotator")
                known_id = annotators.get(name) if type(name) is str and name else None
                if known_id is not None:
                    annotator_id = known_id
                elif (name is None or name == "") and default_id is not None:
                    annotator_id = default_id  # the file names nobody (doccano): the default
                else:
                    annotator_id = self.annotator_id(name, _ann_where(where, j, a))
                    if name is None or name == "":
                        default_id = annotator_id
                aid = str(a["id"]) if a.get("id") else None
                key = (doc_id, a["start"], a["end"], label_id, annotator_id)
                if aid is not None and aid in existing_ids:
                    if self.new_keys.get(aid, key) != key:  # one id, two annotations in the input
                        raise self.fail(_ann_where(where, j, a), f"duplicate annotation id {aid!r}")
                    self.id_map[aid] = aid
                    continue
                if key in existing_spans:  # the same span again: relations to it go to the kept one
                    if aid is not None:
                        self.id_map.setdefault(aid, existing_spans[key])
                    continue
                attributes = a.get("attributes") or {}
                if not isinstance(attributes, dict):
                    raise self.fail(_ann_where(where, j, a), "attributes must be an object")
                if attributes and _depth(attributes) > MAX_DEPTH:
                    raise self.fail(_ann_where(where, j, a), f"attributes nested deeper than {MAX_DEPTH} levels")
                origin = self.origin or a.get("origin") or "imported"
                if origin not in ("manual", "suggested", "imported"):
                    raise self.fail(_ann_where(where, j, a), f"origin must be manual, suggested or imported, not {origin!r}")
                review_status = a.get("review_status") or "none"
                if review_status not in ("none", "accepted", "rejected"):
                    raise self.fail(_ann_where(where, j, a), f"review_status must be none, accepted or rejected, not {review_status!r}")
                new_id = aid or self.new_id()
                if aid is not None:
                    if aid in self.id_map:
                        raise self.fail(_ann_where(where, j, a), f"duplicate annotation id {aid!r}")
                    self.id_map[aid] = new_id
                    self.new_keys[new_id] = key
                existing_spans[key] = new_id
                existing_ids.add(new_id)
                rows.append({
                    "id": new_id, "document_id": doc_id, "annotator_id": annotator_id,
                    "label_id": label_id, "start": a["start"], "end": a["end"],
                    "text": text[a["start"]:a["end"]], "attributes": attributes,
                    "note": str(a.get("note") or ""), "origin": origin, "review_status": review_status,
                    "created_at": (_date(created) or stamp) if (created := a.get("created_at")) else stamp,
                    "updated_at": (_date(updated) or stamp) if (updated := a.get("updated_at")) else stamp,
                    "version": 1, "updated_by": annotator_id,
                })
            for field in ("relations", "reviews"):
                if not isinstance(d.get(field) or [], list):
                    raise self.fail(where, f"{field} must be a list")
            for k, r in enumerate(d.get("relations") or []):
                rwhere = f"{where}, relation {k + 1}"
                if not isinstance(r, dict):
                    raise self.fail(rwhere, "a relation must be an object")
                src, dst = self.id_map.get(str(r.get("from"))), self.id_map.get(str(r.get("to")))
                if src is None or dst is None:
                    raise self.fail(rwhere, f"links unknown annotation(s) {r.get('from')!r} -> {r.get('to')!r}")
                if r.get("id"):
                    rid = str(r["id"])
                    if rid in existing_rel_ids:
                        continue
                else:
                    rid = self.new_id()  # new: no need to look it up
                rel_rows.append({
                    "id": rid, "from_id": src, "to_id": dst, "type": str(r.get("type") or "related"),
                    "annotator_id": self.annotator_id(r.get("annotator"), rwhere),
                })
            for k, rv in enumerate(d.get("reviews") or []):
                vwhere = f"{where}, review {k + 1}"
                if not isinstance(rv, dict):
                    raise self.fail(vwhere, "a review must be an object")
                target = self.id_map.get(str(rv.get("annotation")))
                if target is None:
                    raise self.fail(vwhere, f"reviews unknown annotation {rv.get('annotation')!r}")
                reviewer = self.annotator_id(rv.get("reviewer"), vwhere)
                at = _date(rv.get("at")) or stamp
                review_rows.append({
                    "annotation_id": target, "reviewer_id": reviewer,
                    "decision": str(rv.get("decision") or ""), "comment": str(rv.get("comment") or ""), "at": at,
                })
            statuses = d.get("statuses") or {}
            if not isinstance(statuses, dict):
                raise self.fail(where, "statuses must be an object of annotator: status")
            for name, status in statuses.items():
                if status not in ("not_started", "in_progress", "done"):
                    raise self.fail(where, f"status of {name!r} must be not_started, in_progress or done")
                progress_rows[(doc_id, self.annotator_id(name, where))] = status
        if rows:
            self.writer.annotations(rows)
            self.summary.annotations += len(rows)
        if rel_rows:
            self.s.execute(insert(cast(Table, Relation.__table__)), rel_rows)
        if review_rows:
            self._insert_reviews(review_rows)
        if progress_rows:
            self._upsert_progress(progress_rows)

    def _insert_reviews(self, rows: list[dict[str, Any]]) -> None:
        keys = {(r["annotation_id"], r["reviewer_id"], r["decision"], r["at"]) for r in rows}
        ann_ids = list({r["annotation_id"] for r in rows})
        existing = {
            (r[0], r[1], r[2], _date(r[3].isoformat()) if r[3] else None)
            for r in self.s.execute(
                select(
                    ReviewDecision.annotation_id, ReviewDecision.reviewer_id, ReviewDecision.decision,
                    ReviewDecision.at,
                ).where(ReviewDecision.annotation_id.in_(ann_ids))
            )
        }
        fresh = [r for r in rows if (r["annotation_id"], r["reviewer_id"], r["decision"], r["at"]) not in existing]
        del keys
        if fresh:
            self.s.execute(insert(ReviewDecision), fresh)

    def _upsert_progress(self, rows: dict[tuple[int, int], str]) -> None:
        existing = set(
            self.s.execute(
                select(DocumentProgress.document_id, DocumentProgress.annotator_id).where(
                    tuple_(DocumentProgress.document_id, DocumentProgress.annotator_id).in_(list(rows))
                )
            )
        )
        for (doc_id, aid), status in rows.items():
            if (doc_id, aid) in existing:
                row = self.s.get(DocumentProgress, (doc_id, aid))
                assert row is not None
                row.status = status
            else:
                self.s.add(DocumentProgress(document_id=doc_id, annotator_id=aid, status=status))


def _ann_where(where: str, j: int, a: dict[str, Any]) -> str:
    """How a message names annotation ``j`` of a document: a reader's own words (file, line,
    its id), else its id, else its position."""
    if isinstance(a.get("_where"), str):
        return str(a["_where"])
    if a.get("id") is not None:
        return f"{where}, annotation {a['id']!r}"
    return f"{where}, annotation {j + 1}"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in a JSON value (iterative: no recursion limit)."""
    if isinstance(value, dict) and not any(isinstance(v, dict | list) for v in value.values()):
        return 1  # a flat object (most attributes)
    deepest, stack = 0, [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            deepest = max(deepest, d)
            if d <= MAX_DEPTH:
                stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return deepest


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "(untitled)"
