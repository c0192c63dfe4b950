"""The one place a store location is made safe to show, log or keep: no password, ever.

Pure string work (no SQLAlchemy): the window masks the URL in "Opening …" before the store
and SQLAlchemy load. The password goes wherever a URL may carry it: ``user:PASSWORD@host`` (as
SQLAlchemy parses it: up to the first ``@``) and a ``password=`` query parameter.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "***"
_USERINFO = re.compile(r"^(?P<head>[\w+.-]+://[^:/@?#]*:)(?P<password>[^@]*)(?P<tail>@.*)$", re.S)
_QUERY = re.compile(r"(?P<head>[?&]password=)(?P<password>[^&#]*)", re.I)


def passwords(location: str) -> list[str]:
    """The password(s) in ``location`` as written and decoded (empty when there is none)."""
    found = []
    m = _USERINFO.match(location)
    if m and m.group("password"):
        found.append(m.group("password"))
    found += [q.group("password") for q in _QUERY.finditer(location) if q.group("password")]
    return [p for raw in found for p in dict.fromkeys((raw, unquote(raw)))]


def mask_url(location: str) -> str:
    """``location`` with any password replaced by ``***`` (a path or a URL without one: as is)."""
    if "://" not in location:
        return location
    m = _USERINFO.match(location)
    if m and m.group("password"):
        location = m.group("head") + MASK + m.group("tail")
    return _QUERY.sub(lambda q: q.group("head") + MASK, location)


def mask_secrets(message: str, *locations: str) -> str:
    """``message`` (an error, a log line) with every password of ``locations`` masked."""
    for location in locations:
        for secret in sorted(passwords(location), key=len, reverse=True):
            message = message.replace(secret, MASK)
    return message


__all__ = ["MASK", "mask_secrets", "mask_url", "passwords"]
