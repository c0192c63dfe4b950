"""Two curators' workspaces on one store (two connections, as on two machines), on SQLite and on
PostgreSQL: a colleague's span appears on the next poll, and a stale relabel is refused and
reloaded instead of overwriting the colleague's edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app import open_store
from app.importing import import_paths
from app.store.store import Store
from app.ui import MainWindow
from tests.conftest import CORPUS
from tests.team.windows import open_window, window_list
from tests.ui.conftest import isolated_settings  # noqa: F401  (autouse: no settings, no dialogs)
from tests.ui.helpers import click, drag, key


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "team.db")
    return str(request.getfixturevalue("pg_store_url"))


@pytest.fixture
def stores(url: str) -> Iterator[tuple[Store, Store]]:
    first = open_store(url)
    import_paths(first, [str(CORPUS)])
    second = open_store(url)
    second.set_role("rita", "reviewer")
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def windows(qtbot, stores) -> Iterator[list[MainWindow]]:  # type: ignore[no-untyped-def]
    """The windows a test opens; closed (timers stopped) before the stores close."""
    yield from window_list()


def _window(qtbot, windows, store: Store, annotator: str) -> MainWindow:  # type: ignore[no-untyped-def]
    return open_window(qtbot, windows, store, annotator)


def test_colleague_sees_the_span_and_a_stale_relabel_is_refused(qtbot, stores, windows) -> None:  # type: ignore[no-untyped-def]
    alice_store, rita_store = stores
    alice = _window(qtbot, windows, alice_store, "alice")
    rita = _window(qtbot, windows, rita_store, "rita")
    rita.show_all_action.setChecked(True)  # a reviewer looks at everyone's spans
    text = alice.doc.text
    s = text.index("Chongqing on August")

    drag(qtbot, alice.view, s, s + 9)
    key(qtbot, alice.view, "g")  # GPE, committed by alice's connection
    (ann,) = alice_store.annotations(alice.doc.id, annotator="alice")
    assert (ann.label, text[ann.start:ann.end]) == ("GPE", "Chongqing")

    rita._on_poll()  # the poll timer's slot: the other connection notices the change
    assert ann.id in rita.anns and ann.id in rita.view.index.spans

    rita.select_annotation(None)
    click(qtbot, rita.view, s + 3)
    assert rita.current == ann.id
    key(qtbot, rita.view, "o")  # the reviewer relabels alice's span: ORG
    assert rita_store.get_annotation(ann.id).label == "ORG"

    assert alice.current == ann.id and alice.anns[ann.id].label == "GPE"  # alice has not polled
    key(qtbot, alice.view, "l")  # her stale relabel (LOC) must not overwrite rita's
    assert alice_store.get_annotation(ann.id).label == "ORG"
    message = alice.statusBar().currentMessage()
    assert "“Chongqing” was changed by rita (label GPE → ORG)" in message, message  # the last changer
    assert "not applied" in message
    assert alice.anns[ann.id].label == "ORG"  # reloaded: she now sees rita's label
    key(qtbot, alice.view, "l")  # and may now decide again, on the fresh version
    assert alice_store.get_annotation(ann.id).label == "LOC"

    # rita, in turn, has a stale copy (ORG): her delete is refused and she is told why
    key(qtbot, rita.view, Qt.Key.Key_Delete)
    assert alice_store.get_annotation(ann.id).label == "LOC"
    assert "(label ORG → LOC)" in rita.statusBar().currentMessage()
    assert rita.anns[ann.id].label == "LOC"
