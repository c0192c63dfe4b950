"""The label schema: the default one shipped in ``resources/labels.json``, and JSON in/out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import CuratorError

if TYPE_CHECKING:
    from app.store.store import Store

PALETTE = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
]


def _data_dir(name: str) -> Path:
    """``app/NAME`` of an installed package (``setup.py`` copies it there), else ``NAME/`` of
    the checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise CuratorError(f"the {name} folder is missing from this installation")


def resources_dir() -> Path:
    """The labels, the icon and the .desktop entry."""
    return _data_dir("resources")


def sample_corpus_dir() -> Path:
    """The five sample articles (``curator import --sample``)."""
    return _data_dir("corpus")


def next_color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def default_labels() -> list[dict[str, Any]]:
    return read_schema(resources_dir() / "labels.json")


def read_schema(path: Path) -> list[dict[str, Any]]:
    """Labels from a schema file; a clear error for anything malformed."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CuratorError(f"{path}: not a readable JSON label schema ({exc})") from None
    labels = data.get("labels") if isinstance(data, dict) else data
    if not isinstance(labels, list):
        raise CuratorError(f"{path}: expected a 'labels' list")
    seen: set[str] = set()
    for i, d in enumerate(labels):
        if not isinstance(d, dict) or not isinstance(d.get("name"), str) or not d["name"].strip():
            raise CuratorError(f"{path}: label {i + 1}: needs a name")
        if d.get("kind", "entity") not in ("entity", "figure"):
            raise CuratorError(f"{path}: label {d['name']!r}: kind must be entity or figure")
        if d["name"] in seen:
            raise CuratorError(f"{path}: label {d['name']!r} appears twice")
        seen.add(d["name"])
    return labels


def export_schema(store: Store, path: Path) -> None:
    from app.atomic import atomic_write_text

    labels = [
        {"name": lv.name, "kind": lv.kind, "color": lv.color, "hotkey": lv.hotkey,
         "description": lv.description, **({"options": lv.options} if lv.options else {})}
        for lv in store.labels()
    ]
    body = json.dumps({"format": "article-curator-labels", "version": 1, "labels": labels},
                      indent=2, ensure_ascii=False)
    atomic_write_text(path, body + "\n")


def import_schema(store: Store, path: Path) -> list[str]:
    """Add the labels of a schema file that the store lacks, update the others."""
    labels = read_schema(path)
    added = store.ensure_labels(labels)
    for d in labels:
        if d["name"] not in added:
            fields = {k: d[k] for k in ("color", "description", "options") if k in d}
            store.update_label(d["name"], **fields)
    return added
