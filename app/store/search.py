"""Full-text search DDL and queries, for SQLite (FTS5) and PostgreSQL (tsvector + GIN).

The DDL lists are frozen as of migration 0001: a later change needs a new migration.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "title, text, content='documents', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]
POSTGRES_DDL = [
    "CREATE INDEX ix_documents_fts ON documents USING GIN "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))",
]
DROP_DDL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS documents_fts_au",
        "DROP TRIGGER IF EXISTS documents_fts_ad",
        "DROP TRIGGER IF EXISTS documents_fts_ai",
        "DROP TABLE IF EXISTS documents_fts",
    ],
    "postgresql": ["DROP INDEX IF EXISTS ix_documents_fts"],
}

RANK_LIMIT = 5000  # more matches than this are not ranked (see search_ids)
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def search_ids(conn: Connection, query: str, limit: int = 500) -> list[int]:
    """Ids of documents containing every word of ``query``: best matches first, or in id
    order when more than ``RANK_LIMIT`` documents match (SQLite)."""
    words = _WORD.findall(query)
    if not words:
        return []
    dialect = conn.dialect.name
    if _CJK.search(query):
        # CJK runs carry no spaces: the word index cannot split them, scan instead
        clause = " AND ".join(f"instr(text, :w{i}) > 0" for i in range(len(words)))
        if dialect != "sqlite":
            clause = " AND ".join(f"strpos(text, :w{i}) > 0" for i in range(len(words)))
        sql = f"SELECT id FROM documents WHERE {clause} ORDER BY id LIMIT :limit"
        params: dict[str, object] = {f"w{i}": w for i, w in enumerate(words)}
        params["limit"] = limit
        return [r[0] for r in conn.execute(text(sql), params)]
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
        # bm25 scores every match before the LIMIT: a query matching most of a big store
        # (100k articles: seconds) returns its first matches in id order instead
        broad = conn.execute(
            text("SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH :q"
                 " LIMIT :cap)"),
            {"q": match, "cap": RANK_LIMIT + 1},
        ).scalar_one() > RANK_LIMIT
        sql = (
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
            + ("ORDER BY rowid" if broad else "ORDER BY bm25(documents_fts, 5.0, 1.0)")
            + " LIMIT :limit"
        )
        return [r[0] for r in conn.execute(text(sql), {"q": match, "limit": limit})]
    tsq = " & ".join(w.lower() + ":*" for w in words)
    sql = (
        "SELECT id FROM documents WHERE to_tsvector('simple', coalesce(title, '') || ' ' || text)"
        " @@ to_tsquery('simple', :q) ORDER BY id LIMIT :limit"
    )
    return [r[0] for r in conn.execute(text(sql), {"q": tsq, "limit": limit})]
