"""Start the Qt application: show the window first, then open the store (start-up speed)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from app.store.store import Store

NO_DISPLAY_NOTE = (
    "note: no display found (DISPLAY/WAYLAND_DISPLAY unset): running offscreen;"
    " set QT_QPA_PLATFORM to choose a platform"
)


def ensure_platform() -> None:
    """On Linux without a display and no platform chosen, run offscreen (with a note)."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and not os.environ.get("QT_QPA_PLATFORM")
    ):
        print(NO_DISPLAY_NOTE, file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run(
    db: str,
    annotator: str | None,
    review: bool = False,
    first_run_corpus: Path | None = None,
    quit_after: float | None = None,
) -> int:
    ensure_platform()
    # nothing here imports SQLAlchemy or the store: the window shows first (see after_first_paint)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    skip_pyside_source_scan()
    from app.ui.main_window import MainWindow, resolve_annotator

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("ArticleCurator")
    app.setApplicationName("Article Curator")
    app.setApplicationDisplayName("Article Curator")
    app.setDesktopFileName("article-curator")
    window = MainWindow(review=review)
    window.show()
    failed: list[str] = []
    opened: list[Store] = []

    from app.store.urls import mask_secrets, mask_url

    def fail(message: str) -> None:
        message = mask_secrets(message, db)
        failed.append(message)
        print(f"error: {message}", file=sys.stderr)
        if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            QMessageBox.critical(window, "Article Curator", message)
        window.close()

    def start() -> None:
        from app.errors import CuratorError
        from app.ui.password import can_ask, open_store_for

        name = resolve_annotator(annotator, window)
        window.statusBar().showMessage(f"Opening {mask_url(db)}…")
        window.statusBar().repaint()  # seen while SQLAlchemy and the store load (~0.5 s)
        try:
            store = open_store_for(window, db, ask=can_ask())  # a password dialog if needed
        except CuratorError as exc:
            fail(str(exc))
            return
        opened.append(store)
        if first_run_corpus is not None and store.count_documents() == 0:
            folder = Path(first_run_corpus)
            files = sorted(str(p) for p in folder.glob("*.txt")) if folder.is_dir() else []
            if files:
                from app.importing import import_paths

                try:
                    summary = import_paths(store, files, fmt="txt")
                except CuratorError as exc:
                    window.statusBar().showMessage(f"Sample articles not imported: {exc}")
                else:
                    window.statusBar().showMessage(summary.lines()[0], 8000)
        window.set_store(store, name)
        opened_store(window, db, store)

    # before the quit timer: `--quit-after 0` still opens the store (and imports a first-run corpus)
    fallback = 500 if quit_after is None else max(0, min(500, int(quit_after * 1000)))
    after_first_paint(window, start, fallback)
    if quit_after is not None:
        QTimer.singleShot(max(0, int(quit_after * 1000)), window.close)
    code = app.exec()
    last = getattr(window, "store", None)  # one opened later with File → Open store
    for store in opened + ([last] if last is not None and last not in opened else []):
        store.close()
    return 1 if failed else int(code)


def exit_now(code: int) -> NoReturn:
    """End the process at once with ``code``: everything is already saved and closed, and
    the interpreter's teardown (every module, Qt's objects) takes about a second on a busy
    machine: quitting takes well under one (issue 14.22)."""
    import contextlib
    import logging

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say
            stream.flush()
    logging.shutdown()
    os._exit(code)


def opened_store(window: QWidget, db: str, store: Store) -> None:
    """After ``--db`` opened: it joins the recent stores, and "Opening …" leaves the status bar."""
    actions = getattr(window, "dialog_actions", None)
    if actions is not None:
        try:
            actions.recent.add(db)
        except Exception:  # noqa: BLE001 - an odd location must not stop the workspace
            pass
        else:
            actions.fill_recent_menu()
    bar = getattr(window, "statusBar", None)
    if callable(bar) and bar().currentMessage().startswith("Opening "):
        bar().showMessage(f"Opened {store.display_name}", 5000)


def after_first_paint(widget: QWidget, then: Callable[[], None], fallback_ms: int = 500) -> None:
    """Run ``then`` once from the event loop, right after ``widget`` (shown) has first painted.

    Opening the store (importing SQLAlchemy, then the store itself) blocks the event loop; a
    zero timer would run before the window's first paint, leaving it blank meanwhile. A window
    that is never exposed (minimised, another desktop) gets ``then`` after ``fallback_ms``.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def fire(self) -> None:
            if not self.done:
                self.done = True
                widget.removeEventFilter(self)
                then()

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint and not self.done:
                QTimer.singleShot(0, self.fire)  # after this paint is flushed to the screen
            return False

    watcher = FirstPaint(widget)
    widget.installEventFilter(watcher)
    QTimer.singleShot(fallback_ms, watcher.fire)


def skip_pyside_source_scan() -> None:
    """Spare the modules imported from now on (SQLAlchemy: ~250) PySide6's scan of their source.

    Once PySide6 is imported, its import hook reads the whole source of every newly imported
    module (``shibokensupport.feature._mod_uses_pyside``: ``inspect.getsource`` + a search for
    "PySide6") to support ``from __feature__ import snake_case``; the app never selects a
    ``__feature__``, so for modules outside ``app`` the answer is irrelevant. Loading the store
    after the window costs ~0.1 s CPU less (and the sources stay out of ``linecache``). The hook
    is private: when it is missing or changed, nothing is done.
    """
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(check) or getattr(check, "__wrapped__", None) is not None:
        return

    def uses_pyside(module: object) -> bool:
        if getattr(module, "__name__", "").partition(".")[0] != "app":
            return False  # stdlib and third-party packages: no ``__feature__`` selection
        return bool(check(module))

    uses_pyside.__wrapped__ = check  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
