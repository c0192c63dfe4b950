"""Issue 14.6: a span never crosses a blank line (LF or CRLF text), by drag or by edge moves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.importing import import_paths
from app.text.paragraphs import crosses_paragraph
from tests.ui.helpers import drag, key

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.mark.parametrize(
    ("text", "crosses"),
    [
        ("his remarks.\n\n\n\nIn his speech", True),
        ("his remarks.\r\n\r\nIn his speech", True),
        ("his remarks.\n \t\nIn his speech", True),
        ("his remarks.\r\rIn his speech", True),
        ("his remarks.\u2029In his speech", True),
        ("his remarks.\r\nIn his speech", False),  # one CRLF line break is not a blank line
        ("his remarks.\nIn his speech", False),
        ("his remarks. In his speech", False),
    ],
)
def test_crosses_paragraph(text: str, crosses: bool) -> None:
    assert crosses_paragraph(text, 0, len(text)) is crosses


def _status(window) -> str:  # type: ignore[no-untyped-def]
    return window.statusBar().currentMessage()


def test_drag_across_a_blank_line_is_refused(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, view = window.store, window.view
    text = window.doc.text
    br = text.index("\n\n")
    start = text.rindex(" ", 0, br) + 1  # the last word of the paragraph ...
    nxt = br + 2
    while text[nxt].isspace():
        nxt += 1
    end = text.index(" ", nxt)  # ... to the first word of the next one
    drag(qtbot, view, start, end)
    assert view.textCursor().hasSelection()
    key(qtbot, view, "o")
    assert store.annotations(window.doc.id, annotator="alice") == []
    assert "paragraph break" in _status(window)

    # the paragraph's last word alone is tagged; its end cannot then move into the next one
    key(qtbot, view, Qt.Key.Key_Escape)  # (a press inside the selection would drag its text)
    drag(qtbot, view, start, br)
    key(qtbot, view, "o")
    [a] = store.annotations(window.doc.id, annotator="alice")
    assert a.start == start and a.end <= br
    for _ in range(3):
        key(qtbot, view, Qt.Key.Key_Right, ALT_SHIFT)
    [b] = store.annotations(window.doc.id, annotator="alice")
    assert (b.start, b.end, b.version) == (a.start, a.end, a.version)
    assert "paragraph break" in _status(window)


def test_crlf_article_refuses_a_selection_over_a_blank_line(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "crlf-article.txt"
    path.write_bytes(b"CRLF ARTICLE\r\n\r\nThe Minister spoke.\r\n\r\nAcme Corp replied.\r\nIt said no.\r\n")
    assert import_paths(window.store, [str(path)]).imported == 1
    window.doc_model.reset(window.store, window.annotator)
    doc_id = next(d.id for d in window.store.list_documents() if d.title.startswith("CRLF"))
    window.open_document(doc_id)
    text = window.doc.text
    assert "\r\n\r\n" in text  # the stored text keeps its CRLF line breaks
    s = text.index("Minister")
    drag(qtbot, window.view, s, text.index("Corp") + 4)
    key(qtbot, window.view, "o")
    assert window.store.annotations(doc_id, annotator="alice") == []
    assert "paragraph break" in _status(window)

    # across one CRLF line break (same paragraph) is still allowed
    key(qtbot, window.view, Qt.Key.Key_Escape)
    drag(qtbot, window.view, text.index("Corp"), text.index("said") + 4)
    key(qtbot, window.view, "o")
    [a] = window.store.annotations(doc_id, annotator="alice")
    assert a.text == "Corp replied.\r\nIt said"


def _set_option(window, qtbot, label: str, box_name: str):  # type: ignore[no-untyped-def]
    """Settings → Labels: select ``label`` and click the option's check box (real widgets)."""
    from PySide6.QtWidgets import QCheckBox

    from app.ui.dialogs.labels import LabelSchemaDialog

    dlg = LabelSchemaDialog(window.store, window)  # as Settings → Labels wires it
    dlg.labelsChanged.connect(window.reload_labels)
    dlg.show()
    dlg.select(dlg.model.row_of(label))
    box = dlg.findChild(QCheckBox, box_name)
    assert box is not None and box.isEnabled() and not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    dlg.close()


def test_a_label_with_cross_paragraphs_accepts_a_selection_across_a_blank_line(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, view = window.store, window.view
    text = window.doc.text
    br = text.index("\n\n")
    start = text.rindex(" ", 0, br) + 1
    nxt = br + 2
    while text[nxt].isspace():
        nxt += 1
    end = text.index(" ", nxt)
    assert store.label("ORG").options == {}
    _set_option(window, qtbot, "ORG", "crossParagraphsBox")
    assert store.label("ORG").options == {"cross_paragraphs": True}  # saved in the store
    drag(qtbot, view, start, end)
    key(qtbot, view, "o")
    [a] = store.annotations(window.doc.id, annotator="alice")
    assert (a.label, a.start, a.end) == ("ORG", start, end) and crosses_paragraph(text, a.start, a.end)
    # another label keeps the default: refused, with the message
    key(qtbot, view, Qt.Key.Key_Escape)
    drag(qtbot, view, start, end)
    key(qtbot, view, "p")
    assert [x.label for x in store.annotations(window.doc.id, annotator="alice")] == ["ORG"]
    assert "paragraph break" in _status(window)


def test_a_label_with_keep_possessive_keeps_the_s(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import Bundle

    store = window.store
    store.import_bundle(Bundle([{"id": "poss", "text": "He praised China's economy and China's plans."}]))
    doc = store.find_document(uid="poss")
    window.open_document(doc)
    view = window.view
    drag(qtbot, view, 11, 18)  # "China's"
    key(qtbot, view, "g")
    [a] = store.annotations(doc, annotator="alice")
    assert a.text == "China"  # the default: the possessive is left out
    _set_option(window, qtbot, "GPE", "keepPossessiveBox")
    assert store.label("GPE").options == {"keep_possessive": True}
    key(qtbot, view, Qt.Key.Key_Escape)
    drag(qtbot, view, 31, 38)  # the second "China's"
    key(qtbot, view, "g")
    assert [x.text for x in store.annotations(doc, annotator="alice")] == ["China", "China's"]


def test_saving_an_option_is_said_in_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Found in the X session: "Saved GPE: options {'keep_possessive': True}." is not for curators."""
    from PySide6.QtWidgets import QCheckBox

    from app.ui.dialogs.labels import LabelSchemaDialog

    dlg = LabelSchemaDialog(window.store, window)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.select(dlg.model.row_of("GPE"))
    said: list[str] = []
    dlg.model.changed.connect(said.append)
    qtbot.mouseClick(dlg.findChild(QCheckBox, "keepPossessiveBox"), Qt.MouseButton.LeftButton)
    assert said and said[-1].startswith("Saved GPE: ")
    assert "keeps a trailing possessive on" in said[-1]
    assert not any(ch in said[-1] for ch in "{}'_"), said[-1]
    dlg.close()
