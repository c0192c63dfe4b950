"""A Bundle: what every importer produces and the store ingests, in the native JSON shape.

Document dicts have the keys of the native format (``docs/format.md``): ``text`` is required;
``id``, ``title``, ``source``, ``published``, ``status``, ``statuses``, ``metadata``,
``annotations``, ``relations`` and ``reviews`` are optional. An annotation dict needs
``start``, ``end`` and ``label``; ``text`` is checked when present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Bundle:
    documents: Iterable[dict[str, Any]]
    labels: list[dict[str, Any]] = field(default_factory=list)
    annotators: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    # labels may be added on the fly (foreign formats carry no schema)
    strict_labels: bool = False
