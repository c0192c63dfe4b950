"""Every figure of the corpus as rows (the figures table), inconsistency flags and CSV export.

Qt-free: ``app/ui/figures_table.py`` shows these rows.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.atomic import atomic_open
from app.models import Annotation, Annotator, Document, Label, Relation
from app.rules import counted_sql
from app.store.store import Store


@dataclass(frozen=True, slots=True)
class FigureRow:
    ann_id: str
    doc_id: int
    document: str  # the article's title
    published: str | None
    start: int
    end: int
    text: str
    label: str
    value: int | float | None
    unit: str | None
    qualifier: str | None
    period: str | None
    subject: str | None  # the text the figure ``measures``
    annotator: str
    status: str  # manual, imported, pending (a suggestion), accepted
    conflict: str | None = None  # why the figure disagrees with another article's


def _number(v: Any) -> int | float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return v
    if isinstance(v, str):
        try:
            f = float(v.replace(",", ""))
        except ValueError:
            return None
        return int(f) if f.is_integer() else f
    return None


def _status(origin: str, review: str) -> str:
    if review == "accepted":
        return "accepted"
    if origin == "suggested":
        return "pending"
    return origin


def figure_rows(store: Store, *, pending: bool = True) -> list[FigureRow]:
    """Every figure annotation of the corpus (rejected ones left out; pending suggestions
    unless ``pending`` is False), in document and text order, inconsistencies flagged."""
    target = aliased(Annotation)
    q = (
        select(
            Annotation.id, Annotation.document_id, Document.title, Document.published,
            Annotation.start, Annotation.end, Annotation.text, Label.name, Annotation.attributes,
            Annotator.name, Annotation.origin, Annotation.review_status,
        )
        .join(Label, Label.id == Annotation.label_id)
        .join(Annotator, Annotator.id == Annotation.annotator_id)
        .join(Document, Document.id == Annotation.document_id)
        .where(Label.kind == "figure", Annotation.review_status != "rejected")
        .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)
    )
    if not pending:
        q = q.where(counted_sql())
    links = (
        select(Relation.from_id, Relation.type, target.text)
        .join(target, target.id == Relation.to_id)
        .where(Relation.type.in_(["measures", "period"]))
        .where(target.review_status != "rejected")
    )
    subject: dict[str, str] = {}
    period_rel: dict[str, str] = {}
    rows: list[FigureRow] = []
    with store.read() as conn:
        for from_id, rtype, text in conn.execute(links):
            (subject if rtype == "measures" else period_rel)[from_id] = text
        for r in conn.execute(q):
            attrs = r[8] or {}
            rows.append(FigureRow(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], _number(attrs.get("value")),
                attrs.get("unit"), attrs.get("qualifier"),
                attrs.get("period") or period_rel.get(r[0]),
                subject.get(r[0]) or attrs.get("subject") or None, r[9], _status(r[10], r[11]),
            ))
    return flag_inconsistencies(rows)


_POSSESSIVE = re.compile(r"['’]s\b")


def subject_key(subject: str) -> str:
    """Subjects compared loosely: case, spacing and possessives ignored."""
    return " ".join(_POSSESSIVE.sub("", subject).casefold().split())


def flag_inconsistencies(rows: Sequence[FigureRow]) -> list[FigureRow]:
    """Flag figures about the same subject and period (and unit) whose values differ
    between articles."""
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r.subject and r.period and r.value is not None:
            groups[(subject_key(r.subject), str(r.period), str(r.unit))].append(i)
    out = list(rows)
    for members in groups.values():
        docs = {rows[i].doc_id for i in members}
        values = {rows[i].value for i in members}
        if len(docs) < 2 or len(values) < 2:
            continue
        by_value: dict[Any, list[str]] = defaultdict(list)
        for i in members:
            r = rows[i]
            if r.document not in by_value[r.value]:
                by_value[r.value].append(r.document)
        first = rows[members[0]]
        parts = [
            f"{format_value(v)} in {', '.join(_clip(d) for d in ds)}"
            for v, ds in sorted(by_value.items(), key=lambda kv: kv[0])
        ]
        note = (
            f"{len(values)} values for {first.subject} ({first.period}) across {len(docs)} "
            f"articles: " + "; ".join(parts)
        )
        for i in members:
            out[i] = replace(rows[i], conflict=note)
    return out


def _clip(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def format_value(v: int | float | None) -> str:
    """A value for display: thousands separators, no float noise."""
    if v is None:
        return ""
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,.10g}" if abs(v) < 1e15 else repr(v)


CSV_COLUMNS = [f.name for f in fields(FigureRow)]


def write_csv(rows: Iterable[FigureRow], path: str | Path) -> int:
    """Write the rows as CSV (UTF-8, header first), atomically; returns the row count."""
    n = 0
    with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for r in rows:
            w.writerow(["" if getattr(r, c) is None else getattr(r, c) for c in CSV_COLUMNS])
            n += 1
    return n
