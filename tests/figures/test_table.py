"""The figures table's rows (Qt-free): every figure, subjects, periods, conflicts, CSV."""

from __future__ import annotations

import csv
import os

import pytest

from app.figures.table import figure_rows, format_value, write_csv
from tests.figures.helpers import figures_store


def test_rows_subjects_periods_and_conflicts(corpus_store):  # type: ignore[no-untyped-def]
    ids = figures_store(corpus_store)
    rows = figure_rows(corpus_store)
    assert len(rows) == 39 + 1
    by_id = {r.ann_id: r for r in rows}
    spirit = by_id[ids["spirit"][1]]
    assert (spirit.value, spirit.unit, spirit.period, spirit.subject) == (
        39_000_000_000_000, "CNY", "2020", "China's digital economy")
    assert spirit.status == "pending" and spirit.document == "China to push forward Shanghai Spirit"
    extra = by_id[ids["extra"][1]]
    assert extra.value == 39_200_000_000_000 and extra.period == "2020"
    # the same economy in the same year, two values in two articles: both flagged
    assert spirit.conflict and spirit.conflict == extra.conflict
    assert "39,000,000,000,000" in spirit.conflict and "39,200,000,000,000" in spirit.conflict
    # another year is no conflict
    assert by_id[ids["undated"][1]].conflict is None
    assert sum(1 for r in rows if r.conflict) == 2


def test_rejected_and_pending(corpus_store):  # type: ignore[no-untyped-def]
    ids = figures_store(corpus_store)
    corpus_store.update_annotation(ids["extra"][1], review_status="rejected")
    rows = figure_rows(corpus_store)
    assert ids["extra"][1] not in {r.ann_id for r in rows}
    assert not any(r.conflict for r in rows)
    corpus_store.update_annotation(ids["spirit"][1], review_status="accepted")
    kept = figure_rows(corpus_store, pending=False)
    assert [r.ann_id for r in kept] == [ids["spirit"][1]] and kept[0].status == "accepted"


def test_csv_export_is_atomic_and_complete(corpus_store, tmp_path):  # type: ignore[no-untyped-def]
    figures_store(corpus_store)
    rows = figure_rows(corpus_store)
    out = tmp_path / "export" / "figures.csv"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")

    def broken():  # type: ignore[no-untyped-def]
        yield rows[0]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_csv(broken(), out)
    assert out.read_text(encoding="utf-8") == "old"  # the previous file is intact
    assert os.listdir(out.parent) == ["figures.csv"]  # no temp file left
    assert write_csv(rows, out) == len(rows)
    with out.open(encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert len(got) == len(rows)
    assert got[0].keys() >= {"document", "text", "label", "value", "unit", "qualifier", "period", "subject", "conflict"}
    assert {g["text"] for g in got} >= {"213.86 billion yuan", "70,000 square meters"}
    assert next(g for g in got if g["text"] == "213.86 billion yuan")["value"] == "213860000000"
    assert os.listdir(out.parent) == ["figures.csv"]


def test_format_value():
    assert format_value(213860000000) == "213,860,000,000"
    assert format_value(29.9) == "29.9"
    assert format_value(0.2) == "0.2"
    assert format_value(None) == ""
