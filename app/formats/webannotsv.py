"""WebAnno / INCEpTION TSV 3.3, named-entity span layer: one ``.tsv`` per document in a folder
(or .zip): ``ANNOTATOR/NAME.tsv`` per annotator, documents without annotations at the top.

Offsets in the file are **UTF-16 code units** (converted from and to code points here).
Export tokens come from ``app.text.tokenize``, cut further at span edges so every span starts
and ends on a token; sentences from ``tokenize.sentences``, merged when a span crosses them. A
span over several tokens, or stacked with another on a token, carries an id (``PER[3]``).

Import reads the ``#T_SP`` header, takes the NamedEntity ``value`` column (else the first span
layer's first feature), and rebuilds the text from the ``#Text=`` lines and the tokens at their
offsets. TSV does not carry the characters between sentences: they come back as a space (one
unit) or line breaks (more), so a re-imported text can differ from the original in white space
between sentences; spans, labels and annotators are exact.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any

from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.interchange import (
    Outbox,
    annotator_folder,
    iter_tree,
    safe_stem,
    tick,
    tree_has,
    utf8,
)
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store
from app.text.tokenize import sentences, tokens

HEADER = "#FORMAT=WebAnno TSV 3.3"
NE_LAYER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
_RESERVED = ["\\", "[", "]", "|", "_", "->", ";", "\t", "\n", "*"]
_UNESCAPE = re.compile(r"\\(->|[\\\[\]|_;*\t\n])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LABEL_ID = re.compile(r"^(.*?)(?:\[(\d+)\])?$", re.DOTALL)


# ``#Text=`` lines (TSV 3.2+), as INCEpTION's ``Escaping.escapeText``: the sentence is split at
# ``\n`` into lines; in a line, ``\t \n \f \r \b`` and ``\\`` become readable escapes, any other
# control character below 32 (except 11, vertical tab) is prefixed with a backslash.
_TEXT_ESCAPES = {i: "\\" + chr(i) for i in range(32) if not 7 < i < 14}
_TEXT_ESCAPES.update({9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r", 8: "\\b", 92: "\\\\"})
_TEXT_UNESCAPES = {v: chr(k) for k, v in _TEXT_ESCAPES.items()}
_TEXT_UNESCAPE = re.compile("|".join(re.escape(v) for v in sorted(_TEXT_UNESCAPES, key=len, reverse=True)))


def escape_text(s: str) -> str:
    return s.translate(_TEXT_ESCAPES)


def unescape_text(s: str) -> str:
    return _TEXT_UNESCAPE.sub(lambda m: _TEXT_UNESCAPES[m.group(0)], s)


def escape(s: str) -> str:
    for r in _RESERVED:
        s = s.replace(r, "\\" + r)
    return s


def unescape(s: str) -> str:
    return _UNESCAPE.sub(lambda m: m.group(1), s)


def utf16_offsets(text: str) -> list[int]:
    """``u[i]`` = UTF-16 units before code point ``i`` (``len(text) + 1`` entries)."""
    out = [0] * (len(text) + 1)
    n = 0
    for i, ch in enumerate(text):
        out[i] = n
        n += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = n
    return out


def _control_only(text: str) -> bool:
    return all(unicodedata.category(ch) == "Cc" for ch in text)


def _tokens(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Token spans cut at span edges; a token of control characters only (U+0001...) is not
    a token (its text stays in the escaped ``#Text=`` line), so no cell holds a raw one."""
    cuts = sorted({p for s, e, _ in spans for p in (s, e)})
    out: list[tuple[int, int]] = []
    for t0, t1 in tokens(text):
        pos = t0
        for c in cuts[bisect_right(cuts, t0):]:
            if c >= t1:
                break
            if text[pos:c].strip():
                out.append((pos, c))
            pos = c
        out.append((pos, t1))
    return [t for t in out if not _control_only(text[t[0]:t[1]])]


def document_tsv(text: str, spans: list[tuple[int, int, str]], where: str, warnings: list[str],
                 layout: list[tuple[int, int, str]] | None = None) -> str:
    """The TSV of one document's ``spans``; tokens and sentences are cut for ``layout`` (all
    the document's spans, so every annotator's file of a document has the same text)."""
    layout = spans if layout is None else layout
    toks = _tokens(text, layout)
    u16 = utf16_offsets(text)
    sents = [list(s) for s in sentences(text)]
    for s, e, _ in layout:  # a span across sentences joins them
        first = next((k for k, x in enumerate(sents) if x[1] > s), None)
        if first is None:
            continue
        while first + 1 < len(sents) and sents[first + 1][0] < e:
            sents[first][1] = sents.pop(first + 1)[1]
    # per token: the spans on it
    covering: dict[int, list[int]] = defaultdict(list)
    starts = [t[0] for t in toks]
    ids: dict[int, int] = {}
    for k, (s, e, label) in enumerate(spans):
        i = bisect_right(starts, s - 1)
        covered = []
        while i < len(toks) and toks[i][1] <= e:
            if toks[i][0] >= s:
                covered.append(i)
            i += 1
        if not covered:
            warnings.append(f"{where}: {label} {text[s:e]!r} at {s}-{e} covers no token (not written)")
            continue
        if toks[covered[0]][0] != s or toks[covered[-1]][1] != e:
            warnings.append(f"{where}: {label} {text[s:e]!r} at {s}-{e} has blank edges (written trimmed)")
        for i in covered:
            covering[i].append(k)
        if len(covered) > 1:
            ids[k] = 0
    for ks in covering.values():
        if len(ks) > 1:
            for k in ks:
                ids[k] = 0
    for n, k in enumerate(sorted(ids), 1):
        ids[k] = n
    lines = [HEADER, f"#T_SP={NE_LAYER}|value", "", ""]
    ti = 0
    for sn, (s0, s1) in enumerate(sents, 1):
        lines += [f"#Text={escape_text(part)}" for part in text[s0:s1].split("\n")]
        tn = 0
        while ti < len(toks) and toks[ti][0] < s1:
            t0, t1 = toks[ti]
            tn += 1
            cell = "|".join(
                escape(spans[k][2]) + (f"[{ids[k]}]" if k in ids else "") for k in covering.get(ti, [])
            ) or "_"
            lines.append(f"{sn}-{tn}\t{u16[t0]}-{u16[t1]}\t{escape(text[t0:t1])}\t{cell}")
            ti += 1
        lines.append("")
    return "\n".join(lines) + "\n"


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    used_dirs: set[str] = set()
    dirs: dict[str, str] = {}
    dropped = 0
    with Outbox(path) as out:
        names: set[str] = set()
        for doc in iter_documents(store, opts):
            stem = safe_stem(doc["title"] or doc["id"], names)
            by_annotator: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
            for a in doc["annotations"]:
                by_annotator[a["annotator"]].append((a["start"], a["end"], a["label"]))
            layout = sorted({s for spans in by_annotator.values() for s in spans})
            if not by_annotator:
                out.write(f"{stem}.tsv", document_tsv(doc["text"], [], doc["id"], result.warnings).encode())
            for name, spans in sorted(by_annotator.items()):
                if name not in dirs:
                    dirs[name] = safe_stem(name, used_dirs, fallback="annotator")
                tsv = document_tsv(doc["text"], sorted(set(spans)), doc["id"], result.warnings, layout)
                out.write(f"{dirs[name]}/{stem}.tsv", tsv.encode("utf-8"))
            dropped += len(doc["relations"]) + sum(1 for a in doc["annotations"] if a["attributes"] or a["note"])
            result.documents += 1
            result.annotations += len(doc["annotations"])
            tick(progress, result.documents, total)
    if dropped:
        result.warnings.append(
            f"{dropped} relation(s), attribute sets or notes not written (the TSV named-entity layer "
            "carries labels only)")
    return result


# -- import -------------------------------------------------------------------------------


def _column(header: list[tuple[int, str]], where: str) -> int:
    """The index (in a row's cells) of the named-entity value column."""
    col = 3
    first_span: int | None = None
    for n, line in header:
        kind, _, spec = line[1:].partition("=")
        fields = spec.split("|")
        if kind not in ("T_SP", "T_CH", "T_RL"):
            continue
        if len(fields) < 2 and kind != "T_SP":
            raise ImportFailed(f"{where}: line {n}: a layer needs features: {line!r}")
        if kind == "T_SP":
            feats = fields[1:]
            if fields[0] == NE_LAYER or fields[0].endswith(".NamedEntity"):
                return col + (feats.index("value") if "value" in feats else 0)
            if first_span is None and feats:
                first_span = col
        col += len(fields) - 1
    if first_span is None:
        raise ImportFailed(f"{where}: no span layer (#T_SP=...) in the header")
    return first_span


def parse_tsv(data: str, where: str, annotator: str | None) -> dict[str, Any]:
    lines = data.split("\n")
    if not lines or not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        raise ImportFailed(f"{where}: line 1: expected '#FORMAT=WebAnno TSV 3.x', got {lines[0][:40]!r}")
    minor = re.match(r"#FORMAT=WebAnno TSV 3\.(\d+)", lines[0])
    escaped_text = minor is not None and int(minor.group(1)) >= 2  # 3.2+: #Text= is escaped
    header: list[tuple[int, str]] = []
    sentences_: list[tuple[str, list[tuple[int, int, str, str]]]] = []
    text_lines: list[str] = []
    rows: list[tuple[int, int, str, str]] = []
    col: int | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.startswith("#T_"):
            header.append((n, line))
            continue
        if line.startswith("#Text="):
            if rows:
                sentences_.append(("\n".join(text_lines), rows))
                text_lines, rows = [], []
            text_lines.append(unescape_text(line[6:]) if escaped_text else line[6:])
            continue
        if not line.strip() or line.startswith("#"):
            continue
        if col is None:
            col = _column(header, where)
        cells = line.rstrip("\t").split("\t")
        if len(cells) < 3:
            raise ImportFailed(f"{where}: line {n}: expected ID<TAB>BEGIN-END<TAB>TOKEN..., got {line[:60]!r}")
        m = re.fullmatch(r"(\d+)-(\d+)", cells[1])
        if not re.fullmatch(r"\d+-\d+(\.\d+)?", cells[0]) or not m:
            raise ImportFailed(f"{where}: line {n}: bad token id or offsets {cells[0]!r} {cells[1]!r}")
        b, e = int(m.group(1)), int(m.group(2))
        if e < b:
            raise ImportFailed(f"{where}: line {n}: offsets {b}-{e} are reversed")
        tok = unescape(cells[2])
        units = len(tok.encode("utf-16-le", "surrogatepass")) // 2
        if units != e - b:
            raise ImportFailed(f"{where}: line {n}: token {tok!r} is {units} UTF-16 unit(s) long but "
                               f"its offsets {b}-{e} span {e - b} (offsets must count UTF-16 units)")
        rows.append((b, e, tok, cells[col] if col < len(cells) else "_"))
        if not text_lines:
            raise ImportFailed(f"{where}: line {n}: a token before any #Text= line")
    if rows:
        sentences_.append(("\n".join(text_lines), rows))
    # the text, in UTF-16 units: tokens at their offsets, the #Text characters between them
    size = max((r[1] for _, rs in sentences_ for r in rs), default=0)
    if size > 2 * len(data) + 1024:
        raise ImportFailed(f"{where}: token offsets up to {size} point far beyond the text the file holds")
    buf = bytearray(" ".encode("utf-16-le") * size)
    prev_end = 0
    for stext, rs in sentences_:
        if rs[0][0] - prev_end >= 2:  # between sentences: unknown, line breaks
            buf[prev_end * 2:rs[0][0] * 2] = "\n".encode("utf-16-le") * (rs[0][0] - prev_end)
        cursor, last = 0, None
        for b, e, tok, _ in rs:
            enc = tok.encode("utf-16-le", "surrogatepass")
            if len(enc) == (e - b) * 2:
                buf[b * 2:e * 2] = enc
            found = stext.find(tok, cursor) if tok else -1
            if found != -1 and last is not None and b >= last:
                gap = stext[cursor:found]
                units = len(gap.encode("utf-16-le", "surrogatepass")) // 2
                if units < b - last <= units + gap.count("\n"):
                    # a CRLF (or CR) was written as one #Text line break: restore the width
                    gap = gap.replace("\n", "\r\n", b - last - units)
                genc = gap.encode("utf-16-le", "surrogatepass")
                if len(genc) == (b - last) * 2:
                    buf[last * 2:b * 2] = genc
            if found != -1:
                cursor = found + len(tok)
            last = e
        prev_end = max(r[1] for r in rs)
    try:
        text = bytes(buf).decode("utf-16-le")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{where}: token offsets split a character (UTF-16 unit {exc.start // 2})") from None
    u16 = utf16_offsets(text)
    cp = {u: i for i, u in enumerate(u16)}
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spans: dict[str, dict[str, Any]] = {}
    for _, rs in sentences_:
        for b, e, _, cell in rs:
            if cell in ("_", "*", ""):
                continue
            for part in _CELL_SPLIT.split(cell):
                m = _LABEL_ID.match(part)
                assert m is not None
                label, num = unescape(m.group(1)), m.group(2)
                if label in ("_", "*", ""):
                    continue
                key = f"{label}[{num}]" if num else f"{label}@{b}"
                s = spans.get(key)
                if s is None:
                    spans[key] = {"b": b, "e": e, "label": label}
                else:
                    s["b"], s["e"] = min(s["b"], b), max(s["e"], e)
    anns = []
    for key, s in spans.items():
        if s["b"] not in cp or s["e"] not in cp:
            raise ImportFailed(f"{where}: {s['label']} at UTF-16 {s['b']}-{s['e']} splits a character")
        anns.append({"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"webannotsv:{digest}:{annotator}:{key}")),
                     "start": cp[s["b"]], "end": cp[s["e"]], "label": s["label"], "annotator": annotator,
                     "origin": "imported"})
    return {"text": text, "annotations": anns}


def read(path: Path) -> Bundle:
    root = str(path)
    if path.is_file() and path.suffix.lower() == ".tsv":
        files = [(path.name, path.read_bytes())]
        root = str(path.parent)
    else:
        files = list(iter_tree(path, (".tsv",)))
    if not files:
        raise ImportFailed(f"{root}: no .tsv files")
    docs: dict[str, dict[str, Any]] = {}
    for rel, data in files:
        where = f"{root}/{rel}"
        doc = parse_tsv(utf8(data, where), where, annotator_folder(rel))
        if not doc["text"].strip():
            raise ImportFailed(f"{where}: no tokens")
        if doc["text"] in docs:
            docs[doc["text"]]["annotations"] += doc["annotations"]
        else:
            doc["source"] = Path(rel).stem
            docs[doc["text"]] = doc
    bundle = Bundle(list(docs.values()), source=str(path))
    bundle.total = len(docs)  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    head = b"#FORMAT=WebAnno TSV 3"
    if path.is_file() and path.suffix.lower() == ".tsv":
        with path.open("rb") as fh:
            return fh.read(len(head) + 3).lstrip(b"\xef\xbb\xbf").startswith(head)
    return (path.is_dir() or path.suffix.lower() == ".zip") and tree_has(path, ".tsv", head)


register(Format("webannotsv", "WebAnno/INCEpTION TSV 3.3 (named entities)", "", read, write, detect))
