"""gold and counted: the pure functions and the SQL forms agree on a real store."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Annotation
from app.rules import counted_sql, gold_sql, is_counted, is_gold


def test_pure_rules() -> None:
    assert is_counted("manual", "none") and is_counted("suggested", "accepted")
    assert not is_counted("suggested", "none") and not is_counted("manual", "rejected")
    assert not is_gold("suggested", "accepted", [], "annotator")  # a curator's own accept
    assert is_gold("manual", "accepted", ["accept"], "reviewer")
    assert is_gold("manual", "accepted", [], "reviewer")  # pre-merged copy
    assert not is_gold("manual", "none", ["accept"], "reviewer")


def test_sql_matches_pure(corpus_store) -> None:  # type: ignore[no-untyped-def]
    s = corpus_store
    doc = s.document_ids()[0]
    text = s.document_text(doc)
    words = [i for i in range(1, len(text) - 8) if text[i - 1] == " " and text[i].isalpha()]
    manual = s.add_annotation(doc, words[0], words[0] + 3, "ORG", "alice")
    sug = s.add_annotation(doc, words[1], words[1] + 3, "ORG", "sugg", origin="suggested")
    own = s.add_annotation(doc, words[2], words[2] + 3, "ORG", "sugg", origin="suggested")
    s.update_annotation(own.id, review_status="accepted")
    gold = s.add_annotation(doc, words[3], words[3] + 3, "ORG", "rita", review_status="accepted")
    s.set_role("rita", "reviewer")
    s.add_review(gold.id, "rita", "accept")
    with s.engine.connect() as conn:
        counted = set(conn.scalars(select(Annotation.id).where(counted_sql())))
        golds = set(conn.scalars(select(Annotation.id).where(gold_sql())))
    assert counted == {manual.id, own.id, gold.id} and sug.id not in counted
    assert golds == {gold.id}
