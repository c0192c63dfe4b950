"""A corpus store with figure suggestions, subjects (``measures``) and a conflicting article."""

from __future__ import annotations

from typing import Any

from app.bundle import Bundle
from app.suggest import suggest_figures

EXTRA = (
    "Digital economy hits new high\n\n"
    "In 2020, China's digital economy reached 39.2 trillion yuan, according to a new report "
    "by the China Academy of Information and Communications Technology.\n"
)


def find(store: Any, doc_id: int, text: str, occurrence: int = 1) -> tuple[int, int]:
    full = store.document_text(doc_id)
    i = -1
    for _ in range(occurrence):
        i = full.index(text, i + 1)
    return i, i + len(text)


def doc_by_source(store: Any, prefix: str) -> int:
    return next(d.id for d in store.list_documents() if d.source.startswith(prefix))


def figures_store(store: Any) -> dict[str, Any]:
    """Import an extra article, suggest figures everywhere, link subjects; returns ids."""
    store.import_bundle(Bundle(documents=[{
        "id": "cn-report-2021", "title": "Digital economy hits new high", "text": EXTRA,
        "published": "2021-07-15", "source": "extra.txt",
    }]))
    suggest_figures(store, annotator="figure-bot")
    store.add_label("TOPIC", kind="entity", color="#555555")
    ids: dict[str, Any] = {}
    spirit = doc_by_source(store, "2021-08-24-china-to-push")
    extra = store.find_document(uid="cn-report-2021")
    undated = doc_by_source(store, "undated")
    for doc, subject, figure, key in [
        (spirit, "China's digital economy", "39 trillion yuan", "spirit"),
        (extra, "China's digital economy", "39.2 trillion yuan", "extra"),
        (undated, "China's digital economy", "45.5 trillion yuan", "undated"),
    ]:
        s, e = find(store, doc, subject)
        topic = store.add_annotation(doc, s, e, "TOPIC", "alice")
        fig = next(a for a in store.annotations(doc) if a.text == figure)
        store.add_relation(fig.id, topic.id, "measures", "alice")
        ids[key] = (doc, fig.id)
    return ids
