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
