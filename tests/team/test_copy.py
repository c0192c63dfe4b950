"""``curator copy``: a whole store SQLite -> PostgreSQL -> SQLite, transactional, verified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app import open_store
from app.cli import main
from app.errors import CuratorError
from app.formats.native import write_json
from app.formats.options import ExportOptions
from app.importing import import_paths
from app.ops.store_copy import copy_store, table_counts
from app.store.store import Cancelled
from tests.conftest import CORPUS

EVERYTHING = ExportOptions(include_suggestions=True, include_rejected=True)


def _fill(store) -> None:  # type: ignore[no-untyped-def]
    """Everything a store can hold: corpus, spans of every kind, relations, reviews, roles."""
    assert import_paths(store, [str(CORPUS)]).imported == 5
    store.add_label("FACILITY", "entity", "#123456", "y", "a building")
    store.update_label("ORG", color="#abcdef", description="organisations")
    store.delete_label("LAW")
    names = [lv.name for lv in store.labels()]
    store.reorder_labels(names[::-1])
    store.annotator("rita", role="reviewer")
    store.annotator("idle")  # an annotator without a single annotation travels too
    docs = sorted(store.list_documents(),
                  key=lambda d: "Shanghai Cooperation Organization" not in store.document_text(d.id))
    text = store.document_text(docs[0].id)
    i = text.index("Shanghai Cooperation Organization")
    org = store.add_annotation(docs[0].id, i, i + 33, "ORG", "alice", note="the SCO 😊")
    j = text.index("Chongqing")
    gpe = store.add_annotation(docs[0].id, j, j + 9, "GPE", "bob", attributes={"k": [1, 2.5, None]})
    store.add_relation(org.id, gpe.id, "located_in", "alice")
    store.add_review(org.id, "rita", "accept", "fine")
    store.update_annotation(org.id, review_status="accepted", by="rita")
    sug = store.add_annotation(docs[1].id, 0, 3, "CARDINAL", "model", origin="suggested",
                               attributes={"value": 3.0, "unit": None, "qualifier": "about"})
    rej = store.add_annotation(docs[1].id, 4, 9, "PERCENT", "model", origin="suggested")
    store.update_annotation(rej.id, review_status="rejected")
    store.add_review(sug.id, "rita", "reject", "not a number")
    store.set_status(docs[0].id, "done", annotator="alice")
    store.set_status(docs[2].id, "in_progress", annotator="bob")
    cjk = store.document_text(docs[3].id)
    k = next(n for n, ch in enumerate(cjk) if "\u4e00" <= ch <= "\u9fff") if any(
        "\u4e00" <= ch <= "\u9fff" for ch in cjk) else 0
    store.add_annotation(docs[3].id, k, k + 2, "GPE", "carol")


def _export(url_or_path: str | Path, out: Path) -> dict:
    store = open_store(url_or_path)
    try:
        write_json(store, out, EVERYTHING)
    finally:
        store.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    del data["exported_at"]
    return data


@pytest.mark.postgres
def test_sqlite_to_postgresql_to_sqlite_round_trip_equals_the_original(
    tmp_path: Path, pg_db_url: str, capsys: pytest.CaptureFixture[str]
):
    first = tmp_path / "first.db"
    store = open_store(first)
    _fill(store)
    store.close()
    original = _export(first, tmp_path / "original.json")
    assert sum(len(d["annotations"]) for d in original["documents"]) == 5
    assert any(d["relations"] for d in original["documents"])

    assert main(["copy", "--from", str(first), "--to", pg_db_url]) == 0
    out = capsys.readouterr().out
    assert "copied 5 document(s), 5 annotation(s), 1 relation(s), 2 review(s)" in out
    assert "counts and checksums match" in out
    assert _export(pg_db_url, tmp_path / "pg.json") == original

    back = tmp_path / "back.db"
    assert main(["copy", "--from", pg_db_url, "--to", str(back)]) == 0
    assert _export(back, tmp_path / "back.json") == original
    a, b = open_store(first), open_store(back)
    try:
        assert table_counts(a) == table_counts(b)
        assert [lv for lv in a.labels()] != [] and [
            (lv.name, lv.kind, lv.color, lv.hotkey, lv.description) for lv in a.labels()
        ] == [(lv.name, lv.kind, lv.color, lv.hotkey, lv.description) for lv in b.labels()]
        assert {(x.name, x.role) for x in a.annotators()} == {(x.name, x.role) for x in b.annotators()}
    finally:
        a.close()
        b.close()


def test_copy_into_a_store_with_defaults_aligns_the_labels(tmp_path: Path):
    src = open_store(tmp_path / "a.db")
    _fill(src)
    dst = open_store(tmp_path / "b.db")  # seeded with the default labels
    try:
        copy_store(src, dst)
        assert [(lv.name, lv.color, lv.hotkey) for lv in dst.labels()] == [
            (lv.name, lv.color, lv.hotkey) for lv in src.labels()]
    finally:
        src.close()
        dst.close()


def test_cancelled_copy_leaves_the_destination_empty(any_store, tmp_path: Path):
    src = open_store(tmp_path / "src.db")
    _fill(src)

    def cancel(done: int, total: int) -> None:
        raise Cancelled("cancelled")

    try:
        with pytest.raises(Cancelled):
            copy_store(src, any_store, progress=cancel)
        counts = table_counts(any_store)
        assert {k: n for k, n in counts.items() if k != "labels"} == dict.fromkeys(
            ["documents", "annotations", "relations", "reviews", "annotators", "progress"], 0)
        # and it can be done afterwards
        report = copy_store(src, any_store)
        assert report.destination.counts == table_counts(src)
    finally:
        src.close()


def test_copy_refuses_a_non_empty_destination_and_changes_nothing(any_store, tmp_path: Path):
    src = open_store(tmp_path / "src.db")
    _fill(src)
    import_paths(any_store, [str(CORPUS)])
    before = table_counts(any_store)
    try:
        with pytest.raises(CuratorError, match="is not empty .*5 documents"):
            copy_store(src, any_store)
        assert table_counts(any_store) == before
    finally:
        src.close()


def test_copy_from_a_missing_store_fails_clearly_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    missing, dest = tmp_path / "nope.db", tmp_path / "dest.db"
    assert main(["copy", "--from", str(missing), "--to", str(dest)]) == 1
    assert "nope.db: no such store" in capsys.readouterr().err
    assert not missing.exists() and not dest.exists()


@pytest.mark.postgres
def test_copy_never_prints_the_password(
    tmp_path: Path, pg_db_url: str, capsys: pytest.CaptureFixture[str]
):
    src = open_store(tmp_path / "src.db")
    _fill(src)
    src.close()
    # the test server trusts loopback: the password is accepted and ignored
    with_password = make_url(pg_db_url).set(password="s3cret-pw").render_as_string(hide_password=False)
    assert "s3cret-pw" in with_password
    assert main(["copy", "--from", str(tmp_path / "src.db"), "--to", with_password]) == 0
    assert main(["--db", with_password, "stats"]) == 0
    captured = capsys.readouterr()
    assert "s3cret-pw" not in captured.out + captured.err
    assert "***" in captured.out + captured.err


def test_the_checksum_sees_a_one_character_difference(tmp_path: Path):
    from app.ops.store_copy import tally

    src, dst = open_store(tmp_path / "a.db"), open_store(tmp_path / "b.db", seed_labels=False)
    try:
        _fill(src)
        copy_store(src, dst)
        assert tally(src).digest == tally(dst).digest
        ann = next(a for d in dst.document_ids() for a in dst.annotations(d) if a.note)
        dst.update_annotation(ann.id, note=ann.note[:-1] + "!")
        assert tally(src).counts == tally(dst).counts
        assert tally(src).digest != tally(dst).digest
    finally:
        src.close()
        dst.close()
