"""The detector's output is exactly the output frozen before its speed work (tests/figures/
frozen.py): on the sample corpus, the development sentences, bench articles and a seeded set of
generated news-like texts, including its reading of each suggestion's own span (``whole``)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.figures.frozen import FROZEN, digest, heldout_digest, inputs, output


@pytest.fixture(scope="module")
def frozen() -> dict[str, Any]:
    return json.loads(FROZEN.read_text(encoding="utf-8"))["documents"]


def test_detection_on_the_heldout_corpus_is_the_frozen_output() -> None:
    assert heldout_digest() == json.loads(FROZEN.read_text(encoding="utf-8"))["heldout_sha"]


def test_the_frozen_texts_are_the_generated_ones(frozen: dict[str, Any]) -> None:
    made = {name: (digest(text), published) for name, text, published in inputs()}
    assert made == {name: (d["text_sha"], d["published"]) for name, d in frozen.items()}
    assert sum(len(d["found"]) for d in frozen.values()) > 5000  # every kind of figure, many times


def test_detection_is_the_frozen_output(frozen: dict[str, Any]) -> None:
    differ = []
    for name, text, published in inputs():
        got = json.loads(json.dumps(output(text, published)))  # tuples as lists, as frozen
        want = {"found": frozen[name]["found"], "whole_sha": frozen[name]["whole_sha"]}
        if got != want:
            differ.append(name)
    assert differ == []
