"""Entity recommender: a string curators labelled once is suggested wherever else it occurs.

Matches are whole tokens (``app.text.tokenize``), case-sensitive, longest first. When the store
holds a trained entity model (``curator train entities``, ``app.learn``), its entities are
proposed too where no string matched; so are an installed spaCy pipeline's (optional; nothing
is downloaded).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import or_, select

from app.bundle import Bundle
from app.learn.model import load_entity_model
from app.models import Annotation, Label
from app.store.store import Progress, Store
from app.suggest.common import Doc, document_ids, iter_docs, ticker
from app.text.matcher import Matcher

MODEL_BATCH = 32  # texts the trained model reads at once


def labelled_strings(store: Store) -> dict[str, str]:
    """Each string curators labelled as an entity (by hand, or accepted in review) and its
    most frequent label."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with store.read() as conn:
        for text, label in conn.execute(
            select(Annotation.text, Label.name)
            .join(Label, Label.id == Annotation.label_id)
            .where(Label.kind == "entity")
            .where(Annotation.review_status != "rejected")
            .where(or_(Annotation.origin == "manual", Annotation.review_status == "accepted"))
        ):
            if text and text.strip() == text and any(ch.isalnum() for ch in text):
                counts[text][label] += 1
    return {t: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for t, c in counts.items()}


@lru_cache(maxsize=1)
def spacy_pipeline() -> Any | None:
    """An installed spaCy pipeline, or None (spaCy missing, or no pipeline installed)."""
    try:
        import spacy

        names = sorted(spacy.util.get_installed_models())
    except Exception:  # spaCy absent or broken: the recommender works without it
        return None
    for name in sorted(names, key=lambda n: (not n.startswith("en_"), n)):
        try:
            return spacy.load(name, disable=["parser", "lemmatizer"])
        except Exception:
            continue
    return None


def entity_annotations(
    doc: Doc, matcher: Matcher, annotator: str, nlp: Any | None, labels: set[str],
    learned: Sequence[tuple[int, int, str]] = (),
) -> dict[str, Any]:
    """The document's suggestions: the matcher's, then the trained model's (``learned``: its
    spans in this text) where no string matched, then an installed pipeline's."""
    anns: list[dict[str, Any]] = []
    spans: list[tuple[int, int, str, str]] = [(s, e, lab, "dictionary") for s, e, lab in matcher.matches(doc.text)]
    if learned:
        taken = [(s, e) for s, e, _, _ in spans]
        for s, e, lab in learned:
            if lab in labels and not any(a < e and s < b for a, b in taken):
                spans.append((s, e, lab, "model"))
    if nlp is not None:
        taken = [(s, e) for s, e, _, _ in spans]
        for ent in nlp(doc.text).ents:
            s, e = ent.start_char, ent.end_char
            if ent.label_ in labels and not any(a < e and s < b for a, b in taken):
                spans.append((s, e, ent.label_, "spacy"))
    for s, e, label, source in sorted(spans):
        if not doc.taken.allows(s, e):
            continue
        anns.append({
            "id": str(uuid.uuid4()), "start": s, "end": e, "text": doc.text[s:e], "label": label,
            "kind": "entity", "annotator": annotator, "attributes": {"suggested_by": source},
            "origin": "suggested", "review_status": "none",
        })
    return {"id": doc.uid, "text": doc.text, "annotations": anns}


def suggest_entities(
    store: Store,
    doc_ids: Sequence[int] | None = None,
    *,
    annotator: str,
    progress: Progress | None = None,
    use_spacy: bool = True,
    use_model: bool = True,
    warn: Callable[[str], None] | None = None,
) -> int:
    """Suggest the strings curators labelled elsewhere, the store's trained model's entities
    (``use_model``) and spaCy's (when a pipeline is installed and ``use_spacy``) as pending
    annotations by ``annotator``, in one transaction; returns how many were added. Spans
    annotated already (rejected included) or overlapping an entity are never proposed. A
    stored model that cannot be used (another spaCy version) is skipped and ``warn`` told."""
    if not annotator or not annotator.strip():
        from app.errors import ValidationError

        raise ValidationError("suggestions need an annotator name")
    ids = document_ids(store, doc_ids)
    matcher = Matcher(labelled_strings(store))
    learned = None
    if use_model:
        loaded = load_entity_model(store)
        learned = loaded.recommender
        if loaded.problem and warn is not None:
            warn(loaded.problem)
    nlp = spacy_pipeline() if use_spacy else None
    labels = {lv.name for lv in store.labels() if lv.kind == "entity"}
    tick = ticker(progress, len(ids))

    def batches() -> Iterator[list[Doc]]:
        batch: list[Doc] = []
        for doc in iter_docs(store, ids, "entity"):
            batch.append(doc)
            if len(batch) == MODEL_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def documents() -> Iterator[dict[str, Any]]:
        for batch in batches():  # the model reads a batch of texts at once (spaCy's pipe)
            found = (learned.entities_many([d.text for d in batch]) if learned is not None
                     else [[] for _ in batch])
            for doc, spans in zip(batch, found, strict=True):
                yield entity_annotations(doc, matcher, annotator, nlp, labels, spans)
                tick()

    bundle = Bundle(documents=documents(), source="entity suggestions", strict_labels=True)
    return store.import_bundle(bundle, origin="suggested", default_annotator=annotator).annotations
