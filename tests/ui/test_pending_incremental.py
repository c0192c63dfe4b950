"""The annotation list's pending suggestions, kept up to date edit by edit (the status bar's
"3 of 12 pending" reads them): after a random sequence of adds, relabels, accepts, rejects and
deletes they equal a full rebuild from the rows."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from app.store.views import AnnotationView
from app.ui.models import AnnotationListModel
from app.ui.suggestion_flow import describe

T = datetime(2026, 1, 1, tzinfo=UTC)


def ann(i: int, origin: str) -> AnnotationView:
    return AnnotationView(f"a{i}", 1, i, i + 3, "x", "ORG", "entity", "bob", {}, "", origin, "none", 1, T, T)


@pytest.mark.parametrize("seed", range(8))
def test_pending_equals_a_full_rebuild(qapp, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    model = AnnotationListModel()
    model.set_annotations([ann(i, rng.choice(["manual", "suggested"])) for i in range(30)], {})
    live = {a.id: a for a in model.rows}
    for n in range(200):
        op = rng.choice(["add", "relabel", "accept", "reject", "delete"])
        if op == "add" or not live:
            a = ann(100 + n, rng.choice(["manual", "suggested"]))
            live[a.id] = a
            model.put(a)
            continue
        a = live[rng.choice(sorted(live))]
        if op == "relabel":
            a = replace(a, label=rng.choice(["ORG", "GPE"]), version=a.version + 1)
        elif op == "accept":
            a = replace(a, review_status="accepted")
        if op in ("reject", "delete"):
            del live[a.id]
            model.drop(a.id)
        else:
            live[a.id] = a
            model.put(a)
        fresh = {x.id: x for x in model.rows if x.pending}
        assert model.pending == fresh == {k: v for k, v in live.items() if v.pending}
        current = rng.choice(sorted(live)) if live else None
        assert describe(model.pending.values(), current) == describe(live.values(), current)
