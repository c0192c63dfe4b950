"""doccano JSONL: export in the sequence-labelling ``label`` form, import ``label``/``labels``
and the ``entities``/``relations`` form. Offsets are code points.

Export line: ``{"text", "label": [[start, end, "LABEL"], ...]}`` plus our extra keys
(``curator_id``, ``title``, ``source``, ``published``, ``metadata``, and ``curator``: per span,
aligned with ``label``, its id, annotator, text, origin, review status, attributes and note;
and the relations). doccano ignores extra keys; our import uses them for a lossless round trip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from app.atomic import atomic_open
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.interchange import load_json, tick
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store

_ANN_KEYS = ("id", "annotator", "text", "origin", "review_status", "attributes", "note")


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    with atomic_open(path, "wb") as fh:
        for doc in iter_documents(store, opts):
            anns = doc["annotations"]
            line: dict[str, Any] = {
                "text": doc["text"],
                "label": [[a["start"], a["end"], a["label"]] for a in anns],
                "curator_id": doc["id"], "title": doc["title"], "source": doc["source"],
                "published": doc["published"], "metadata": doc["metadata"],
                "curator": {
                    "spans": [{k: a[k] for k in _ANN_KEYS} for a in anns],
                    "relations": [{k: r[k] for k in ("id", "type", "from", "to", "annotator")}
                                  for r in doc["relations"]],
                },
            }
            fh.write(orjson.dumps(line) + b"\n")
            result.documents += 1
            result.annotations += len(anns)
            tick(progress, result.documents, total)
    return result


def _int(v: Any) -> bool:
    return type(v) is int


def parse_line(obj: Any, where: str, default_annotator: str | None = None) -> dict[str, Any]:
    """One doccano record as a native document dict (raises ImportFailed naming ``where``)."""
    if not isinstance(obj, dict):
        raise ImportFailed(f"{where}: expected a JSON object")
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        raise ImportFailed(f"{where}: no \"text\" string")
    user = obj.get("username", obj.get("user"))
    annotator = user if isinstance(user, str) and user else default_annotator
    extra: dict[str, Any] = obj["curator"] if isinstance(obj.get("curator"), dict) else {}
    details: list[Any] = extra["spans"] if isinstance(extra.get("spans"), list) else []
    anns: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    if "entities" in obj:
        ents = obj["entities"]
        if not isinstance(ents, list):
            raise ImportFailed(f"{where}: \"entities\" must be a list")
        ids: dict[Any, str] = {}
        for k, e in enumerate(ents, 1):
            if not isinstance(e, dict) or not _int(e.get("start_offset")) or not _int(e.get("end_offset")):
                raise ImportFailed(f"{where}: entity {k}: needs integer start_offset and end_offset, got {e!r}")
            if not isinstance(e.get("label"), str) or not e["label"]:
                raise ImportFailed(f"{where}: entity {k}: needs a label string")
            key = f"{where}#e{e.get('id', k)!r}"
            ids[repr(e.get("id", k))] = key
            anns.append({"_key": key, "start": e["start_offset"], "end": e["end_offset"],
                         "label": e["label"], "annotator": annotator})
        rels = obj.get("relations") or []
        if not isinstance(rels, list):
            raise ImportFailed(f"{where}: \"relations\" must be a list")
        for k, r in enumerate(rels, 1):
            if not isinstance(r, dict) or repr(r.get("from_id")) not in ids or repr(r.get("to_id")) not in ids:
                raise ImportFailed(f"{where}: relation {k}: from_id/to_id must name entities of this line, got {r!r}")
            relations.append({"from": ids[repr(r["from_id"])], "to": ids[repr(r["to_id"])],
                              "type": str(r.get("type") or "related"), "annotator": annotator})
    else:
        spans = obj.get("label", obj.get("labels", []))
        if spans is None:
            spans = []
        if not isinstance(spans, list):
            raise ImportFailed(f"{where}: \"label\" must be a list of [start, end, label]")
        for k, s in enumerate(spans, 1):
            if not (isinstance(s, list) and len(s) == 3 and _int(s[0]) and _int(s[1]) and isinstance(s[2], str) and s[2]):
                raise ImportFailed(f"{where}: label {k}: expected [start, end, \"LABEL\"], got {s!r}")
            a: dict[str, Any] = {"start": s[0], "end": s[1], "label": s[2], "annotator": annotator}
            d = details[k - 1] if k - 1 < len(details) and isinstance(details[k - 1], dict) else None
            if d:  # our own export's details (the peers' files have none)
                for key in _ANN_KEYS:
                    if d.get(key) not in (None, ""):
                        a[key] = d[key]
            anns.append(a)
        for r in extra.get("relations") or []:
            if isinstance(r, dict):
                relations.append(dict(r))
    doc: dict[str, Any] = {"text": text, "annotations": anns, "relations": relations}
    if extra and isinstance(obj.get("curator_id"), str):
        doc["id"] = obj["curator_id"]
    for key in ("title", "source", "published"):
        if isinstance(obj.get(key), str) and obj[key]:
            doc[key] = obj[key]
    if isinstance(obj.get("metadata"), dict):
        doc["metadata"] = obj["metadata"]
    return _link_local_ids(doc)


def _link_local_ids(doc: dict[str, Any]) -> dict[str, Any]:
    """Entities-form relations name line-local ids: give those spans ids derived from the
    text and the span (stable, so importing the same file twice matches them)."""
    import hashlib
    import uuid

    digest = ""  # hashed only for a line in the entities form
    keys: dict[str, str] = {}
    for a in doc["annotations"]:
        key = a.pop("_key", None)
        if key is not None:
            digest = digest or hashlib.sha256(doc["text"].encode("utf-8")).hexdigest()
            seed = f"doccano:{digest}:{key.rsplit('#', 1)[1]}:{a['start']}:{a['end']}:{a['label']}:{a['annotator']}"
            a["id"] = keys[key] = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
        elif a.get("id") is None:
            a.pop("id", None)
    if keys:
        doc["relations"] = [
            dict(r, **{"from": keys[r["from"]], "to": keys[r["to"]],
                       "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{keys[r['from']]}>{keys[r['to']]}:{r['type']}"))})
            for r in doc["relations"]
        ]
    return doc


def read(path: Path) -> Bundle:
    name = str(path)

    def docs() -> Iterator[dict[str, Any]]:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{name}: line {n}"
                yield parse_line(load_json(line, where), where)

    return Bundle(docs(), source=name)


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".json", ".ndjson"):
        return False
    with path.open("rb") as fh:
        for line in fh:
            if line.strip():
                obj = orjson.loads(line)
                return isinstance(obj, dict) and isinstance(obj.get("text"), str) and any(
                    k in obj for k in ("label", "labels", "entities"))
    return False


register(Format("doccano", "doccano JSONL (sequence labelling)", ".jsonl", read, write, detect))
