"""OffsetMap against a real QTextDocument: astral characters, CRLF, lone CR, U+2029."""

from __future__ import annotations

import random

import pytest

from app.text.offsets import OffsetMap

ALPHABET = ["a", " ", "😊", "中", "\r\n", "\n", "👩\u200d💻", "\r", "e\u0301", "\u2029", "Ω"]


def expected_positions(text: str) -> dict[int, int]:
    """Qt position of each code-point boundary, walking the text the way setPlainText does."""
    q, i, out = 0, 0, {}
    while True:
        out[i] = q
        if i == len(text):
            return out
        if text.startswith("\r\n", i):
            q, i = q + 1, i + 2
        else:
            q, i = q + (2 if ord(text[i]) > 0xFFFF else 1), i + 1


def test_identity_for_ascii_without_crlf():
    m = OffsetMap("plain text\nlines")
    assert m.identity and m.to_qt(5) == 5 and m.from_qt(99) == len("plain text\nlines")


def test_random_texts_match_qt(qapp):
    from PySide6.QtGui import QTextDocument

    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        doc = QTextDocument()
        doc.setPlainText(text)
        exp = expected_positions(text)
        assert doc.characterCount() - 1 == exp[len(text)]
        m = OffsetMap(text)
        for cp, pos in exp.items():
            assert m.to_qt(cp) == pos
            assert m.from_qt(pos) == cp
        for a in (i for i, ch in enumerate(text) if ord(ch) > 0xFFFF):
            assert m.from_qt(exp[a] + 1) == a  # inside a surrogate pair: rounds down


@pytest.mark.parametrize("text", ["😊 Sony", "中文\r\nSony", "\r\n\r\n😊😊 Sony"])
def test_selected_word_maps_back_to_the_stored_span(qapp, text):
    from PySide6.QtGui import QTextCursor, QTextDocument

    doc = QTextDocument()
    doc.setPlainText(text)
    found = doc.find("Sony")
    assert isinstance(found, QTextCursor) and not found.isNull()
    m = OffsetMap(text)
    start, end = m.from_qt(found.selectionStart()), m.from_qt(found.selectionEnd())
    assert text[start:end] == "Sony"


@pytest.mark.parametrize("seed", range(20))
def test_to_qt_many_equals_to_qt_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 300)))
    omap = OffsetMap(text)
    expected = expected_positions(text)
    cps = [rng.randint(0, len(text)) for _ in range(200)]  # unsorted, repeated
    assert omap.to_qt_many(cps) == [omap.to_qt(c) for c in cps]
    assert omap.to_qt_many(iter(sorted(cps))) == [omap.to_qt(c) for c in sorted(cps)]
    boundaries = list(range(len(text) + 1))
    assert [omap.to_qt_many(boundaries)[i] for i in expected] == list(expected.values())
