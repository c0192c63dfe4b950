"""The recommenders the workspace offers (``app.suggest``), found without importing them.

Importing the figure detector (its grammar and lexicon) or the entity recommender at start-up
would delay the first rows of a cold start; each is imported on its first use instead, in the
worker thread that runs it. A module that is installed but fails to import then fails that run,
and the workspace reports it like any other failed suggestion.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

KINDS = ("figures", "entities")


class LazySuggester:
    """``app.suggest.<kind>.suggest_<kind>``, imported when first called."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._fn: Callable[..., Any] | None = None

    def load(self) -> Callable[..., Any]:
        if self._fn is None:
            mod = importlib.import_module(f"app.suggest.{self.kind}")
            self._fn = getattr(mod, f"suggest_{self.kind}")
        return self._fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.load()(*args, **kwargs)


def installed_suggesters() -> dict[str, Callable[..., Any]]:
    """Kind -> its recommender, for each module of ``app.suggest`` that is installed."""
    found: dict[str, Callable[..., Any]] = {}
    for kind in KINDS:
        try:
            spec = importlib.util.find_spec(f"app.suggest.{kind}")
        except (ImportError, ValueError):
            spec = None
        if spec is not None:
            found[kind] = LazySuggester(kind)
    return found


__all__ = ["KINDS", "LazySuggester", "installed_suggesters"]
