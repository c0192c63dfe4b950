"""CoNLL-2003-style BIO (IOB2), export only: ``token<TAB>tag`` per line, a blank line between
sentences, ``-DOCSTART-<TAB>O`` and a blank line at the start of each document.

Tokens and sentences come from ``app.text.tokenize``. The format holds one tag per token, so:
overlapping spans are resolved longest first (then leftmost), the others dropped and counted in
a warning; a token is tagged when it overlaps a kept span (spans not on token boundaries are
counted too); an entity is restarted with ``B-`` at a sentence start. Lossy by nature: no
offsets, no white space, no annotators.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Any

from app.atomic import atomic_open
from app.formats.interchange import tick
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store
from app.text.tokenize import iter_tokens, sentences


def conll_label(label: str) -> str:
    """A label as one CoNLL column: runs of white space become ``_`` (as in the brat export),
    since readers such as nltk's ConllCorpusReader split columns on any white space."""
    return re.sub(r"\s+", "_", label.strip()) or "_"


def resolve_overlaps(anns: list[dict[str, Any]]) -> tuple[list[tuple[int, int, str]], int]:
    """Non-overlapping ``(start, end, label)`` spans, longest first; and how many were dropped.

    The same span and label from several annotators counts once (not as an overlap).
    """
    spans = sorted({(a["start"], a["end"], a["label"]) for a in anns}, key=lambda s: (s[0] - s[1], s[0], s[2]))
    kept: list[tuple[int, int, str]] = []
    dropped = 0
    for s in spans:
        if any(s[0] < k[1] and k[0] < s[1] for k in kept):
            dropped += 1
        else:
            kept.append(s)
    return sorted(kept), dropped


def tag_document(text: str, spans: list[tuple[int, int, str]]) -> tuple[list[list[tuple[str, str]]], int]:
    """Sentences of ``(token, tag)``; and the number of spans not on token boundaries."""
    starts = [s[0] for s in spans]
    misaligned: set[tuple[int, int, str]] = set()
    out: list[list[tuple[str, str]]] = []
    for s_start, s_end in sentences(text):
        rows: list[tuple[str, str]] = []
        prev: tuple[int, int, str] | None = None
        for t0, t1 in iter_tokens(text, s_start, s_end):
            i = bisect_left(starts, t1) - 1
            span = spans[i] if i >= 0 and spans[i][0] < t1 and t0 < spans[i][1] else None
            if span is None:
                rows.append((text[t0:t1], "O"))
                prev = None
                continue
            if t0 < span[0] or t1 > span[1] or (span != prev and t0 != span[0]):
                misaligned.add(span)
            rows.append((text[t0:t1], ("I-" if span == prev else "B-") + span[2]))
            prev = span
        if rows:
            out.append(rows)
    return out, len(misaligned)


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    dropped = misaligned = 0
    renamed: dict[str, str] = {}
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
        for doc in iter_documents(store, opts):
            kept, n_dropped = resolve_overlaps(doc["annotations"])
            dropped += n_dropped
            for _s, _e, label in kept:
                if conll_label(label) != label:
                    renamed.setdefault(label, conll_label(label))
            kept = [(s, e, conll_label(label)) for s, e, label in kept]
            sents, n_mis = tag_document(doc["text"], kept)
            misaligned += n_mis
            fh.write("-DOCSTART-\tO\n\n")
            for rows in sents:
                fh.write("".join(f"{tok}\t{tag}\n" for tok, tag in rows))
                fh.write("\n")
            result.documents += 1
            result.annotations += len(kept)
            tick(progress, result.documents, total)
    if dropped:
        result.warnings.append(
            f"{dropped} overlapping span(s) dropped (CoNLL holds one tag per token; longest kept first)")
    for label, mapped in renamed.items():
        result.warnings.append(f"label {label!r} written as {mapped!r} (CoNLL columns cannot hold white space)")
    if misaligned:
        result.warnings.append(
            f"{misaligned} span(s) do not fall on token boundaries (tagged on every token they touch)")
    return result


register(Format("conll", "CoNLL-2003 BIO (token<TAB>tag), export only", ".conll", None, write, None))
