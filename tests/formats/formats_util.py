"""Shared data for the interchange format tests: an annotated store and a comparable snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.bundle import Bundle
from app.store.store import Store

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"

# emoji (astral), CJK, a combining mark, CRLF line ends and a blank line
HARD_TEXT = (
    "Sony 😊 opened an office in 東京 on Monday.\r\n"
    "Cafe\u0301 Nero 👩\u200d💻 raised ¥5 trillion from 中国银行.\r\n"
    "\r\n"
    "Growth reached 10% in Zürich, said Zoë O'Neil."
)

GOLDEN_TEXT = "😊 Sony paid $5 billion.\r\n東京 grew."
STAMP = "2024-01-02T10:00:00Z"


def golden_bundle() -> Bundle:
    """The tiny store every golden export is written from (fixed ids and times)."""

    def ann(aid: str, start: int, end: int, label: str, who: str, **kw: Any) -> dict[str, Any]:
        return {"id": aid, "start": start, "end": end, "label": label, "annotator": who,
                "text": GOLDEN_TEXT[start:end], "origin": "manual", "created_at": STAMP,
                "updated_at": STAMP, **kw}

    return Bundle([{
        "id": "golden-1", "title": "Golden", "source": "golden.txt", "published": "2024-01-02",
        "text": GOLDEN_TEXT,
        "annotations": [
            ann("a1", 2, 6, "ORG", "alice"),
            ann("a2", 12, 22, "MONEY", "alice", attributes={"value": 5000000000, "unit": "USD"},
                note="converted"),
            ann("a3", 25, 27, "GPE", "bob"),
        ],
        "relations": [{"id": "r1", "type": "paid_by", "from": "a2", "to": "a1", "annotator": "alice"}],
    }], source="golden")


GOLDEN_SPANS = {(2, 6, "ORG", "alice"), (12, 22, "MONEY", "alice"), (25, 27, "GPE", "bob")}


def _find(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return i, i + len(word)


def populate(store: Store) -> None:
    """Annotate the sample corpus (two annotators, overlaps, a figure with attributes and a
    note, a relation, a custom label, an accepted and a pending suggestion) and add the hard
    Unicode text with annotations: nested and overlapping spans, a label with a space, emoji,
    CJK, a combining mark and a span across a CRLF. Every consumer test reads this one store."""
    store.add_label("TECH", kind="entity")
    store.add_label("TECH TERM", kind="entity")
    store.import_bundle(Bundle([{"id": "hard", "title": "Hard text", "text": HARD_TEXT}], source="t"))
    plan = {
        "hard": [("Sony", "ORG", "alice"), ("Sony 😊", "PRODUCT", "bob"), ("東京", "GPE", "alice"),
                 ("Cafe\u0301 Nero", "ORG", "alice"), ("¥5 trillion", "MONEY", "alice"),
                 ("中国银行", "ORG", "bob"), ("10%", "PERCENT", "alice"), ("Zürich", "GPE", "bob"),
                 ("Zoë O'Neil", "PERSON", "alice"), ("👩\u200d💻", "TECH", "bob"),
                 ("Monday.\r\nCafe\u0301", "DATE", "bob"), ("an office", "TECH TERM", "carol")],
    }
    for info in store.list_documents():
        text = store.document_text(info.id)
        items = plan.get(info.uid)
        if items is None:
            words = [w for w in ("China", "SCO", "digital economy", "Xi Jinping", "2021", "Shanghai")
                     if w in text]
            items = [(w, lbl, who) for w, lbl, who in zip(
                words, ["GPE", "ORG", "TECH", "PERSON", "DATE", "GPE"], ["alice", "bob"] * 3, strict=False)]
            if "digital economy" in text:
                items.append(("digital", "TECH", "alice"))  # overlaps "digital economy" by bob
        ids = []
        for word, label, who in items:
            s, e = _find(text, word)
            extra: dict[str, Any] = {}
            if label == "MONEY":
                extra = {"attributes": {"value": 5e12, "unit": "CNY", "qualifier": "about"},
                         "note": "figure in yuan; see the table"}
            ids.append(store.add_annotation(info.id, s, e, label, who, **extra).id)
        if len(ids) >= 2:
            store.add_relation(ids[0], ids[1], "related_to", "alice")
        first = text.split()[0]
        s, e = _find(text, first)
        pend = store.add_annotation(info.id, s, e, "EVENT", "model", origin="suggested")
        if info.uid == "hard":
            acc = store.add_annotation(info.id, *_find(text, "Growth"), "EVENT", "model", origin="suggested")
            store.annotator("reviewer", role="reviewer")
            store.update_annotation(acc.id, expected_version=1, by="reviewer", review_status="accepted")
        del pend


def snapshot(store: Store, pending: bool = True) -> dict[str, tuple[str, set[tuple[Any, ...]]]]:
    """``{sha256: (text, {(start, end, label, annotator, span text)})}`` of a whole store."""
    out = {}
    for info in store.list_documents():
        view = store.get_document(info.id)
        spans = {
            (a.start, a.end, a.label, a.annotator, a.text)
            for a in store.annotations(info.id, suggestions=pending)
        }
        out[view.sha256] = (view.text, spans)
    return out


def label_names(store: Store) -> set[str]:
    return {lb.name for lb in store.labels()}


def annotator_names(store: Store) -> set[str]:
    return {a.name for a in store.annotators()}


def counts(store: Store) -> tuple[int, int, int]:
    return store.count_documents(), store.count_annotations(), len(store.labels())
