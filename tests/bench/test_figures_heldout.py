"""The held-out figures bench row: our detector and quantulum3 scored by the held-out scorer."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.figures.scoring import load_gold, score
from bench.figures_heldout import (
    CORPORA,
    MISSING,
    bench_figures_heldout,
    ours_run,
    quantulum_run,
    scores,
    side_by_side,
)
from bench.harness import Results

TEXT = "Sales rose 3.5% to $10 billion, or 12 cents a share; 62,000 fans came; the plant makes 40 MW.\n"
FIGURES = [  # gold, in the held-out corpus's format
    ("3.5%", "PERCENT", 3.5, "%"), ("$10 billion", "MONEY", 10_000_000_000, "USD"),
    ("12 cents", "MONEY", 0.12, "USD"), ("62,000", "CARDINAL", 62_000, None), ("40 MW", "QUANTITY", 40, "MW"),
]


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    figures = [{"start": (i := TEXT.index(t)), "end": i + len(t), "label": lab, "text": t, "value": v, "unit": u}
               for t, lab, v, u in FIGURES]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": [{"file": "a.txt", "figures": figures}]}), encoding="utf-8")
    return path


def test_without_quantulum3_the_row_says_how_to_install_it(gold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "quantulum3", None)  # import quantulum3 raises ImportError
    assert quantulum_run() is None
    results = Results(echo=False)
    bench_figures_heldout(results, gold)
    expected = score(load_gold(gold), ours_run)
    rows = {r.item: r for r in results.rows}
    for label in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        row = rows[f"held-out {label} recall (ours vs quantulum3)"]
        assert row.value == round(expected.labels[label].recall, 3) and row.baseline is None
    assert rows["held-out figures, quantulum3"].note == MISSING
    assert MISSING in side_by_side(*scores(gold))


def test_quantulum3_is_mapped_to_our_labels_and_scored_beside_us(gold: Path) -> None:
    pytest.importorskip("quantulum3")
    run = quantulum_run()
    assert run is not None
    got = {TEXT[s:e]: (lab, attrs["value"], attrs["unit"]) for s, e, lab, attrs in run(TEXT)}
    assert got["3.5%"] == ("PERCENT", 3.5, "%")  # percentage -> PERCENT
    assert got["$10 billion"] == ("MONEY", 10_000_000_000, "USD")  # currency -> MONEY
    assert got["62,000"] == ("CARDINAL", 62_000, None)  # dimensionless -> CARDINAL
    assert got["40 MW"] == ("QUANTITY", 40, "MW")  # any other unit -> QUANTITY
    results = Results(echo=False)
    bench_figures_heldout(results, gold)
    theirs = score(load_gold(gold), run)
    rows = {r.item: r for r in results.rows}
    assert "held-out figures, quantulum3" not in rows
    for label in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        row = rows[f"held-out {label} recall (ours vs quantulum3)"]
        assert row.baseline == round(theirs.labels[label].recall, 3)
        assert row.extra["quantulum3"]["precision"] == theirs.labels[label].precision
    assert "n/a" not in side_by_side(*scores(gold))


def test_each_corpus_gets_its_own_rows(gold: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "quantulum3", None)
    assert set(CORPORA) == {"held-out", "held-out 2"} and all(p.exists() for p in CORPORA.values())
    results = Results(echo=False)
    bench_figures_heldout(results, gold, "held-out 2")
    items = {r.item for r in results.rows}
    assert "held-out 2 MONEY recall (ours vs quantulum3)" in items
    assert "held-out 2 figures, quantulum3" in items
    assert not any(i.startswith("held-out MONEY") for i in items)
