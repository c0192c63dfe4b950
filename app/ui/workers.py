"""Run long core work (import, export, suggestions) off the UI thread, with a cancellable progress.

The core's long operations take a ``progress(done, total)`` callback. A :class:`Task` runs such a
callable on a worker thread and turns the callback into Qt signals; :meth:`Task.cancel` makes the
*next* progress call raise :class:`app.store.store.Cancelled`, which rolls an import's single
transaction back (and makes an atomic export remove its temp file, so the destination keeps its
previous content). :func:`run_with_progress` adds a :class:`QProgressDialog` whose Cancel button
cancels the task, and reports errors: a :class:`CuratorError` (or an ``OSError``: a full disk, no
access) is shown to the user in one line; anything else is a bug, logged with its traceback.

Database work is serialised on one worker thread (as Anki's task manager does): two tasks never
write at once, and a task started while another runs waits its turn.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.errors import CuratorError

# ``app.store.store.Cancelled`` is imported where raised and caught: importing the store (and
# SQLAlchemy) here would delay the window at start-up.

log = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None]], Any]

_pool: QThreadPool | None = None
_running: set[Task] = set()  # keeps a started task alive until it reports


def pool() -> QThreadPool:
    """The single-thread pool every task runs on."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
        _pool.setObjectName("curatorWorkers")
    return _pool


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task

    def run(self) -> None:  # worker thread
        self._task._run()


class Task(QObject):
    """One call of ``work(progress)`` on the worker thread.

    Signals (all delivered on the thread that owns the task, normally the UI thread):
        progress(done, total): the work reported progress; ``total`` 0 means unknown.
        finished(result): the work returned ``result``.
        failed(message): the work raised; ``message`` is one line for the user.
        cancelled(): the work stopped after :meth:`cancel`; nothing of it was kept.
    Exactly one of finished / failed / cancelled is emitted, once. The worker thread never emits
    them itself: it posts to the task's own thread, which emits them on its next event-loop
    turn, so a slot connected right after :meth:`start` never misses the outcome.
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    _posted = Signal(str, object)  # (kind, value) from the worker thread, queued to ours

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._deliver)
        self._work = work
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.result: Any = None
        self.error: str | None = None
        self.was_cancelled = False

    # -- UI thread --------------------------------------------------------------------------

    def start(self) -> Task:
        _running.add(self)
        self.finished.connect(self._forget)
        self.failed.connect(self._forget)
        self.cancelled.connect(self._forget)
        pool().start(_Runnable(self))
        return self

    def cancel(self) -> None:
        """Ask the work to stop: its next progress call raises ``Cancelled``."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def _forget(self, *_: object) -> None:
        _running.discard(self)

    def _deliver(self, kind: str, value: object) -> None:
        """Emit, on the task's thread, what the worker posted."""
        if kind == "progress":
            done, total = cast(tuple[int, int], value)
            self.progress.emit(done, total)
        elif kind == "finished":
            self.finished.emit(value)
        elif kind == "failed":
            self.failed.emit(value)
        else:
            self.cancelled.emit()

    # -- worker thread ----------------------------------------------------------------------

    def _report(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            from app.store.store import Cancelled

            raise Cancelled("cancelled")
        self._posted.emit("progress", (int(done), int(total)))

    def _run(self) -> None:
        from app.store.store import Cancelled

        try:
            if self._cancel.is_set():
                raise Cancelled("cancelled")
            result = self._work(self._report)
        except Cancelled:
            self.was_cancelled = True
            self._done.set()
            self._posted.emit("cancelled", None)
        except (CuratorError, OSError) as exc:  # expected: bad input, a full disk, no access
            self.error = _one_line(exc)
            self._done.set()
            self._posted.emit("failed", self.error)
        except Exception as exc:  # a bug: keep the traceback, tell the user in one line
            log.exception("background task failed")
            self.error = f"Unexpected error ({type(exc).__name__}: {exc}); details are in the log."
            self._done.set()
            self._posted.emit("failed", self.error)
        else:
            self.result = result
            self._done.set()
            self._posted.emit("finished", result)


class ProgressTask(Task):
    """A :class:`Task` with a :class:`QProgressDialog` that shows after ``delay_ms``.

    The dialog's Cancel button cancels the task; it closes when the task reports. A failure is
    shown in a message box (``error_box``) unless ``show_errors`` is False, and written to the
    parent window's status bar when it has one.
    """

    def __init__(
        self,
        work: Work,
        parent: QWidget | None,
        label: str,
        *,
        title: str = "Working…",
        delay_ms: int = 300,
        show_errors: bool = True,
    ) -> None:
        super().__init__(work, parent)
        self.error_box: QMessageBox | None = None
        self._show_errors = show_errors
        dlg = QProgressDialog(label, "Cancel", 0, 0, parent)
        dlg.setObjectName("progressDialog")
        dlg.setWindowTitle(title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(2**30)  # shown by our own timer, not Qt's estimate
        dlg.setValue(0)
        dlg.hide()
        self.dialog = dlg
        dlg.canceled.connect(self._on_dialog_canceled)
        self.progress.connect(self._on_progress)
        self.finished.connect(self._close_dialog)
        self.failed.connect(self._on_failed)
        self.cancelled.connect(self._on_cancelled)
        self._delay_ms = delay_ms

    def start(self) -> ProgressTask:
        super().start()
        QTimer.singleShot(self._delay_ms, self._show_dialog)
        return self

    def _show_dialog(self) -> None:
        if not self.is_done():
            self.dialog.show()

    def _on_dialog_canceled(self) -> None:
        self.dialog.setLabelText("Cancelling…")
        self.dialog.setCancelButtonText("")
        self.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if self.cancel_requested:
            return
        if total > 0:
            if self.dialog.maximum() != total:
                self.dialog.setRange(0, total)
            self.dialog.setValue(min(done, total))
        else:
            self.dialog.setRange(0, 0)

    def _close_dialog(self, *_: object) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_cancelled(self) -> None:
        self._close_dialog()
        show_status(self.parent(), "Cancelled; nothing was changed.")

    def _on_failed(self, message: str) -> None:
        self._close_dialog()
        show_status(self.parent(), message)
        if self._show_errors:
            parent = self.parent()
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.dialog.windowTitle().rstrip("…") or "Error",
                message, QMessageBox.StandardButton.Ok,
                parent if isinstance(parent, QWidget) else None,
            )
            box.setObjectName("errorBox")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.error_box = box


def run_with_progress(
    parent: QWidget | None,
    label: str,
    work: Work,
    *,
    title: str = "Working…",
    on_finished: Callable[[Any], None] | None = None,
    delay_ms: int = 300,
    show_errors: bool = True,
) -> ProgressTask:
    """Start ``work(progress)`` on the worker thread behind a cancellable progress dialog."""
    task = ProgressTask(work, parent, label, title=title, delay_ms=delay_ms,
                        show_errors=show_errors)
    if on_finished is not None:
        task.finished.connect(on_finished)
    return task.start()


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, CuratorError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)


def show_status(widget: object, message: str) -> None:
    """Show ``message`` in the status bar of the window that owns ``widget``, if any."""
    if not isinstance(widget, QWidget):
        return
    window = widget.window()
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        with contextlib.suppress(RuntimeError):  # the window is being destroyed
            bar().showMessage(message, 8000)
