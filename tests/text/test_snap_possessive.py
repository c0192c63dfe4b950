"""A trailing possessive "'s" is left out of entity spans (issue 14.14): table-driven."""

from __future__ import annotations

import pytest

from app.text.snap import snap

CASES = [  # text, selection, possessive, expected span text
    ("China's plan", (0, 7), True, "China"),
    ("China\u2019s plan", (0, 7), True, "China"),
    ("China\u2018s plan", (0, 7), True, "China"),
    ("China's plan", (0, 3), True, "China"),  # widened to the word, then stripped
    ("China's plan", (0, 7), False, "China's"),
    ("the 1990's boom", (4, 10), True, "1990's"),  # a digit before it: not a possessive
    ("O'Neil's view", (0, 8), True, "O'Neil"),
    ("St James's Park", (3, 10), True, "James"),
    ("its", (0, 3), True, "its"),
    ("Xi's", (0, 4), True, "Xi"),
]


@pytest.mark.parametrize(("text", "sel", "possessive", "expected"), CASES)
def test_possessive(text: str, sel: tuple[int, int], possessive: bool, expected: str) -> None:
    got = snap(text, *sel, possessive=possessive)
    assert got is not None and text[got[0]:got[1]] == expected
