"""Properties over generated text: the detector never fails and its spans are the text's;
the normaliser either reads a number or says there is none."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from app.figures import detect, normalise

PIECES = [
    "38", "45.5", "1,234", "70,000", "2021", "2021-05-27", "15:14", "$", "US$", "€", "¥", "RMB",
    "yuan", "dollars", "percent", "%", "percentage points", "trillion", "billion", "bn", "m", "k",
    "square meters", "km", "tons", "over", "more than", "nearly", "about", "between", "and", "to",
    "-", "–", "(", ")", ",", ".", ";", "\n", "\r\n", " ", " ", "\u00a0", "one", "fifth", "half",
    "a", "quarter", "eleven", "out of", "thirteen", "in", "last year", "the first quarter of",
    "August", "May", "5th", "COVID-19", "5G", "v2.1", "+86 23", "😀", "中国", "companies", "in 2020",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map(lambda xs: " ".join(xs)) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from([None, "2021-08-24", "2023-09-07"]))
@example("38 RMB 38", None)  # the second number's currency prefix was the first figure's unit
def test_detect_spans_are_valid(text, published):  # type: ignore[no-untyped-def]
    found = detect(text, published)
    last_end = 0
    for i, s in enumerate(found):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.start >= last_end  # in order, never overlapping
        last_end = s.end
        assert s.label in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL")
        assert isinstance(s.attributes["value"], int | float)
        for _rel, j in s.relations:
            assert j > i and j < len(found)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalise_reads_a_number_or_says_none(text):  # type: ignore[no-untyped-def]
    try:
        got = normalise(text)
    except ValidationError as exc:
        assert "no number" in str(exc)
    else:
        assert isinstance(got["value"], int | float)
