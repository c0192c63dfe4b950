"""What the suggesters share: reading documents in chunks and the spans already taken."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.models import Annotation, Document, Label
from app.store.store import Progress, Store

CHUNK = 200


@dataclass
class Taken:
    """A document's existing annotations (any annotator, label or review status, rejected
    ones included): never proposed again at the same offsets, nor over a span of the kind."""

    offsets: set[tuple[int, int]] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)  # of the suggester's kind

    def allows(self, start: int, end: int) -> bool:
        if (start, end) in self.offsets:
            return False
        return not any(s < end and start < e for s, e in self.spans)


@dataclass(frozen=True, slots=True)
class Doc:
    id: int
    uid: str
    text: str
    published: str | None
    taken: Taken


def document_ids(store: Store, doc_ids: Sequence[int] | None) -> list[int]:
    """The ids to work on: all documents, or the given ones (unknown ids are an error)."""
    if doc_ids is None:
        return store.document_ids()
    wanted = list(dict.fromkeys(int(d) for d in doc_ids))
    with store.read() as conn:
        known = set(conn.scalars(select(Document.id).where(Document.id.in_(wanted))))
    missing = [d for d in wanted if d not in known]
    if missing:
        from app.errors import ValidationError

        raise ValidationError(f"no document with id {', '.join(map(str, missing))}")
    return wanted


def iter_docs(store: Store, ids: Sequence[int], kind: str) -> Iterator[Doc]:
    """The documents ``ids`` with text and taken spans, read CHUNK at a time."""
    for i in range(0, len(ids), CHUNK):
        part = list(ids[i:i + CHUNK])
        with store.read() as conn:
            rows = conn.execute(
                select(Document.id, Document.uid, Document.text, Document.published)
                .where(Document.id.in_(part))
                .order_by(Document.id)
            ).all()
            taken: dict[int, Taken] = defaultdict(Taken)
            for doc_id, start, end, k in conn.execute(
                select(Annotation.document_id, Annotation.start, Annotation.end, Label.kind)
                .join(Label, Label.id == Annotation.label_id)
                .where(Annotation.document_id.in_(part))
            ):
                t = taken[doc_id]
                t.offsets.add((start, end))
                if k == kind:
                    t.spans.append((start, end))
        for r in rows:
            yield Doc(r.id, r.uid, r.text, r.published, taken[r.id])


def ticker(progress: Progress | None, total: int) -> Callable[[], None]:
    """A callable counting documents and reporting ``progress(done, total)`` at most about
    200 times (and at the end)."""
    done = 0
    every = max(1, total // 200)

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total)

    return tick
