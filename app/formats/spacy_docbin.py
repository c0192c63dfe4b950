"""spaCy v3 training data: a ``.spacy`` DocBin (needs the optional ``spacy`` extra).

Each document is tokenized by ``spacy.blank(lang)`` (``xx`` by default: no model download).
Spans are aligned with ``Doc.char_span(..., alignment_mode="strict")``; a span that does not
fall on token boundaries is reported in the export's warnings, never dropped silently. Every
aligned span goes to ``doc.spans["sc"]`` (which may overlap); ``doc.ents`` holds the
non-overlapping ones (longest first), the others are counted in a warning. The document's id
and title are kept in ``doc.user_data``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.atomic import atomic_open
from app.errors import CuratorError
from app.formats.interchange import tick
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store

LANG = "xx"


def _spacy() -> Any:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise CuratorError(
            "the spacy export needs spaCy: pip install 'article-curator[spacy]' (or pip install spacy)"
        ) from None
    return spacy, DocBin


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None,
          lang: str = LANG) -> ExportResult:
    spacy, DocBin = _spacy()
    from spacy.util import filter_spans

    nlp = spacy.blank(lang)
    result = ExportResult()
    total = count_documents(store, opts)
    db = DocBin(store_user_data=True)
    not_ents = 0
    for d in iter_documents(store, opts):
        doc = nlp.make_doc(d["text"])
        spans = []
        for key in sorted({(a["start"], a["end"], a["label"]) for a in d["annotations"]}):
            span = doc.char_span(key[0], key[1], label=key[2], alignment_mode="strict")
            if span is None:
                result.warnings.append(
                    f"{d['id']}: {key[2]} {d['text'][key[0]:key[1]]!r} at {key[0]}-{key[1]} does not "
                    "fall on spaCy token boundaries (not in the DocBin)")
                continue
            spans.append(span)
        doc.spans["sc"] = spans
        ents = filter_spans(spans)
        not_ents += len(spans) - len(ents)
        doc.ents = ents
        doc.user_data["curator_id"] = d["id"]
        doc.user_data["title"] = d["title"]
        db.add(doc)
        result.documents += 1
        result.annotations += len(spans)
        tick(progress, result.documents, total)
    if not_ents:
        result.warnings.append(
            f"{not_ents} overlapping span(s) are in doc.spans['sc'] only (doc.ents cannot overlap)")
    with atomic_open(path, "wb") as fh:
        fh.write(db.to_bytes())
    return result


register(Format("spacy", "spaCy DocBin (.spacy), export only", ".spacy", None, write, None))
