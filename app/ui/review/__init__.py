"""Review mode, the agreement report and the corpus dashboard (Qt).

Entry points: ``open_review(store, reviewer, annotators)``, ``open_agreement_report(store,
annotators, labels)`` and ``open_dashboard(store)`` show their window and return it;
``show_agreement_report`` computes on the worker thread behind a progress dialog first.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from app.review.tokens import TokenCache
    from app.store.store import Store
    from app.ui.review.charts import AgreementReportWindow, DashboardWindow
    from app.ui.review.window import ReviewWindow
    from app.ui.workers import ProgressTask


def open_review(
    store: Store, reviewer: str, annotators: Sequence[str], parent: QWidget | None = None
) -> ReviewWindow:
    """Show review mode for ``reviewer`` (role reviewer) comparing ``annotators`` (two or more)."""
    from app.ui.review.window import ReviewWindow

    w = ReviewWindow(store, reviewer, annotators, parent)
    w.show()
    return w


@cache
def _token_cache() -> TokenCache:
    """The session's token counts for agreement (texts are keyed by their hash, so one cache
    serves every store): reopening the report does not tokenize the corpus again."""
    from app.review.tokens import TokenCache

    return TokenCache()


def open_agreement_report(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    parent: QWidget | None = None,
) -> AgreementReportWindow:
    """Show the agreement report (table, F1 heatmap, per-label bars)."""
    from app.review.agreement import compute_agreement
    from app.ui.review.charts import AgreementReportWindow

    w = AgreementReportWindow(compute_agreement(store, annotators, labels, cache=_token_cache()), parent)
    w.show()
    return w


def show_agreement_report(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    parent: QWidget | None = None,
    on_shown: Callable[[AgreementReportWindow], None] | None = None,
) -> ProgressTask:
    """Compute the agreement on the worker thread (cancellable progress), then show the report.

    Errors (fewer than two annotators, unknown names) are shown in one line."""
    from app.review.agreement import compute_agreement
    from app.ui.review.charts import AgreementReportWindow
    from app.ui.workers import run_with_progress

    def done(report: object) -> None:
        w = AgreementReportWindow(report, parent)  # type: ignore[arg-type]
        w.show()
        if on_shown is not None:
            on_shown(w)

    return run_with_progress(
        parent, "Computing agreement…",
        lambda progress: compute_agreement(store, annotators, labels, progress, _token_cache()),
        title="Agreement", on_finished=done,
    )


def open_dashboard(store: Store, parent: QWidget | None = None) -> DashboardWindow:
    """Show the corpus dashboard (annotations per label per annotator, progress)."""
    from app.review.dashboard import corpus_dashboard
    from app.ui.review.charts import DashboardWindow

    w = DashboardWindow(corpus_dashboard(store), parent)
    w.show()
    return w
