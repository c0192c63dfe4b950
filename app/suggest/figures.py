"""Figure suggestions: the detector's spans stored as pending annotations."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from app.bundle import Bundle
from app.figures import detect
from app.store.store import Progress, Store
from app.suggest.common import Doc, document_ids, iter_docs, ticker


def figure_annotations(doc: Doc, annotator: str) -> dict[str, Any]:
    """The bundle document of ``doc``'s new figure suggestions (and their conversions)."""
    anns: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    ids: dict[int, str] = {}
    suggestions = detect(doc.text, doc.published)
    for i, s in enumerate(suggestions):
        if not doc.taken.allows(s.start, s.end):
            continue
        ids[i] = str(uuid.uuid4())
        anns.append({
            "id": ids[i], "start": s.start, "end": s.end, "text": s.text, "label": s.label,
            "kind": "figure", "annotator": annotator, "attributes": s.attributes,
            "origin": "suggested", "review_status": "none",
        })
    for i, s in enumerate(suggestions):
        for rel_type, j in s.relations:
            if i in ids and j in ids:
                rels.append({"from": ids[i], "to": ids[j], "type": rel_type, "annotator": annotator})
    return {"id": doc.uid, "text": doc.text, "annotations": anns, "relations": rels}


def suggest_figures(
    store: Store,
    doc_ids: Sequence[int] | None = None,
    *,
    annotator: str,
    progress: Progress | None = None,
) -> int:
    """Propose figures in the documents (all when ``doc_ids`` is None) as pending suggestions
    by ``annotator``, in one transaction; returns how many were added.

    A span annotated already (any annotator, label or status, rejected included) or
    overlapping an existing figure is never proposed. ``progress(done, total)`` may raise
    ``Cancelled``: nothing is stored then.
    """
    if not annotator or not annotator.strip():
        from app.errors import ValidationError

        raise ValidationError("suggestions need an annotator name")
    ids = document_ids(store, doc_ids)
    tick = ticker(progress, len(ids))

    def documents() -> Iterator[dict[str, Any]]:
        for doc in iter_docs(store, ids, "figure"):
            yield figure_annotations(doc, annotator)
            tick()

    bundle = Bundle(documents=documents(), source="figure suggestions", strict_labels=True)
    summary = store.import_bundle(bundle, origin="suggested", default_annotator=annotator)
    return summary.annotations
