"""HTML articles (``.html``/``.htm``) imported as their visible text, via ``html.parser``.

Never rendered, nothing fetched: scripts, styles, templates, ``<head>`` content and comments
are dropped; block elements (p, div, h1-h6, li, tr, br, ...) become line breaks, paragraphs
are separated by a blank line; white space is collapsed except inside ``<pre>``; character
references are decoded. The title is ``<title>`` (else the first heading, else the first line).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.registry import Format, register
from app.importing.text import MAX_BYTES, decode, published_of, title_of

SUFFIXES = (".html", ".htm", ".xhtml")
HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
          "canvas", "select", "button"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}
PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol",
             "dl", "figure", "section", "article", "header", "footer", "aside", "nav", "main",
             "address", "hr", "form", "fieldset", "details"}
LINE = {"div", "br", "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "legend",
        "option", "td", "th"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.hidden = 0
        self.pre = 0
        self.title: list[str] = []
        self.in_title = False
        self.heading: list[str] | None = None
        self.first_heading = ""
        self.published: str | None = None
        self.pending = 0  # line breaks owed before the next visible text

    def _break(self, n: int) -> None:
        self.pending = max(self.pending, n)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag == "meta":
            d = dict(attrs)
            if (d.get("property") or d.get("name") or "").lower() in (
                    "article:published_time", "date", "pubdate", "dc.date") and d.get("content"):
                self.published = self.published or d["content"]
        if tag in HIDDEN and tag not in VOID:
            self.hidden += 1
            return
        if tag == "pre":
            self.pre += 1
        if tag in ("h1", "h2") and not self.first_heading:
            self.heading = []
        if tag in PARAGRAPH:
            self._break(2)
        elif tag in LINE:
            self._break(1)
        if tag in ("td", "th") and not self.pending:
            self.out.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in HIDDEN and tag not in VOID:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in ("h1", "h2") and self.heading is not None:
            self.first_heading = " ".join("".join(self.heading).split())
            self.heading = None
        if tag in PARAGRAPH:
            self._break(2)
        elif tag in LINE and tag != "br":
            self._break(1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.hidden:
            return
        if self.heading is not None:
            self.heading.append(data)
        chunk = data if self.pre else re.sub(r"[ \t\r\n\f\v]+", " ", data)
        if self.pending and not self.pre:
            chunk = chunk.lstrip(" ")
        if not chunk:
            return
        if self.pending:
            if self.out:
                self.out.append("\n" * self.pending)
            self.pending = 0
        self.out.append(chunk)

    def handle_comment(self, data: str) -> None:  # comments are never text
        return

    def text(self) -> str:
        raw = "".join(self.out)
        lines = [line.strip(" ") if "\t" not in line else line.strip() for line in raw.split("\n")]
        text = "\n".join(lines)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip("\n")


def html_to_text(markup: str) -> tuple[str, str, str | None]:
    """``(visible text, title, published)`` of an HTML page."""
    p = _Visible()
    p.feed(markup)
    p.close()
    text = p.text()
    title = " ".join("".join(p.title).split()) or p.first_heading
    return text, title, p.published


def read(path: Path) -> Bundle:
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{name}: larger than the {MAX_BYTES // 2**20} MB limit for one article")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot read ({exc.strerror})") from None
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    markup = None
    if m:
        try:
            markup = data.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            markup = None
    if markup is None:
        markup = decode(data, name)
    text, title, published = html_to_text(markup)
    if not text.strip():
        raise ImportFailed(f"{name}: no visible text")
    doc = {"text": text, "title": title or title_of(text), "source": path.name,
           "published": (published or "")[:10] or published_of(text)}
    if doc["published"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["published"]):
        doc["published"] = published_of(text)
    bundle = Bundle([doc], source=name)
    bundle.total = 1  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUFFIXES


register(Format("html", "HTML article (visible text only)", ".html", read, None, detect))
