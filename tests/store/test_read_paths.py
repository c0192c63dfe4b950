"""The article's annotations read from the driver's rows (``fetch_raw``) and its relations read
through a join are exactly what the ORM holds: every field, every filter, on real stores."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import select

from app.bundle import Bundle
from app.models import Annotation, Annotator, Label, Relation
from app.store.views import AnnotationView

ALPHABET = "abc XYZ éü 中文 😀\n\t«»\"'\\%_"


@pytest.fixture
def filled(store: Any) -> Iterator[tuple[Any, list[int]]]:
    rng = random.Random(15)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(300)) for _ in range(3)]
    store.import_bundle(Bundle([{"id": f"r{k}", "text": t} for k, t in enumerate(texts)], source="t"))
    ids = [d.id for d in store.list_documents()]
    labels = [lv.name for lv in store.labels()]
    store.annotator("rita", role="reviewer")
    for doc, text in zip(ids, texts, strict=True):
        made = []
        for _ in range(40):
            a = rng.randrange(0, len(text) - 5)
            b = a + rng.randrange(1, 5)
            made.append(store.add_annotation(
                doc, a, b, rng.choice(labels), rng.choice(["alice", "bob", "王芳"]),
                attributes=rng.choice([{}, {"value": 3.5, "unit": "%"}, {"q": "«≈»", "n": [1, None]}]),
                note=rng.choice(["", "see 😀", "a\nb"]),
                origin=rng.choice(["manual", "suggested", "imported"]),
                review_status=rng.choice(["none", "accepted", "rejected"]),
                allow_duplicate=True,
            ))
        for x, y in zip(made[::2], made[1::2], strict=True):
            if rng.random() < 0.5:
                store.add_relation(x.id, y.id, rng.choice(["measures", "period"]), "alice")
    yield store, ids


def _orm_views(store: Any, doc: int) -> list[AnnotationView]:
    with store._read() as s:
        rows = s.execute(
            select(Annotation, Label.name, Label.kind, Annotator.name)
            .join(Label, Label.id == Annotation.label_id)
            .join(Annotator, Annotator.id == Annotation.annotator_id)
            .where(Annotation.document_id == doc)
        ).all()
        names = dict(s.execute(select(Annotator.id, Annotator.name)).tuples().all())

    def aware(d: Any) -> Any:
        return d if d.tzinfo else d.replace(tzinfo=UTC)

    views = [AnnotationView(
        a.id, a.document_id, a.start, a.end, a.text, label, kind, who, dict(a.attributes), a.note,
        a.origin, a.review_status, a.version, aware(a.created_at), aware(a.updated_at),
        names.get(a.updated_by),
    ) for a, label, kind, who in rows]
    return sorted(views, key=lambda v: (v.start, v.end, v.id))


def test_annotations_are_what_the_orm_holds(filled: tuple[Any, list[int]]) -> None:
    store, ids = filled
    for doc in ids:
        every = _orm_views(store, doc)
        assert store.annotations(doc, rejected=True) == every
        assert store.annotations(doc) == [v for v in every if v.review_status != "rejected"]
        assert store.annotations(doc, suggestions=False, rejected=True) == [
            v for v in every if v.origin != "suggested"]
        assert store.annotations(doc, annotator=["alice", "王芳"], rejected=True) == [
            v for v in every if v.annotator in ("alice", "王芳")]
        assert store.annotations(doc, annotator="bob") == [
            v for v in every if v.annotator == "bob" and v.review_status != "rejected"]
        assert any(v.attributes for v in every) and any(v.note for v in every)


def test_relations_are_those_starting_in_the_article(filled: tuple[Any, list[int]]) -> None:
    store, ids = filled
    with store._read() as s:
        everything = s.execute(select(Relation.id, Relation.from_id, Annotation.document_id)
                               .join(Annotation, Annotation.id == Relation.from_id)).all()
    assert everything
    for doc in ids:
        got = store.relations(doc)
        assert [r.id for r in got] == sorted(rid for rid, _f, d in everything if d == doc)
        assert all(r.annotator == "alice" and r.type in ("measures", "period") for r in got)


def test_document_revision_is_each_articles_own(filled: tuple[Any, list[int]]) -> None:
    """The statement is built once and bound per call: asked in turn, each article gets its own."""
    store, ids = filled
    for doc in [*ids, *reversed(ids)]:
        every = _orm_views(store, doc)
        n, token = store.document_revision(doc)
        parts = token.split(":")  # versions:last change (a time, with colons):relations:reviews
        versions, rels, revs = parts[0], parts[-2], parts[-1]
        assert n == len(every) and int(versions) == sum(v.version for v in every)
        assert int(rels) == len(store.relations(doc)) and int(revs) == 0
    assert len({store.document_revision(d) for d in ids}) == len(ids)


def test_the_prepared_read_equals_the_filtered_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``annotations(doc)`` runs one statement compiled once (``raw.fetch_prepared``); every
    variant gives what the per-call compiled read gives, for several documents in a row."""
    from app import open_store
    from app.bundle import Bundle

    store = open_store(tmp_path / "p.db")
    texts = {"a": "Sony 😊 met 東京 on Monday.\r\nCafé Nero rose 5%.", "b": "Acme bought Zeta for $2 billion."}
    store.import_bundle(Bundle([{"id": k, "title": k, "text": t} for k, t in texts.items()], source="t"))
    for uid, text in texts.items():
        doc = store.find_document(uid=uid)
        for n, (s, e) in enumerate([(0, 4), (5, 6), (0, 6), (len(text) - 3, len(text) - 1)]):
            origin = "suggested" if n == 3 else "manual"
            a = store.add_annotation(doc, s, e, "ORG", ["alice", "bob"][n % 2], origin=origin)
            if n == 2:
                store.update_annotation(a.id, review_status="rejected")
    names = ["alice", "bob"]
    for _ in range(2):  # the second round reads through the cached statements
        for uid in texts:
            doc = store.find_document(uid=uid)
            for sugg in (True, False):
                for rej in (True, False):
                    assert store.annotations(doc, suggestions=sugg, rejected=rej) == store.annotations(
                        doc, names, suggestions=sugg, rejected=rej)
    store.close()
