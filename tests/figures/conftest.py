"""The hand-made gold list of figure spans in the five sample articles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import CORPUS, DATA

GOLD = DATA / "figures" / "gold.json"


def load_gold() -> list[dict[str, Any]]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["documents"]


@pytest.fixture(scope="session")
def gold() -> list[dict[str, Any]]:
    docs = load_gold()
    for d in docs:
        d["text"] = (CORPUS / d["file"]).read_text(encoding="utf-8")
    return docs


@pytest.fixture(scope="session")
def gold_spans(gold):  # type: ignore[no-untyped-def]
    return [(d, f) for d in gold for f in d["figures"]]
