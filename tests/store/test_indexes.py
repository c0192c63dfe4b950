"""Migration 0002: the covering indexes behind ``stats`` and the CJK trigram index of search.

Search results are compared with a brute-force reading of the same documents; the trigram index
built row by row (triggers) with the one built in bulk (first import, migration)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app import open_store
from app.bundle import Bundle
from app.store import search

DOCS = [
    {"id": "zz", "title": "郑州市 trade", "text": "郑州市场 opened; 河南省郑州市 rail freight."},
    {"id": "bj", "title": "Forum", "text": "北京 hosted the forum 🎉 on Monday."},
    {"id": "kr", "title": "Seoul", "text": "서울특별시 시장 met traders.\r\n"},
    {"id": "jp", "title": "東京都の市場", "text": "Tokyo markets rose (と報じた)."},
    {"id": "en", "title": "Market forum", "text": "The forum on markets in Zhengzhou closed."},
    {"id": "mx", "title": "Mixed", "text": "数字经济 digital economy, 数字 alone, café “quoted”."},
    {"id": "ti", "title": "郑州市", "text": "Only the title has CJK here."},
    {"id": "fr", "title": "Café", "text": "Le café “noir” coûte 2 € à Zhengzhou."},
]
QUERIES = [
    "郑州市", "郑州", "州市场", "河南省郑州市", "北京 forum", "北京 hosted", "北京",
    "서울특별시", "시장", "東京都", "市場", "と報じた", "数字经济 digital", "数字 economy", "数",
    "郑州市 rail", "郑州市 title", "数字经济 nowhere", "市", "forum 北京",
]
_WORD = re.compile(r"\w+")


def _expected(query: str) -> list[str]:
    words = _WORD.findall(query)
    return sorted(d["id"] for d in DOCS if all(w in d["title"] or w in d["text"] for w in words))


def _uids(store, ids: list[int]) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {d.id: d.uid for d in store.list_documents()}
    return sorted(by_id[i] for i in ids)


def test_cjk_search_matches_a_scan_of_title_and_text(any_store):
    any_store.import_bundle(Bundle([dict(d) for d in DOCS]))
    for q in QUERIES:
        assert _uids(any_store, any_store.search(q)) == _expected(q), q


def test_cjk_search_without_trigram_falls_back_to_the_scan(store_path: Path, monkeypatch):
    monkeypatch.setattr(search, "trigram_available", lambda conn: False)
    store = open_store(store_path)
    try:
        with store.engine.connect() as conn:
            assert not search.has_cjk_index(conn)
        store.import_bundle(Bundle([dict(d) for d in DOCS[:3]]))
        store.import_bundle(Bundle([dict(d) for d in DOCS[3:]]))
        for q in QUERIES:
            assert _uids(store, store.search(q)) == _expected(q), q
    finally:
        store.close()


def _indexed(path: Path) -> tuple[list[int], list[tuple[str, int, int]]]:
    """The rowids in the trigram index and its whole vocabulary (term, documents, count)."""
    with sqlite3.connect(path) as c:
        c.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, documents_cjk, 'row')")
        rows = [r[0] for r in c.execute("SELECT rowid FROM documents_cjk ORDER BY rowid")]
        vocab = c.execute("SELECT term, doc, cnt FROM temp.v ORDER BY term").fetchall()
        c.execute("INSERT INTO documents_cjk(documents_cjk) VALUES ('integrity-check')")
        return rows, vocab


def test_trigram_index_holds_only_east_asian_documents_bulk_or_row_by_row(tmp_path: Path):
    bulk, rows = tmp_path / "bulk.db", tmp_path / "rows.db"
    s = open_store(bulk)  # a first import: triggers dropped, one pass at the end
    s.import_bundle(Bundle([dict(d) for d in DOCS]))
    s.close()
    s = open_store(rows)  # into a store that has documents: the triggers, row by row
    s.import_bundle(Bundle([dict(DOCS[0])]))
    s.import_bundle(Bundle([dict(d) for d in DOCS[1:]]))
    with s.engine.connect() as conn:
        for name in ("documents_cjk_ai", "documents_cjk_ad", "documents_cjk_au", "documents_fts_ai"):
            assert conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
            ).first(), name
    east_asian = sorted(s.find_document(uid=d["id"]) for d in DOCS if d["id"] not in ("en", "fr"))
    s.close()
    assert _indexed(bulk) == _indexed(rows)
    assert _indexed(bulk)[0] == east_asian  # ASCII, accents, curly quotes, €: not indexed


def test_trigram_index_follows_deletes_and_title_changes(store_path: Path):
    store = open_store(store_path)
    try:
        store.import_bundle(Bundle([dict(d) for d in DOCS]))
        zz, en = store.find_document(uid="zz"), store.find_document(uid="en")
        store.delete_document(zz)
        assert _uids(store, store.search("郑州市")) == ["ti"]
        with store.engine.begin() as conn:  # titles change only through SQL today: the trigger
            conn.exec_driver_sql("UPDATE documents SET title = '郑州市 news' WHERE id = ?", (en,))
            conn.exec_driver_sql("UPDATE documents SET title = 'plain' WHERE uid = 'ti'")
        assert _uids(store, store.search("郑州市")) == ["en"]
        assert _uids(store, store.search("郑州市 news")) == ["en"]
    finally:
        store.close()
    rows, _ = _indexed(store_path)
    assert zz not in rows and en in rows


def _add(store, doc: int, start: int, end: int, label: str, who: str, **kw):  # type: ignore[no-untyped-def]
    return store.add_annotation(doc, start, end, label, who, **kw)


def test_stats_counts_from_the_indexes(any_store):
    store = any_store
    store.import_bundle(Bundle([dict(d) for d in DOCS]))
    en = store.find_document(uid="en")
    mx = store.find_document(uid="mx")
    store.set_status(en, "done")
    _add(store, en, 0, 3, "ORG", "alice")
    _add(store, en, 4, 9, "ORG", "alice", origin="suggested")
    r = _add(store, en, 13, 20, "GPE", "bob", origin="suggested")
    store.update_annotation(r.id, review_status="rejected", by="bob")
    _add(store, mx, 0, 4, "ORG", "bob", origin="imported", review_status="accepted")
    x = _add(store, mx, 5, 12, "PRODUCT", "carol", origin="imported")
    store.update_annotation(x.id, review_status="rejected", by="carol")
    store.annotator("dave")  # no annotations: not listed
    st = store.stats()
    assert st["documents"] == len(DOCS)
    assert st["characters"] == sum(len(d["text"]) for d in DOCS)
    assert st["status"] == {"not_started": len(DOCS) - 1, "in_progress": 0, "done": 1}
    assert st["annotations"] == 5 and st["counted"] == 2  # app.rules: what curator list counts
    assert st["by_origin"] == {"manual": 1, "suggested": 2, "imported": 2}
    counts = {name: v["count"] for name, v in st["by_label"].items()}
    assert counts["ORG"] == 2 and counts["GPE"] == 0 and counts["PRODUCT"] == 0  # pending, rejected: not
    assert st["by_label"]["ORG"]["kind"] == "entity"
    assert list(st["by_label"]) == [lv.name for lv in store.labels()]
    assert st["by_annotator"] == {"alice": 1, "bob": 1}  # carol's only span was rejected


def test_stats_queries_use_covering_indexes(store_path: Path):
    """SQLite answers every stats query from an index (no scan of a table's rows)."""
    from sqlalchemy import event

    store = open_store(store_path)
    store.import_bundle(Bundle([dict(d) for d in DOCS]))
    statements: list[tuple[str, object]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        store.stats()
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)
    selects = [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 5
    with store.engine.connect() as conn:
        plans = [[r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
                 for statement, params in selects]
    store.close()
    for statement, plan in zip(selects, plans, strict=True):
        for step in plan:
            if "annotations.annotator_id, count(*)" in statement[0]:
                # what is not counted, per annotator: seeks the (origin, review_status) index and
                # reads only the rows it keeps (annotator_id is in no index with review_status)
                assert step.startswith(("SEARCH annotations USING INDEX ix_annotations_origin_review_label",
                                        "USE TEMP B-TREE")), (statement, plan)
                continue
            for table in ("documents", "annotations"):
                if step.startswith(("SCAN " + table, "SEARCH " + table)):
                    assert "COVERING INDEX" in step, (statement, plan)


@pytest.mark.parametrize("index", ["ix_documents_status_length", "ix_annotations_origin_review_label"])
def test_new_store_has_the_stats_indexes(any_store, index: str):
    from sqlalchemy import inspect

    with any_store.engine.connect() as conn:
        table = "documents" if "documents" in index else "annotations"
        assert index in {ix["name"] for ix in inspect(conn).get_indexes(table)}


def test_a_documents_spans_are_read_in_order_from_the_index(store_path: Path, monkeypatch):
    """Migration 0004: ``store.annotations(doc)`` reads ``ix_annotations_document_order``
    (document_id, start, "end", id) in order: no temporary B-tree sort (the 10,000-span open)."""
    from app.store import annotations_repo as store_module
    from app.store import raw

    store = open_store(store_path)
    store.import_bundle(Bundle([dict(d) for d in DOCS]))
    en = store.find_document(uid="en")
    for i in range(0, 30, 3):
        _add(store, en, i, i + 2, "ORG", "alice")
    queries: list[tuple[str, tuple]] = []

    def grab(conn, key, build, params):  # type: ignore[no-untyped-def]  # the SQL the read sends
        compiled = build().compile(dialect=conn.dialect)
        values = {**compiled.params, **params}
        queries.append((compiled.string, tuple(values[k] for k in compiled.positiontup)))
        return raw.fetch_prepared(conn, key, build, params)

    monkeypatch.setattr(store_module, "fetch_prepared", grab)
    views = store.annotations(en)
    assert [v.start for v in views] == list(range(0, 30, 3))
    (statement, params), = queries
    with store.engine.connect() as conn:
        plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)]
    store.close()
    assert any("annotations USING INDEX ix_annotations_document_order" in p for p in plan), plan
    assert not any("TEMP B-TREE" in p for p in plan), plan
