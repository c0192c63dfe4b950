"""A pure helper for benchmarks: run the detector over many texts."""

from __future__ import annotations

from collections.abc import Iterable

from app.figures.detector import detect


def detect_many(texts: Iterable[str], published: str | None = None) -> tuple[int, int]:
    """Detect figures in every text; returns (texts processed, figures found)."""
    n = found = 0
    for text in texts:
        found += len(detect(text, published))
        n += 1
    return n, found
