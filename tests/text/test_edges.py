"""Where a dragged span edge lands: whole tokens, or exactly with Alt (code points)."""

from __future__ import annotations

import pytest

from app.text.edges import dragged

TEXT = "Emoji 👩‍💻 and 🎉 first.\r\n中文：郑州航空港 😀 扩建, Vladimir Imamovich Norov said."


def at(word: str, k: int = 0) -> int:
    return TEXT.index(word) + k


IMAM = (at("Imamovich"), at("Imamovich", 9))
CJK = (at("郑州"), at("郑州", 2))

CASES = [
    # (span, edge, dragged to, words, expected text)
    (IMAM, "start", at("Vladimir", 3), True, "Vladimir Imamovich"),  # into a word: all of it
    (IMAM, "start", at("Vladimir", 3), False, "dimir Imamovich"),  # Alt: exactly there
    (IMAM, "start", at(" Imamovich"), True, "Imamovich"),  # on the space: back to the word
    (IMAM, "start", at("Imamovich", 4), True, "Imamovich"),  # inside its own first word
    (IMAM, "start", at("Imamovich", 4), False, "ovich"),
    (IMAM, "end", at("Norov", 2), True, "Imamovich Norov"),
    (IMAM, "end", at("Norov", 2), False, "Imamovich No"),
    (IMAM, "end", at(" said"), True, "Imamovich Norov"),
    (IMAM, "end", at("Norov", 6), True, "Imamovich Norov"),  # past the space after: trimmed
    (CJK, "end", at("郑州", 3), True, "郑州航"),  # a CJK character is a token
    (CJK, "start", at("中文"), True, "中文：郑州"),
    (CJK, "start", at("：郑"), True, "郑州"),  # the CJK colon is trimmed
    ((at("🎉"), at("🎉", 1)), "start", at("and", 1), True, "and 🎉"),  # across a surrogate pair
    ((at("🎉"), at("🎉", 1)), "end", at("first.", 3), True, "🎉 first"),
    ((at("👩"), at("💻", 1)), "end", at("and", 3), False, "👩‍💻 and"),
]


@pytest.mark.parametrize(("span", "which", "pos", "words", "want"), CASES)
def test_dragged_edge(span: tuple[int, int], which: str, pos: int, words: bool, want: str) -> None:
    s, e = dragged(TEXT, *span, which, pos, words=words)
    assert TEXT[s:e] == want
    assert (s if which == "end" else e) == (span[0] if which == "end" else span[1])  # other edge stays


@pytest.mark.parametrize("words", [True, False])
def test_an_edge_never_crosses_the_other_or_empties_the_span(words: bool) -> None:
    assert dragged(TEXT, *IMAM, "start", IMAM[1], words=words) == IMAM
    assert dragged(TEXT, *IMAM, "start", IMAM[1] + 5, words=words) == IMAM
    assert dragged(TEXT, *IMAM, "end", IMAM[0], words=words) == IMAM
    assert dragged(TEXT, *IMAM, "end", 0, words=words) == IMAM
    assert dragged(TEXT, *IMAM, "end", 10**6, words=words)[1] <= len(TEXT)


def test_an_exact_edge_never_splits_crlf() -> None:
    crlf = TEXT.index("\r\n") + 1  # between \r and \n
    first = at("first")
    assert dragged(TEXT, first, first + 5, "end", crlf, words=False) == (first, crlf - 1)
    start, end = dragged(TEXT, first, at("中文", 2), "start", crlf, words=False)
    assert (start, TEXT[start:end]) == (crlf + 1, "中文")


def test_unknown_edge() -> None:
    with pytest.raises(ValueError, match="which edge"):
        dragged(TEXT, *IMAM, "middle", 3)
