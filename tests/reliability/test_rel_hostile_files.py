"""Hostile files through the CLI: a clear error naming the file and the record, exit code 1,
nothing half-imported, the store unchanged (every row compared before and after)."""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

import orjson
import pytest
from reliability_util import BAD, digest, integrity, run_cli

from app import open_store
from app.bundle import Bundle
from app.cli import main
from app.importing import import_paths

# file -> fragments the one-line error must contain (besides the file's name)
CASES = {
    "binary.txt": ["binary content"],
    "truncated-utf8.txt": ["middle of a UTF-8 character", "truncated"],
    "utf16-no-bom.txt": ["UTF-16 without a byte-order mark"],
    "empty.txt": ["empty file"],
    "whitespace-only.txt": ["only white space"],
    "malformed.json": ["malformed JSON", "line 25"],
    "malformed.jsonl": ["line 3", "malformed JSON"],
    "offsets-out-of-range.json": ["document 'bad' (2)", "annotation 'b-1'", "31-4000 is out of range"],
    "offsets-negative.json": ["document 'bad' (2)", "annotation 'b-1'", "out of range"],
    "offsets-reversed.json": ["document 'bad' (2)", "annotation 'b-1'", "empty or reversed"],
    "offsets-not-integers.json": ["annotation 'b-1'", "offsets must be integers", "'31'"],
    "offsets-float.json": ["annotation 'b-1'", "offsets must be integers", "31.0"],
    "offsets-boolean.json": ["annotation 'b-1'", "offsets must be integers", "True"],
    "offsets-huge.json": ["annotation 'b-1'", "offsets must be integers"],
    "text-mismatch.json": ["annotation 'b-1'", "covers 'Beta City', not 'Gamma Town'"],
    "unknown-label.json": ["annotation 'b-1'", "unknown label 'NOPE'"],
    "duplicate-annotation-ids.json": ["document 'bad' (2)", "duplicate annotation id 'b-0'"],
    "duplicate-document-ids.json": ["document 'ok' (2)", "appears twice with different texts"],
    "deeply-nested.json": ["malformed JSON", "depth"],
    "deep-attributes.json": ["annotation 'b-1'", "nested deeper than"],
    "not-a-document.json": ["document 2", "must be an object"],
    "no-text.json": ["document 2", "has no text"],
    "bad-status.json": ["document 'bad' (2)", "status must be"],
    "relation-to-nowhere.json": ["relation 1", "'ghost'"],
    "future-version.json": ["version 99 is not supported"],
    "doccano-bad-offsets.jsonl": ["document 2", "0-99 is out of range"],
    "brat-span-past-end": ["b.ann: line 2 (T2)", "6-400 is out of range"],
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with curated work in it, copied fresh for each test."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with open_store(path) as s:
        import_paths(s, [str(Path(__file__).resolve().parents[2] / "corpus")])
        doc = s.document_ids()[0]
        text = s.document_text(doc)
        a = s.add_annotation(doc, 0, text.index(" "), "ORG", "alice")
        b = s.add_annotation(doc, text.index(" ") + 1, text.index(" ") + 4, "GPE", "alice")
        s.add_relation(a.id, b.id, "located_in", "alice")
    return path


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "store.db"
    shutil.copyfile(seeded, dest)
    return dest


def test_every_case_has_a_file():
    assert sorted(CASES) == sorted(p.name for p in BAD.iterdir() if p.name != "make_bad.py")


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_refused_cleanly(name: str, db: Path, capsys: pytest.CaptureFixture[str]):
    before = digest(db)
    path = BAD / name
    rc = main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    assert rc == 1
    message = (err + out).strip().splitlines()
    line = next(ln for ln in message if str(path) in ln)  # the file is named...
    for fragment in CASES[name]:  # ...with the record and what is wrong
        assert fragment in line, line
    assert "Traceback" not in err
    assert digest(db) == before  # nothing half-imported: the valid first document is not there
    assert integrity(db) == "ok"


def test_bad_files_through_the_real_command(db: Path):
    before = digest(db)
    for name in ("binary.txt", "brat-span-past-end"):
        r = run_cli("--db", str(db), "import", str(BAD / name))
        assert r.returncode == 1, (name, r.stdout, r.stderr)
        assert str(BAD / name) in r.stdout + r.stderr and "Traceback" not in r.stderr
    # several files at once: the bad one sinks the whole import, the good one included
    good = BAD.parent / "good.txt"
    try:
        good.write_text("A perfectly fine article about trade.\n", encoding="utf-8")
        r = run_cli("--db", str(db), "import", str(good), str(BAD / "text-mismatch.json"))
    finally:
        good.unlink()
    assert r.returncode == 1 and "text-mismatch.json" in r.stderr
    assert digest(db) == before


def test_fifty_megabyte_article_imports(tmp_path: Path):
    big = tmp_path / "big.txt"
    line = "The forum opened in Chongqing on Tuesday with 1,200 delegates from 30 countries — 北京.\n"
    n = 50_000_000 // len(line.encode())
    big.write_text(line * n, encoding="utf-8")
    assert big.stat().st_size > 49_000_000
    db = tmp_path / "s.db"
    r = run_cli("--db", str(db), "import", str(big))
    assert r.returncode == 0, r.stderr
    with open_store(db) as s:
        (doc,) = s.list_documents()
        assert doc.length == len(line) * n
        assert s.document_text(doc.id)[-len(line):] == line
    assert integrity(db) == "ok"


def test_article_over_the_size_limit_is_refused_with_a_size_message(db: Path, tmp_path: Path):
    from app.importing.text import MAX_BYTES

    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: no need to write 64 MB
        fh.write(b"Title\n")
        fh.truncate(MAX_BYTES + 1)
    before = digest(db)
    r = run_cli("--db", str(db), "import", str(huge))
    assert r.returncode == 1
    assert str(huge) in r.stderr and "MB limit" in r.stderr and "Traceback" not in r.stderr
    assert "failed 1" in r.stdout
    assert digest(db) == before


def test_a_million_annotations_in_one_document(db: Path, tmp_path: Path):
    """Refused quickly with a clear message, in bounded memory, the store unchanged."""
    n = 1_000_000
    text = "ab " * n
    path = tmp_path / "million.json"
    anns = [{"start": 3 * i, "end": 3 * i + 2, "label": "ORG", "text": "ab"} for i in range(n)]
    path.write_bytes(orjson.dumps({
        "format": "article-curator", "version": 1, "labels": [{"name": "ORG", "kind": "entity"}],
        "documents": [{"id": "ok", "text": "fine"}, {"id": "many", "text": text, "annotations": anns}],
    }))
    del anns
    before = digest(db)
    r = run_cli("--db", str(db), "import", str(path))
    assert r.returncode == 1
    assert str(path) in r.stderr and "document 'many' (2)" in r.stderr
    assert "1,000,000 annotations" in r.stderr and "Traceback" not in r.stderr
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 1500, f"the import took {peak_mb:.0f} MB"
    assert digest(db) == before


def test_brat_export_of_hostile_titles_stays_in_its_folder(tmp_path: Path):
    db = tmp_path / "s.db"
    titles = ["../../etc/passwd", "/etc/shadow", "..", "con", "a/../../b", "x\x00y", "\u202eevil.txt"]
    with open_store(db) as s:
        s.import_bundle(Bundle([
            {"id": f"../d{k}", "title": t, "text": f"Alpha text {k}",
             "annotations": [{"start": 0, "end": 5, "label": "ORG", "annotator": "../../root"}]}
            for k, t in enumerate(titles)
        ]))
    out = tmp_path / "export" / "brat"
    r = run_cli("--db", str(db), "export", "--format", "brat", "-o", str(out))
    assert r.returncode == 0, r.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith("s.db")]
    assert written and all(out.resolve() in p.resolve().parents for p in written)
    assert not (tmp_path / "etc").exists()
    assert sum(p.suffix == ".txt" for p in written) == len(titles)
    # and the export imports back: every document, every span
    db2 = tmp_path / "back.db"
    r = run_cli("--db", str(db2), "import", str(out))
    assert r.returncode == 0, r.stderr
    with open_store(db2) as s:
        assert s.count_documents() == len(titles) and s.count_annotations() == len(titles)
