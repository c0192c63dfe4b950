"""Same app, other URL: the whole CLI workflow gives the same answers on PostgreSQL as on
SQLite (import, suggestions, merge, review, agreement, stats, list, search, every export)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app import open_store
from app.cli import main
from app.formats.registry import FORMATS
from app.importing import import_paths
from tests.conftest import CORPUS

UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# the W3C collection's id hashes the items (ids and times included)
EXPORT_ID = re.compile(rb"urn:curator:export:[0-9a-f]{64}")
TIME = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?")


def _spacy_spans(path: Path) -> bytes:
    import spacy
    from spacy.tokens import DocBin

    docs = DocBin().from_disk(path).get_docs(spacy.blank("xx").vocab)
    return json.dumps([[d.text, [(e.start_char, e.end_char, e.label_) for e in d.ents]]
                       for d in docs]).encode()


def _brat_by_content(data: bytes) -> bytes:
    lines = data.decode("utf-8").splitlines()
    names = {ln.split("\t", 1)[0]: "[" + ln.split("\t", 1)[1] + "]" for ln in lines if ln.startswith("T")}
    out = []
    for ln in lines:
        body = ln.split("\t", 1)[1] if "\t" in ln else ln
        out.append(re.sub(r"\bT\d+\b", lambda m: names.get(m.group(0), m.group(0)), body))
    return "\n".join(sorted(out)).encode("utf-8")


def _colleague(path: Path) -> None:
    """A colleague's SQLite store with the corpus and a few spans of their own."""
    store = open_store(path)
    try:
        import_paths(store, [str(CORPUS)])
        for info in store.list_documents():
            text = store.document_text(info.id)
            for word, label in (("Chongqing", "GPE"), ("China", "GPE"), ("SCO", "ORG")):
                i = text.find(word)
                if i >= 0:  # ids fixed: spans at one place sort by id in every export
                    store.add_annotation(info.id, i, i + len(word), label, "bob",
                                         ann_id=f"bob-{info.uid}-{label}-{i}")
    finally:
        store.close()


def _workflow(db: str, tmp: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    out: dict[str, object] = {}

    def run(*args: str) -> str:
        assert main(["--db", db, "--annotator", "alice", *args]) == 0, args
        return capsys.readouterr().out

    run("import", str(CORPUS))
    store = open_store(db)
    try:
        for info in store.list_documents():
            text = store.document_text(info.id)
            for word, label in (("Chongqing", "GPE"), ("China", "ORG"), ("digital economy", "EVENT")):
                i = text.find(word)
                if i >= 0:
                    store.add_annotation(info.id, i, i + len(word), label, "alice",
                                         ann_id=f"alice-{info.uid}-{label}-{i}")
        store.annotator("rita", role="reviewer")
        first = store.annotations(store.document_ids()[0], annotator="alice")[0]
        store.add_review(first.id, "rita", "accept", "ok")
        store.update_annotation(first.id, by="rita", review_status="accepted",
                                expected_version=first.version)
        # the same documents (SQLite ranks them by bm25, PostgreSQL by id)
        out["search"] = [sorted(d.uid for d in store.list_documents(ids=store.search(q)))
                         for q in ("chongqing", "digital econ", "SCO", "Xi")]
    finally:
        store.close()
    out["suggest"] = run("suggest", "figures")
    _colleague(tmp / "bob.db")
    out["merge"] = run("merge", str(tmp / "bob.db"))
    out["agreement"] = json.loads(run("agreement", "--format", "json"))
    out["stats"] = json.loads(run("stats", "--format", "json"))
    out["list"] = json.loads(run("list", "--format", "json"))
    for name, fmt in sorted(FORMATS.items()):
        if fmt.writer is None:
            continue
        target = tmp / f"export-{name}{fmt.extension}"
        run("export", "--format", name, "--include-suggestions", "-o", str(target))
        files = sorted(p for p in ([target] if target.is_file() else target.rglob("*")) if p.is_file())
        blobs = {}
        for p in files:
            data = p.read_bytes()
            if name == "spacy":  # binary: the same documents and spans, read back
                data = _spacy_spans(p)
            if p.suffix == ".ann":  # brat numbers spans in id order: name them by content
                data = _brat_by_content(data)
            # annotation ids are random UUIDs and times are the run's own: not content
            data = TIME.sub(b"<time>", UUID.sub(b"<uuid>", EXPORT_ID.sub(b"<export>", data)))
            blobs[str(p.relative_to(tmp))] = data
        out[f"export {name}"] = blobs
    return out


def _first_difference(a: object, b: object) -> object:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if a.get(k) != b.get(k):
                return {k: _first_difference(a.get(k), b.get(k))}
        return ("keys", sorted(set(a) ^ set(b)))
    if isinstance(a, bytes) and isinstance(b, bytes):
        al, bl = a.splitlines(), b.splitlines()
        for x, y in zip(al, bl, strict=False):
            if x != y:
                return (x[:300], y[:300])
        return ("lines", len(al), len(bl))
    return (a, b)


@pytest.mark.postgres
@pytest.mark.slow
def test_the_cli_workflow_answers_the_same_on_both_backends(
    tmp_path: Path, pg_db_url: str, capsys: pytest.CaptureFixture[str]
):
    (tmp_path / "lite").mkdir()
    (tmp_path / "pg").mkdir()
    lite = _workflow(str(tmp_path / "lite" / "store.db"), tmp_path / "lite", capsys)
    pg = _workflow(pg_db_url, tmp_path / "pg", capsys)
    assert lite["search"] == pg["search"] and all(lite["search"])  # type: ignore[arg-type]
    assert lite["stats"]["annotations"] > 10  # type: ignore[index]
    different = [k for k in lite if lite[k] != pg[k]]
    assert different == [], {k: _first_difference(lite[k], pg[k]) for k in different}
