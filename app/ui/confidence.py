"""Low-confidence suggestions (issue 16): the detector's ``confidence`` and ``confidence_note``.

The figure detector marks a suggestion it is unsure of with ``confidence: "low"`` (or
"medium") and a note of why (docs/figures.md). A *pending* low-confidence suggestion is drawn
with a wavy amber underline under its bold text (``SpanHighlighter``), and its note is said in
the span's tooltip and in the details panel header. Accepted spans are drawn as any other:
the curator has looked at them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOW = "low"
DOUBT_COLOR = "#d97706"  # amber: reads on light and dark pages, unlike any label's fill


def is_low(attrs: Mapping[str, Any]) -> bool:
    """Whether the detector was unsure of this suggestion."""
    return attrs.get("confidence") == LOW


def confidence_line(attrs: Mapping[str, Any]) -> str:
    """"low confidence: <note>" for an unsure suggestion (any level given), "" when none."""
    level = attrs.get("confidence")
    if not level:
        return ""
    note = attrs.get("confidence_note")
    return f"{level} confidence: {note}" if note else f"{level} confidence"
