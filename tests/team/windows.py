"""Two curators' windows on one store, for the team tests: opened, shown and closed the same
way everywhere (the tests call the poll themselves, so its timer is stopped)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app.store.store import Store
from app.ui.main_window import MainWindow


def open_window(qtbot, opened: list[MainWindow], store: Store, annotator: str,  # type: ignore[no-untyped-def]
                article: str | None = "The China-Shanghai") -> MainWindow:
    """A shown window for ``annotator``, on the article whose title starts with ``article``."""
    w = MainWindow(store, annotator=annotator)
    qtbot.addWidget(w)
    opened.append(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.poll_timer.stop()  # the tests call the timer's slot themselves, at the moment they choose
    if article is not None:
        w.open_document(next(d.id for d in store.list_documents() if d.title.startswith(article)))
    return w


def window_list() -> Iterator[list[MainWindow]]:
    """The body of a ``windows`` fixture: the windows a test opens, their timers stopped and
    closed at its end (before the stores close)."""
    opened: list[MainWindow] = []
    yield opened
    for w in opened:
        w.poll_timer.stop()
        w._refresh_timer.stop()
        w.close()


def two_connections(path: Path) -> Iterator[tuple[Store, Store]]:
    """Two stores (two connections) on one SQLite file holding the sample corpus, closed after."""
    from app import open_store
    from app.importing import import_paths
    from tests.conftest import CORPUS

    first = open_store(str(path))
    import_paths(first, [str(CORPUS)])
    second = open_store(str(path))
    yield first, second
    first.close()
    second.close()
