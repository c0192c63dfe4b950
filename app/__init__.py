"""Article Curator: curate entities and figures in news articles.

``open_store(path_or_url)`` is the entry point of the Qt-free core.
"""

from app.store import Store, open_store

__version__ = "0.1.0"
__all__ = ["Store", "__version__", "open_store"]
