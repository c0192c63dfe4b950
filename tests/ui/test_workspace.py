"""The workspace around the article: document list, drawing, settings, team polling, launch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import drag, has_fill, key

ROOT = Path(__file__).resolve().parents[2]


def test_document_list_fetches_lazily(qtbot, qtmodeltester, corpus_store) -> None:  # type: ignore[no-untyped-def]
    from app.ui.models import DocumentListModel

    model = DocumentListModel()
    model.PAGE = 2
    model.reset(corpus_store, "alice")
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2
    model.fetchMore()
    assert model.rowCount() == 4
    model.fetchMore()
    assert model.rowCount() == 5 and not model.canFetchMore()
    assert [r.id for r in model.rows] == corpus_store.document_ids()
    qtmodeltester.check(model)


def test_search_box_filters_the_list(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.search_box, "Belarus")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    rows = window.doc_model.rows
    assert len(rows) == 1 and rows[0].title.startswith("The China-Shanghai")
    window.search_box.clear()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert len(window.doc_model.rows) == 5


def test_annotation_list_model(qtmodeltester, window) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    for n, (s, e) in enumerate([(0, 4), (10, 14), (2, 12)]):
        while not text[s].isalnum():
            s += 1
        store.add_annotation(doc_id, s, max(e, s + 1), ("GPE", "ORG", "DATE")[n], "alice")
    window.open_document(doc_id)
    qtmodeltester.check(window.ann_model)


def test_suggestions_are_drawn_apart_and_edits_rehighlight_one_block(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    first_word = next(i for i, c in enumerate(text) if c.isalpha())
    end = first_word
    while text[end].isalpha():
        end += 1
    acc = store.add_annotation(doc_id, first_word, end, "ORG", "alice")
    last = text.rstrip().rindex(" ") + 1
    sug = store.add_annotation(doc_id, last, len(text.rstrip()), "GPE", "alice", origin="suggested")
    window.open_document(doc_id)
    view = window.view

    assert has_fill(view, acc.start)  # accepted: filled
    assert not has_fill(view, sug.start)  # pending: dashed underline only, no fill
    assert view.index.spans[sug.id].pending
    assert view.document().blockCount() > 3
    before = view.highlighter.blocks_highlighted
    s = text.index(" ", acc.end + 1) + 1
    window.view.select(s, s + 3)
    key(qtbot, view, "o")
    assert view.highlighter.blocks_highlighted - before == 1  # only the touched block
    window.select_annotation(sug.id)
    key(qtbot, view, Qt.Key.Key_Return)
    assert has_fill(view, sug.start)  # accepted now: filled like any span


def test_settings_persist_between_runs(qtbot, corpus_store) -> None:  # type: ignore[no-untyped-def]
    from app.ui import MainWindow

    w = MainWindow(corpus_store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(760, 700)  # fits the offscreen screen (800x800): restored as is
    w.show()
    w.snap_action.setChecked(False)
    w.zoom(1)
    w.zoom(1)
    size = w.view.font().pointSizeF()
    w.splitter.setSizes([150, 400, 200])
    sizes = w.splitter.sizes()
    geometry = w.geometry()
    w.close()
    w2 = MainWindow(corpus_store, annotator="alice")
    qtbot.addWidget(w2)
    w2.show()
    assert not w2.snapping
    assert w2.view.font().pointSizeF() == size
    assert w2.size() == geometry.size()  # the offscreen window manager places it itself
    assert w2.splitter.sizes() == sizes
    w2.close()


def test_snapping_off_keeps_the_exact_selection(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.snap_action.setChecked(False)
    text = window.doc.text
    s = text.index("Secretary-General")
    drag(qtbot, window.view, s, s + 9)
    key(qtbot, window.view, "p")
    [a] = window.store.annotations(window.doc.id)
    assert a.text == "Secretary"


def test_annotator_asked_once_then_kept(monkeypatch, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow, resolve_annotator

    asked = []

    def ask(cls, parent, default):  # type: ignore[no-untyped-def]
        asked.append(default)
        return "carol"

    monkeypatch.setattr(MainWindow, "ask_annotator", classmethod(ask))
    assert resolve_annotator(None) == "carol"
    assert resolve_annotator(None) == "carol"
    assert len(asked) == 1
    assert resolve_annotator("dave") == "dave"  # --annotator overrides
    assert resolve_annotator(None) == "carol"


def test_a_colleagues_change_is_picked_up_by_polling(window) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    s = next(i for i, c in enumerate(text) if c.isalpha())
    ann = store.add_annotation(doc_id, s, s + 1, "GPE", "alice")  # e.g. from a second window
    window._on_poll()
    assert ann.id in window.anns and ann.id in window.view.index.spans
    store.update_annotation(ann.id, label="ORG")
    window._on_poll()
    assert window.anns[ann.id].label == "ORG"
    store.delete_annotation(ann.id)
    window._on_poll()
    assert ann.id not in window.view.index.spans


def test_no_save_question_on_close(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = window.doc.text
    s = text.index("SCO")
    drag(qtbot, window.view, s, s + 3)
    key(qtbot, window.view, "o")
    assert window.close()  # no dialog: the edit is in the store already
    assert [a.text for a in window.store.annotations(window.doc.id)] == ["SCO"]


@pytest.mark.slow
def test_curator_gui_quits_after_and_imports_the_first_run_corpus(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "gui.db"
    env = dict(os.environ, CURATOR_DB=str(db), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    cmd = [sys.executable, "-m", "app.cli", "--annotator", "erin", "gui",
           "--first-run-corpus", str(ROOT / "corpus"), "--quit-after", "0.5"]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from app import open_store

    with open_store(db) as store:
        assert store.count_documents() == 5
    # a second start finds articles: nothing imported again
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        assert store.count_documents() == 5


def test_no_display_runs_offscreen_with_a_note(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from app.ui.app import ensure_platform

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    ensure_platform()
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
    assert "no display" in capsys.readouterr().err
