"""An operation's snapshots and its action are ONE transaction: a colleague's write (a second
connection to the same SQLite file) cannot land between them, so the undo entry holds only
what the operation did, and undoing it never silently overwrites the colleague's edit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app import open_store, ops
from app.ops import core
from app.ops.core import UndoConflict


def _span(text: str) -> tuple[int, int]:
    start = next(i for i, c in enumerate(text) if c.isalpha())
    return start, start + 3


def test_a_colleagues_write_waits_for_the_whole_operation(
    corpus_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    mine = corpus_store
    doc = mine.document_ids()[0]
    ann = mine.add_annotation(doc, *_span(mine.document_text(doc)), "ORG", "alice")
    theirs = open_store(store_path)  # a colleague: a second Store, its own connections
    wrote = threading.Event()
    attempts: list[threading.Thread] = []

    def colleague() -> None:
        theirs.update_annotation(ann.id, note="theirs")
        wrote.set()

    real = core.take_snapshot

    def snapshot_then_colleague(store, doc_id, ids, annotator=None, **kw):  # type: ignore[no-untyped-def]
        if attempts:  # the after-snapshot: the colleague writes now (or waits)
            attempts[0].join(timeout=1.0)
        snap = real(store, doc_id, ids, annotator, **kw)
        if not attempts:  # the before-snapshot taken: the colleague tries to write
            attempts.append(threading.Thread(target=colleague))
            attempts[0].start()
        return snap

    monkeypatch.setattr(core, "take_snapshot", snapshot_then_colleague)
    try:
        _, entry = ops.edit(mine, ann.id, "alice", note="mine")
        assert not wrote.is_set(), "the colleague wrote while the operation was open"
        attempts[0].join(timeout=30)
        assert wrote.is_set()  # once it committed, the colleague's write went through
        state = entry.after.annotations[ann.id]
        assert state is not None and state.row["note"] == "mine"  # not the colleague's
        assert entry.before.annotations[ann.id].row["note"] == ""  # type: ignore[union-attr]
        assert mine.get_annotation(ann.id).note == "theirs"
        with pytest.raises(UndoConflict):  # the undo sees the colleague's edit: refused
            entry.undo(mine)
        assert mine.get_annotation(ann.id).note == "theirs"
    finally:
        for t in attempts:
            t.join(timeout=30)
        theirs.close()


def test_store_calls_inside_a_transaction_join_it(corpus_store, store_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = corpus_store
    doc = s.document_ids()[0]
    start, end = _span(s.document_text(doc))
    other = open_store(store_path)
    try:
        with pytest.raises(RuntimeError), s.transaction():
            a = s.add_annotation(doc, start, end, "ORG", "alice")
            assert s.get_annotation(a.id).text == a.text  # reads see the open transaction
            assert [v.id for v in s.annotations(doc)] == [a.id]
            assert other.annotations(doc) == []  # not committed: nobody else sees it
            raise RuntimeError("the operation fails midway")
        assert s.annotations(doc) == [] and other.annotations(doc) == []  # all rolled back
        assert s.status_counts()["in_progress"] == 0  # the progress it touched too
        with s.transaction():
            a = s.add_annotation(doc, start, end, "ORG", "alice")
            s.update_annotation(a.id, note="both")
        assert other.get_annotation(a.id).note == "both"
    finally:
        other.close()
