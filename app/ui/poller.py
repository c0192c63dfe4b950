"""The poller: notices a colleague's edits to the open article (team mode).

Every ``POLL_MS`` the article's ``store.document_revision`` is compared with the one read when
it was opened; only when it moved are the annotations read again and repainted. A server that
is gone shows the offline banner (``offline_safe``); the banner's ``back`` polls at once.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from app.ui.offline import OfflineBanner, offline_safe

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

POLL_MS = 4000
ROWS_EVERY = 4  # every this many polls, the whole list's counts are read again (colleagues' work)


class Poller:
    """Re-reads ``window``'s open article when someone else changed it."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._revision: Any = None  # the open article's ``document_revision``, for the poll
        self._row_stale = False  # the open article's list row is refreshed on the next poll
        self._polls = 0  # polls since the list's rows were last read again
        self.poll_timer = QTimer(window)
        self.poll_timer.setInterval(POLL_MS)

    @property
    def offline(self) -> OfflineBanner:
        """The window's banner (``offline_safe`` reports a server that is gone there)."""
        return self.w.offline

    def opened(self, doc_id: int) -> None:
        """An article was opened: remember its revision and re-read its list row on the next poll."""
        # the revision is read before the annotations: the poll compares against it and reads
        # them again only when something changed since (a change made meanwhile is seen then)
        rev_fn = getattr(self.w.store, "document_revision", None)
        self._revision = rev_fn(doc_id) if callable(rev_fn) else None

    def _signature(self) -> dict[str, int]:
        return {a.id: a.version for a in self.w.anns.values()}

    @offline_safe
    def _on_poll(self) -> None:
        if self.w.store is None or self.w.doc is None or self.w.runner._task is not None:
            return
        self._polls += 1
        if self._polls >= ROWS_EVERY:
            self._polls = 0
            self._row_stale = False
            self.w.doc_model.refresh_loaded()  # other articles' counts: colleagues' spans
        if self._row_stale:
            self._row_stale = False
            self.w.doc_model.refresh(self.w.doc.id)
        rev_fn = getattr(self.w.store, "document_revision", None)
        if callable(rev_fn):
            rev = rev_fn(self.w.doc.id)
            if rev == self._revision:
                return
            self._revision = rev
            self.w._relations = None  # a colleague may have linked or unlinked: read again
            self.w.doc_model.refresh(self.w.doc.id)  # its count, even for spans not shown here
        started = time.perf_counter()
        fresh = self.w.navigator._fetch_annotations(self.w.doc.id)
        # keep polling cheap: an article whose spans take long to read is polled less often
        spent_ms = (time.perf_counter() - started) * 1000
        self.poll_timer.setInterval(max(POLL_MS, int(spent_ms * 50)))
        if {a.id: a.version for a in fresh} != self._signature():
            self.w.editor.reload_annotations(fresh)
            self._row_stale = False
            self.w.doc_model.refresh(self.w.doc.id)  # its span count
            self.w.show_message("Updated: this article's annotations changed elsewhere")


__all__ = ["POLL_MS", "ROWS_EVERY", "Poller"]
