"""Review mode, the agreement report and the corpus dashboard (Qt).

Entry points: ``open_review(store, reviewer, annotators)``, ``open_agreement_report(store,
annotators, labels)`` and ``open_dashboard(store)``; each shows its window and returns it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.store.store import Store
    from app.ui.review.charts import AgreementReportWindow, DashboardWindow
    from app.ui.review.window import ReviewWindow


def open_review(
    store: Store, reviewer: str, annotators: Sequence[str], parent: QWidget | None = None
) -> ReviewWindow:
    """Show review mode for ``reviewer`` (role reviewer) comparing ``annotators`` (two or more)."""
    from app.ui.review.window import ReviewWindow

    w = ReviewWindow(store, reviewer, annotators, parent)
    w.show()
    return w


def open_agreement_report(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    parent: QWidget | None = None,
) -> AgreementReportWindow:
    """Show the agreement report (table, F1 heatmap, per-label bars)."""
    from app.review.agreement import compute_agreement
    from app.ui.review.charts import AgreementReportWindow

    w = AgreementReportWindow(compute_agreement(store, annotators, labels), parent)
    w.show()
    return w


def open_dashboard(store: Store, parent: QWidget | None = None) -> DashboardWindow:
    """Show the corpus dashboard (annotations per label per annotator, progress)."""
    from app.review.dashboard import corpus_dashboard
    from app.ui.review.charts import DashboardWindow

    w = DashboardWindow(corpus_dashboard(store), parent)
    w.show()
    return w
