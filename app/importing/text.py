"""Plain-text articles: decode bytes (encoding detected), title, published date."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.errors import CuratorError

MAX_BYTES = 64 * 1024 * 1024
_DATE_HINT = re.compile(
    r"(?:\bdate|\bupdated|\bpublished|\bposted)\s*:?\s*(\d{4})-(\d{2})-(\d{2})", re.IGNORECASE
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# what charset detection may answer for us; anything else is refused as undecodable
_ACCEPTED = {"gb18030", "gbk", "gb2312", "cp1252", "windows-1252", "latin_1", "iso-8859-1",
             "big5", "shift_jis", "euc_jp", "euc_kr", "cp1250", "cp1251", "utf_8", "ascii"}


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes: BOMs first, then strict UTF-8, then detection.

    Raises CuratorError for binary or undecodable content, naming the file.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise CuratorError(f"{name}: invalid {enc} after its byte-order mark at byte {exc.start}") from None
    if b"\x00" in data:
        raise CuratorError(
            f"{name}: binary content (NUL bytes) — not a text file, or UTF-16 without a byte-order mark"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    head = data[: utf8_error.start]
    if utf8_error.end == len(data) and not head.isascii() and _is_utf8(head):
        # valid UTF-8 with multi-byte characters, cut inside the last one: not another encoding
        raise CuratorError(
            f"{name}: ends in the middle of a UTF-8 character (byte {utf8_error.start} of"
            f" {len(data)}) — the file looks truncated"
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "cp1252", "big5", "shift_jis", "euc_kr",
                                          "cp1251", "cp1250"]).best()
    if best is not None and best.encoding.replace("-", "_").lower() in {a.replace("-", "_") for a in _ACCEPTED}:
        text = str(best)
        if _looks_binary(text):
            raise CuratorError(f"{name}: binary content — not a text file")
        return text
    raise CuratorError(
        f"{name}: not valid UTF-8 (byte {utf8_error.start}) and no known encoding fits — "
        "is it truncated or binary?"
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f\v")
    return controls > max(4, len(text[:4096]) // 100)


_BREADCRUMB = re.compile(r"^[^>]{0,40}(?:>[^>]{0,40}){2,}$")
_DATE_PREFIX = re.compile(r"^(?:date|updated|published)\s*:?\s*\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
# a news dateline before the story: "CHONGQING, China, Aug. 24, 2021 /PRNewswire/ -- iChongqing- ",
# "BEIJING, Sept. 6 (Xinhua) -- ", "LONDON (Reuters) - ", "Chongqing, September 6th – "
_DATELINE = re.compile(
    r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*(?:, [A-Z][\w.'’ -]*?)*"  # PLACE, Region
    rf"(?:,? {_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?)?"  # , Aug. 24, 2021
    r"\s*(?:/[^/]{1,40}/|\([^()]{1,40}\))?"  # /PRNewswire/ or (Xinhua)
    r"\s*(?:--|[–—-])\s+"
    r"(?:\w+-\s+)?"  # a source tag glued to a hyphen ("iChongqing- ")
)
# a line that is only a date and time, perhaps with page furniture: "2021-05-27 15:14:37 admin source:"
_DATE_LINE = re.compile(r"^(?:(?:date|updated|published|posted)\s*:?\s*)?\d{4}-\d{2}-\d{2}\b[\d: ]*"
                        r"(?:\S+:?\s*){0,4}$", re.IGNORECASE)
_MENU_SEPARATORS = re.compile(r"\s*[|>»/·•]\s*")
# words that make up site navigation, not headlines
_NAV_WORDS = frozenset((
    "home", "news", "index", "content", "contents", "menu", "section", "sections", "category",
    "categories", "more", "about", "contact", "login", "search", "english", "中文", "top", "latest",
    "archive", "archives", "subscribe", "share",
))
TITLE_MAX = 120


def is_navigation(line: str) -> bool:
    """A site's navigation or breadcrumb line rather than a headline: parts split by ``>``, ``|``,
    ``»``, ``/`` or ``·``, or a short run of capitalised words without punctuation where a
    word repeats ("Exhibition News Industry News") or most words are navigation words."""
    if _BREADCRUMB.match(line):
        return True
    parts = [p for p in _MENU_SEPARATORS.split(line) if p]
    if len(parts) >= 3 and all(len(p) <= 30 for p in parts):
        return True
    words = line.split()
    if not 2 <= len(words) <= 8 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    lowered = [w.lower() for w in words]
    nav = sum(w in _NAV_WORDS for w in lowered)
    return (len(set(lowered)) < len(lowered) and nav > 0) or nav * 2 > len(words)


def strip_dateline(line: str) -> str:
    """``line`` without a leading ``date YYYY-MM-DD`` and a news dateline ("CHONGQING, China, Aug.
    24, 2021 /PRNewswire/ -- "); the line itself when nothing would remain."""
    rest = _DATE_PREFIX.sub("", line)
    m = _DATELINE.match(rest)
    if m and (m.group(0).count(",") or re.search(r"[/(]|\d", m.group(0)) or m.group(0).split()[0].isupper()):
        rest = rest[m.end():]
    return rest or line


def title_of(text: str) -> str:
    """The first line that reads as a headline, trimmed.

    Navigation and breadcrumb lines ("Home > News > Content", "Exhibition News Industry News") and
    lines that are only a date are passed over; a leading ``date YYYY-MM-DD`` and a news dateline
    are dropped; a line that is really a paragraph is cut at a word boundary with an ellipsis.
    """
    first = None
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        first = first or line
        if is_navigation(line) or _DATE_LINE.match(line):
            continue
        line = strip_dateline(line)
        if len(line) > TITLE_MAX:
            cut = line[:TITLE_MAX].rsplit(" ", 1)[0]
            line = cut.rstrip(",;:-–— ") + "…"
        return line
    return first or "(untitled)"


DATE_WINDOW = 2000  # characters at the top of an article where its date is looked for
_HINT_LENGTHS = (4, 6, 7, 9)  # date, posted, updated, published


def published_of(text: str) -> str | None:
    """A publication date the text carries near its top (``date 2021-08-24``, ``Updated:...``).

    The first ``DATE_WINDOW`` characters are searched: a date after a hint word first, else
    the first bare ISO date. Same answer as ``_DATE_HINT.search(head) or
    _ISO_DATE.search(head)``, but both regexes are tried only where a date can start (four
    characters before a ``-``), found with ``str.find``: a text without dates costs
    microseconds instead of two regex scans of the whole window.
    """
    head = text[:DATE_WINDOW]
    m = _first_hint(head) or _first_iso(head)
    if not m:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 <= y <= 2200):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _date_starts(head: str) -> Iterator[int]:
    """Positions where ``\\d{4}-`` may start, in order: four before each ``-`` after a digit."""
    p = head.find("-", 4)
    while p != -1:
        if head[p - 1].isdecimal():
            yield p - 4
        p = head.find("-", p + 1)


def _first_hint(head: str) -> re.Match[str] | None:
    """The leftmost ``_DATE_HINT`` match of ``head``.

    Between a hint word and its date there are only white space and one colon, never a
    digit, so hint matches are ordered like their dates: the first date that a hint word
    precedes gives the leftmost match.
    """
    for s in _date_starts(head):
        e = s  # walk back over ``\\s*:?\\s*`` to where the hint word would end
        while e > 0 and head[e - 1].isspace():
            e -= 1
        if e > 0 and head[e - 1] == ":":
            e -= 1
            while e > 0 and head[e - 1].isspace():
                e -= 1
        for n in _HINT_LENGTHS:
            if e >= n:
                m = _DATE_HINT.match(head, e - n)
                if m is not None and m.start(1) == s:
                    return m
    return None


def _first_iso(head: str) -> re.Match[str] | None:
    """The leftmost ``_ISO_DATE`` match of ``head`` (the regex itself checks each candidate)."""
    for s in _date_starts(head):
        m = _ISO_DATE.match(head, s)
        if m is not None:
            return m
    return None


def read_text_file(path: Path, display: str | None = None) -> dict[str, Any]:
    """A native document dict for one text file."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CuratorError(
                f"{name}: {size / 1e6:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit for one article"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CuratorError(f"{name}: cannot read ({exc.strerror})") from None
    if not data:
        raise CuratorError(f"{name}: empty file")
    text = decode(data, name)
    if not text.strip():
        raise CuratorError(f"{name}: contains only white space")
    return {
        "title": title_of(text), "source": path.name, "published": published_of(text), "text": text,
    }
