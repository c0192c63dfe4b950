"""How much work opening an article and tagging a span do: store reads, rows, blocks formatted.

No timings here (``bench/`` measures them): these tests fail when a change brings back the
work that made the workspace slow — a second read of the annotations, a model reset after
one edit, every block of a long article formatted at open.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.helpers import has_fill, key


def count_calls(monkeypatch, store, name: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Record each call of ``store.<name>`` (the real method still runs)."""
    calls: list[tuple] = []
    real = getattr(store, name)

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, name, spy)
    return calls


def test_opening_reads_the_annotations_once_and_an_idle_poll_not_again(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc_model.rows[1].id
    text = store.document_text(doc_id)
    s = next(i for i, c in enumerate(text) if c.isalpha())
    store.add_annotation(doc_id, s, s + 3, "ORG", "alice")
    reads = count_calls(monkeypatch, store, "annotations")
    window.open_document(doc_id)
    assert [c[0] for c in reads] == [doc_id]
    window._on_poll()  # nothing changed since the open: no second read
    window._on_poll()
    assert len(reads) == 1
    other = store.add_annotation(doc_id, s + 5, s + 8, "GPE", "alice")  # a colleague's write
    window._on_poll()
    assert len(reads) == 2 and other.id in window.anns
    window._on_poll()
    assert len(reads) == 2


def test_a_change_between_open_and_first_poll_is_not_missed(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    real = store.annotations
    s = next(i for i, c in enumerate(text) if c.isalpha())
    made = []

    def then_a_colleague_writes(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        if not made:  # right after the open's read, before the first poll
            made.append(store.add_annotation(doc_id, s, s + 2, "ORG", "alice"))
        return out

    monkeypatch.setattr(store, "annotations", then_a_colleague_writes)
    window.open_document(doc_id)
    assert made and made[0].id not in window.anns
    window._on_poll()
    assert made[0].id in window.anns and made[0].id in window.view.index.spans


def test_relations_are_read_when_a_span_is_selected_not_at_open(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    s = next(i for i, c in enumerate(text) if c.isalpha())
    fig = store.add_annotation(doc_id, s, s + 2, "MONEY", "alice")
    ent = store.add_annotation(doc_id, s + 3, s + 6, "ORG", "alice")
    store.add_relation(fig.id, ent.id, "measures", "alice")
    reads = count_calls(monkeypatch, store, "relations")
    window.open_document(doc_id)
    assert reads == []
    window.select_annotation(fig.id)
    assert len(reads) == 1
    assert window.details.relations.count() == 1  # "measures → ORG …"
    window.select_annotation(ent.id)
    assert len(reads) == 1  # read once per article


def test_tagging_updates_the_list_in_place_without_reading_the_article_again(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id = window.doc.id
    text = window.doc.text
    words = [i + 1 for i, c in enumerate(text[:400]) if c == " " and text[i + 1].isalpha()]
    for n, w in enumerate(words[:6:2]):
        store.add_annotation(doc_id, w, text.index(" ", w), ("ORG", "GPE", "DATE")[n], "alice")
    window.open_document(doc_id)
    window.ann_list.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # by label, Z to A
    reads = count_calls(monkeypatch, store, "annotations")
    resets: list[int] = []
    window.ann_model.modelReset.connect(lambda: resets.append(1))
    start = words[3]
    window.view.select(start, text.index(" ", start))
    key(qtbot, window.view, "l")  # LOC
    [new] = [a for a in store.annotations(doc_id) if a.label == "LOC"]
    assert reads == [(doc_id,)]  # only the line above
    assert resets == []
    rows = window.ann_model.rows
    assert [a.label for a in rows] == ["ORG", "LOC", "GPE", "DATE"]  # in place, descending
    assert window.ann_model.row_of(new.id) == 1 == window.ann_list.currentIndex().row()
    key(qtbot, window.view, "p")  # relabel as PERSON: moves to the top
    assert [a.label for a in window.ann_model.rows] == ["PERSON", "ORG", "GPE", "DATE"]
    assert window.ann_model.row_of(new.id) == 0
    key(qtbot, window.view, Qt.Key.Key_Delete)
    assert [a.label for a in window.ann_model.rows] == ["ORG", "GPE", "DATE"]
    assert window.ann_model.row_of(new.id) == -1
    assert resets == []


@pytest.mark.parametrize("column", [0, 1, 2])
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_annotation_rows_found_and_inserted_by_bisection(column, order) -> None:  # type: ignore[no-untyped-def]
    from app.ui.models import AnnotationListModel
    from tests.ui.test_spans import ann

    spans = [(0, 4, "ORG"), (0, 4, "GPE"), (2, 9, "ORG"), (2, 9, "ORG"), (5, 6, "DATE"), (30, 31, "ORG")]
    model = AnnotationListModel()
    model.sort(column, order)
    model.set_annotations([ann(i, s, e, lab) for i, (s, e, lab) in enumerate(spans)], {})
    model.put(ann(9, 1, 3, "LOC"))
    model.put(ann(10, 2, 9, "ORG"))  # the same key as two others
    model.put(ann(2, 40, 41, "ORG"))  # moved
    model.drop("a4")
    expected = sorted(model.rows, key=model._key, reverse=order == Qt.SortOrder.DescendingOrder)
    assert [model._key(a) for a in model.rows] == [model._key(a) for a in expected]
    assert sorted(a.id for a in model.rows) == sorted(["a0", "a1", "a2", "a3", "a5", "a9", "a10"])
    for row, a in enumerate(model.rows):
        assert model.row_of(a.id) == row
    assert model.row_of("a4") == -1


def long_text(paragraphs: int = 400) -> str:
    return "".join(
        f"Paragraph {i}: the Shanghai grain output rose 3.{i % 10}% in 2021, officials said.\r\n"
        + ("An emoji 👩‍💻 here.\n" if i % 7 == 0 else "")
        for i in range(paragraphs)
    )


def test_a_long_article_is_formatted_where_it_is_shown(qtbot, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.bundle import Bundle
    from app.ui import MainWindow

    text = long_text()
    first = text.index("Shanghai")
    last = text.rindex("Shanghai")
    store.import_bundle(Bundle([{"id": "long", "text": text, "annotations": [
        {"start": first, "end": first + 8, "label": "GPE", "annotator": "alice"},
        {"start": last, "end": last + 8, "label": "GPE", "annotator": "alice"},
        {"start": last + 4, "end": last + 20, "label": "ORG", "annotator": "alice"},  # overlaps
    ] + [
        {"start": m, "end": m + 5, "label": "PRODUCT", "annotator": "alice"}
        for m in (i for i in range(len(text)) if text.startswith("grain", i))
    ]}], source="test"))
    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    w.poll_timer.stop()
    view = w.view
    blocks = view.document().blockCount()
    assert blocks > 400
    assert has_fill(view, first) and not has_fill(view, last)  # the end is not shown yet
    assert 0 < len(view.highlighter.done) < blocks // 4
    assert len(view.index) == len(w.anns) > 400
    assert len(view.index.made()) < 100  # the spans of the blocks shown, not all of them
    sb = view.verticalScrollBar()
    sb.setValue(sb.maximum())
    qtbot.wait(20)
    assert has_fill(view, last) and has_fill(view, last + 10)  # GPE, then the ORG it overlaps
    assert len(view.highlighter.done) < blocks // 2
    # a span added where nothing was formatted yet is formatted once it is shown
    mid = text.index("Shanghai", len(text) // 2)
    w.create_annotation(mid, mid + 8, "GPE")
    assert not has_fill(view, mid)
    w.select_annotation(next(a.id for a in w.anns.values() if a.start == mid))  # scrolls there
    qtbot.wait(20)
    assert has_fill(view, mid)
    w.close()
