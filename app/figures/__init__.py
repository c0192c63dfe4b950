"""Figures: normalise a figure's text to value, unit and qualifier; detect figures in articles.

Qt-free. ``normalise(text, label=None)``, ``prefill(text, label=None)`` and
``detect(text, published=None)``; the corpus-wide table is ``app.figures.table``.
"""

from app.figures.detector import Suggestion, detect
from app.figures.normalise import normalise, prefill

__all__ = ["Suggestion", "detect", "normalise", "prefill"]
