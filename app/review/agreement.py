"""Inter-annotator agreement (Qt-free): exact and overlap P/R/F1, Cohen's kappa, Krippendorff's alpha.

For each pair of annotators (the first one is the reference), over the documents both have
worked on (at least one annotation, or marked done, by each):

- **exact**: a span of the second annotator is a true positive when the first has the same
  start, end and label; false positives are the second's others, false negatives the first's.
- **overlap**: same label and overlapping spans, matched one to one: exact matches first, then
  a maximum matching of the spans left (so the counts do not depend on the order of either
  side, and F1 is symmetric).
- **Cohen's kappa** at token level: each token (``app.text.tokenize``) gets the label of the
  annotator's span covering it (the first by start, then end, when several do) or ``O``.
- **figures**: spans both marked (same start and end) with a figure label: the share whose
  normalised ``value`` and ``unit`` attributes agree.

Krippendorff's alpha (nominal, token level) covers all chosen annotators together, over the
documents at least two of them worked on (an annotator who did not work on a document is a
missing value there). Pending suggestions and rejected annotations never count. An undefined
value (nothing to compare, or no variation at all) is ``None``.

The work is split: :mod:`app.review.metrics` (the metrics on plain spans),
:mod:`app.review.report` (the report types), :mod:`app.review.loading` (the counted work, read
from the store), :mod:`app.review.engine` (the packed-integer computation) and
:mod:`app.review.tokens` (token counting and its cache).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import ValidationError
from app.review.engine import compute
from app.review.loading import default_annotators
from app.review.metrics import (
    OUTSIDE,
    Coincidences,
    Counts,
    Span,
    cohen_kappa,
    exact_counts,
    krippendorff_alpha,
    max_overlap_matching,
    normalise_unit,
    normalise_value,
    overlap_counts,
    token_labels,
)
from app.review.report import AgreementReport, FigureAgreement, PairAgreement
from app.review.tokens import TokenCache
from app.store.store import Progress, Store

__all__ = [
    "OUTSIDE", "AgreementReport", "Coincidences", "Counts", "FigureAgreement", "PairAgreement",
    "Span", "TokenCache", "cohen_kappa", "compute_agreement", "default_annotators", "exact_counts",
    "krippendorff_alpha", "max_overlap_matching", "normalise_unit", "normalise_value",
    "overlap_counts", "token_labels",
]


def compute_agreement(
    store: Store,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    progress: Progress | None = None,
    cache: TokenCache | None = None,
) -> AgreementReport:
    """Pairwise agreement of ``annotators`` (default: every annotator with work), optionally
    restricted to ``labels`` (annotations with other labels are ignored, their tokens are O).

    ``progress(done, total)`` is called after each step; raising from it stops the work.
    ``cache`` remembers token counts between runs (a fresh one for this run when None)."""
    names = list(annotators) if annotators else default_annotators(store)
    if len(set(names)) != len(names):
        raise ValidationError("each annotator may be named once")
    if len(names) < 2:
        raise ValidationError(
            "agreement needs at least two annotators"
            + (f" (found {', '.join(names)})" if names else " (none has annotated anything)")
        )
    ids = {n: store.annotator(n, create=False).id for n in names}
    by_label = {lv.name: lv for lv in store.labels()}
    if labels:
        unknown = [lab for lab in labels if lab not in by_label]
        if unknown:
            raise ValidationError(f"unknown label(s): {', '.join(unknown)}")
    label_ids = {by_label[lab].id for lab in labels} if labels else None
    lname = {lv.id: lv.name for lv in by_label.values()}
    lname[0] = OUTSIDE

    return compute(store, names, ids, labels, label_ids, lname, progress or _quiet, cache or TokenCache())



def _quiet(done: int, total: int) -> None:
    pass
