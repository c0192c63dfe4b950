"""Relations drawn as arcs in the article, listed and deleted in the details panel (issue 14 #11)."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from app.importing import import_paths
from tests.ui.helpers import click, key

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def open_chongqing(window):  # type: ignore[no-untyped-def]
    doc_id = next(d.id for d in window.store.list_documents() if d.title.startswith("The China-Shanghai"))
    window.open_document(doc_id)
    return doc_id, window.doc.text


def tag(store, doc_id, text, word, label, after=0):  # type: ignore[no-untyped-def]
    i = text.index(word, after)
    return store.add_annotation(doc_id, i, i + len(word), label, "alice")


def render(window) -> QImage:  # type: ignore[no-untyped-def]
    """The article's viewport as painted now (a real paint event)."""
    return window.view.viewport().grab().toImage()


def changed_pixels(a: QImage, b: QImage, rect) -> int:  # type: ignore[no-untyped-def]
    r = rect.toAlignedRect().intersected(a.rect())
    return sum(
        a.pixel(x, y) != b.pixel(x, y)
        for x in range(r.left(), r.right() + 1) for y in range(r.top(), r.bottom() + 1)
    )


def test_a_relation_in_the_store_is_painted_between_its_spans(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    fig = tag(store, doc_id, text, "18", "CARDINAL", text.index("18 SCO"))
    org = tag(store, doc_id, text, "SCO countries", "ORG", text.index("18 SCO"))
    window.open_document(doc_id)
    window.view.set_current(None)
    plain = render(window)
    assert window.view.arcs.shown == []  # no relation: nothing drawn
    rel = store.add_relation(fig.id, org.id, "measures", "alice")
    window.reload_annotations()  # as the poll does after a colleague's change
    linked = render(window)
    [arc] = window.view.arcs.shown
    assert (arc.rel_id, arc.type, arc.from_id, arc.to_id) == (rel.id, "measures", fig.id, org.id)
    assert not arc.clipped
    # its ends sit on the two spans: from the cursor rectangles of their characters
    view = window.view
    f0, f1 = view.qt_rect(fig.start), view.qt_rect(fig.end)
    o0, o1 = view.qt_rect(org.start), view.qt_rect(org.end)
    assert f0.x() <= arc.start.x() <= f1.x() and abs(arc.start.y() - f0.top()) <= 2
    assert o0.x() <= arc.end.x() <= o1.x() and abs(arc.end.y() - o0.top()) <= 2
    assert arc.label_rect.bottom() < f0.top()  # the type's label above the line
    # and it really is painted: the label's pixels differ from the render without it
    assert linked.size() == plain.size()
    assert changed_pixels(plain, linked, arc.label_rect) > 10
    foot = arc.path.pointAtPercent(0.08)  # the curve itself, away from the label
    assert changed_pixels(plain, linked, QRectF(foot.x() - 3, foot.y() - 3, 6, 6)) > 0


def test_details_list_the_relations_and_delete_one_with_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    doc_id, text = open_chongqing(window)
    at = text.index("18 SCO")
    fig = tag(store, doc_id, text, "18", "CARDINAL", at)
    org = tag(store, doc_id, text, "SCO countries", "ORG", at)
    year = tag(store, doc_id, text, "2021", "DATE")
    window.open_document(doc_id)
    window.select_annotation(fig.id)
    key(qtbot, window.view, Qt.Key.Key_M, SHIFT)  # link by keys and clicks, as a curator does
    click(qtbot, window.view, org.start + 1)
    key(qtbot, window.view, Qt.Key.Key_P, SHIFT)
    click(qtbot, window.view, year.start + 1)
    rels = {r.type: r for r in store.relations(doc_id)}
    assert set(rels) == {"measures", "period"}
    render(window)
    assert {a.type for a in window.view.arcs.shown} == {"measures", "period"}
    rl = window.details.relations
    assert rl.texts() == [
        f"{r.type} → {a.label} “{a.text}”" for r, a in sorted(
            ((rels["measures"], org), (rels["period"], year)), key=lambda p: p[0].id
        )
    ]
    buttons = rl.buttons()
    assert len(buttons) == 2 and all(b.isVisible() for b in buttons)
    row = next(i for i, t in enumerate(rl.texts()) if t.startswith("period"))
    qtbot.mouseClick(buttons[row], Qt.MouseButton.LeftButton)  # ✕ on the period row
    assert [r.type for r in store.relations(doc_id)] == ["measures"]
    assert rl.texts() == [f"measures → ORG “{org.text}”"]
    render(window)
    assert [a.type for a in window.view.arcs.shown] == ["measures"]
    assert window.undo_stack.undoText() == "Unlink (period)"
    key(qtbot, window.view, Qt.Key.Key_Z, CTRL)  # exact undo: the same relation back
    back = {r.type: r for r in store.relations(doc_id)}
    assert back["period"] == rels["period"]
    assert rl.count() == 2
    render(window)
    assert {a.type for a in window.view.arcs.shown} == {"measures", "period"}
    # the key: Del on a row deletes that relation
    rl.setFocus()
    rl.setCurrentRow(next(i for i, t in enumerate(rl.texts()) if t.startswith("measures")))
    key(qtbot, rl, Qt.Key.Key_Delete)
    assert [r.type for r in store.relations(doc_id)] == ["period"]
    assert store.get_annotation(org.id).text == org.text  # the span itself stays
    # from the other end the relation is listed too, pointing back
    window.select_annotation(year.id)
    assert rl.texts() == ["period ← CARDINAL “18”"]


def test_only_relations_with_an_end_on_screen_are_laid_out(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    paras = [f"Paragraph {n} says the group Acme Corp paid {n} million dollars." for n in range(300)]
    text = "\n\n".join(paras) + "\n"
    f = tmp_path / "long.txt"
    f.write_text(text, encoding="utf-8")
    import_paths(store, [str(f)])
    doc_id = store.find_document(sha256=hashlib.sha256(text.encode()).hexdigest())
    rel_of = {}
    for n in (0, 150, 299):
        p = text.index(paras[n])
        money = store.add_annotation(doc_id, p + paras[n].index(f"{n} million"), p + paras[n].index(" dollars"), "MONEY", "alice")
        org = store.add_annotation(doc_id, p + paras[n].index("Acme"), p + paras[n].index(" paid"), "ORG", "alice")
        rel_of[n] = store.add_relation(money.id, org.id, "measures", "alice").id
    # a connector from the first paragraph to the last one's company
    far = store.add_relation(
        next(a.id for a in store.annotations(doc_id) if a.text == "0 million"),
        next(a.id for a in store.annotations(doc_id) if a.start > text.index(paras[299])),
        "measures", "alice",
    ).id
    window.open_document(doc_id)
    render(window)
    shown = {a.rel_id: a for a in window.view.arcs.shown}
    assert set(shown) == {rel_of[0], far}
    assert not shown[rel_of[0]].clipped
    stub = shown[far]  # the target is far below: a short stub pointing down, labelled so
    assert stub.clipped and stub.text == "measures ↓"
    assert stub.end.y() > stub.start.y() and stub.label_rect.top() > stub.start.y()
    assert stub.label_rect.bottom() < window.view.viewport().height()
    # scroll to the middle: only the middle paragraph's relation
    window.view.select(text.index(paras[150]), text.index(paras[150]) + 4)
    window.view.centerCursor()
    render(window)
    assert {a.rel_id for a in window.view.arcs.shown} == {rel_of[150]}
    window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
    render(window)
    shown = {a.rel_id: a for a in window.view.arcs.shown}
    assert set(shown) == {rel_of[299], far}
    stub = shown[far]  # now the source is far above: the stub comes down into the target
    assert stub.clipped and stub.text == "measures ↑" and stub.end.y() > stub.start.y()
    assert not shown[rel_of[299]].clipped


def test_arcs_in_emoji_cjk_and_crlf_text(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = window.store
    text = "Emoji 👩‍💻 and 🎉 first.\r\n中文：郑州航空港 😀 扩建 38 亿元\r\n\r\nThe 𝟙𝟚 flights.\r\n"
    f = tmp_path / "unicode.txt"
    f.write_bytes(text.encode("utf-8"))
    import_paths(store, [str(f)])
    doc_id = store.find_document(sha256=hashlib.sha256(text.encode()).hexdigest())
    assert store.get_document(doc_id).text == text
    c = text.index("郑州航空港")
    org = store.add_annotation(doc_id, c, c + 5, "ORG", "alice")
    m = text.index("38 亿元")
    money = store.add_annotation(doc_id, m, m + 5, "MONEY", "alice")
    rel = store.add_relation(money.id, org.id, "measures", "alice")
    window.open_document(doc_id)
    render(window)
    [arc] = window.view.arcs.shown
    assert arc.rel_id == rel.id
    view = window.view
    assert view.qt_rect(m).x() <= arc.start.x() <= view.qt_rect(m + 5).x()
    assert view.qt_rect(c).x() <= arc.end.x() <= view.qt_rect(c + 5).x()
    assert abs(arc.start.y() - view.qt_rect(m).top()) <= 2


def test_relations_are_read_once_per_article_painted_never_without_spans(window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_workspace_work import count_calls

    store = window.store
    doc_id, text = open_chongqing(window)
    fig = tag(store, doc_id, text, "18", "CARDINAL", text.index("18 SCO"))
    org = tag(store, doc_id, text, "SCO countries", "ORG", text.index("18 SCO"))
    store.add_relation(fig.id, org.id, "measures", "alice")
    other = next(i for i in store.document_ids() if i != doc_id)
    reads = count_calls(monkeypatch, store, "relations")
    window.open_document(other)  # no spans: nothing to link, nothing read
    render(window)
    assert reads == []
    window.open_document(doc_id)
    render(window)
    render(window)
    window.select_annotation(fig.id)
    assert reads == [(doc_id,)]  # one read serves the arcs and the details
    assert len(window.view.arcs.shown) == 1
