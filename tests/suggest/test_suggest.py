"""Figure and entity suggestions stored in a real SQLite store, and the CLI around them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.store.store import Cancelled
from app.suggest import suggest_entities, suggest_figures
from tests.conftest import CORPUS


def _doc(store, prefix):  # type: ignore[no-untyped-def]
    for d in store.list_documents():
        if d.source.startswith(prefix) or d.uid.startswith(prefix):
            return d.id
    raise AssertionError(prefix)


def _all(store, **kw):  # type: ignore[no-untyped-def]
    return [a for d in store.document_ids() for a in store.annotations(d, **kw)]


def test_figures_are_stored_as_pending_suggestions(corpus_store):  # type: ignore[no-untyped-def]
    n = suggest_figures(corpus_store, annotator="figure-bot")
    anns = _all(corpus_store)
    assert n == len(anns) == 39
    assert all(a.origin == "suggested" and a.review_status == "none" and a.pending for a in anns)
    assert {a.annotator for a in anns} == {"figure-bot"}
    assert {a.kind for a in anns} == {"figure"}
    money = {a.text: a.attributes for a in anns if a.label == "MONEY"}
    assert money["213.86 billion yuan"]["value"] == 213860000000
    assert money["nearly 38 trillion yuan"]["qualifier"] == "nearly"
    rels = [r for d in corpus_store.document_ids() for r in corpus_store.relations(d)]
    assert len(rels) == 3 and {r.type for r in rels} == {"converts"}
    for r in rels:
        a, b = corpus_store.get_annotation(r.from_id), corpus_store.get_annotation(r.to_id)
        assert (a.attributes["unit"], b.attributes["unit"]) == ("CNY", "USD")
    # a second run proposes nothing new
    assert suggest_figures(corpus_store, annotator="figure-bot") == 0
    assert suggest_figures(corpus_store, annotator="someone-else") == 0


def test_rejected_and_annotated_spans_are_never_proposed_again(corpus_store):  # type: ignore[no-untyped-def]
    store = corpus_store
    doc = _doc(store, "2021-08-24-china-to-push")
    text = store.document_text(doc)
    start = text.index("38 percent")
    store.add_annotation(doc, start, start + len("38 percent"), "PERCENT", "alice")
    s2 = text.index("More than 610")
    store.add_annotation(doc, s2, s2 + len("More than 610 companies"), "CARDINAL", "alice")
    n = suggest_figures(store, [doc], annotator="bot")
    pending = [a for a in store.annotations(doc) if a.pending]
    assert n == len(pending) == 3  # 39 trillion yuan, $6 trillion, about half
    assert {a.text for a in pending} == {"39 trillion yuan", "$6 trillion", "about half"}
    half = next(a for a in pending if a.text == "about half")
    store.update_annotation(half.id, review_status="rejected")
    other = next(a for a in pending if a.text == "$6 trillion")
    store.delete_annotation(other.id)  # deleted, not rejected: may come back
    assert suggest_figures(store, [doc], annotator="bot") == 1
    assert suggest_figures(store, [doc], annotator="another-bot") == 0
    texts = sorted(a.text for a in store.annotations(doc, rejected=True) if a.origin == "suggested")
    assert texts == ["$6 trillion", "39 trillion yuan", "about half"]


def test_only_the_given_documents(corpus_store):  # type: ignore[no-untyped-def]
    doc = _doc(corpus_store, "2023-09-07")
    assert suggest_figures(corpus_store, [doc], annotator="bot") == 4
    assert {a.document_id for a in _all(corpus_store)} == {doc}
    with pytest.raises(ValidationError, match="no document with id 999"):
        suggest_figures(corpus_store, [999], annotator="bot")
    with pytest.raises(ValidationError, match="annotator"):
        suggest_figures(corpus_store, annotator=" ")


def test_cancel_rolls_everything_back(corpus_store, monkeypatch):  # type: ignore[no-untyped-def]
    import app.suggest.common as common

    monkeypatch.setattr(common, "CHUNK", 2)  # several reads: the cancel comes midway
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 4:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        suggest_figures(corpus_store, annotator="bot", progress=progress)
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5)]
    assert _all(corpus_store, rejected=True) == []


def test_progress_reaches_the_total(corpus_store):  # type: ignore[no-untyped-def]
    seen = []
    suggest_figures(corpus_store, annotator="bot", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5, 5)


def test_entities_whole_token_case_sensitive_longest_first(corpus_store):  # type: ignore[no-untyped-def]
    store = corpus_store
    doc = _doc(store, "2021-08-24-china-to-push")
    text = store.document_text(doc)
    s = text.index("SCO")
    store.add_annotation(doc, s, s + 3, "ORG", "alice")
    s = text.index("Vladimir Norov")
    store.add_annotation(doc, s, s + len("Vladimir Norov"), "PERSON", "alice")
    s = text.index("Norov praised")
    store.add_annotation(doc, s, s + len("Norov"), "PERSON", "alice")
    s = text.index("Chongqing")
    a = store.add_annotation(doc, s, s + len("Chongqing"), "GPE", "bob", origin="suggested")
    store.update_annotation(a.id, review_status="accepted")  # accepted suggestions count
    s = text.index("Xi Jinping")
    r = store.add_annotation(doc, s, s + len("Xi Jinping"), "PERSON", "bob", origin="suggested")
    store.update_annotation(r.id, review_status="rejected")  # rejected ones do not
    n = suggest_entities(store, annotator="recommender", use_spacy=False)
    sugg = [a for a in _all(store) if a.pending]
    assert n == len(sugg) > 0
    by_text = {}
    for a in sugg:
        by_text.setdefault(a.text, set()).add(a.label)
        full = store.document_text(a.document_id)
        assert full[a.start:a.end] == a.text
        before = full[a.start - 1] if a.start else " "
        after = full[a.end] if a.end < len(full) else " "
        assert not (before.isalnum() or before in "-'") and not (after.isalnum() or after in "-")
    assert set(by_text) == {"SCO", "Vladimir Norov", "Norov", "Chongqing"}
    assert by_text["SCO"] == {"ORG"} and by_text["Chongqing"] == {"GPE"}
    # "China-SCO" is one token: no "SCO" inside it; never lower-case "sco"
    for a in sugg:
        full = store.document_text(a.document_id)
        assert not full[:a.end].endswith("China-SCO")
    # longest first: "Vladimir Norov" is proposed whole, never "Norov" inside it
    norovs = [a for a in sugg if a.text == "Norov"]
    for a in norovs:
        full = store.document_text(a.document_id)
        assert not full[:a.start].endswith("Vladimir ")
    # the curated spans themselves are not proposed again, nor the rejected string's span
    assert all(not (a.document_id == doc and a.text == "Xi Jinping") for a in sugg)
    assert suggest_entities(store, annotator="recommender", use_spacy=False) == 0


def test_entities_without_any_labelled_string(corpus_store):  # type: ignore[no-untyped-def]
    assert suggest_entities(corpus_store, annotator="recommender", use_spacy=False) == 0


# -- the CLI -------------------------------------------------------------------------------

BIN = Path(sys.executable).parent / "curator"


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CURATOR_DB=str(db), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=120)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def _annotations(path: Path) -> list[dict]:  # type: ignore[type-arg]
    data = json.loads(path.read_text(encoding="utf-8"))
    return [a for d in data["documents"] for a in d["annotations"]]


def test_cli_suggest_and_export_with_and_without_suggestions(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "c.db"
    run("import", str(CORPUS), db=db)
    out = run("--annotator", "bot", "suggest", "figures", "--documents", "1,2", db=db).stdout
    assert out.startswith("suggested ") and "by bot" in out
    first = int(out.split()[1])
    out = run("--annotator", "bot", "suggest", "figures", db=db).stdout
    assert first + int(out.split()[1]) == 39
    plain, full = tmp_path / "plain.json", tmp_path / "full.json"
    run("export", "-o", str(plain), db=db)
    run("export", "--include-suggestions", "-o", str(full), db=db)
    assert _annotations(plain) == []
    anns = _annotations(full)
    assert len(anns) == 39 and {a["origin"] for a in anns} == {"suggested"}
    assert all(a["review_status"] == "none" and a["annotator"] == "bot" for a in anns)
    bad = run("suggest", "figures", "--documents", "nope", db=db, check=False)
    assert bad.returncode == 1 and "no document with id 'nope'" in bad.stderr
    assert "suggested 0 entities" in run("suggest", "entities", db=db).stdout
