"""The floors: the same work as a ``curator`` command, in plain sqlite3 + orjson, no app code.

Run as a child process (``python -m bench.raw COMMAND ...``) so interpreter start-up counts on
both sides, like the real CLI's.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson

DOC_DDL = (
    "CREATE TABLE documents (id INTEGER PRIMARY KEY, uid TEXT UNIQUE, sha256 TEXT, title TEXT,"
    " source TEXT, published TEXT, status TEXT, metadata TEXT, length INTEGER, text TEXT,"
    " created_at TEXT)"
)
ANN_DDL = (
    "CREATE TABLE annotations (id TEXT PRIMARY KEY, document_id INTEGER, annotator_id INTEGER,"
    " label_id INTEGER, start INTEGER, \"end\" INTEGER, text TEXT, attributes TEXT, note TEXT,"
    " origin TEXT, review_status TEXT, created_at TEXT, updated_at TEXT, version INTEGER)"
)


# the store's full-text index (app/store/search.py, frozen by migration 0001), copied here so
# the floor process does not import the app (and SQLAlchemy)
FTS_DDL = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN INSERT INTO"
    " documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
]


def _connect(db: str) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def _doc_row(i: int, text: str, uid: str, source: str, stamp: str) -> tuple:  # type: ignore[type-arg]
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    title = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return (i, uid or sha[:16], sha, title, source, None, "not_started", "{}", len(text), text, stamp)


def import_txt(folder: str, db: str, fts: str = "") -> None:
    """Read every ``.txt`` below ``folder`` and executemany the document rows (with ``fts``,
    into a table carrying the store's FTS5 index and trigger)."""
    stamp = datetime.now(UTC).isoformat()
    rows = []
    for i, f in enumerate(sorted(Path(folder).rglob("*.txt")), 1):
        rows.append(_doc_row(i, f.read_bytes().decode("utf-8"), "", f.name, stamp))
    conn = _connect(db)
    with conn:
        conn.execute(DOC_DDL)
        for ddl in FTS_DDL if fts else []:
            conn.execute(ddl)
        conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.close()


def import_jsonl(path: str, db: str) -> None:
    """Parse native JSON Lines and executemany documents and annotations."""
    import uuid

    stamp = datetime.now(UTC).isoformat()
    docs, anns = [], []
    labels: dict[str, int] = {}
    with open(path, "rb") as fh:
        for i, line in enumerate(fh, 1):
            d = orjson.loads(line)
            text = d["text"]
            docs.append(_doc_row(i, text, d.get("id", ""), "", stamp))
            for a in d.get("annotations", []):
                lid = labels.setdefault(a["label"], len(labels) + 1)
                anns.append((str(uuid.uuid4()), i, 1, lid, a["start"], a["end"],
                             text[a["start"]:a["end"]], "{}", "", "imported", "none", stamp, stamp, 1))
    conn = _connect(db)
    with conn:
        conn.execute(DOC_DDL)
        conn.execute(ANN_DDL)
        conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", docs)
        conn.executemany("INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", anns)
        conn.execute("CREATE INDEX ix_ann_doc ON annotations(document_id, start)")
    conn.close()


def import_doccano(path: str, db: str) -> None:
    """The peers' file (doccano JSONL, ``label`` spans): stdlib ``json`` parse, executemany of
    documents and spans, then the store's FTS5 index built in one ``rebuild``: the floor of
    ``curator import --format doccano`` (PERF.md: 1.0 s for 10k articles + 100k spans)."""
    import json
    import uuid

    stamp = datetime.now(UTC).isoformat()
    docs, anns = [], []
    labels: dict[str, int] = {}
    with open(path, "rb") as fh:
        for i, line in enumerate(fh, 1):
            d = json.loads(line)
            text = d["text"]
            docs.append(_doc_row(i, text, "", "", stamp))
            for start, end, label in d.get("label", []):
                lid = labels.setdefault(label, len(labels) + 1)
                anns.append((str(uuid.uuid4()), i, 1, lid, start, end, text[start:end], "{}", "",
                             "imported", "none", stamp, stamp, 1))
    conn = _connect(db)
    with conn:
        conn.execute(DOC_DDL)
        conn.execute(ANN_DDL)
        conn.execute(FTS_DDL[0])  # the index, without its trigger: filled in one pass below
        conn.executemany("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?)", docs)
        conn.executemany("INSERT INTO annotations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", anns)
        conn.execute("CREATE INDEX ix_ann_doc ON annotations(document_id, start)")
        conn.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
    conn.close()


def export(db: str, out: str) -> None:
    """Select the store's documents and annotations and orjson-dump them to a file."""
    conn = sqlite3.connect(db)
    anns: dict[int, list[dict]] = {}  # type: ignore[type-arg]
    for r in conn.execute(
        "SELECT a.document_id, a.id, a.start, a.\"end\", a.text, l.name, l.kind, p.name, a.origin,"
        " a.review_status, a.attributes, a.note, a.created_at, a.updated_at FROM annotations a"
        " JOIN labels l ON l.id = a.label_id JOIN annotators p ON p.id = a.annotator_id"
        " ORDER BY a.document_id, a.start"
    ):
        anns.setdefault(r[0], []).append({
            "id": r[1], "start": r[2], "end": r[3], "text": r[4], "label": r[5], "kind": r[6],
            "annotator": r[7], "origin": r[8], "review_status": r[9],
            "attributes": orjson.loads(r[10]), "note": r[11], "created_at": r[12], "updated_at": r[13],
        })
    docs = [
        {"id": r[1], "title": r[2], "source": r[3], "published": r[4], "sha256": r[5],
         "status": r[6], "text": r[7], "annotations": anns.get(r[0], [])}
        for r in conn.execute(
            "SELECT id, uid, title, source, published, sha256, status, text FROM documents ORDER BY id"
        )
    ]
    Path(out).write_bytes(orjson.dumps({"format": "article-curator", "version": 1, "documents": docs}))


def stats(db: str) -> None:
    """The counts ``curator stats`` prints, as bare SQL."""
    conn = sqlite3.connect(db)
    print(conn.execute("SELECT count(*), sum(length) FROM documents").fetchone())
    print(conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    print(conn.execute("SELECT label_id, count(*) FROM annotations GROUP BY label_id").fetchall())
    print(conn.execute("SELECT annotator_id, count(*) FROM annotations GROUP BY annotator_id").fetchall())


COMMANDS = {"import-txt": import_txt, "import-jsonl": import_jsonl, "import-doccano": import_doccano,
            "export": export, "stats": stats}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
