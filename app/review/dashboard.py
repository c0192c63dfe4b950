"""Corpus dashboard figures (Qt-free): annotations per label per annotator, progress per annotator."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import Annotation, Annotator, Document, DocumentProgress, Label
from app.rules import counted_sql
from app.store.store import STATUSES, Store


@dataclass
class Dashboard:
    annotators: list[str]
    labels: list[str]  # in the store's label order
    counts: dict[str, dict[str, int]]  # annotator -> label -> counted annotations
    progress: dict[str, dict[str, int]]  # annotator -> status -> documents (and "total")

    def csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["annotator", *self.labels, "annotations", *STATUSES, "documents"])
        for a in self.annotators:
            c, p = self.counts.get(a, {}), self.progress[a]
            w.writerow([a, *(c.get(lab, 0) for lab in self.labels), sum(c.values()),
                        *(p[s] for s in STATUSES), p["total"]])
        return buf.getvalue()


def corpus_dashboard(store: Store) -> Dashboard:
    """Counted annotations (no pending suggestions, nothing rejected) and each annotator's own
    document statuses, in two grouped queries."""
    with store.read() as conn:
        rows = conn.execute(
            select(Annotator.name, Label.name, func.count())
            .select_from(Annotation)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
            .join(Label, Label.id == Annotation.label_id)
            .where(counted_sql())
            .group_by(Annotator.name, Label.name)
        ).all()
        prog = conn.execute(
            select(Annotator.name, DocumentProgress.status, func.count())
            .join(Annotator, Annotator.id == DocumentProgress.annotator_id)
            .group_by(Annotator.name, DocumentProgress.status)
        ).all()
        total = conn.execute(select(func.count()).select_from(Document)).scalar() or 0
    counts: dict[str, dict[str, int]] = {}
    for who, lab, n in rows:
        counts.setdefault(who, {})[lab] = n
    names = sorted({a.name for a in store.annotators()} & (set(counts) | {r[0] for r in prog}))
    progress = {a: {s: 0 for s in STATUSES} for a in names}
    for who, status, n in prog:
        if who in progress:
            progress[who][status] = n
    for p in progress.values():
        p["not_started"] = total - p["in_progress"] - p["done"]
        p["total"] = total
    used = {lab for c in counts.values() for lab in c}
    labels = [lv.name for lv in store.labels() if lv.name in used]
    return Dashboard(names, labels, counts, progress)
