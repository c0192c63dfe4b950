"""Issue 14.19: the dashboard's count axes have whole-number ticks at equal steps, and the
progress bars end at the true document counts."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalStackedBarSeries, QValueAxis

from app.ui.review.charts import integer_ticks
from tests.ui.test_review_charts import rstore  # noqa: F401  (the fixture)


def _ticks(axis: QValueAxis) -> list[float]:
    n = axis.tickCount()
    lo, hi = axis.min(), axis.max()
    return [lo + k * (hi - lo) / (n - 1) for k in range(n)]


def _value_axis(chart):  # type: ignore[no-untyped-def]
    [axis] = [a for a in chart.axes() if isinstance(a, QValueAxis)]
    return axis


@pytest.mark.parametrize("top", [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 17, 23, 48, 99, 250, 1234])
def test_integer_ticks_are_whole_numbers_at_equal_steps(top: int) -> None:
    hi, n = integer_ticks(top)
    step = hi / (n - 1)
    assert hi >= top and step == int(step) and n - 1 <= 10
    assert hi - step < top  # no empty step at the end


def test_dashboard_progress_axis_counts_documents(qtbot, rstore) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from app.review.dashboard import corpus_dashboard
    from app.ui.review import open_dashboard

    data = corpus_dashboard(rstore)
    w = open_dashboard(rstore)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)

    pchart = w.progress_chart.chart()
    px = _value_axis(pchart)
    assert _ticks(px) == [0, 1, 2, 3, 4, 5]  # five articles: one tick per document
    [prog] = [s for s in pchart.series() if isinstance(s, QHorizontalStackedBarSeries)]
    for row, who in enumerate(data.annotators):
        values = {b.label(): b.at(row) for b in prog.barSets()}
        assert values == {
            "done": data.progress[who]["done"],
            "in progress": data.progress[who]["in_progress"],
            "not started": data.progress[who]["not_started"],
        }
        assert sum(values.values()) == 5 == px.max()  # each bar ends on the last tick

    lchart = w.labels_chart.chart()
    ay = _value_axis(lchart)
    ticks = _ticks(ay)
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert all(t == int(t) for t in ticks) and len(steps) == 1
    [bars] = [s for s in lchart.series() if isinstance(s, QBarSeries)]
    top = max(b.at(i) for b in bars.barSets() for i in range(b.count()))
    assert ticks[-2] < top <= ticks[-1]
