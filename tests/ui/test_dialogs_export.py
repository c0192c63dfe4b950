"""File → Export… and File → Import…: real widgets, the worker thread, files and the store checked."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.formats import native, registry
from app.ui.dialogs import ask
from app.ui.dialogs.export import ExportDialog
from app.ui.dialogs.importing import import_interactively, summary_text


def annotate(store) -> None:  # type: ignore[no-untyped-def]
    doc = store.document_ids()[0]
    text = store.document_text(doc)
    words = list(re.finditer(r"\w{4,}", text))
    store.add_annotation(doc, words[0].start(), words[0].end(), "ORG", "alice")
    store.add_annotation(doc, words[1].start(), words[1].end(), "GPE", "alice")
    store.add_annotation(doc, words[2].start(), words[2].end(), "GPE", "bob")


@pytest.fixture
def dialog(qtbot, corpus_store):  # type: ignore[no-untyped-def]
    annotate(corpus_store)
    dlg = ExportDialog(corpus_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def choose_format(qtbot, dlg, name: str) -> None:  # type: ignore[no-untyped-def]
    combo = dlg.format_combo
    combo.setFocus()
    while combo.currentData() != name:  # walk the combo with the keyboard, as a user would
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{name} is not offered"


def toggle(qtbot, lst, text: str) -> None:  # type: ignore[no-untyped-def]
    item = lst.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    lst.setFocus()
    lst.setCurrentItem(item)
    qtbot.keyClick(lst.viewport(), Qt.Key.Key_Space)


def test_offers_every_registered_writer(dialog) -> None:
    offered = {dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())}
    assert offered == {f.name for f in registry.writers()}
    assert dialog.format_combo.currentData() == "json"
    assert not dialog.export_button.isEnabled()  # no destination yet


def test_format_added_later_is_offered(qtbot, store, monkeypatch) -> None:
    extra = registry.Format("later", "Registered after start-up", ".later", None, native.write_json)
    monkeypatch.setitem(registry.FORMATS, "later", extra)
    dlg = ExportDialog(store)
    qtbot.addWidget(dlg)
    assert "later" in {dlg.format_combo.itemData(i) for i in range(dlg.format_combo.count())}


def test_export_with_filters(qtbot, dialog, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out" / "corpus"
    monkeypatch.setattr(ask, "ask_save_file", lambda *a, **k: out)
    choose_format(qtbot, dialog, "jsonl")
    qtbot.mouseClick(dialog.findChild(QPushButton, "browseButton"), Qt.MouseButton.LeftButton)
    assert dialog.path() == tmp_path / "out" / "corpus.jsonl"  # the format's extension added
    toggle(qtbot, dialog.label_list, "ORG")  # ORG unchecked
    toggle(qtbot, dialog.annotator_list, "bob")  # bob unchecked
    qtbot.mouseClick(dialog.findChild(type(dialog.status_boxes["done"]), "status_done"),
                     Qt.MouseButton.LeftButton)
    opts = dialog.options()
    assert "ORG" not in opts.labels and opts.annotators == ["alice"]
    assert opts.statuses == ["not_started", "in_progress"]
    exported = []
    dialog.exported.connect(lambda r, p: exported.append((r, p)))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    lines = (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    anns = [a for d in docs for a in d["annotations"]]
    assert len(docs) == 5
    assert [(a["label"], a["annotator"]) for a in anns] == [("GPE", "alice")]
    result, path = exported[0]
    assert (result.documents, result.annotations) == (5, 1) and path == dialog.path()
    assert "Exported 5 document(s) and 1 annotation(s)" in dialog.message.text()


def test_unchecking_every_label_blocks_the_export(qtbot, dialog, tmp_path: Path) -> None:
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "x.json"))
    assert dialog.export_button.isEnabled()
    for i in range(dialog.label_list.count()):
        toggle(qtbot, dialog.label_list, dialog.label_list.item(i).text())
    assert not dialog.export_button.isEnabled()
    assert dialog.message.text() == "Check at least one label."
    qtbot.mouseClick(dialog.findChild(QPushButton, "labelListAll"), Qt.MouseButton.LeftButton)
    assert dialog.export_button.isEnabled() and dialog.options().labels is None
    qtbot.mouseClick(dialog.findChild(QPushButton, "annotatorListNone"), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Check at least one annotator."


def test_cancel_keeps_the_previous_file(qtbot, dialog, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "corpus.json"
    out.write_text("previous export\n", encoding="utf-8")
    reached, clicked = threading.Event(), threading.Event()

    def gated_writer(store, path, opts, progress):  # type: ignore[no-untyped-def]
        def report(done: int, total: int) -> None:
            progress(done, total)
            reached.set()  # every document is in the temp file by now
            assert clicked.wait(10)
            progress(done, total)  # raises Cancelled: the temp file is removed

        return native.write_json(store, path, opts, report)

    monkeypatch.setitem(registry.FORMATS, "json", registry.Format(
        "json", "Article Curator JSON (lossless)", ".json", native.read_json, gated_writer))
    dlg = ExportDialog(dialog.store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.path_edit, str(out))
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=20_000)
    task = dlg.task
    qtbot.waitUntil(task.dialog.isVisible)
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        clicked.set()
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert not list(tmp_path.glob(".corpus.json*"))  # no temp file left behind
    assert dlg.isVisible() and "cancelled" in dlg.message.text()
    assert dlg.export_button.isEnabled()


def test_a_failed_export_is_explained(qtbot, dialog, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    qtbot.keyClicks(dialog.path_edit, str(blocker / "sub" / "out.json"))  # parent is a file
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=20_000)
    assert dialog.message.text().startswith(f"Export failed: {blocker}")
    assert dialog.isVisible() and dialog.export_button.isEnabled()


# -- import --------------------------------------------------------------------------------


def test_import_files_reports_the_summary(qtbot, store, tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "a.txt"
    good.write_text("The bureau in Zhengzhou reported 12 firms.\n", encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text("Shanghai 上海 added 3.5% 🚀\r\nmore.\r\n", encoding="utf-8")
    odd = tmp_path / "c.xyz"
    odd.write_text("?", encoding="utf-8")
    monkeypatch.setattr(ask, "ask_open_files", lambda *a, **k: [good, other, odd])
    got = []
    task = import_interactively(None, store, on_finished=got.append)
    assert task is not None
    qtbot.waitUntil(lambda: bool(got), timeout=20_000)
    assert store.count_documents() == 2
    box = task.summary_box
    assert isinstance(box, QMessageBox)
    assert box.text() == "Imported 2 article(s) with 0 annotation(s); 0 already in the store; 1 failed."
    assert "c.xyz" in box.informativeText() and "unknown file type" in box.informativeText()
    box.close()


def test_import_a_folder_twice_skips(qtbot, store, monkeypatch) -> None:
    from tests.conftest import CORPUS

    monkeypatch.setattr(ask, "ask_directory", lambda *a, **k: CORPUS)
    for expected in ((5, 0), (0, 5)):
        got = []
        task = import_interactively(None, store, folder=True, on_finished=got.append)
        qtbot.waitUntil(lambda got=got: bool(got), timeout=20_000)
        assert (got[0].imported, got[0].skipped) == expected
        task.summary_box.close()
    assert summary_text(got[0])[0].startswith("Imported 0 article(s)")


def test_cancelled_choice_imports_nothing(store, monkeypatch) -> None:
    monkeypatch.setattr(ask, "ask_open_files", lambda *a, **k: [])
    assert import_interactively(None, store) is None


def test_screenshot(qtbot, dialog, tmp_path: Path) -> None:
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "corpus.json"))
    dialog.grab().save(str(tmp_path / "export.png"))


def test_only_the_open_article_and_remembered_choices(qtbot, corpus_store, tmp_path: Path,
                                                      monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    annotate(corpus_store)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    doc = corpus_store.document_ids()[0]
    dlg = ExportDialog(corpus_store, settings=settings, current_document=doc)
    qtbot.addWidget(dlg)
    dlg.show()
    choose_format(qtbot, dlg, "jsonl")
    qtbot.keyClicks(dlg.path_edit, str(tmp_path / "out" / "one.jsonl"))
    box = dlg.only_current_box  # a wide cell: click on the box, not in the empty space after it
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dlg.options().documents == [str(doc)]
    with qtbot.waitSignal(dlg.accepted, timeout=20_000):
        qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    lines = (tmp_path / "out" / "one.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and len(json.loads(lines[0])["annotations"]) == 3
    # the next export starts from the same format and folder
    again = ExportDialog(corpus_store, settings=settings)
    qtbot.addWidget(again)
    assert again.format_combo.currentData() == "jsonl" and again.only_current_box.isHidden()
    asked = []
    monkeypatch.setattr(ask, "ask_save_file", lambda parent, caption, start, *a: asked.append(start))
    qtbot.mouseClick(again.findChild(QPushButton, "browseButton"), Qt.MouseButton.LeftButton)
    assert asked == [str(tmp_path / "out" / "export.jsonl")]


def test_enter_in_the_path_field_exports(qtbot, dialog, tmp_path: Path) -> None:
    """Issue 14.1: Enter exports when the form is valid; when it is not, it says why and stays."""
    dialog.path_edit.setFocus()
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # nothing typed yet
    assert dialog.isVisible() and dialog.message.text() == "Choose where to save the export."
    out = tmp_path / "typed.json"
    qtbot.keyClicks(dialog.path_edit, str(out))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert len(json.loads(out.read_text(encoding="utf-8"))["documents"]) == 5


def test_the_path_field_has_the_focus_when_the_dialog_opens(qtbot, dialog, tmp_path: Path) -> None:
    """Found in the X session: typing right after Ctrl+E went nowhere (no field had focus)."""
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.path_edit, timeout=3000)
    out = tmp_path / "straight.json"
    qtbot.keyClicks(dialog.focusWidget(), str(out))
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert out.exists()


def test_typed_file_name_is_kept_and_a_mismatch_warned(qtbot, dialog, tmp_path: Path) -> None:
    """Issue 14.22: "x.json" exported as JSON Lines stays "x.json" (not "x.json.jsonl")."""
    choose_format(qtbot, dialog, "jsonl")
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "x.json"))
    assert dialog.path() == tmp_path / "x.json"
    assert "does not end in .jsonl" in dialog.message.text() and dialog.export_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert len((tmp_path / "x.json").read_text(encoding="utf-8").splitlines()) == 5
    assert not (tmp_path / "x.json.jsonl").exists()
