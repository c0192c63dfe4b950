"""Long work runs on the worker thread: the UI keeps turning, cancel rolls back, errors reach the user."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from app.importing import import_paths
from app.ui.workers import Task, run_with_progress

N = 2000


def write_articles(folder: Path, n: int = N) -> list[str]:
    folder.mkdir()
    for i in range(n):
        (folder / f"article-{i:05d}.txt").write_text(
            f"Article {i}\n\nThe bureau in Zhengzhou reported {i} new firms, up {i % 17}.5% "
            f"on the year, with investment of ¥{i * 3} million and 数字经济 {i} 🚀.\n",
            encoding="utf-8",
        )
    return [str(folder)]


def counts(store) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    s = store.stats()
    return s["documents"], s["annotations"], len(store.labels())


def test_event_loop_turns_during_a_long_import(qtbot, store, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in")
    ticks = {"during": 0}
    five_ticks = threading.Event()
    worker_threads: set[int] = set()

    def work(progress):  # type: ignore[no-untyped-def]
        def report(done: int, total: int) -> None:
            worker_threads.add(threading.get_ident())
            progress(done, total)
            # Mid-transaction, wait for the UI thread's timer: a frozen event loop never sets it.
            assert five_ticks.wait(10), "the event loop did not turn during the import"

        return import_paths(store, paths, progress=report)

    task = Task(work)

    def tick() -> None:
        if not task.is_done():
            ticks["during"] += 1
            if ticks["during"] >= 5:
                five_ticks.set()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    seen: list[tuple[int, int]] = []
    task.progress.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(task.finished, timeout=60_000) as blocker:
        task.start()
    timer.stop()
    summary = blocker.args[0]
    assert summary.imported == N and not summary.failed
    assert ticks["during"] >= 5
    assert threading.get_ident() not in worker_threads
    assert seen[-1] == (N, N)
    assert store.count_documents() == N


def test_cancel_from_the_dialog_leaves_the_store_as_before(qtbot, corpus_store, tmp_path) -> None:
    store = corpus_store
    before = counts(store)
    paths = write_articles(tmp_path / "in")
    reached = threading.Event()
    clicked = threading.Event()

    def work(progress):  # type: ignore[no-untyped-def]
        def report(done: int, total: int) -> None:
            progress(done, total)
            reached.set()
            assert clicked.wait(10)
            progress(done, total)  # the first call after Cancel raises Cancelled

        return import_paths(store, paths, progress=report)

    task = run_with_progress(None, "Importing…", work, delay_ms=0)
    # the worker's progress reaches the dialog through a queued signal: wait for it too
    qtbot.waitUntil(lambda: reached.is_set() and task.dialog.isVisible() and task.dialog.maximum() == N,
                    timeout=20_000)  # the dialog shows real progress
    button = task.dialog.findChild(QPushButton)
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        clicked.set()
    assert task.was_cancelled and task.result is None
    assert counts(store) == before
    assert store.count_documents() == 5


def test_success_reports_the_summary(qtbot, store, tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 30)
    got = []
    with qtbot.waitSignal(
        (task := run_with_progress(None, "Importing…", lambda p: import_paths(store, paths, progress=p),
                                   on_finished=got.append)).finished,
        timeout=20_000,
    ):
        pass
    assert len(got) == 1 and got[0].imported == 30
    assert "imported 30 document(s)" in got[0].lines()[0]
    assert task.error is None and not task.was_cancelled
    # importing again changes nothing: all 30 are skipped
    again = Task(lambda p: import_paths(store, paths, progress=p))
    with qtbot.waitSignal(again.finished, timeout=20_000) as blocker:
        again.start()
    assert blocker.args[0].imported == 0 and blocker.args[0].skipped == 30


def test_a_curator_error_is_shown_as_one_line(qtbot, store, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    task = run_with_progress(None, "Importing…", lambda p: import_paths(store, [str(missing)], progress=p))
    with qtbot.waitSignal(task.failed, timeout=20_000) as blocker:
        pass
    assert blocker.args[0] == f"{missing}: no such file or folder"
    assert task.error_box is not None and task.error_box.text() == blocker.args[0]
    task.error_box.close()


def test_a_bug_is_logged_with_its_traceback(qtbot, caplog) -> None:
    def work(progress):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("boom")

    task = Task(work)
    with caplog.at_level(logging.ERROR, logger="app.ui.workers"), qtbot.waitSignal(
        task.failed, timeout=10_000
    ) as blocker:
        task.start()
    assert "ZeroDivisionError: boom" in blocker.args[0]
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_only_one_outcome_is_reported(qtbot) -> None:
    outcomes: list[str] = []
    task = Task(lambda p: (p(1, 1), 42)[1])
    task.finished.connect(lambda r: outcomes.append(f"finished {r}"))
    task.failed.connect(lambda m: outcomes.append("failed"))
    task.cancelled.connect(lambda: outcomes.append("cancelled"))
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    qtbot.wait(20)
    assert outcomes == ["finished 42"]


def test_a_slot_connected_after_start_still_hears_the_outcome(qtbot) -> None:
    from app.errors import CuratorError

    def work(progress):  # type: ignore[no-untyped-def]
        raise CuratorError("bad input")

    task = Task(work).start()
    deadline = time.monotonic() + 10
    while not task.is_done() and time.monotonic() < deadline:  # the worker is done: no event
        time.sleep(0.01)  # loop turned, so nothing was delivered yet
    assert task.is_done()
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        pass
    assert blocker.args == ["bad input"]
