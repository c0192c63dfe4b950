"""The suggestion runner: the installed recommenders, run for the open article off the UI thread.

One job at a time (``_task``); when it ends the article's annotations are read again and the
status bar says how many suggestions are new. The poll waits while a job runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.ui.menu_action import menu_action
from app.ui.suggestion_flow import pending

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class SuggestionRunner:
    """Background suggestion jobs for ``window``'s open article."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.suggesters: dict[str, Callable[..., Any]] = {}
        self._task: Any = None  # the running ``ProgressTask``, None when idle

    def add_actions(self, e: QMenu) -> tuple[QAction, QAction]:
        """The Edit menu's "Suggest figures / entities" (enabled when a recommender is installed)."""
        figures = menu_action(
            self.w, e, "Suggest &figures for this article", lambda: self.suggest("figures"),
            name="suggestFiguresAction",
        )
        entities = menu_action(
            self.w, e, "Suggest &entities for this article", lambda: self.suggest("entities"),
            name="suggestEntitiesAction",
        )
        return figures, entities

    def _find_suggesters(self) -> None:
        """The recommenders installed (``app.suggest``, imported on first use); their menu actions follow."""
        from app.ui.suggesters import installed_suggesters

        self.suggesters = installed_suggesters()
        self.w.suggest_figures_action.setEnabled("figures" in self.suggesters)
        self.w.suggest_entities_action.setEnabled("entities" in self.suggesters)

    def suggest(self, kind: str) -> None:
        fn = self.suggesters.get(kind)
        if fn is None or self.w.store is None or self.w.doc is None:
            self.w.show_message(f"No {kind} recommender is installed")
            return
        if self._task is not None:
            self.w.show_message("Suggestions are still running…")
            return
        from app.ui.workers import ProgressTask

        store, doc_id, who = self.w.store, self.w.doc.id, self.w.annotator
        task = ProgressTask(
            lambda progress: fn(store, [doc_id], annotator=who, progress=progress), self.w,
            f"Suggesting {kind} for this article…", title="Suggestions", show_errors=False,
        )
        task.finished.connect(lambda _r: self._on_suggested(kind, doc_id))
        task.failed.connect(lambda msg: self._on_suggest_failed(msg))
        task.cancelled.connect(lambda: self._on_suggest_failed("cancelled"))
        self._task = task
        self.w.show_message(f"Suggesting {kind}…", 0)
        task.start()

    def _on_suggested(self, kind: str, doc_id: int) -> None:
        self._task = None
        if self.w.doc is None or self.w.doc.id != doc_id:
            return
        before = {a.id for a in self.w.anns.values() if a.pending}
        self.w.editor.reload_annotations()
        new = pending(a for a in self.w.anns.values() if a.id not in before)
        if not new:
            self.w.show_message(f"No new {kind.removesuffix('s')} suggestions")
            return
        # select the first new one (text order), so that Enter and Del decide it, not the
        # annotation that happened to be selected (Del would delete a manual one)
        self.w.select_annotation(new[0].id)
        self.w.show_message(f"{len(new)} new {kind} suggestion(s): Enter accepts, Del rejects")

    def _on_suggest_failed(self, message: str) -> None:
        self._task = None
        self.w.show_message(f"Suggestions failed: {message}", 8000)


__all__ = ["SuggestionRunner"]
