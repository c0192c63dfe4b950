"""``annotations.updated_by`` (migration 0004): who last changed a row, set by every write path,
and named when a stale edit is refused (two connections to one SQLite file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import open_store, ops
from app.bundle import Bundle
from app.errors import ConflictError

TEXT = "The SCO forum opened in Chongqing."


def _changers(path: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(path) as c:
        rows = c.execute(
            "SELECT a.text, w.name, u.name FROM annotations a JOIN annotators w ON w.id = a.annotator_id"
            " LEFT JOIN annotators u ON u.id = a.updated_by"
        ).fetchall()
    return {t: (w, u) for t, w, u in rows}


def test_a_stale_edit_names_the_colleague_who_changed_it_last(tmp_path: Path):
    path = tmp_path / "s.db"
    alice, rita = open_store(path), open_store(path)
    try:
        doc = alice.import_bundle(Bundle([{"id": "d", "text": TEXT}])) and alice.find_document(uid="d")
        assert doc is not None
        a = alice.add_annotation(doc, 24, 33, "GPE", "alice")
        assert (a.updated_by, alice.get_annotation(a.id).updated_by) == ("alice", "alice")
        rita.annotator("rita", role="reviewer")
        ops.relabel(rita, a.id, "LOC", "rita")
        assert alice.get_annotation(a.id).updated_by == "rita"
        assert [v.updated_by for v in alice.annotations(doc)] == ["rita"]
        with pytest.raises(ConflictError, match="was changed by rita"):  # not alice, the author
            alice.update_annotation(a.id, label="ORG", expected_version=a.version, by="alice")
        with pytest.raises(ConflictError, match="was changed by rita"):
            ops.relabel(alice, a.id, "ORG", "alice", expected_version=a.version)
    finally:
        alice.close()
        rita.close()
    assert _changers(path) == {"Chongqing": ("alice", "rita")}


def test_the_ui_message_names_the_last_changer(tmp_path: Path):
    from app.ui.conflicts import describe_change

    with open_store(tmp_path / "s.db") as store:
        store.import_bundle(Bundle([{"id": "d", "text": TEXT}]))
        doc = store.find_document(uid="d")
        assert doc is not None
        mine = store.add_annotation(doc, 24, 33, "GPE", "alice")
        store.annotator("rita", role="reviewer")
        theirs = store.update_annotation(mine.id, label="LOC", by="rita")
        msg = describe_change(mine, theirs)
        assert "alice's LOC “Chongqing” was changed by rita (label GPE → LOC)" in msg


def test_ingest_accept_all_and_undo_set_it(tmp_path: Path):
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.import_bundle(Bundle([{"id": "d", "text": TEXT, "annotations": [
            {"start": 4, "end": 7, "label": "ORG", "annotator": "bob"},
            {"start": 24, "end": 33, "label": "GPE", "annotator": "bot", "origin": "suggested"},
        ]}]))
        doc = store.find_document(uid="d")
        assert doc is not None
        assert _changers(path) == {"SCO": ("bob", "bob"), "Chongqing": ("bot", "bot")}
        store.annotator("alice")  # her window creates her at open
        _, entry = ops.accept_all(store, doc, "GPE", "alice")
        assert _changers(path)["Chongqing"] == ("bot", "alice")
        entry.undo(store)  # the row exactly as before, its last changer included
        assert _changers(path)["Chongqing"] == ("bot", "bot")
