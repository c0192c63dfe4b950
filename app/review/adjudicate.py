"""Adjudication (Qt-free): compare annotators per document and settle each case into gold.

Each document's annotations by the chosen annotators are grouped into *cases*: first, a span
on which every chosen annotator has exactly the same start, end and label is its own (agreed)
case, even if it nests in or overlaps others; the remaining spans that overlap, across
annotators, form one case. A case is

- ``agreed``: every chosen annotator has exactly one annotation there, all with the same span
  and label;
- ``missing``: some chosen annotators have nothing there;
- ``label_conflict``: everyone marked the same span(s), with different labels;
- ``boundary_conflict``: everyone marked something, with different spans.

The **gold layer** is the reviewer's adjudicated annotations: copies with review status
``accepted``, origin ``manual`` and ``attributes["provenance"]`` = the ids of the annotations
they came from. Accepting, editing then accepting and rejecting each record a review decision
(who, when, what, comment) on the source annotations, exported in ``reviews``. Rejecting never
changes the annotator's own annotation (agreement keeps measuring their work). Who may
adjudicate is the store's policy (:mod:`app.store.policy`): the reviewer role (unless the
policy waives it) and, for one's own annotations, self-review.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.bundle import Bundle
from app.errors import PermissionDenied, ValidationError
from app.models import Annotation, Annotator
from app.models.enums import CaseKind, Decision
from app.review.agreement import normalise_unit, normalise_value
from app.rules import counted_sql, gold_sql
from app.store.store import Progress, Store, check_span
from app.store.views import AnnotationView, ReviewView

AGREED, MISSING, LABEL_CONFLICT, BOUNDARY_CONFLICT = (
    CaseKind.AGREED.value, CaseKind.MISSING.value, CaseKind.LABEL_CONFLICT.value,
    CaseKind.BOUNDARY_CONFLICT.value,
)
CASE_KINDS = tuple(k.value for k in CaseKind)
OPEN, ACCEPTED, REJECTED, PARTLY = "open", "accepted", "rejected", "partly decided"
CASE_STATES = (OPEN, PARTLY, ACCEPTED, REJECTED)
#: how each case state is shown: one mark and one word each, for every window and report
STATE_MARKS = {OPEN: "○", PARTLY: "◐", ACCEPTED: "✔", REJECTED: "✘"}
STATE_MEANINGS = {
    OPEN: "no version decided yet",
    PARTLY: "some versions decided, some not",
    ACCEPTED: "every version decided, at least one accepted into gold",
    REJECTED: "every version rejected",
}
PREMERGE_COMMENT = "pre-merged: all annotators agree"


@dataclass(frozen=True)
class Case:
    """Overlapping spans of the chosen annotators in one document, and how they were settled."""

    document_id: int
    kind: str
    start: int  # the extent of all its spans
    end: int
    versions: tuple[AnnotationView, ...]  # the annotators' annotations, in text order
    missing: tuple[str, ...]  # chosen annotators with nothing here
    state: str = OPEN  # see :func:`case_state`
    gold: tuple[AnnotationView, ...] = ()  # gold annotations that came from it
    decisions: tuple[str, ...] = ()  # per version: accepted, rejected or "" (not decided)

    @property
    def is_conflict(self) -> bool:
        return self.kind != AGREED

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.annotator for v in self.versions))

    @property
    def decided(self) -> bool:
        """Every version is decided (accepted into gold or rejected)."""
        return self.state in (ACCEPTED, REJECTED)

    @property
    def label(self) -> str:
        """The state as shown: its mark and its word ("◐ partly decided")."""
        return f"{STATE_MARKS[self.state]} {self.state}"


def case_state(accepted: int, rejected: int, versions: int) -> str:
    """The one definition of a case's state, from how many of its ``versions`` are accepted
    (in the provenance of a gold annotation) and rejected by the reviewer:

    - ``open``: none decided;
    - ``partly decided``: some decided, some not (never shown as settled);
    - ``accepted``: all decided, at least one accepted;
    - ``rejected``: all rejected.
    """
    decided = accepted + rejected
    if decided == 0:
        return OPEN
    if decided < versions:
        return PARTLY
    return ACCEPTED if accepted else REJECTED


def figure_key(ann: AnnotationView) -> tuple[Any, Any]:
    return normalise_value(ann.attributes.get("value")), normalise_unit(ann.attributes.get("unit"))


def classify(
    annotations: Iterable[AnnotationView], annotators: Sequence[str], document_id: int = 0
) -> list[Case]:
    """Group the annotations of ``annotators`` into cases (in text order) and classify them."""
    chosen = set(annotators)
    anns = sorted(
        (a for a in annotations if a.annotator in chosen), key=lambda a: (a.start, a.end, a.annotator)
    )
    groups = _agreed_groups(anns, chosen)
    taken = {id(a) for g in groups for a in g}
    end = -1
    rest: list[list[AnnotationView]] = []
    for a in anns:
        if id(a) in taken:
            continue
        if rest and a.start < end:
            rest[-1].append(a)
            end = max(end, a.end)
        else:
            rest.append([a])
            end = a.end
    groups = sorted(groups + rest, key=lambda g: (g[0].start, max(a.end for a in g)))
    cases = []
    for g in groups:
        by: dict[str, list[AnnotationView]] = {}
        for a in g:
            by.setdefault(a.annotator, []).append(a)
        missing = tuple(n for n in annotators if n not in by)
        spans = {n: sorted((a.start, a.end) for a in v) for n, v in by.items()}
        if missing:
            kind = MISSING
        elif all(len(v) == 1 for v in by.values()) and len({(a.start, a.end, a.label) for a in g}) == 1:
            kind = AGREED
        elif len({tuple(s) for s in spans.values()}) == 1:
            kind = LABEL_CONFLICT
        else:
            kind = BOUNDARY_CONFLICT
        cases.append(Case(
            document_id, kind, min(a.start for a in g), max(a.end for a in g), tuple(g), missing,
        ))
    return cases


def _agreed_groups(anns: Sequence[AnnotationView], chosen: set[str]) -> list[list[AnnotationView]]:
    """The spans on which every chosen annotator has exactly one annotation with the same start,
    end and label: each its own (agreed) case, whatever it overlaps or nests in."""
    by_key: dict[tuple[int, int, str], list[AnnotationView]] = {}
    for a in anns:
        by_key.setdefault((a.start, a.end, a.label), []).append(a)
    return [
        g for g in by_key.values()
        if len(g) == len(chosen) and {a.annotator for a in g} == chosen
    ]


class Adjudicator:
    """A reviewer settling the differences between ``annotators`` into the gold layer."""

    def __init__(self, store: Store, reviewer: str, annotators: Sequence[str]) -> None:
        names = list(dict.fromkeys(annotators))
        if len(names) < 2:
            raise ValidationError("review compares at least two annotators")
        who = store.annotator(reviewer, create=False)
        if who.role != "reviewer" and store.policy.reviewer_role:
            raise PermissionDenied(
                f"{reviewer} has role {who.role}: this store's policy lets only a reviewer"
                " adjudicate (a reviewer or the administrator can grant the role)"
            )
        if reviewer in names and not store.policy.self_review:
            raise PermissionDenied(
                f"{reviewer} may not review their own annotations: this store's policy asks"
                " another reviewer to decide them"
            )
        for n in names:
            store.annotator(n, create=False)
        self.store, self.reviewer, self.annotators = store, reviewer, names
        self.role = who.role  # the role the decisions are made in (the policy may waive it)

    # -- reading --------------------------------------------------------------------------

    def documents(self) -> list[int]:
        """Ids of the documents where any chosen annotator has an annotation that counts."""
        with self.store.read() as conn:
            return list(conn.execute(
                select(Annotation.document_id)
                .join(Annotator, Annotator.id == Annotation.annotator_id)
                .where(Annotator.name.in_(self.annotators), counted_sql())
                .distinct().order_by(Annotation.document_id)
            ).scalars())

    def gold(self, doc_id: int) -> list[AnnotationView]:
        """The reviewer's gold annotations of the document (:func:`app.rules.gold_sql`)."""
        with self.store.read() as conn:
            ids = set(conn.scalars(
                select(Annotation.id)
                .join(Annotator, Annotator.id == Annotation.annotator_id)
                .where(Annotation.document_id == doc_id, Annotator.name == self.reviewer, gold_sql())
            ))
        return [a for a in self.store.annotations(doc_id, annotator=self.reviewer) if a.id in ids]

    def cases(self, doc_id: int) -> list[Case]:
        """Every case of the document, with its state."""
        anns = [a for a in self.store.annotations(doc_id, annotator=self.annotators) if not a.pending]
        gold = self.gold(doc_id)
        rejected = {
            r.annotation_id for r in self.store.reviews(doc_id)
            if r.reviewer == self.reviewer and r.decision == Decision.REJECT
        }
        out = []
        for c in classify(anns, self.annotators, doc_id):
            ids = {v.id for v in c.versions}
            from_it = tuple(g for g in gold if ids & set(g.attributes.get("provenance") or ()))
            taken = ids & {p for g in from_it for p in g.attributes.get("provenance") or ()}
            state = case_state(len(taken), len((ids - taken) & rejected), len(ids))
            decisions = tuple(
                ACCEPTED if v.id in taken else REJECTED if v.id in rejected else ""
                for v in c.versions
            )
            out.append(Case(
                c.document_id, c.kind, c.start, c.end, c.versions, c.missing, state, from_it,
                decisions,
            ))
        return out

    def conflicts(self, doc_id: int) -> list[Case]:
        """The cases that are not agreed."""
        return [c for c in self.cases(doc_id) if c.is_conflict]

    # -- deciding -------------------------------------------------------------------------

    def accept(self, ann_id: str, comment: str = "") -> AnnotationView:
        """Copy a version into gold; provenance: it and every identical version."""
        src = self._source(ann_id)
        return self._to_gold(src, src.start, src.end, src.label, src.attributes, "accept", comment)

    def edit_accept(
        self,
        ann_id: str,
        *,
        start: int | None = None,
        end: int | None = None,
        label: str | None = None,
        attributes: dict[str, Any] | None = None,
        comment: str = "",
    ) -> AnnotationView:
        """Accept a version changed first (span, label or attributes); provenance as accept."""
        src = self._source(ann_id)
        start = src.start if start is None else start
        end = src.end if end is None else end
        label = label or src.label
        self.store.label(label)
        attrs = dict(src.attributes if attributes is None else attributes)
        changes = [
            f"{k} {a}->{b}" for k, a, b in (
                ("span", f"{src.start}-{src.end}", f"{start}-{end}"), ("label", src.label, label),
            ) if a != b
        ]
        if attributes is not None and attrs != src.attributes:
            changes.append("attributes")
        note = "edited: " + (", ".join(changes) if changes else "unchanged")
        comment = f"{note}; {comment}" if comment else note
        return self._to_gold(src, start, end, label, attrs, Decision.EDIT_ACCEPT, comment)

    def reject(self, ann_id: str, comment: str = "") -> ReviewView:
        """Keep a version out of gold (the annotator's annotation itself is unchanged)."""
        src = self._source(ann_id)
        return self.store.add_review(src.id, self.reviewer, Decision.REJECT, comment)

    def premergeable(self, doc_id: int) -> list[Case]:
        """The document's agreed, open cases whose versions also agree on figure value and unit:
        what :meth:`premerge` copies into gold."""
        return [
            c for c in self.cases(doc_id)
            if c.kind == AGREED and c.state == OPEN and len({figure_key(v) for v in c.versions}) == 1
        ]

    def premerge_count(self, doc_ids: Iterable[int] | None = None) -> tuple[int, int]:
        """How many gold annotations :meth:`premerge` would add, and in how many documents."""
        docs = list(doc_ids) if doc_ids is not None else self.documents()
        counts = [n for n in (len(self.premergeable(d)) for d in docs) if n]
        return sum(counts), len(counts)

    def premerge(self, doc_ids: Iterable[int] | None = None, progress: Progress | None = None) -> int:
        """Copy every agreed case (same span, label and figure value and unit from all) not yet
        settled into gold, in one transaction; returns how many gold annotations were added."""
        docs = list(doc_ids) if doc_ids is not None else self.documents()
        stamp = _iso(datetime.now(UTC))
        bundle_docs = []
        added = 0
        for i, doc_id in enumerate(docs):
            golds, reviews, sources = [], [], []
            for c in self.premergeable(doc_id):
                first = c.versions[0]
                gid = str(uuid.uuid4())
                golds.append(self._gold_dict(gid, first, first.start, first.end, first.label,
                                             first.attributes, [v.id for v in c.versions]))
                for v in c.versions:
                    sources.append(_ann_dict(v))
                    reviews.append({"annotation": v.id, "reviewer": self.reviewer,
                                    "decision": "accept", "comment": PREMERGE_COMMENT, "at": stamp})
            if golds:
                doc = self.store.get_document(doc_id)
                bundle_docs.append({"id": doc.uid, "text": doc.text,
                                    "annotations": sources + golds, "reviews": reviews})
                added += len(golds)
            if progress is not None:
                progress(i + 1, len(docs))
        if bundle_docs:
            self.store.import_bundle(Bundle(bundle_docs, source="pre-merge", strict_labels=True))
        return added

    # -- helpers --------------------------------------------------------------------------

    def _source(self, ann_id: str) -> AnnotationView:
        src = self.store.get_annotation(ann_id)
        if src.annotator not in self.annotators:
            raise ValidationError(
                f"annotation {ann_id} is {src.annotator}'s, not one of {', '.join(self.annotators)}'s"
            )
        return src

    def _gold_dict(
        self, gid: str, src: AnnotationView, start: int, end: int, label: str,
        attributes: dict[str, Any], provenance: list[str],
    ) -> dict[str, Any]:
        attrs = {k: v for k, v in attributes.items() if k != "provenance"}
        attrs["provenance"] = provenance
        return {
            "id": gid, "start": start, "end": end, "label": label, "annotator": self.reviewer,
            "attributes": attrs, "note": src.note, "origin": "manual", "review_status": "accepted",
        }

    def _to_gold(
        self, src: AnnotationView, start: int, end: int, label: str, attributes: dict[str, Any],
        decision: str, comment: str,
    ) -> AnnotationView:
        doc = self.store.get_document(src.document_id)
        check_span(doc.text, start, end, None)
        for g in self.gold(doc.id):
            if (g.start, g.end, g.label) == (start, end, label):
                raise ValidationError(
                    f"{label} {doc.text[start:end]!r} at {start}-{end} is in the gold layer already"
                )
        same = [
            a for a in self.store.annotations(doc.id, annotator=self.annotators)
            if (a.start, a.end, a.label) == (src.start, src.end, src.label) and not a.pending
        ]
        gid = str(uuid.uuid4())
        stamp = _iso(datetime.now(UTC))
        bundle = Bundle([{
            "id": doc.uid, "text": doc.text,
            "annotations": [_ann_dict(a) for a in same]
            + [self._gold_dict(gid, src, start, end, label, attributes, [a.id for a in same])],
            "reviews": [  # on the sources, and on the gold copy (so gold-only exports carry it)
                {"annotation": a, "reviewer": self.reviewer, "decision": decision,
                 "comment": comment, "at": stamp}
                for a in [*(x.id for x in same), gid]
            ],
        }], source="review", strict_labels=True)
        self.store.import_bundle(bundle)  # gold and decisions together, or nothing
        return self.store.get_annotation(gid)


def _ann_dict(a: AnnotationView) -> dict[str, Any]:
    """An existing annotation as a bundle entry (matched by id, so left as it is)."""
    return {"id": a.id, "start": a.start, "end": a.end, "label": a.label, "annotator": a.annotator}


def _iso(d: datetime) -> str:
    return d.astimezone(UTC).isoformat().replace("+00:00", "Z")
