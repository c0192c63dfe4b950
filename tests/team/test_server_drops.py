"""A dropped server never swallows an edit (issue 19 item 2): stop PostgreSQL under an open
window, edit, switch articles, start it again. The edit is visibly refused (a banner that
stays, the selection kept), the list and the article stay in step, the window says when the
server is back, and the edit made again is saved once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app import open_store
from app.importing import import_paths
from app.store.store import Store
from app.ui import MainWindow
from app.ui.offline import OfflineBanner
from tests import pgserver
from tests.conftest import CORPUS
from tests.ui.conftest import isolated_settings  # noqa: F401  (autouse: no settings, no dialogs)
from tests.ui.helpers import drag, key

pytestmark = pytest.mark.postgres
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def cluster() -> Iterator[pgserver.Cluster]:
    """A server of this test's own: stopping it leaves the session's server alone."""
    bindir = pgserver.find_bindir()
    if bindir is None:
        pgserver._unavailable("no PostgreSQL binaries (initdb, pg_ctl) found")
    assert bindir is not None
    c = pgserver.Cluster(bindir)
    try:
        c.start()
        yield c
    finally:
        c.stop()


@pytest.fixture
def store(cluster: pgserver.Cluster) -> Iterator[Store]:
    s = open_store(cluster.url)
    import_paths(s, [str(CORPUS)])
    yield s
    s.close()


def test_an_edit_while_the_server_is_down_is_refused_visibly_then_saved_once(qtbot, cluster, store) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.poll_timer.stop()
    doc = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    w.open_document(doc)
    text = w.doc.text
    s = text.index("Chongqing on August")
    banner = w.findChild(OfflineBanner, "offlineBanner")
    assert banner is not None and not banner.isVisible()

    cluster.pause()
    drag(qtbot, w.view, s, s + 9)
    key(qtbot, w.view, "g")  # GPE: the server is gone
    assert banner.isVisible()
    assert "Not saved — server unreachable" in banner.text()
    assert "GPE “Chongqing”" in banner.text()
    assert w.view.selection() == (s, s + 9)  # the selection is kept: press the key again later
    assert not w.anns  # nothing shown as if saved
    assert "Saved" not in w.statusBar().currentMessage()

    w._on_poll()  # polling while down: no traceback, the banner stays
    key(qtbot, w.view, Qt.Key.Key_PageDown, CTRL)  # switching articles while down
    assert w.doc is not None and w.doc.id == doc  # still the same article...
    current = w.doc_list.currentIndex()
    assert w.doc_model.data(current, Qt.ItemDataRole.UserRole) == doc  # ...and the list agrees
    assert banner.isVisible()

    # a row clicked in the list while down: the list goes back to the article shown
    other = next(i for i in range(w.doc_model.rowCount()) if w.doc_model.rows[i].id != doc)
    rect = w.doc_list.visualRect(w.doc_model.index(other, 0))
    qtbot.mouseClick(w.doc_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.doc.id == doc
    assert w.doc_model.data(w.doc_list.currentIndex(), Qt.ItemDataRole.UserRole) == doc

    key(qtbot, w.view, Qt.Key.Key_Return, CTRL)  # done and next: not saved, so not moved on
    assert w.doc.id == doc
    assert "mark “The China-Shanghai" in banner.text() and "” done" in banner.text()

    banner.retry()  # the banner's backoff timer's slot: still down
    assert "Not saved — server unreachable" in banner.text()
    assert banner.timer.isActive() and banner.timer.interval() == 2000  # backing off
    qtbot.wait(300)
    w._on_poll()  # the poll fails too, every second or two: it must not reset the backoff
    assert banner.timer.remainingTime() < 1900
    cluster.resume()
    banner.retry()
    assert banner.isVisible()  # it says so, and what was not saved
    assert "Connected again" in banner.text() and "GPE “Chongqing”" in banner.text()

    assert w.view.selection() == (s, s + 9)
    key(qtbot, w.view, "g")  # made again: saved once
    (ann,) = store.annotations(doc, annotator="alice")
    assert (ann.label, text[ann.start:ann.end]) == ("GPE", "Chongqing")
    assert not banner.isVisible()  # a saved edit clears it
    assert ann.id in w.anns
    assert store.get_document(doc).status != "done"  # the refused Ctrl+Enter wrote nothing


def test_an_undo_while_the_server_is_down_is_refused_visibly(qtbot, cluster, store) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.poll_timer.stop()
    doc = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    w.open_document(doc)
    s = w.doc.text.index("Chongqing on August")
    drag(qtbot, w.view, s, s + 9)
    key(qtbot, w.view, "g")
    (ann,) = store.annotations(doc, annotator="alice")
    banner = w.findChild(OfflineBanner, "offlineBanner")

    cluster.pause()
    key(qtbot, w.view, Qt.Key.Key_Z, CTRL)  # no traceback: said in the banner
    assert banner.isVisible()
    assert "Not saved — server unreachable: undo “Tag GPE”" in banner.text()
    assert ann.id in w.anns  # still shown: nothing was undone
    cluster.resume()
    banner.retry()
    assert "Connected again" in banner.text()
    assert [a.id for a in store.annotations(doc, annotator="alice")] == [ann.id]  # as shown
