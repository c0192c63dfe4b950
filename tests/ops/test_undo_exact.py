"""Every core operation's undo restores the store row-for-row; redo re-applies it exactly."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import open_store, ops
from app.errors import ConflictError
from app.importing import import_paths
from app.store import snapshots

TABLES = ("annotations", "relations", "review_decisions", "documents", "document_progress")


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the work tables, read straight from the SQLite file (raw stored values),
    but annotations' ``version``: an undo writes a new one (see :func:`versions`)."""
    con = sqlite3.connect(path)
    try:
        out = {}
        ann_cols = ", ".join(
            f'"{r[1]}"' for r in con.execute("PRAGMA table_info(annotations)") if r[1] != "version"
        )
        for t in TABLES:
            cols = {"documents": "id, status, metadata", "annotations": ann_cols}.get(t, "*")
            out[t] = sorted(con.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def versions(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return dict(con.execute("SELECT id, version FROM annotations").fetchall())
    finally:
        con.close()


def _first_word(text: str) -> tuple[int, int]:
    start = next(i for i, c in enumerate(text) if c.isalpha())
    return start, start + 3


@pytest.fixture
def setup(corpus_store, store_path):  # type: ignore[no-untyped-def]
    s = corpus_store
    doc = s.document_ids()[0]
    text = s.document_text(doc)
    words = [i for i in range(1, len(text) - 8) if text[i - 1] == " " and text[i].isalpha()]
    spans = [(w, w + 4) for w in words[:6]]
    a = s.add_annotation(doc, *spans[0], "ORG", "alice")
    b = s.add_annotation(doc, *spans[1], "PERSON", "alice")
    s.add_relation(a.id, b.id, "measures", "alice")
    s.add_review(a.id, "rita", "accepted", "ok")
    sug = [
        s.add_annotation(doc, *sp, "ORG", "suggester", origin="suggested") for sp in spans[2:5]
    ]
    return s, store_path, doc, a, b, sug, spans


OPS: dict[str, Callable[..., Any]] = {
    "tag": lambda s, doc, a, b, sug, sp: ops.tag(s, doc, *sp[5], "LOC", "alice"),
    "relabel": lambda s, doc, a, b, sug, sp: ops.relabel(s, a.id, "LOC", "alice"),
    "move": lambda s, doc, a, b, sug, sp: ops.move_boundary(s, a.id, a.start, a.end + 1, "alice"),
    "delete": lambda s, doc, a, b, sug, sp: ops.delete(s, a.id, "alice"),
    "edit": lambda s, doc, a, b, sug, sp: ops.edit(s, a.id, "alice", note="n", attributes={"x": 1}),
    "accept": lambda s, doc, a, b, sug, sp: ops.accept_suggestion(s, sug[0].id, "alice"),
    "reject": lambda s, doc, a, b, sug, sp: ops.reject_suggestion(s, sug[0].id, "alice"),
    "accept_all": lambda s, doc, a, b, sug, sp: ops.accept_all(s, doc, "ORG", "alice"),
    "link": lambda s, doc, a, b, sug, sp: ops.link(s, b.id, a.id, "near", "alice"),
    "unlink": lambda s, doc, a, b, sug, sp: ops.unlink(s, s.relations(doc)[0], "alice"),
    "status": lambda s, doc, a, b, sug, sp: ops.set_status(s, doc, "done", "alice"),
    "review": lambda s, doc, a, b, sug, sp: ops.add_review(s, b.id, "rita", "rejected", "no"),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_undo_restores_rows_exactly_and_redo_reapplies(setup, name: str) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    before = dump(path)
    change, entry = OPS[name](s, doc, a, b, sug, spans)
    after = dump(path)
    assert after != before, f"{name} changed nothing"
    assert change.doc_id == doc
    history = ops.UndoHistories()
    history.push(entry)
    seen = versions(path)
    undo_change = history[doc].undo(s)
    assert dump(path) == before  # ids, timestamps, relations, reviews, status
    assert set(undo_change.added) == set(change.removed)
    assert history[doc].redo_text() == entry.text
    history[doc].redo(s)
    assert dump(path) == after
    history[doc].undo(s)
    assert dump(path) == before
    # every row the undo/redo wrote has a version it never had before: stale copies stay stale
    for ann_id, v in versions(path).items():
        if ann_id in entry.high:
            assert v > seen.get(ann_id, 0)


def test_a_copy_read_before_an_undo_never_overwrites_what_follows(store_path, corpus_store) -> None:  # type: ignore[no-untyped-def]
    """ABA: alice relabels, a colleague reads it, alice undoes and relabels otherwise; the
    colleague's copy (read between) has a version the row had once, and must still be refused."""
    s = corpus_store
    doc = s.document_ids()[0]
    start, end = _first_word(s.document_text(doc))
    (ann_id,) = ops.tag(s, doc, start, end, "GPE", "alice")[0].added
    history = ops.UndoHistory()
    history.push(ops.relabel(s, ann_id, "ORG", "alice")[1])
    colleague = open_store(store_path)
    try:
        copy = colleague.get_annotation(ann_id)  # ORG, as the colleague's window shows it
        history.undo(s)
        ops.relabel(s, ann_id, "LOC", "alice", expected_version=s.get_annotation(ann_id).version)
        with pytest.raises(ConflictError):
            colleague.update_annotation(ann_id, label="PERSON", expected_version=copy.version)
        assert s.get_annotation(ann_id).label == "LOC"
    finally:
        colleague.close()


def test_delete_undo_brings_back_reviews_and_relations(setup) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    change, entry = ops.delete(s, a.id, "alice")
    assert change.removed == (a.id,) and change.relations_changed
    assert not s.reviews(doc) and not s.relations(doc)
    entry.undo(s)
    assert [r.annotation_id for r in s.reviews(doc)] == [a.id]
    assert s.get_annotation(a.id) == a.__class__(**{
        f: getattr(s.get_annotation(a.id), f) for f in a.__slots__  # type: ignore[attr-defined]
    })
    assert s.get_annotation(a.id).created_at == a.created_at
    assert len(s.relations(doc)) == 1


def test_relabel_of_a_suggestion_keeps_it_pending(setup) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    ops.relabel(s, sug[0].id, "LOC", "suggester")
    assert s.get_annotation(sug[0].id).pending


def test_accept_all_is_atomic(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    before = dump(path)
    real = snapshots._put_annotation
    calls = []

    def failing(sess, row):  # type: ignore[no-untyped-def]
        calls.append(row["id"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(sess, row)

    monkeypatch.setattr(snapshots, "_put_annotation", failing)
    with pytest.raises(RuntimeError):
        ops.accept_all(s, doc, "ORG", "alice")
    assert len(calls) == 2  # it failed midway
    assert dump(path) == before
    assert all(x.pending for x in s.annotations(doc) if x.origin == "suggested")
    monkeypatch.setattr(snapshots, "_put_annotation", real)
    change, _ = ops.accept_all(s, doc, "ORG", "alice")
    assert set(change.changed) == {x.id for x in sug}
    assert not any(x.pending for x in s.annotations(doc))


def test_history_survives_switching_documents(setup) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    other = s.document_ids()[1]
    histories = ops.UndoHistories()
    before = dump(path)
    histories.push(ops.relabel(s, a.id, "LOC", "alice")[1])
    text = s.document_text(other)
    histories.push(ops.tag(s, other, *_first_word(text), "ORG", "alice")[1])
    assert histories[doc].undo_text() == "Relabel ORG→LOC"
    histories[other].undo(s)
    histories[doc].undo(s)
    assert dump(path) == before


def test_stale_undo_is_refused_and_history_stays_usable(setup, store_path) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    colleague = open_store(store_path)  # a second connection to the same file
    try:
        history = ops.UndoHistory()
        history.push(ops.relabel(s, a.id, "ORG" if a.label != "ORG" else "GPE", "alice")[1])
        v = s.get_annotation(a.id).version
        colleague.update_annotation(a.id, label="LOC", expected_version=v)
        with pytest.raises(ConflictError, match="changed by someone else"):
            history.undo(s)
        assert s.get_annotation(a.id).label == "LOC"  # the colleague's edit survives
        assert history.undo_text() is not None  # still there, nothing lost
        history.push(ops.relabel(s, b.id, "LOC", "alice")[1])
        history.undo(s)
        assert s.get_annotation(b.id).label == "PERSON"
        # undo of an add refused when a colleague relabelled the new span since
        _, entry = ops.tag(s, doc, *spans[5], "LOC", "alice")
        new = entry.after.versions()
        (new_id,) = [k for k in new if entry.before.versions()[k] is None]
        colleague.update_annotation(new_id, note="mine", expected_version=1)
        with pytest.raises(ConflictError):
            entry.undo(s)
        assert colleague.get_annotation(new_id).note == "mine"
    finally:
        colleague.close()


def test_stale_undo_refused_on_every_backend(any_store) -> None:  # type: ignore[no-untyped-def]
    """Two connections (SQLite file or PostgreSQL): a colleague's newer edit is never undone."""
    s = any_store
    import_paths(s, [str(Path(__file__).resolve().parents[2] / "corpus")])
    doc = s.document_ids()[0]
    start, end = _first_word(s.document_text(doc))
    history = ops.UndoHistory()
    change, entry = ops.tag(s, doc, start, end, "GPE", "alice")
    history.push(entry)
    (ann_id,) = change.added
    history.push(ops.relabel(s, ann_id, "ORG", "alice")[1])
    colleague = open_store(s.url)
    try:
        colleague.update_annotation(ann_id, label="LOC", expected_version=2)
        with pytest.raises(ConflictError, match="changed by someone else"):
            history.undo(s)
        assert colleague.get_annotation(ann_id).label == "LOC"
        assert history.undo_text() == "Relabel GPE→ORG"
    finally:
        colleague.close()


def test_anyone_may_correct_a_pending_suggestion_and_stale_copies_conflict(setup) -> None:  # type: ignore[no-untyped-def]
    s, path, doc, a, b, sug, spans = setup
    ops.relabel(s, sug[0].id, "LOC", "alice")  # not alice's, but a suggestion is nobody's yet
    ops.move_boundary(s, sug[1].id, sug[1].start, sug[1].end + 1, "alice")
    assert s.get_annotation(sug[0].id).pending and s.get_annotation(sug[0].id).label == "LOC"
    before = dump(path)
    with pytest.raises(ConflictError):  # the caller's copy is older than the row
        ops.accept_suggestion(s, sug[0].id, "alice", expected_version=sug[0].version)
    with pytest.raises(ConflictError):
        ops.edit(s, a.id, "alice", note="x", expected_version=a.version - 1)
    assert dump(path) == before


@pytest.mark.parametrize("how", ["one", "all"])
def test_accepting_suggestions_is_work_and_undo_puts_the_status_back(store, how: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 14.3: accepting a suggestion (one, or all of a label) moves the article and the
    curator's own progress to in progress; undo restores both exactly."""
    from app import ops
    from app.bundle import Bundle

    store.import_bundle(Bundle([{"id": "p", "title": "P", "text": "Sales rose 12% to $5 billion."}], source="t"))
    doc = store.find_document(uid="p")
    store.annotator("alice")
    a = store.add_annotation(doc, 11, 14, "PERCENT", "figures", origin="suggested")
    assert store.get_document(doc).status == "not_started" and store.progress(doc) == {}
    if how == "one":
        _change, entry = ops.accept_suggestion(store, a.id, "alice")
    else:
        _change, entry = ops.accept_all(store, doc, "PERCENT", "alice")
    assert store.get_document(doc).status == "in_progress"
    assert store.progress(doc) == {"alice": "in_progress"}
    assert store.list_documents(annotator="alice")[0].status == "in_progress"
    entry.undo(store)
    assert store.get_document(doc).status == "not_started" and store.progress(doc) == {}
    assert store.get_annotation(a.id).pending
