"""UI measurements, run in a child process (``python -m bench.ui_probe MODE ...``).

Modes print one JSON object on stdout:

- ``cold SPAWN_TIME DB``: the real launch path (``app.ui.launch``) on a store, up to the main
  window shown and painted, then up to the first rows listed ("usable").
- ``bare SPAWN_TIME``: the floor — QApplication + an empty QMainWindow shown and painted.
- ``workspace SMALL_DB BIG_DB REPEAT``: ``MainWindow`` opening a 5 KB article with 50 spans and a
  1 MB article with 10,000 spans, adding one span by key press, and scrolling the document list
  of the big store end to end — each next to a bare QPlainTextEdit / raw sqlite3 floor.

A child process keeps a Qt crash or hang from taking the whole bench down.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def cold(spawn: float, db: str) -> None:
    """Time from process spawn to the real main window painted, then to its first rows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow

    out: dict[str, Any] = {"imported": time.time() - spawn}
    from app import ui

    if not hasattr(ui, "launch"):
        raise SystemExit("app.ui.launch is missing")
    original_exec = QApplication.exec

    def window() -> QMainWindow | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMainWindow) and w.isVisible():
                return w
        return None

    def patched_exec(*args: Any) -> int:
        # launch shows the window, schedules its own start-up work, then enters the loop here
        app = QApplication.instance()
        started = time.time()

        def shown() -> None:
            w = window()
            if w is None:
                if time.time() - started > 20:
                    app.exit(3)
                QTimer.singleShot(5, shown)
                return
            w.repaint()
            out["shown"] = time.time() - spawn
            QTimer.singleShot(0, poll)

        def poll() -> None:
            w = window()
            view = w.findChild(QAbstractItemView, "documentList") if w else None
            model = view.model() if view is not None else None
            if model is not None and model.rowCount() > 0:
                view.viewport().repaint()
                out["usable"] = time.time() - spawn
                out["rows_loaded"] = model.rowCount()
                app.exit(0)
            elif time.time() - started > 20:
                out["error"] = "no rows in documentList after 20 s"
                app.exit(0)
            else:
                QTimer.singleShot(2, poll)

        shown()  # painted before the loop runs launch's queued work (opening the store)
        return original_exec()

    QApplication.exec = patched_exec  # type: ignore[method-assign]
    with contextlib.suppress(SystemExit):
        ui.launch(db=db, annotator="bench", review=False, first_run_corpus=None, quit_after=None)
    out["rss"] = _rss()
    _emit(out)


def bare(spawn: float) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    out: dict[str, Any] = {"imported": time.time() - spawn}
    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.resize(1200, 800)
    w.show()

    def shown() -> None:
        w.repaint()
        out["shown"] = time.time() - spawn
        app.exit(0)

    QTimer.singleShot(0, shown)
    app.exec()
    out["rss"] = _rss()
    _emit(out)


def _timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def workspace(small_db: str, big_db: str, repeat: int) -> None:
    from PySide6.QtCore import QModelIndex
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QApplication,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    from app import open_store
    from app.text.offsets import OffsetMap

    out: dict[str, Any] = {}
    app = QApplication(sys.argv[:1])
    try:
        from app.ui import MainWindow
    except ImportError as exc:
        _emit({"error": f"app.ui.MainWindow not built ({exc})"})
        return

    store = open_store(small_db)
    bare_view = QPlainTextEdit()
    bare_view.setReadOnly(True)
    bare_view.resize(800, 700)
    bare_view.show()
    win = MainWindow(store, annotator="bench")
    win.resize(1400, 900)
    win.show()
    app.processEvents()
    view = win.findChild(QWidget, "articleView")
    if not isinstance(view, (QPlainTextEdit, QTextEdit)):
        _emit({"error": "no articleView (QPlainTextEdit/QTextEdit) in MainWindow"})
        return

    def paint(v: QWidget) -> None:
        v.viewport().repaint()  # type: ignore[attr-defined]
        app.processEvents()

    def by_kind(prefix: str) -> list[int]:
        return [d.id for d in store.list_documents() if d.uid.startswith(prefix)]

    def open_bench(ids: list[int], name: str) -> None:
        texts = {i: store.document_text(i) for i in ids}
        k = [0]

        def app_open() -> None:
            doc = ids[k[0] % len(ids)]
            k[0] += 1
            win.open_document(doc)
            paint(view)

        def bare_open() -> None:
            doc = ids[k[0] % len(ids)]
            k[0] += 1
            bare_view.setPlainText(texts[doc])
            paint(bare_view)

        try:
            app_open()  # warm-up (first use of fonts and formats)
            bare_open()
            out[name] = {"value": _timed(app_open, repeat), "baseline": _timed(bare_open, repeat)}
        except Exception as exc:
            out[name] = {"error": f"{type(exc).__name__}: {exc}"[:200]}

    open_bench(by_kind("short-"), "open_5k")
    long_ids = by_kind("long-")
    open_bench(long_ids, "open_1m")

    # add one span by key press to a document that has 10,000
    try:
        doc = long_ids[0]
        win.open_document(doc)
        paint(view)
        text = store.document_text(doc)
        omap = OffsetMap(text)
        label = next(lv for lv in store.labels() if lv.name == "DATE")
        before = len(store.annotations(doc))
        words = [i for i in range(1000, len(text) - 20, len(text) // (repeat + 3))]
        times, bases = [], []
        raw = sqlite3.connect(":memory:")
        raw.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, doc INT, s INT, e INT, label TEXT)")
        for n, pos in enumerate(words[:repeat]):
            start = text.index(" ", pos) + 1
            end = text.index(" ", start)
            cur = view.textCursor()
            cur.setPosition(omap.to_qt(start))
            cur.setPosition(omap.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            view.setTextCursor(cur)
            view.setFocus()
            app.processEvents()
            t = time.perf_counter()
            QTest.keyClick(view, label.hotkey or "d")
            paint(view)
            times.append(time.perf_counter() - t)
            if n == 0:
                bare_view.setPlainText(text)
            t = time.perf_counter()
            with raw:
                raw.execute("INSERT INTO a (doc, s, e, label) VALUES (?,?,?,?)", (doc, start, end, "DATE"))
            paint(bare_view)
            bases.append(time.perf_counter() - t)
        after = len(store.annotations(doc))
        entry: dict[str, Any] = {"value": statistics.median(times), "baseline": statistics.median(bases),
                                 "added": after - before, "tried": len(times)}
        if after - before != len(times):
            entry["error"] = f"{len(times)} key presses persisted {after - before} span(s)"
        out["add_span"] = entry
    except Exception as exc:
        out["add_span"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    store.close()

    # scroll the document list of the big store end to end
    try:
        big = open_store(big_db)
        total = big.count_documents()
        rss0 = _rss()
        t = time.perf_counter()
        win2 = MainWindow(big, annotator="bench")
        win2.show()
        app.processEvents()
        created = time.perf_counter() - t
        lst = win2.findChild(QAbstractItemView, "documentList")
        model = lst.model()
        first = model.rowCount()
        t = time.perf_counter()
        while model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
            lst.scrollToBottom()
            app.processEvents()
        lst.scrollToBottom()
        paint(lst)
        scrolled = time.perf_counter() - t
        rows = model.rowCount()
        path = big.url.split("sqlite:///", 1)[-1]
        t = time.perf_counter()
        conn = sqlite3.connect(path)
        all_rows = conn.execute(
            "SELECT d.id, d.title, d.published, d.status, d.length, "
            "(SELECT count(*) FROM annotations a WHERE a.document_id = d.id) FROM documents d"
        ).fetchall()
        base = time.perf_counter() - t
        conn.close()
        out["scroll"] = {"value": scrolled, "baseline": base, "first_rows": first, "rows": rows,
                         "total": total, "window": created, "baseline_rows": len(all_rows),
                         "rss_before": rss0, "rss_after": _rss()}
        win2.close()
        big.close()
    except Exception as exc:
        out["scroll"] = {"error": f"{type(exc).__name__}: {exc}"[:200]}
    out["rss"] = _rss()
    _emit(out)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "cold":
        cold(float(sys.argv[2]), sys.argv[3])
    elif mode == "bare":
        bare(float(sys.argv[2]))
    elif mode == "workspace":
        workspace(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")
