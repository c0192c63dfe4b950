"""Article Curator: curate entities and figures in news articles.

``open_store(path_or_url)`` is the entry point of the Qt-free core. It and ``Store`` are loaded
on first use (PEP 562), so ``import app.<anything>`` does not import SQLAlchemy: the GUI shows
its window before the store is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.store import Store, open_store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "open_store"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "open_store"):
        import app.store

        return getattr(app.store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
