"""Figures: normalise a figure's text to value, unit and qualifier; detect figures in articles.

Qt-free. ``normalise(text, label=None)`` and ``detect(text, published=None)``.
"""

from app.figures.detect import Suggestion, detect
from app.figures.normalise import normalise

__all__ = ["Suggestion", "detect", "normalise"]
