"""Suggesters: figures found by the detector and entities curators labelled elsewhere,
stored as pending annotations (origin "suggested", review status "none"). Qt-free.

Loaded on first use (PEP 562): the workspace finds the recommenders at start-up without
importing them (the figure detector's grammar costs a noticeable part of a cold start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.suggest.entities import suggest_entities
    from app.suggest.figures import suggest_figures

__all__ = ["suggest_entities", "suggest_figures"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        import importlib

        return getattr(importlib.import_module(f"app.suggest.{name.removeprefix('suggest_')}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
