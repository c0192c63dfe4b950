"""Label Studio JSON (export type JSON: a list of tasks). Offsets are code points.

Export: one task per document, ``data`` holds the text and our document fields; one annotation
object per annotator (no ``completed_by``: the names go in ``data.curator_annotators``, in
annotation order); pending suggestions go into
``predictions`` (one per annotator, ``model_version`` = its name). Per-region attributes and
notes travel as extra result items with the region's id (``textarea`` ``attributes`` as JSON,
``textarea`` ``note``). Import takes annotations (origin imported) and predictions (origin
suggested); the annotator is ``data.curator_annotators`` (ours), else ``completed_by`` (a dict's email, else its username, else
``user N``), a prediction's ``model_version``, else the ``--annotator`` default.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

from app.atomic import atomic_open
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.interchange import is_pending, load_json, tick
from app.formats.options import ExportOptions, ExportResult
from app.formats.query import count_documents, iter_documents
from app.formats.registry import Format, register
from app.store.store import Progress, Store


def _results(anns: list[dict[str, Any]], rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for a in anns:
        base = {"id": a["id"], "from_name": "label", "to_name": "text"}
        span = {"start": a["start"], "end": a["end"], "text": a["text"]}
        out.append({**base, "type": "labels", "origin": "manual" if a["origin"] == "manual" else "prediction",
                    "value": {**span, "labels": [a["label"]]}})
        if a["attributes"]:
            out.append({**base, "from_name": "attributes", "type": "textarea",
                        "value": {**span, "text": [orjson.dumps(a["attributes"]).decode()]}})
        if a["note"]:
            out.append({**base, "from_name": "note", "type": "textarea", "value": {**span, "text": [a["note"]]}})
    for r in rels:
        out.append({"id": r["id"], "from_id": r["from"], "to_id": r["to"], "type": "relation",
                    "direction": "right", "labels": [r["type"]]})
    return out


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    with atomic_open(path, "wb") as fh:
        skipped_relations = 0
        fh.write(b"[\n")
        for n, doc in enumerate(iter_documents(store, opts), 1):
            done: dict[str, list[dict[str, Any]]] = defaultdict(list)
            pending: dict[str, list[dict[str, Any]]] = defaultdict(list)
            owner: dict[str, str] = {}
            for a in doc["annotations"]:
                (pending if is_pending(a) else done)[a["annotator"]].append(a)
                owner[a["id"]] = a["annotator"]
            rels: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in doc["relations"]:
                rels[owner[r["from"]]].append(r)
            task = {
                "id": n,
                "data": {"text": doc["text"], "title": doc["title"], "curator_id": doc["id"],
                         "source": doc["source"], "published": doc["published"],
                         "curator_annotators": sorted(done)},
                "meta": doc["metadata"],
                # no completed_by: a stock Label Studio refuses an email that is not a user's
                # ("Unknown annotator's email") and a user id we cannot know; it assigns the
                # importing user (unless opts.labelstudio_emails maps the name to a real user).
                # The names stay in data (kept verbatim), in annotation order.
                "annotations": [
                    {"id": k, **({"completed_by": {"email": opts.labelstudio_emails[name]}}
                                 if name in opts.labelstudio_emails else {}), "result": _results(anns, [
                        r for r in rels[name] if owner.get(r["to"]) == name and not _is_pending_id(pending.get(name, []), r)])}
                    for k, (name, anns) in enumerate(sorted(done.items()), 1)
                ],
                "predictions": [
                    {"model_version": name, "result": _results(anns, [])}
                    for name, anns in sorted(pending.items())
                ],
            }
            written = sum(1 for a in task["annotations"] for r in a["result"] if r.get("type") == "relation")
            skipped_relations += len(doc["relations"]) - written
            fh.write((b",\n" if n > 1 else b"") + orjson.dumps(task))
            result.documents += 1
            result.annotations += len(doc["annotations"])
            tick(progress, result.documents, total)
        fh.write(b"\n]\n")
    if skipped_relations:
        result.warnings.append(
            f"{skipped_relations} relation(s) not written: they link annotations of two annotators "
            "or a pending suggestion (a Label Studio relation lives in one annotation)")
    return result


def _is_pending_id(pending: list[dict[str, Any]], r: dict[str, Any]) -> bool:
    ids = {a["id"] for a in pending}
    return r["from"] in ids or r["to"] in ids


def _who(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("email", "username", "first_name"):
            if isinstance(value.get(key), str) and value[key]:
                return value[key]
        value = value.get("id")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"user {value}"
    if isinstance(value, str) and value:
        return value
    return None


def _region_id(rid: Any, digest: str, who: str | None, where: str) -> str:
    """Keep ids that are UUIDs (ours); make short Label Studio ids unique and stable."""
    if isinstance(rid, str):
        try:
            return str(uuid.UUID(rid))
        except ValueError:
            pass
    if rid is None:
        raise ImportFailed(f"{where}: a result without an id")
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"labelstudio:{digest}:{who}:{rid}"))


def _parse_results(results: Any, digest: str, who: str | None, origin: str, where: str
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(results, list):
        raise ImportFailed(f"{where}: \"result\" must be a list")
    spans: dict[str, dict[str, Any]] = {}
    extras: list[tuple[str, dict[str, Any], str]] = []
    rels: list[dict[str, Any]] = []
    for k, item in enumerate(results, 1):
        iwhere = f"{where}, result {k}"
        if not isinstance(item, dict):
            raise ImportFailed(f"{iwhere}: expected an object")
        kind = item.get("type") if isinstance(item.get("type"), str) else None
        if kind == "relation":
            labels = item.get("labels")
            if not isinstance(labels, list) or not labels:
                labels = ["related"]
            a, b = item.get("from_id"), item.get("to_id")
            if item.get("direction") == "left":
                a, b = b, a
            rels.append({"from": _region_id(a, digest, who, iwhere), "to": _region_id(b, digest, who, iwhere),
                         "type": str(labels[0]), "annotator": who})
            continue
        value = item.get("value")
        if not isinstance(value, dict):
            raise ImportFailed(f"{iwhere}: no \"value\" object")
        rid = _region_id(item.get("id"), digest, who, iwhere)
        if kind in ("labels", "hypertextlabels") or (isinstance(value.get("labels"), list) and kind != "textarea"):
            labels = value.get("labels") or value.get(kind) or []
            if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
                raise ImportFailed(f"{iwhere}: value.labels must be a non-empty list of strings")
            if type(value.get("start")) is not int or type(value.get("end")) is not int:
                raise ImportFailed(f"{iwhere}: value.start and value.end must be integers "
                                   f"(character offsets), got {value.get('start')!r}, {value.get('end')!r}")
            for j, label in enumerate(labels):
                sid = rid if j == 0 else str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rid}:{label}"))
                a = {"id": sid, "start": value["start"], "end": value["end"], "label": label,
                     "annotator": who, "origin": origin}
                if isinstance(value.get("text"), str):
                    a["text"] = value["text"]
                spans.setdefault(rid if j == 0 else sid, a)
        else:
            extras.append((rid, item, iwhere))
    for rid, item, _iwhere in extras:
        target = spans.get(rid)
        if target is None:
            continue  # a per-task control (choices about the whole text...): not a span attribute
        name = str(item.get("from_name") or item.get("type"))
        value = item["value"]
        kind = item.get("type") if isinstance(item.get("type"), str) else None
        if kind == "textarea":
            texts = value.get("text") or []
            joined = "\n".join(t for t in texts if isinstance(t, str)) if isinstance(texts, list) else str(texts)
            if name == "note":
                target["note"] = joined
            elif name == "attributes":
                try:
                    attrs = orjson.loads(joined)
                except orjson.JSONDecodeError:
                    attrs = {"attributes": joined}
                target.setdefault("attributes", {}).update(attrs if isinstance(attrs, dict) else {name: attrs})
            else:
                target.setdefault("attributes", {})[name] = joined
        elif kind is not None and kind in value:
            v = value[kind]
            if isinstance(v, list) and len(v) == 1:
                v = v[0]
            target.setdefault("attributes", {})[name] = v
    return list(spans.values()), rels


def parse_task(task: Any, where: str) -> dict[str, Any]:
    if not isinstance(task, dict):
        raise ImportFailed(f"{where}: a task must be an object")
    data = task.get("data")
    if not isinstance(data, dict):
        raise ImportFailed(f"{where}: no \"data\" object")
    text = data.get("text")
    if not isinstance(text, str):
        strings = [v for v in data.values() if isinstance(v, str)]
        if len(strings) != 1:
            raise ImportFailed(f"{where}: data has no \"text\" string")
        text = strings[0]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    anns: list[dict[str, Any]] = []
    rels: list[dict[str, Any]] = []
    for key, origin in (("annotations", "imported"), ("completions", "imported"), ("predictions", "suggested")):
        items = task.get(key) or []
        if not isinstance(items, list):
            raise ImportFailed(f"{where}: \"{key}\" must be a list")
        names = data.get("curator_annotators") if key == "annotations" else None
        for k, item in enumerate(items, 1):
            iwhere = f"{where}, {key[:-1]} {k}"
            if not isinstance(item, dict):
                raise ImportFailed(f"{iwhere}: expected an object")
            if item.get("was_cancelled"):
                continue
            who = _who(item.get("completed_by")) if origin == "imported" else (
                _who(item.get("model_version")) or _who(item.get("completed_by")))
            if isinstance(names, list) and len(names) == len(items) and isinstance(names[k - 1], str):
                who = names[k - 1] or who  # our export: the name Label Studio cannot keep
            new_anns, new_rels = _parse_results(item.get("result") or [], digest, who, origin, iwhere)
            anns += new_anns
            rels += new_rels
    for rel in rels:
        rel["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rel['from']}>{rel['to']}:{rel['type']}"))
    doc: dict[str, Any] = {"text": text, "annotations": anns, "relations": rels}
    if isinstance(data.get("curator_id"), str) and data["curator_id"]:
        doc["id"] = data["curator_id"]
    for key in ("title", "source", "published"):
        if isinstance(data.get(key), str) and data[key]:
            doc[key] = data[key]
    if isinstance(task.get("meta"), dict) and task["meta"]:
        doc["metadata"] = task["meta"]
    return doc


def read(path: Path) -> Bundle:
    name = str(path)
    data = load_json(path.read_bytes(), name)
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFailed(f"{name}: expected a JSON list of Label Studio tasks")
    docs = [parse_task(t, f"{name}: task {k} (id {t.get('id')!r})" if isinstance(t, dict) and "id" in t
                       else f"{name}: task {k}") for k, t in enumerate(data, 1)]
    bundle = Bundle(docs, source=name)
    bundle.total = len(docs)  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix.lower() != ".json":
        return False
    with path.open("rb") as fh:
        head = fh.read(8192)
    s = head.lstrip()
    return (s.startswith(b"[") or s.startswith(b"{")) and b'"data"' in head and (
        b'"annotations"' in head or b'"predictions"' in head or b'"completions"' in head)


register(Format("labelstudio", "Label Studio JSON tasks", ".json", read, write, detect))
