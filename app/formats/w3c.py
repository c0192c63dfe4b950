"""W3C Web Annotation Data Model (JSON-LD): an ``AnnotationCollection`` whose first page holds
one ``Annotation`` per span.

Each target has a ``TextPositionSelector`` (code points) and a ``TextQuoteSelector``
(``exact`` with 32 characters of ``prefix``/``suffix``); its ``source`` is
``urn:sha256:<hash of the text>``. The texts travel in the collection's ``documents`` list
(``Text`` resources with ``id`` = that urn and ``value`` = the text), so the file imports on its
own. On import a span whose position no longer covers its quote (the text drifted) is
re-anchored: the occurrence of ``exact`` with the best prefix/suffix match, nearest the old
position. Bodies: ``tagging`` (the label), ``commenting`` (the note); ``creator`` is the
annotator; attributes are in ``curator:attributes``.

The ``@context`` is the W3C context plus an inline extension (:data:`CURATOR_CONTEXT`) that
defines every ``curator:`` term, so JSON-LD processors keep them all: ``curator:attributes`` is
a JSON literal (``@json``), kept whole. The collection and its page have content-derived ids
(``urn:curator:export:<sha256 of the items and documents>``), written after their contents.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from app.atomic import atomic_open
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.interchange import load_json, strip_id, tick, urn_of
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: the extension context for the terms the W3C context does not define (JSON-LD 1.1)
CURATOR_CONTEXT: dict[str, Any] = {
    "@version": 1.1,
    "curator": "urn:curator:vocab:",
    "documents": {"@id": "curator:documents", "@container": "@set"},
    "title": "dcterms:title",
    "published": "curator:published",
    "curator:attributes": {"@id": "curator:attributes", "@type": "@json"},
}
CONTEXT_LEN = 32


def annotation(doc: dict[str, Any], a: dict[str, Any]) -> dict[str, Any]:
    text, s, e = doc["text"], a["start"], a["end"]
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": a["label"]}]
    if a["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": a["note"]})
    out: dict[str, Any] = {
        "id": urn_of(a["id"]), "type": "Annotation", "motivation": "tagging",
        "creator": {"type": "Person", "name": a["annotator"]},
        "created": a["created_at"], "modified": a["updated_at"],
        "body": body,
        "target": {"source": f"urn:sha256:{doc['sha256']}", "selector": [
            {"type": "TextPositionSelector", "start": s, "end": e},
            {"type": "TextQuoteSelector", "exact": text[s:e],
             "prefix": text[max(0, s - CONTEXT_LEN):s], "suffix": text[e:e + CONTEXT_LEN]},
        ]},
    }
    if a["attributes"]:
        out["curator:attributes"] = a["attributes"]
    if a["origin"] != "manual" or a["review_status"] != "none":
        out["curator:origin"] = a["origin"]
        out["curator:review_status"] = a["review_status"]
    return out


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    docs: list[bytes] = []
    digest = hashlib.sha256()
    with atomic_open(path, "wb") as fh:
        fh.write(orjson.dumps({"@context": [CONTEXT, CURATOR_CONTEXT], "type": "AnnotationCollection",
                               "label": "Article Curator export"})[:-1])
        fh.write(b',\n"first":{"type":"AnnotationPage","items":[\n')
        n = relations = 0
        for doc in iter_documents(store, opts):
            for a in doc["annotations"]:
                item = orjson.dumps(annotation(doc, a))
                digest.update(item)
                fh.write((b",\n" if n else b"") + item)
                n += 1
            docs.append(orjson.dumps({
                "id": f"urn:sha256:{doc['sha256']}", "type": "Text", "format": "text/plain",
                "curator:id": doc["id"], "title": doc["title"], "curator:source": doc["source"],
                "published": doc["published"], "value": doc["text"],
            }))
            digest.update(docs[-1])
            relations += len(doc["relations"])
            result.documents += 1
            result.annotations += len(doc["annotations"])
            tick(progress, result.documents, total)
        cid = f"urn:curator:export:{digest.hexdigest()}"
        fh.write(b"\n],\n" + orjson.dumps({"id": f"{cid}:page:1", "partOf": cid})[1:] + b',\n"total":'
                 + str(n).encode() + b',\n"documents":[\n')
        fh.write(b",\n".join(docs))
        fh.write(b'\n],\n"id":' + orjson.dumps(cid) + b"}\n")
    if relations:
        result.warnings.append(f"{relations} relation(s) not written (W3C annotations carry no relations)")
    return result


# -- import -------------------------------------------------------------------------------


def _score(text: str, i: int, exact: str, prefix: str, suffix: str) -> int:
    """How many characters of prefix (backwards) and suffix (forwards) match at ``i``."""
    n = 0
    for a, b in zip(reversed(prefix), reversed(text[max(0, i - len(prefix)):i]), strict=False):
        if a != b:
            break
        n += 1
    j = i + len(exact)
    for a, b in zip(suffix, text[j:j + len(suffix)], strict=False):
        if a != b:
            break
        n += 1
    return n


def anchor(text: str, start: int | None, end: int | None, exact: str | None, prefix: str = "",
           suffix: str = "") -> tuple[int, int] | None:
    """Where the span is in ``text``: the position when it still covers ``exact``, else the
    best-matching occurrence of ``exact`` (prefix/suffix, then nearest); None if not found."""
    if start is not None and end is not None and (exact is None or text[start:end] == exact):
        return start, end
    if not exact:
        return None
    hits = []
    i = text.find(exact)
    while i != -1:
        hits.append(i)
        i = text.find(exact, i + 1)
    if not hits:
        return None
    best = max(hits, key=lambda h: (_score(text, h, exact, prefix, suffix), -abs(h - (start or 0))))
    return best, best + len(exact)


def _selectors(target: Any, where: str) -> tuple[str | None, dict[str, Any], dict[str, Any]]:
    if isinstance(target, list):
        target = target[0] if target else None
    if isinstance(target, str):
        raise ImportFailed(f"{where}: the target has no selector (a whole-resource annotation)")
    if not isinstance(target, dict):
        raise ImportFailed(f"{where}: no target object")
    sel = target.get("selector") or []
    if not isinstance(sel, list):
        sel = [sel]
    pos = next((x for x in sel if isinstance(x, dict) and x.get("type") == "TextPositionSelector"), {})
    quote = next((x for x in sel if isinstance(x, dict) and x.get("type") == "TextQuoteSelector"), {})
    if not pos and not quote:
        raise ImportFailed(f"{where}: needs a TextPositionSelector or a TextQuoteSelector")
    return target.get("source"), pos, quote


def parse_annotation(obj: Any, texts: dict[str, str], where: str) -> tuple[str, dict[str, Any]]:
    """``(source, native annotation)`` of one W3C annotation."""
    if not isinstance(obj, dict) or obj.get("type") not in ("Annotation", "oa:Annotation"):
        raise ImportFailed(f"{where}: expected an object of type Annotation")
    source, pos, quote = _selectors(obj.get("target"), where)
    if not isinstance(source, str) or source not in texts:
        raise ImportFailed(f"{where}: its source {source!r} is not among the file's documents")
    text = texts[source]
    bodies = obj.get("body") or []
    if not isinstance(bodies, list):
        bodies = [bodies]
    label = note = None
    for b in bodies:
        if isinstance(b, str):
            label = label or b
        elif isinstance(b, dict) and isinstance(b.get("value"), str):
            if b.get("purpose") in ("commenting", "describing"):
                note = b["value"]
            elif label is None:
                label = b["value"]
    if not label:
        raise ImportFailed(f"{where}: no tagging body with the label")
    start, end = pos.get("start"), pos.get("end")
    for v in (start, end):
        if v is not None and type(v) is not int:
            raise ImportFailed(f"{where}: TextPositionSelector start/end must be integers, got {v!r}")
    exact = quote.get("exact") if isinstance(quote.get("exact"), str) else None
    spot = anchor(text, start, end, exact, str(quote.get("prefix") or ""), str(quote.get("suffix") or ""))
    creator = obj.get("creator")
    who = creator.get("name") or creator.get("nickname") if isinstance(creator, dict) else creator
    a: dict[str, Any] = {"label": label, "annotator": who if isinstance(who, str) else None}
    if spot is None:  # the quote is nowhere: let the ingest report the mismatch
        a.update(start=start if start is not None else 0, end=end if end is not None else 0, text=exact)
    else:
        a.update(start=spot[0], end=spot[1])
        if exact is not None:
            a["text"] = exact
    aid = strip_id(obj.get("id"))
    if aid:
        a["id"] = aid
    if note:
        a["note"] = note
    if isinstance(obj.get("curator:attributes"), dict):
        a["attributes"] = obj["curator:attributes"]
    for key in ("origin", "review_status"):
        if isinstance(obj.get(f"curator:{key}"), str):
            a[key] = obj[f"curator:{key}"]
    for key, src in (("created_at", "created"), ("updated_at", "modified")):
        if isinstance(obj.get(src), str):
            a[key] = obj[src]
    return source, a


def read(path: Path) -> Bundle:
    name = str(path)
    data = load_json(path.read_bytes(), name)
    items: Any
    resources: Any
    if isinstance(data, list):
        items, resources = data, []
    elif isinstance(data, dict):
        page = data.get("first") if data.get("type") == "AnnotationCollection" else data
        if isinstance(page, dict) and page.get("type") == "AnnotationPage":
            items = page.get("items")
        elif data.get("type") in ("Annotation", "oa:Annotation"):
            items = [data]
        else:
            raise ImportFailed(f"{name}: not a W3C Annotation, AnnotationPage or AnnotationCollection")
        resources = data.get("documents") or []
    else:
        raise ImportFailed(f"{name}: expected a JSON object or list")
    if not isinstance(items, list) or not isinstance(resources, list):
        raise ImportFailed(f"{name}: 'items' and 'documents' must be lists")
    docs: dict[str, dict[str, Any]] = {}
    for k, r in enumerate(resources, 1):
        where = f"{name}: document {k}"
        if not isinstance(r, dict) or not isinstance(r.get("value"), str):
            raise ImportFailed(f"{where}: needs a \"value\" with the text")
        text = r["value"]
        urn = r.get("id") if isinstance(r.get("id"), str) else None
        sha = "urn:sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        doc: dict[str, Any] = {"text": text, "annotations": []}
        if isinstance(r.get("curator:id"), str):
            doc["id"] = r["curator:id"]
        for key, src in (("title", "title"), ("source", "curator:source"), ("source", "source"),
                         ("published", "published")):
            if key not in doc and isinstance(r.get(src), str) and r[src]:
                doc[key] = r[src]
        docs[sha] = doc
        if urn and urn != sha:
            docs[urn] = doc  # the text drifted from its hash: annotations are re-anchored
    for k, obj in enumerate(items, 1):
        source, a = parse_annotation(obj, {u: d["text"] for u, d in docs.items()},
                                     f"{name}: annotation {k}" + (f" ({obj.get('id')})" if isinstance(obj, dict) and obj.get("id") else ""))
        docs[source]["annotations"].append(a)
    unique = list({id(d): d for d in docs.values()}.values())
    bundle = Bundle(unique, source=name)
    bundle.total = len(unique)  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in (".json", ".jsonld"):
        return False
    with path.open("rb") as fh:
        head = fh.read(8192)
    return b"anno.jsonld" in head or b'"TextQuoteSelector"' in head or b'"AnnotationCollection"' in head


register(Format("w3c", "W3C Web Annotation JSON-LD", ".jsonld", read, write, detect))
