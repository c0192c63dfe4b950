"""Merging another store and importing a colleague's export: idempotent, names kept, text checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.errors import CuratorError, ImportFailed
from app.formats.native import write_json
from app.formats.options import ExportOptions
from app.review.merge import merge_store

TEXT = "Alibaba opened an office in Shanghai 🚀 for 3 million yuan.\r\n第二段 文本."


def _snapshot(store):  # type: ignore[no-untyped-def]
    """Everything a merge may change, in a comparable form."""
    out = []
    for doc_id in store.document_ids():
        d = store.get_document(doc_id)
        anns = sorted(
            (a.id, a.start, a.end, a.label, a.annotator, a.origin, a.review_status,
             json.dumps(a.attributes, sort_keys=True))
            for a in store.annotations(doc_id, rejected=True)
        )
        revs = sorted((r.annotation_id, r.reviewer, r.decision, r.comment) for r in store.reviews(doc_id))
        out.append((d.uid, d.sha256, anns, revs, sorted(store.progress(doc_id).items())))
    return out, store.count_documents(), store.count_annotations()


@pytest.fixture
def colleague(make_store, add_doc):  # type: ignore[no-untyped-def]
    """A colleague's store: bob's and carol's work on one shared and one new document."""
    other = make_store("colleague.db")
    shared = add_doc(other, TEXT, "shared-1")
    own = add_doc(other, "Tencent grew by 12%.", "theirs-2")
    a = other.add_annotation(shared, 0, 7, "ORG", "bob")
    other.add_annotation(shared, 28, 36, "GPE", "carol")
    other.add_annotation(shared, 43, 52, "MONEY", "bob", attributes={"value": 3e6, "unit": "CNY"})
    other.add_annotation(own, 0, 7, "ORG", "carol")
    sug = other.add_annotation(own, 16, 19, "PERCENT", "carol", origin="suggested")
    other.update_annotation(sug.id, review_status="rejected")
    other.set_status(shared, "done", annotator="bob")
    other.annotator("rita", role="reviewer")
    other.add_review(a.id, "rita", "accept", "fine")
    return other


def test_merge_adds_colleagues_work_with_names_and_is_idempotent(store, colleague, add_doc):
    mine = add_doc(store, TEXT, "shared-1")
    store.add_annotation(mine, 0, 7, "ORG", "alice")
    summary = merge_store(store, Path(colleague.url[len("sqlite:///"):]))
    assert summary.imported == 1 and summary.skipped == 1
    assert store.count_documents() == 2  # the shared article is not duplicated
    names = {a.annotator for d in store.document_ids() for a in store.annotations(d, rejected=True)}
    assert names == {"alice", "bob", "carol"}
    shared = store.find_document(uid="shared-1")
    assert store.progress(shared) == {"alice": "in_progress", "bob": "done", "carol": "in_progress"}
    money = [a for a in store.annotations(shared) if a.label == "MONEY"][0]
    assert money.annotator == "bob" and money.attributes == {"value": 3e6, "unit": "CNY"}
    assert [(r.reviewer, r.decision, r.comment) for r in store.reviews(shared)] == [("rita", "accept", "fine")]
    assert store.annotator("rita", create=False).role == "reviewer"
    theirs = store.find_document(uid="theirs-2")
    assert [a.review_status for a in store.annotations(theirs, rejected=True)] == ["none", "rejected"]

    before = _snapshot(store)
    again = merge_store(store, colleague.url[len("sqlite:///"):])
    assert again.imported == 0 and again.annotations == 0
    assert _snapshot(store) == before


def test_merge_refuses_a_document_whose_text_differs(store, colleague, add_doc):
    add_doc(store, TEXT.replace("Shanghai", "Shenzhen"), "shared-1")
    before = _snapshot(store)
    with pytest.raises(ImportFailed, match="shared-1.*different text"):
        merge_store(store, colleague.url[len("sqlite:///"):])
    assert _snapshot(store) == before  # nothing half-merged


def test_merge_refuses_missing_file_and_itself(store, store_path, tmp_path):
    with pytest.raises(CuratorError, match="no such store"):
        merge_store(store, tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()
    with pytest.raises(CuratorError, match="itself"):
        merge_store(store, store_path)


def test_cli_merge_twice(store, store_path, colleague, capsys):
    other = colleague.url[len("sqlite:///"):]
    assert main(["--db", str(store_path), "merge", other]) == 0
    assert "imported 2 document(s)" in capsys.readouterr().out
    n = store.count_annotations()
    assert main(["--db", str(store_path), "merge", other]) == 0
    assert "imported 0 document(s), skipped 2" in capsys.readouterr().out
    assert store.count_annotations() == n == 5


def test_cli_merge_conflicting_text_is_one_clear_error(store, store_path, colleague, add_doc, capsys):
    add_doc(store, "Something else entirely.", "shared-1")
    assert main(["--db", str(store_path), "merge", colleague.url[len("sqlite:///"):]]) == 1
    err = capsys.readouterr().err
    assert err.startswith("curator: error:") and "different text" in err and "Traceback" not in err


def test_import_colleague_json_keeps_names_and_is_idempotent(store, store_path, colleague, add_doc, tmp_path, capsys):
    export = tmp_path / "colleague.json"
    write_json(colleague, export, ExportOptions(include_suggestions=True, include_rejected=True))
    mine = add_doc(store, TEXT, "shared-1")
    store.add_annotation(mine, 0, 7, "ORG", "alice")
    assert main(["--db", str(store_path), "--annotator", "alice", "import", str(export)]) == 0
    capsys.readouterr()
    assert store.count_documents() == 2
    shared = store.find_document(uid="shared-1")
    assert sorted({a.annotator for a in store.annotations(shared)}) == ["alice", "bob", "carol"]
    assert store.progress(shared)["bob"] == "done"
    before = _snapshot(store)
    assert main(["--db", str(store_path), "import", str(export)]) == 0
    assert _snapshot(store) == before


def test_import_colleague_json_with_changed_text_is_refused(store, store_path, colleague, add_doc, tmp_path, capsys):
    export = tmp_path / "colleague.json"
    write_json(colleague, export, ExportOptions())
    add_doc(store, TEXT + " (updated)", "shared-1")
    before = _snapshot(store)
    assert main(["--db", str(store_path), "import", str(export)]) == 1
    out = capsys.readouterr()
    assert "different text" in out.out + out.err
    assert _snapshot(store) == before
