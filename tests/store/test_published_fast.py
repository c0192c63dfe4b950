"""``published_of`` looks for dates only where a ``-`` follows a digit: the same answers as the
two regex scans of the whole window it replaces (the reference below), on the bench corpus,
the sample corpus and random texts."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.importing.text import _DATE_HINT, _ISO_DATE, DATE_WINDOW, published_of
from bench import corpus
from tests.conftest import CORPUS


def reference(text: str) -> str | None:
    """The former implementation: both regexes over the whole window."""
    head = text[:DATE_WINDOW]
    m = _DATE_HINT.search(head) or _ISO_DATE.search(head)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2200):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def test_same_dates_on_the_bench_corpus_and_the_sample_corpus():
    texts = [corpus.article(i)["text"] for i in range(0, 3000, 7)]
    texts += [p.read_bytes().decode("utf-8") for p in CORPUS.glob("*.txt")]
    found = 0
    for t in texts:
        assert published_of(t) == reference(t)
        found += published_of(t) is not None
        undated = t.replace("date 20", "no 20x")  # only the bare ISO date, or none, remains
        assert published_of(undated) == reference(undated)
    assert found > len(texts) // 2


# pieces that make dates, near-dates and hint words collide
PIECES = [
    "date", "Date", "DATE", "updated", "Updated:", "published", "PUBLISHED", "posted", "pubLıshed",
    "upDated", "postſd", ":", " : ", "::", " ", "\t", "\r\n", "\n", "\u3000", "\xa0", "-", "--",
    "2021-08-24", "1999-13-40", "2021-08-245", "12021-08-24", "2021-08-2021-08-24", "0000-00-00",
    "٢٠٢١-٠٨-٢٤", "２０２１-０８-２４", "2200-12-31", "1900-01-01", "2021", "08", "24", "7",
    "x", "we", "update", "dated", "undated", "_date", "é", "数字", "😊", "👩‍💻", "a-b", "3-4",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.text(max_size=30))
def test_same_dates_on_random_texts(pieces, noise):
    text = "".join(pieces) + noise + "".join(reversed(pieces))
    assert published_of(text) == reference(text)


def test_same_dates_around_the_window_edge():
    rng = random.Random(15)
    for _ in range(300):
        cut = DATE_WINDOW - rng.randint(0, 14)
        pad = "".join(rng.choice("ab -:\n") for _ in range(cut))
        text = pad + rng.choice(["date 2021-08-24", "2021-08-24", "2021-08-249", "posted:2020-02-02"]) + "7"
        assert published_of(text) == reference(text)
