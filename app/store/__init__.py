"""The store: engine, migrations and the Store facade.

``Store`` and ``open_store`` are loaded on first use (PEP 562): importing ``app.store`` or one of
its light modules (``app.store.views``) does not import SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from app.store.store import Store


def __getattr__(name: str) -> Any:
    if name == "Store":
        from app.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_store(url_or_path: str | Path, *, seed_labels: bool = True) -> Store:
    """Open (creating or upgrading as needed) the store at a path or SQLAlchemy URL."""
    from app.errors import CuratorError
    from app.store.engine import enable_wal, make_engine, to_url
    from app.store.migrate import migrate
    from app.store.store import Store
    from app.store.urls import mask_secrets, mask_url

    url = to_url(url_or_path)
    if url.startswith("sqlite:///"):
        parent = Path(url[len("sqlite:///"):]).parent
        if not parent.is_dir():
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CuratorError(f"cannot create the store's folder {parent}: {exc}") from None
    try:
        engine = make_engine(url)
    except Exception as exc:  # a URL SQLAlchemy cannot parse, an unknown driver, a bad port
        reason = mask_secrets(str(exc), url)
        raise CuratorError(f"not a usable store location: {mask_url(url)}: {reason}") from None
    try:
        migrate(engine, seed=_seed_labels if seed_labels else None)
        enable_wal(engine)
    except CuratorError as exc:  # a server's message never repeats the password either
        engine.dispose()
        masked = mask_secrets(str(exc), url)
        if masked != str(exc):
            raise type(exc)(masked) from None
        raise
    except Exception:
        engine.dispose()
        raise
    return Store(url, engine)


def _seed_labels(conn: Connection) -> None:
    """The default labels of a new store, inside the transaction that creates it."""
    from sqlalchemy import insert

    from app.models import Label
    from app.store.schema import default_labels

    rows = [
        {"name": d["name"], "kind": d.get("kind", "entity"), "color": d.get("color", "#888888"),
         "hotkey": d.get("hotkey") or None, "description": d.get("description", ""),
         "position": i + 1}
        for i, d in enumerate(default_labels())
    ]
    conn.execute(insert(Label), rows)


__all__ = ["Store", "open_store"]
