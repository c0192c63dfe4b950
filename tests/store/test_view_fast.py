"""The fast AnnotationView constructor the read paths use builds the very view the
dataclass does: same fields, equal, frozen."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

import pytest

from app.store.views import AnnotationView, annotation_view


def _random_fields(rng: random.Random) -> tuple:
    def word() -> str:
        return "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x370, 0x3FF),
                                       rng.randint(0x1F300, 0x1F5FF)])) for _ in range(rng.randint(0, 8)))

    at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(microseconds=rng.randint(0, 10**12))
    start = rng.randint(0, 10_000)
    return (
        word(), rng.randint(1, 99), start, start + rng.randint(1, 50), word(), word(),
        rng.choice(["entity", "figure"]), word(), {word(): rng.randint(0, 9)} if rng.random() < 0.5 else {},
        word(), rng.choice(["manual", "suggested", "imported"]), rng.choice(["none", "accepted", "rejected"]),
        rng.randint(1, 9), at, at + timedelta(seconds=rng.randint(0, 99)),
        rng.choice([None, word()]),
    )


def test_fast_view_is_the_dataclass_view() -> None:
    rng = random.Random(15)
    names = [f.name for f in dataclasses.fields(AnnotationView)]
    for _ in range(300):
        values = _random_fields(rng)
        plain, fast = AnnotationView(*values), annotation_view(*values)
        assert type(fast) is AnnotationView
        assert fast == plain
        assert not fast != plain  # noqa: SIM202  (__ne__ too)
        assert [getattr(fast, n) for n in names] == list(values)
        assert repr(fast) == repr(plain)
        assert fast.pending == plain.pending
        for v in (fast, plain):  # attributes is a dict: neither is hashable
            with pytest.raises(TypeError):
                hash(v)
        other = list(values)
        other[12] += 1
        assert annotation_view(*other) != plain


def test_fast_view_is_frozen() -> None:
    v = annotation_view(*_random_fields(random.Random(1)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.start = 3  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        v.extra = 1  # type: ignore[attr-defined]
    assert dataclasses.replace(v, start=v.start) == v


def test_fast_view_sets_every_field() -> None:
    import inspect

    params = list(inspect.signature(annotation_view).parameters)
    assert params == [f.name for f in dataclasses.fields(AnnotationView)]


def test_many_rows_read_as_one_row_at_a_time() -> None:
    """``ann_views`` (the 10,000-span read) gives what ``ann_view`` gives row by row, for
    every raw form a driver returns: JSON text or objects, text or datetime stamps."""
    from app.store.rows import ann_view, ann_views

    rng = random.Random(7)
    attrs = ["{}", '{"a": 1}', '{"x": NaN}', None, {}, {"k": [1, "é"]}, '{"🙂": "ü"}']
    stamps = ["2026-03-01 10:00:00.000001", "2026-03-01 10:00:00", "2026-12-31 23:59:59.999999",
              datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)]
    rows = []
    for _ in range(500):
        f = list(_random_fields(rng))
        f[8] = rng.choice(attrs)
        f[9] = rng.choice([None, "", "note"])
        f[13], f[14] = rng.choice(stamps), rng.choice(stamps)
        rows.append(tuple(f))
    many = ann_views(rows)
    one = [ann_view(r) for r in rows]
    assert many == one
    assert [(v.created_at.tzinfo, v.updated_at.tzinfo) for v in many] == [
        (v.created_at.tzinfo, v.updated_at.tzinfo) for v in one]
    assert all(type(v.attributes) is dict for v in many)
    # a view's attributes are its own: mutating one never shows in another read
    a, b = ann_views(rows[:1]), ann_views(rows[:1])
    a[0].attributes["new"] = 1
    assert "new" not in b[0].attributes
