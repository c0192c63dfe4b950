"""Full-text search DDL and queries, for SQLite (FTS5) and PostgreSQL (tsvector + GIN).

The DDL lists are frozen as of the migration that created them (0001: the word index, 0002:
the CJK trigram index): a later change needs a new migration.
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

# -- migration 0002: East Asian text by trigrams (SQLite >= 3.34) -----------------------------
# Only documents whose title or text holds a character of U+3040..U+D7AF (kana, CJK, Hangul;
# a superset of _CJK below) are indexed: a query word with such a character can only match
# them. Contentless and detail=none (rowids only, ~1/40 of a full trigram index): a match is a
# candidate that the search checks with instr. The byte-length test skips pure ASCII text
# before the slower GLOB.
TRIGRAM_MIN_VERSION = (3, 34, 0)
_EAST_ASIAN = "'*[\u3040-\ud7af]*'"


def _has_cjk(row: str) -> str:
    return (f"((length(CAST({row}.text AS BLOB)) > length({row}.text)"
            f" AND {row}.text GLOB {_EAST_ASIAN}) OR {row}.title GLOB {_EAST_ASIAN})")


SQLITE_CJK_DDL = [
    "CREATE VIRTUAL TABLE documents_cjk USING fts5(title, text, content='', "
    "tokenize='trigram case_sensitive 1', detail=none)",
    f"CREATE TRIGGER documents_cjk_ai AFTER INSERT ON documents WHEN {_has_cjk('new')} BEGIN "
    "INSERT INTO documents_cjk(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    f"CREATE TRIGGER documents_cjk_ad AFTER DELETE ON documents WHEN {_has_cjk('old')} BEGIN "
    "INSERT INTO documents_cjk(documents_cjk, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER documents_cjk_au AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_cjk(documents_cjk, rowid, title, text) "
    f"SELECT 'delete', old.id, old.title, old.text WHERE {_has_cjk('old')}; "
    "INSERT INTO documents_cjk(rowid, title, text) "
    f"SELECT new.id, new.title, new.text WHERE {_has_cjk('new')}; END",
]
# index every existing document (migration 0002, and a first import after dropping the trigger)
SQLITE_CJK_FILL = (
    "INSERT INTO documents_cjk(rowid, title, text) "
    f"SELECT id, title, text FROM documents WHERE {_has_cjk('documents')}"
)
DROP_DDL_0002 = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS documents_cjk_au",
        "DROP TRIGGER IF EXISTS documents_cjk_ad",
        "DROP TRIGGER IF EXISTS documents_cjk_ai",
        "DROP TABLE IF EXISTS documents_cjk",
    ],
    "postgresql": [],
}


def trigram_available(conn: Connection) -> bool:
    """Whether this SQLite has FTS5's trigram tokenizer (3.34+)."""
    version = conn.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    return tuple(int(p) for p in str(version).split(".")[:3]) >= TRIGRAM_MIN_VERSION


def has_cjk_index(conn: Connection) -> bool:
    """Whether the store has the CJK trigram index (not when created without trigram)."""
    return conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents_cjk'"
    ).first() is not None


def bulk_index_begin(conn: Connection) -> None:
    """Before a large import into a SQLite store: stop indexing row by row."""
    conn.exec_driver_sql("DROP TRIGGER documents_fts_ai")
    if has_cjk_index(conn):
        conn.exec_driver_sql("DROP TRIGGER documents_cjk_ai")


def bulk_index_end(conn: Connection, first_id: int | None = None) -> None:
    """After that import: index every document (or those from ``first_id`` on: the ones the
    import added to a store that had some) in one pass, and put the triggers back."""
    if first_id is None:
        conn.exec_driver_sql("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    else:
        conn.exec_driver_sql(
            "INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text FROM documents"
            " WHERE id >= ?", (first_id,),
        )
    conn.exec_driver_sql(next(d for d in SQLITE_DDL if "documents_fts_ai" in d))
    if has_cjk_index(conn):
        if first_id is None:
            conn.exec_driver_sql(SQLITE_CJK_FILL)
        else:
            conn.exec_driver_sql(SQLITE_CJK_FILL + " AND id >= ?", (first_id,))
        conn.exec_driver_sql(next(d for d in SQLITE_CJK_DDL if "documents_cjk_ai" in d))


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
    if any(_CJK.search(w) for w in words):
        return _cjk_ids(conn, words, limit)
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


def _cjk_ids(conn: Connection, words: list[str], limit: int) -> list[int]:
    """CJK runs carry no spaces, so the word index cannot split them: documents whose title or
    text contains every word, in id order. On SQLite the trigram index gives the candidates
    (the trigrams of the words of 3+ characters; with shorter words only, the documents it
    holds), then instr checks them; without that index, and on PostgreSQL, a scan."""
    params: dict[str, object] = {f"w{i}": w for i, w in enumerate(words)}
    params["limit"] = limit
    if conn.dialect.name != "sqlite":
        clause = " AND ".join(
            f"(strpos(title, :w{i}) > 0 OR strpos(text, :w{i}) > 0)" for i in range(len(words)))
        sql = f"SELECT id FROM documents WHERE {clause} ORDER BY id LIMIT :limit"
        return [r[0] for r in conn.execute(text(sql), params)]
    clause = " AND ".join(
        f"(instr(title, :w{i}) > 0 OR instr(text, :w{i}) > 0)" for i in range(len(words)))
    candidates = ""
    if has_cjk_index(conn):
        grams = dict.fromkeys(w[i:i + 3] for w in words if len(w) >= 3 for i in range(len(w) - 2))
        if grams:
            params["m"] = " ".join('"' + g.replace('"', '""') + '"' for g in grams)
            candidates = "SELECT rowid FROM documents_cjk WHERE documents_cjk MATCH :m"
        else:
            candidates = "SELECT rowid FROM documents_cjk"
        clause = f"id IN ({candidates}) AND {clause}"
    sql = f"SELECT id FROM documents WHERE {clause} ORDER BY id LIMIT :limit"
    return [r[0] for r in conn.execute(text(sql), params)]
