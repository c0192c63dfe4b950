"""The Qt front end: the annotation workspace (``MainWindow``) and ``launch``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def __getattr__(name: str) -> type:
    # import Qt only when the UI is used (``curator`` without ``gui`` never loads PySide6)
    if name == "MainWindow":
        from app.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)


def launch(
    db: str,
    annotator: str | None,
    review: bool = False,
    first_run_corpus: Path | None = None,
    quit_after: float | None = None,
) -> int:
    """Run the workspace on store ``db``; returns the exit code."""
    from app.ui.app import run

    return run(db, annotator, review, first_run_corpus, quit_after)


__all__ = ["MainWindow", "launch"]
