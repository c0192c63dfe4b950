"""Stream the store's documents with their annotations as native dicts, chunk by chunk.

Every exporter reads through here, so filters behave the same in every format and memory
stays bounded by one chunk of documents.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Select, String, and_, func, or_, select, type_coerce

from app.formats.options import ExportOptions
from app.models import (
    Annotation,
    Annotator,
    Document,
    DocumentProgress,
    Label,
    Relation,
    ReviewDecision,
)
from app.rules import counted_sql, gold_sql
from app.store.raw import fetch_raw
from app.store.store import Store

CHUNK = 200  # documents in the first chunk; later chunks grow (to MAX_CHUNK) while small
MAX_CHUNK = 1000
RAW_ROWS = True  # SQLite: rows from the driver's cursor (tests compare with SQLAlchemy's rows)
CHUNK_CHARS = 8_000_000  # grow a chunk while its texts are shorter than this


def iso(d: datetime | None) -> str | None:
    if d is None:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).isoformat().replace("+00:00", "Z")


def stamp(v: Any) -> str | None:
    """``iso`` of a timestamp column read raw (``raw``): SQLite's stored text is rewritten
    without building a datetime; other backends hand back datetimes."""
    if isinstance(v, str):
        return _sqlite_stamp(v)
    return iso(v)


@lru_cache(maxsize=4096)
def _sqlite_stamp(v: str) -> str | None:
    # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff" (no offset: read back as UTC)
    if len(v) == 26 and v[10] == " " and v[19] == ".":
        return f"{v[:10]}T{v[11:19]}{'' if v[20:] == '000000' else v[19:]}Z"
    return iso(datetime.fromisoformat(v))


def json_value(v: Any) -> Any:
    """A JSON column read raw (``raw``): parsed with orjson on SQLite, as is elsewhere."""
    if isinstance(v, str):
        if v == "{}":
            return {}
        try:
            return orjson.loads(v)
        except orjson.JSONDecodeError:  # NaN or Infinity, which the json module writes
            return json.loads(v)
    return v


def raw(column: Any) -> Any:
    """A column without SQLAlchemy's per-row conversion (see ``stamp`` and ``json_value``)."""
    return type_coerce(column, String)


def _doc_filter(q: Select, opts: ExportOptions) -> Select:
    if opts.statuses:
        q = q.where(Document.status.in_(opts.statuses))
    if opts.documents:
        numeric = [int(d) for d in opts.documents if str(d).isdigit()]
        q = q.where(or_(Document.uid.in_([str(d) for d in opts.documents]), Document.id.in_(numeric)))
    return q


def count_documents(store: Store, opts: ExportOptions) -> int:
    with store.read() as conn:
        return conn.execute(_doc_filter(select(func.count()).select_from(Document), opts)).scalar() or 0


def _ann_filter(opts: ExportOptions) -> list[Any]:
    conds: list[Any] = []
    if opts.annotators:
        conds.append(Annotator.name.in_(opts.annotators))
    if opts.labels:
        conds.append(Label.name.in_(opts.labels))
    if opts.gold_only:
        conds.append(gold_sql())  # gold is never rejected nor pending
    elif not opts.include_rejected and not opts.include_suggestions:
        conds.append(counted_sql())
    elif not opts.include_rejected:  # pending suggestions wanted: only the rejected go
        conds.append(Annotation.review_status != "rejected")
    elif not opts.include_suggestions:  # rejected wanted, but suggestions only if accepted
        conds.append(or_(Annotation.origin != "suggested", Annotation.review_status == "accepted"))
    return conds


def iter_documents(store: Store, opts: ExportOptions) -> Iterator[dict[str, Any]]:
    """Native document dicts (with annotations, relations, reviews, statuses), in id order."""
    doc_cols = [
        Document.id, Document.uid, Document.title, Document.source, Document.published,
        Document.sha256, Document.status, raw(Document.meta).label("meta"), Document.text,
    ]
    tail = (Annotation.origin, Annotation.review_status, raw(Annotation.attributes), Annotation.note,
            raw(Annotation.created_at), raw(Annotation.updated_at))
    head = (Annotation.document_id, Annotation.id, Annotation.start, Annotation.end, Annotation.text)
    # filters by label or annotator name join their tables; otherwise the few labels and
    # annotators are named from dicts (two index seeks per annotation less)
    joined = bool(opts.annotators or opts.labels or opts.gold_only)
    if joined:
        ann_q = (
            select(*head, Label.name, Label.kind, Annotator.name, *tail)
            .join(Label, Label.id == Annotation.label_id)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
        )
    else:
        ann_q = select(*head, Annotation.label_id, Annotation.label_id, Annotation.annotator_id, *tail)
    conds = _ann_filter(opts)
    last_id = 0
    size = CHUNK
    with store.read() as conn:
        # SQLite: the index (document_id, start) gives the order, ties (end, id) are sorted per
        # document in Python (the same byte order); PostgreSQL sorts by its own collation
        sqlite = conn.dialect.name == "sqlite"
        order = (Annotation.document_id, Annotation.start) if sqlite else (
            Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)

        def fetch(q: Select) -> list[Any]:
            """All rows of ``q``: on SQLite the driver's tuples (every column here is stored
            as the export writes it, or converted below), else SQLAlchemy's rows."""
            return fetch_raw(conn, q) if sqlite and RAW_ROWS else list(conn.execute(q).all())
        names = None if joined else (
            {r[0]: r[1] for r in conn.execute(select(Label.id, Label.name))},
            {r[0]: r[1] for r in conn.execute(select(Label.id, Label.kind))},
            {r[0]: r[1] for r in conn.execute(select(Annotator.id, Annotator.name))},
        )
        # tables with no row at all are not queried chunk by chunk
        has = {m: conn.execute(select(m.__table__.c[0]).limit(1)).first() is not None
               for m in (Relation, ReviewDecision, DocumentProgress)}
        while True:
            q = _doc_filter(select(*doc_cols).where(Document.id > last_id), opts)
            docs = fetch(q.order_by(Document.id).limit(size))
            if not docs:
                return
            first_id, last_id = last_id, docs[-1][0]
            ids = [d[0] for d in docs]
            # unfiltered, a chunk is every document of an id range: a range seek in the index,
            # not an IN list of up to MAX_CHUNK bound ids
            in_chunk: Any
            if opts.statuses or opts.documents:
                in_chunk = Annotation.document_id.in_(ids)
            else:
                in_chunk = and_(Annotation.document_id > first_id, Annotation.document_id <= last_id)
            chars = sum(len(d[8]) for d in docs)
            size = max(1, min(MAX_CHUNK, size * 2 if chars < CHUNK_CHARS else size // 2))
            rows = fetch(ann_q.where(and_(in_chunk, *conds)).order_by(*order))  # one fetchall per chunk
            anns = _annotation_dicts(rows, names, tie_sort=len(order) == 2)
            # the ids kept: only what relations and reviews are checked against
            kept: set[str] = {r[1] for r in rows} if has[Relation] or has[ReviewDecision] else set()
            del rows
            rels: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for rl in () if not has[Relation] else conn.execute(
                select(Annotation.document_id, Relation.id, Relation.type, Relation.from_id, Relation.to_id, Annotator.name)
                .join(Annotation, Annotation.id == Relation.from_id)
                .join(Annotator, Annotator.id == Relation.annotator_id)
                .where(in_chunk)
                .order_by(Relation.id)
            ):
                if rl[3] in kept and rl[4] in kept:
                    rels[rl[0]].append({"id": rl[1], "type": rl[2], "from": rl[3], "to": rl[4], "annotator": rl[5]})
            revs: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for rv in () if not has[ReviewDecision] else conn.execute(
                select(Annotation.document_id, ReviewDecision.annotation_id, Annotator.name,
                       ReviewDecision.decision, ReviewDecision.comment, raw(ReviewDecision.at))
                .join(Annotation, Annotation.id == ReviewDecision.annotation_id)
                .join(Annotator, Annotator.id == ReviewDecision.reviewer_id)
                .where(in_chunk)
                .order_by(ReviewDecision.id)
            ):
                if rv[1] in kept:
                    revs[rv[0]].append({"annotation": rv[1], "reviewer": rv[2], "decision": rv[3],
                                        "comment": rv[4] or "", "at": stamp(rv[5])})
            statuses: dict[int, dict[str, str]] = defaultdict(dict)
            for st in () if not has[DocumentProgress] else conn.execute(
                select(DocumentProgress.document_id, Annotator.name, DocumentProgress.status)
                .join(Annotator, Annotator.id == DocumentProgress.annotator_id)
                .where(DocumentProgress.document_id.in_(ids))
                .order_by(Annotator.name)
            ):
                statuses[st[0]][st[1]] = st[2]
            for d in docs:  # id, uid, title, source, published, sha256, status, meta, text
                doc_id, meta = d[0], d[7]
                yield {
                    "id": d[1], "title": d[2], "source": d[3], "published": d[4],
                    "sha256": d[5], "status": d[6], "statuses": statuses.get(doc_id, {}),
                    "metadata": {} if meta == "{}" else (json_value(meta) or {}), "text": d[8],
                    "annotations": anns.get(doc_id, []), "relations": rels.get(doc_id, []),
                    "reviews": revs.get(doc_id, []),
                }


def _annotation_dicts(
    rows: Any, names: tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]] | None, tie_sort: bool
) -> dict[int, list[dict[str, Any]]]:
    """The annotation rows of a chunk as native dicts per document id, in (start, end, id)
    order. The stamps of a chunk repeat (one import, one time) and most attributes are
    ``{}``: each distinct stored value is converted once per chunk. ``names``: label name,
    label kind and annotator name by id, when the rows carry ids."""
    anns: dict[int, list[dict[str, Any]]] = {}
    stamps: dict[Any, str | None] = {}
    last_doc, out, last_start = None, None, None
    tied: list[list[dict[str, Any]]] = []  # the documents with two spans at one start
    for r in rows:
        if r[0] != last_doc:
            last_doc, last_start = r[0], None
            out = anns.setdefault(last_doc, [])
        if r[2] == last_start and tie_sort and (not tied or tied[-1] is not out):
            assert out is not None
            tied.append(out)
        last_start = r[2]
        c, u = r[12], r[13]
        created = stamps.get(c)
        if created is None:
            created = stamps[c] = stamp(c)
        updated = stamps.get(u)
        if updated is None:
            updated = stamps[u] = stamp(u)
        attrs = r[10]
        assert out is not None
        label, kind, annotator = (r[5], r[6], r[7]) if names is None else (
            names[0][r[5]], names[1][r[6]], names[2][r[7]])
        out.append({
            "id": r[1], "start": r[2], "end": r[3], "text": r[4], "label": label, "kind": kind,
            "annotator": annotator, "origin": r[8], "review_status": r[9],
            "attributes": {} if attrs == "{}" else (json_value(attrs) or {}), "note": r[11] or "",
            "created_at": created, "updated_at": updated,
        })
    for lst in tied:  # rows come in (start) order: only ties need (end, id)
        lst.sort(key=_tie_key)
    return anns


def _tie_key(a: dict[str, Any]) -> tuple[int, int, str]:
    return a["start"], a["end"], a["id"]


def labels_of(store: Store) -> list[dict[str, Any]]:
    return [
        {"name": lv.name, "kind": lv.kind, "color": lv.color, "hotkey": lv.hotkey,
         "description": lv.description, **({"options": lv.options} if lv.options else {})}
        for lv in store.labels()
    ]


def annotators_of(store: Store) -> list[dict[str, Any]]:
    return [{"name": a.name, "role": a.role} for a in store.annotators()]
