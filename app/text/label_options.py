"""Per-label options (``labels.options``, migration 0004): JSON, ``{}`` meaning every default.

- ``cross_paragraphs`` (default off): a span of this label may cross a paragraph break (a blank
  line); off, the editor refuses such a selection with :data:`app.text.paragraphs.REFUSAL`.
- ``keep_possessive`` (default off): snapping keeps a trailing possessive "'s" on an entity
  span of this label ("China's" stays "China's"); off, it is left out.
"""

from __future__ import annotations

from typing import Any

from app.errors import ValidationError

DEFAULTS: dict[str, bool] = {"cross_paragraphs": False, "keep_possessive": False}


def normalise(options: Any) -> dict[str, bool]:
    """The options to store: known keys, booleans, defaults left out (a clear error else)."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise ValidationError(f"label options must be an object, not {options!r}")
    if bad := sorted(set(options) - set(DEFAULTS)):
        raise ValidationError(f"unknown label option(s) {bad}; known: {sorted(DEFAULTS)}")
    out = {}
    for k, v in options.items():
        if not isinstance(v, bool):
            raise ValidationError(f"label option {k} must be true or false, not {v!r}")
        if v != DEFAULTS[k]:
            out[k] = v
    return out


def option(options: dict[str, Any] | None, name: str) -> bool:
    """The option's value (its default when the label does not set it)."""
    return bool((options or {}).get(name, DEFAULTS[name]))


__all__ = ["DEFAULTS", "normalise", "option"]
