"""The store: engine, migrations and the Store facade."""

from __future__ import annotations

from pathlib import Path

from app.store.engine import make_engine, to_url
from app.store.store import Store


def open_store(url_or_path: str | Path, *, seed_labels: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at a path or SQLAlchemy URL."""
    from app.errors import CuratorError
    from app.store.migrate import migrate

    url = to_url(url_or_path)
    if url.startswith("sqlite:///"):
        parent = Path(url[len("sqlite:///"):]).parent
        if not parent.is_dir():
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CuratorError(f"cannot create the store's folder {parent}: {exc}") from None
    engine = make_engine(url)
    try:
        created = migrate(engine)
    except Exception:
        engine.dispose()
        raise
    store = Store(url, engine)
    if created and seed_labels:
        from app.store.schema import default_labels

        store.ensure_labels(default_labels())
    return store


__all__ = ["Store", "open_store"]
