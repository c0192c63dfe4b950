"""Snapping a selection to whole tokens, and moving span boundaries."""

from __future__ import annotations

import pytest

from app.text.snap import move_end, move_start, snap, token_at, trim

TEXT = 'He said “Zhengzhou Airport” raised $4.5 billion, 39,000 jobs; 郑州 grew 12%.'


def span_of(word: str, text: str = TEXT) -> tuple[int, int]:
    i = text.index(word)
    return i, i + len(word)


def test_partial_word_widens_to_the_whole_word() -> None:
    s, e = span_of("Zhengzhou")
    assert snap(TEXT, s + 2, e - 3) == (s, e)


def test_quotes_spaces_and_commas_are_trimmed() -> None:
    s, e = span_of("“Zhengzhou Airport” ")
    assert snap(TEXT, s, e) == span_of("Zhengzhou Airport")
    s, e = span_of(" $4.5 billion, ")
    got = snap(TEXT, s, e)
    assert got is not None and TEXT[got[0]:got[1]] == "$4.5 billion"


def test_numbers_with_separators_are_one_token() -> None:
    s, _ = span_of("39,000")
    assert snap(TEXT, s + 3, s + 4) == span_of("39,000")


def test_cjk_characters_are_tokens_of_their_own() -> None:
    s, _ = span_of("郑州")
    assert snap(TEXT, s, s + 1) == (s, s + 1)


def test_only_space_or_quotes_gives_nothing() -> None:
    s, _ = span_of("“")
    assert snap(TEXT, s, s + 1) is None
    assert snap(TEXT, 2, 3) is None


def test_without_words_only_trims() -> None:
    s, e = span_of("Zhengzhou")
    assert snap(TEXT, s - 1, e - 3, words=False) == (s, e - 3)
    assert trim("  ab  ", 0, 6) == (2, 4)


def test_token_at() -> None:
    assert token_at(TEXT, 2) is None
    s, e = span_of("billion")
    assert token_at(TEXT, s + 3) == (s, e)


def test_move_boundaries_by_token_and_character() -> None:
    s, e = span_of("Zhengzhou Airport")
    a, _ = span_of("Airport")
    assert move_start(TEXT, s, e, +1) == a
    assert move_start(TEXT, a, e, -1) == s
    assert move_end(TEXT, s, e, -1) == s + len("Zhengzhou")
    assert move_end(TEXT, s, s + len("Zhengzhou"), +1) == e
    # never collapse the span
    assert move_start(TEXT, a, e, +1) == a
    assert move_end(TEXT, s, s + len("Zhengzhou"), -1) == s + len("Zhengzhou")
    assert move_start(TEXT, s, e, -1, words=False) == s - 1
    assert move_end(TEXT, s, e, +1, words=False) == e + 1


def test_character_moves_skip_inside_crlf() -> None:
    text = "ab\r\ncd"
    assert move_end(text, 0, 2, +1, words=False) == 4
    assert move_start(text, 4, 6, -1, words=False) == 2


BRACKETS = "the Global E-Commerce (GCBEC) forum, Expo (2021) and f(x) [a [b] c 【深圳】"


@pytest.mark.parametrize(("selected", "snapped"), [
    ("(GCBEC", "GCBEC"),  # an unmatched opener at the start goes
    ("GCBEC)", "GCBEC"),  # an unmatched closer at the end goes
    ("(GCBEC)", "(GCBEC)"),  # a matched pair stays
    ("forum, Expo (", "forum, Expo"),  # never end on an opening bracket
    ("Expo (2021", "Expo (2021)"),  # a bracket open inside takes in its closer next to it
    ("f(x)", "f(x)"),
    ("[a [b]", "a [b]"),
    ("【深圳", "深圳"),
    ("深圳】", "深圳"),
])
def test_snapping_never_leaves_an_unbalanced_bracket(selected: str, snapped: str) -> None:
    s = BRACKETS.index(selected)
    got = snap(BRACKETS, s, s + len(selected))
    assert got is not None and BRACKETS[got[0]:got[1]] == snapped
