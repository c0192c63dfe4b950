"""Markdown articles (``.md``) imported as text, as written (markup kept, never rendered);
the title is the first heading or line without its ``#`` marks."""

from __future__ import annotations

import re
from pathlib import Path

from app.bundle import Bundle
from app.formats.registry import Format, register
from app.importing.text import read_text_file, title_of

SUFFIXES = (".md", ".markdown")


def read(path: Path) -> Bundle:
    doc = read_text_file(path)
    doc["title"] = title_of(re.sub(r"(?m)^\s{0,3}#{1,6}\s+", "", doc["text"], count=1))
    bundle = Bundle([doc], source=str(path))
    bundle.total = 1  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES


register(Format("markdown", "Markdown article (imported as text)", ".md", read, None, detect))
