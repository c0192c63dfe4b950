"""Settings → Labels: a curator edits the label schema with the real widgets; the store follows."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton

from app.ui.dialogs import ask
from app.ui.dialogs.labels import COLOUR, HOTKEY, KIND, NAME, LabelSchemaDialog


@pytest.fixture
def dialog(qtbot, store):  # type: ignore[no-untyped-def]
    dlg = LabelSchemaDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def names(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [lv.name for lv in store.labels()]


def click_cell(qtbot, dlg, row: int, col: int) -> None:  # type: ignore[no-untyped-def]
    rect = dlg.view.visualRect(dlg.model.index(row, col))
    qtbot.mouseClick(dlg.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dlg.view.currentIndex().row() == row


def open_editor(qtbot, dlg, row: int, col: int, kind=QLineEdit):  # type: ignore[no-untyped-def]
    click_cell(qtbot, dlg, row, col)
    qtbot.keyClick(dlg.view, Qt.Key.Key_F2)
    editors = [e for e in dlg.view.findChildren(kind) if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def gone(widget) -> bool:  # type: ignore[no-untyped-def]
    return not shiboken6.isValid(widget) or not widget.isVisible()


def type_in_cell(qtbot, dlg, row: int, col: int, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, dlg, row, col)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(editor))  # the view commits on the next turn


def click(qtbot, dlg, name: str) -> None:  # type: ignore[no-untyped-def]
    button = dlg.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_lists_the_store_labels_in_order(dialog, store) -> None:
    assert [dialog.model.label_at(r).name for r in range(dialog.model.rowCount())] == names(store)
    assert dialog.model.index(0, HOTKEY).data() == "p"


def test_add_a_label(qtbot, dialog, store) -> None:
    changed = []
    dialog.labelsChanged.connect(lambda: changed.append(1))
    qtbot.keyClicks(dialog.new_name, "FACILITY")
    dialog.new_kind.setCurrentText("entity")
    click(qtbot, dialog, "addLabelButton")
    lv = store.label("FACILITY")
    assert lv.kind == "entity" and lv.hotkey == "f" and names(store)[-1] == "FACILITY"
    assert dialog.current_label().name == "FACILITY" and changed
    # a figure label, added with Enter; 'a' is free
    qtbot.keyClicks(dialog.new_name, "AREA")
    dialog.new_kind.setCurrentText("figure")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert store.label("AREA").kind == "figure" and store.label("AREA").hotkey == "a"


def test_adding_a_duplicate_is_refused(qtbot, dialog, store) -> None:
    before = store.labels()
    qtbot.keyClicks(dialog.new_name, "ORG")
    click(qtbot, dialog, "addLabelButton")
    assert "exists already" in dialog.message.text()
    assert store.labels() == before


def test_rename(qtbot, dialog, store) -> None:
    row = dialog.model.row_of("LAW")
    type_in_cell(qtbot, dialog, row, NAME, "POLICY")
    assert "LAW" not in names(store) and names(store)[row] == "POLICY"
    assert store.label("POLICY").hotkey == "w"
    assert dialog.message.text() == "Renamed LAW to POLICY."


def test_rename_onto_an_existing_name_is_refused(qtbot, dialog, store) -> None:
    type_in_cell(qtbot, dialog, dialog.model.row_of("LAW"), NAME, "ORG")
    assert names(store).count("ORG") == 1 and "LAW" in names(store)
    assert "exists already" in dialog.message.text()


def test_rehotkey_and_conflict(qtbot, dialog, store) -> None:
    row = dialog.model.row_of("GPE")
    type_in_cell(qtbot, dialog, row, HOTKEY, "x")
    assert store.label("GPE").hotkey == "x"
    type_in_cell(qtbot, dialog, row, HOTKEY, "o")  # ORG has it
    assert store.label("GPE").hotkey == "x" and store.label("ORG").hotkey == "o"
    assert "taken by ORG" in dialog.message.text()
    assert dialog.message.property("error") is True
    type_in_cell(qtbot, dialog, row, HOTKEY, "xy")
    assert store.label("GPE").hotkey == "x" and "single key" in dialog.message.text()
    type_in_cell(qtbot, dialog, row, HOTKEY, "")  # cleared: no hotkey
    assert store.label("GPE").hotkey is None


def test_change_kind_with_the_combo(qtbot, dialog, store) -> None:
    row = dialog.model.row_of("DATE")
    combo = open_editor(qtbot, dialog, row, KIND, QComboBox)
    combo.setCurrentText("figure")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(combo))
    assert store.label("DATE").kind == "figure"


def test_recolour_with_the_button_and_by_double_click(qtbot, dialog, store, monkeypatch) -> None:
    asked = []

    def fake_color(parent, initial, caption=""):  # type: ignore[no-untyped-def]
        asked.append(initial)
        return "#123456"

    monkeypatch.setattr(ask, "ask_color", fake_color)
    row = dialog.model.row_of("ORG")
    click_cell(qtbot, dialog, row, NAME)
    click(qtbot, dialog, "colorButton")
    assert asked == ["#ff7f0e"] and store.label("ORG").color == "#123456"
    monkeypatch.setattr(ask, "ask_color", lambda *a, **k: "#abcdef")
    rect = dialog.view.visualRect(dialog.model.index(dialog.model.row_of("GPE"), COLOUR))
    click_cell(qtbot, dialog, dialog.model.row_of("GPE"), COLOUR)  # a double click starts with one
    qtbot.mouseDClick(dialog.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert store.label("GPE").color == "#abcdef"
    monkeypatch.setattr(ask, "ask_color", lambda *a, **k: None)  # cancelled: nothing changes
    click(qtbot, dialog, "colorButton")
    assert store.label("GPE").color == "#abcdef"


def test_reorder_up_and_down(qtbot, dialog, store) -> None:
    start = names(store)
    click_cell(qtbot, dialog, 2, NAME)  # GPE
    click(qtbot, dialog, "moveUpButton")
    assert names(store)[:3] == [start[0], start[2], start[1]]
    assert dialog.current_label().name == start[2]
    click(qtbot, dialog, "moveDownButton")
    click(qtbot, dialog, "moveDownButton")
    assert names(store)[:4] == [start[0], start[1], start[3], start[2]]
    click_cell(qtbot, dialog, 0, NAME)
    assert not dialog.up_button.isEnabled()


def test_delete_an_unused_label(qtbot, dialog, store) -> None:
    click_cell(qtbot, dialog, dialog.model.row_of("LOC"), NAME)
    click(qtbot, dialog, "deleteLabelButton")
    assert "LOC" not in names(store)
    assert dialog.message.text() == "Deleted LOC."


def _annotate(store, label: str, n: int = 2) -> list[str]:  # type: ignore[no-untyped-def]
    doc = store.document_ids()[0]
    text = store.document_text(doc)
    ids = []
    for m in list(re.finditer(r"\w{4,}", text))[:n]:
        ids.append(store.add_annotation(doc, m.start(), m.end(), label, "alice").id)
    return ids


def _answer_merge(qtbot, choice: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Drive the modal merge dialog when it appears: pick ``choice`` and merge, or cancel."""
    seen: list[str] = []

    def poll() -> None:
        dlg = next((w for w in QApplication.topLevelWidgets()
                    if w.objectName() == "mergeLabelDialog" and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(10, poll)
            return
        seen.append(dlg.windowTitle())
        combo = dlg.findChild(QComboBox, "mergeTarget")
        seen.append(combo.itemText(0))
        if choice is None:
            qtbot.keyClick(dlg, Qt.Key.Key_Escape)
        else:
            combo.setCurrentText(choice)
            qtbot.mouseClick(dlg.findChild(QPushButton, "mergeButton"), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, poll)
    return seen


def test_a_label_in_use_is_merged_not_silently_deleted(qtbot, corpus_store) -> None:
    store = corpus_store
    ids = _annotate(store, "ORG")
    dlg = LabelSchemaDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.model.index(dlg.model.row_of("ORG"), 5).data() == 2
    click_cell(qtbot, dlg, dlg.model.row_of("ORG"), NAME)

    seen = _answer_merge(qtbot, None)  # cancel: nothing happens
    click(qtbot, dlg, "deleteLabelButton")
    assert seen[0] == "Delete label ORG" and seen[1] != "ORG"
    assert "ORG" in names(store) and {store.get_annotation(i).label for i in ids} == {"ORG"}
    assert dlg.message.text() == "Kept ORG."

    seen = _answer_merge(qtbot, "GPE")
    click(qtbot, dlg, "deleteLabelButton")
    assert "ORG" not in names(store)
    assert {store.get_annotation(i).label for i in ids} == {"GPE"}
    assert dlg.message.text() == "Deleted ORG; 2 annotation(s) now carry GPE."
    assert dlg.model.index(dlg.model.row_of("GPE"), 5).data() == 2


def test_export_and_import_the_schema(qtbot, dialog, store, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "schema.json"
    monkeypatch.setattr(ask, "ask_save_file", lambda *a, **k: out)
    click(qtbot, dialog, "exportSchemaButton")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["name"] for d in data["labels"]] == names(store)
    assert f"Exported {len(names(store))} labels" in dialog.message.text()

    data["labels"].append({"name": "FACILITY", "kind": "entity", "color": "#010203",
                           "hotkey": "f"})
    data["labels"][0]["color"] = "#000000"
    src = tmp_path / "new.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(ask, "ask_open_file", lambda *a, **k: src)
    click(qtbot, dialog, "importSchemaButton")
    assert store.label("FACILITY").color == "#010203"
    assert store.label("PERSON").color == "#000000"
    assert dialog.model.row_of("FACILITY") >= 0
    assert "added FACILITY" in dialog.message.text()

    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [{"kind": "entity"}]}', encoding="utf-8")
    monkeypatch.setattr(ask, "ask_open_file", lambda *a, **k: bad)
    before = store.labels()
    click(qtbot, dialog, "importSchemaButton")
    assert "needs a name" in dialog.message.text() and store.labels() == before


def test_screenshot(qtbot, corpus_store, tmp_path: Path) -> None:
    _annotate(corpus_store, "ORG", 3)
    dlg = LabelSchemaDialog(corpus_store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    img = dlg.grab()
    assert img.width() > 300
    img.save(str(tmp_path / "label-editor.png"))
    if os.environ.get("CURATOR_SCREENSHOT") == "1":  # the documentation's screenshot
        assert img.save(str(Path(__file__).resolve().parents[2] / "docs" / "label-editor.png"))
