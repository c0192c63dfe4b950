"""File → Import…: choose files or a folder, import them on the worker thread, show a summary.

An import is one transaction: it lands whole, or (on an error or Cancel) not at all. The summary
says what was imported, what was already there, and which files failed and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.formats import registry
from app.importing import import_paths
from app.store.store import Store
from app.store.views import ImportSummary
from app.ui.dialogs import ask
from app.ui.workers import ProgressTask, run_with_progress, show_status


def file_filters() -> str:
    """Name filters for the open dialog: every readable format, text, or anything."""
    exts = sorted({f.extension for f in registry.readers() if f.extension} - {".txt"})
    patterns = " ".join(["*.txt", *(f"*{e}" for e in exts)])
    return f"Articles and annotations ({patterns});;Text articles (*.txt);;All files (*)"


def ask_import_paths(parent: QWidget | None, folder: bool = False) -> list[Path]:
    """Files (or one folder) to import; empty when cancelled."""
    if folder:
        path = ask.ask_directory(parent, "Import a folder of articles")
        return [path] if path is not None else []
    return ask.ask_open_files(parent, "Import articles", file_filters())


def summary_text(summary: ImportSummary) -> tuple[str, str]:
    """The summary's headline and its details (failures, warnings, labels added)."""
    head = (f"Imported {summary.imported} article(s) with {summary.annotations} annotation(s); "
            f"{summary.skipped} already in the store")
    head += f"; {len(summary.failed)} failed." if summary.failed else "."
    return head, "\n".join(summary.lines()[1:])


def start_import(
    parent: QWidget | None,
    store: Store,
    paths: Sequence[str | Path],
    *,
    annotator: str | None = None,
    on_finished: Callable[[ImportSummary], None] | None = None,
) -> ProgressTask:
    """Import ``paths`` in the background; a message box tells the outcome."""
    names = [str(p) for p in paths]
    label = f"Importing {Path(names[0]).name}…" if len(names) == 1 else \
        f"Importing {len(names)} files…"

    def work(progress: Callable[[int, int], None]) -> ImportSummary:
        return import_paths(store, names, default_annotator=annotator, progress=progress)

    task = run_with_progress(parent, label, work, title="Import")
    task.summary_box = None  # type: ignore[attr-defined]

    def done(summary: ImportSummary) -> None:
        head, details = summary_text(summary)
        show_status(parent, head)
        box = QMessageBox(
            QMessageBox.Icon.Warning if summary.failed else QMessageBox.Icon.Information,
            "Import", head, QMessageBox.StandardButton.Ok, parent,
        )
        box.setObjectName("importSummary")
        if details:
            box.setInformativeText(details if len(details) < 600 else details[:600] + "…")
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        task.summary_box = box  # type: ignore[attr-defined]
        if on_finished is not None:
            on_finished(summary)

    task.finished.connect(done)
    return task


def import_interactively(
    parent: QWidget | None,
    store: Store,
    *,
    folder: bool = False,
    annotator: str | None = None,
    on_finished: Callable[[ImportSummary], None] | None = None,
) -> ProgressTask | None:
    """Ask for files (or a folder) and import them; None when the user cancelled the choice."""
    paths = ask_import_paths(parent, folder)
    if not paths:
        return None
    return start_import(parent, store, paths, annotator=annotator, on_finished=on_finished)
