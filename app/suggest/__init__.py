"""Suggesters: figures found by the detector and entities curators labelled elsewhere,
stored as pending annotations (origin "suggested", review status "none"). Qt-free."""

from app.suggest.entities import suggest_entities
from app.suggest.figures import suggest_figures

__all__ = ["suggest_entities", "suggest_figures"]
