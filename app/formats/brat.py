"""brat standoff: a folder (or .zip) of ``NAME.txt`` + ``NAME.ann`` pairs and an
``annotation.conf`` generated from the label schema.

Layout of an export: ``annotation.conf`` at the top; one sub-folder per annotator holding the
pairs of the documents that annotator worked on (brat finds the conf in a parent folder);
documents without annotations at the top. ``NAME`` comes from the title, sanitised. The
``.txt`` is the stored text encoded as UTF-8 with no newline translation, so brat's offsets
(code points of the .txt) are exactly ours, ``\\r\\n`` included. A span that crosses a line
break is written as fragments (``0 5;6 11``), as brat does.

Import: every ``.ann`` below a folder or in a .zip, with its ``.txt``; T (entities), A and M
(attributes), # (notes) and R (relations) lines; E, N and * lines are ignored. The annotator
is the sub-folder's name, else the ``--annotator`` default. A discontinuous span becomes the
span from its first fragment's start to its last fragment's end.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import orjson

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
from app.formats.query import count_documents, iter_documents, labels_of
from app.formats.registry import Format, register
from app.store.store import Progress, Store

_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x0b\x0c\x85]")
_TOKEN = re.compile(r"^\S+$")


def brat_type(name: str) -> str:
    """brat types and attribute names cannot hold white space."""
    return re.sub(r"\s+", "_", name.strip()) or "_"


def brat_value(value: Any) -> str | None:
    """An attribute value as one brat token, or None when it cannot be one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return orjson.dumps(value).decode()
    if isinstance(value, str) and _TOKEN.match(value):
        return value
    return None


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks (brat's .ann lines cannot hold them), blank pieces dropped."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:end].strip() or not out:
        out.append((pos, end) if pos < end else (start, end))
    return out


def _ann_text(doc: dict[str, Any], anns: list[dict[str, Any]], result: ExportResult,
              attr_values: dict[str, set[str]]) -> tuple[str, dict[str, str]]:
    text = doc["text"]
    lines: list[str] = []
    tids: dict[str, str] = {}
    a_n = note_n = 0
    for a in anns:
        tid = f"T{len(tids) + 1}"
        tids[a["id"]] = tid
        frags = fragments(text, a["start"], a["end"])
        if len(frags) > 1 or frags[0] != (a["start"], a["end"]):
            result.warnings.append(
                f"{doc['id']}: span {a['start']}-{a['end']} {a['label']} crosses a line break or has "
                f"blank edges: written as fragments {';'.join(f'{s} {e}' for s, e in frags)}")
        offs = ";".join(f"{s} {e}" for s, e in frags)
        covered = " ".join(text[s:e] for s, e in frags)
        if brat_type(a["label"]) != a["label"]:
            result.warnings.append(f"label {a['label']!r} written as brat type {brat_type(a['label'])!r}")
        lines.append(f"{tid}\t{brat_type(a['label'])} {offs}\t{covered}")
        for key, value in sorted((a["attributes"] or {}).items()):
            v = brat_value(value)
            if v is None:
                note_n += 1
                lines.append(f"#{note_n}\tAnnotatorNotes {tid}\t{key}={orjson.dumps(value).decode()}")
                continue
            a_n += 1
            lines.append(f"A{a_n}\t{brat_type(key)} {tid} {v}")
            attr_values[brat_type(key)].add(v)
        if a["note"]:
            note_n += 1
            if any(ch in a["note"] for ch in "\r\n\t"):
                result.warnings.append(
                    f"{doc['id']}: note on span {a['start']}-{a['end']} {a['label']} holds line breaks or "
                    f"tabs: flattened to spaces in its brat # line")
            lines.append(f"#{note_n}\tAnnotatorNotes {tid}\t{' '.join(a['note'].split())}")
    return "\n".join(lines) + ("\n" if lines else ""), tids


def write(store: Store, path: Path, opts: ExportOptions, progress: Progress | None = None) -> ExportResult:
    result = ExportResult()
    total = count_documents(store, opts)
    used_dirs: set[str] = {"annotation.conf"}
    dirs: dict[str, str] = {}
    rel_types: set[str] = set()
    attr_values: dict[str, set[str]] = defaultdict(set)
    with Outbox(path) as out:
        names: set[str] = set()
        for doc in iter_documents(store, opts):
            stem = safe_stem(doc["title"] or doc["id"], names)
            by_annotator: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for a in doc["annotations"]:
                by_annotator[a["annotator"]].append(a)
            data = doc["text"].encode("utf-8")
            if not by_annotator:
                out.write(f"{stem}.txt", data)
                out.write(f"{stem}.ann", b"")
            owner = {a["id"]: a["annotator"] for a in doc["annotations"]}
            for name, anns in sorted(by_annotator.items()):
                if name not in dirs:
                    dirs[name] = safe_stem(name, used_dirs, fallback="annotator")
                folder = dirs[name]
                if folder != name:
                    result.warnings.append(f"annotator {name!r} written to folder {folder!r}")
                ann_text, tids = _ann_text(doc, anns, result, attr_values)
                r_lines: list[str] = []
                for r in doc["relations"]:
                    if owner.get(r["from"]) != name:
                        continue
                    if r["to"] not in tids:
                        result.warnings.append(
                            f"{doc['id']}: relation {r['type']} links annotations of two annotators (not written)")
                        continue
                    rel_types.add(brat_type(r["type"]))
                    r_lines.append(f"R{len(r_lines) + 1}\t{brat_type(r['type'])} "
                                   f"Arg1:{tids[r['from']]} Arg2:{tids[r['to']]}\n")
                out.write(f"{folder}/{stem}.txt", data)
                out.write(f"{folder}/{stem}.ann", (ann_text + "".join(r_lines)).encode("utf-8"))
            result.documents += 1
            result.annotations += len(doc["annotations"])
            tick(progress, result.documents, total)
        out.write("annotation.conf", conf(store, rel_types, attr_values).encode("utf-8"))
    result.warnings = list(dict.fromkeys(result.warnings))
    return result


def conf(store: Store, rel_types: set[str], attr_values: dict[str, set[str]]) -> str:
    labels = labels_of(store)
    lines = ["# generated by Article Curator from its label schema", "[entities]"]
    lines += [brat_type(lb["name"]) for lb in labels]
    lines += ["", "[relations]"]
    lines += [f"{t}\tArg1:<ENTITY>, Arg2:<ENTITY>" for t in sorted(rel_types)]
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]"]
    lines += [f"{k}\tArg:<ENTITY>, Value:{'|'.join(sorted(v))}" for k, v in sorted(attr_values.items())]
    return "\n".join(lines) + "\n"


# -- import -------------------------------------------------------------------------------


def parse_ann(ann: str, text: str, where: str, annotator: str | None) -> dict[str, Any]:
    """The annotations and relations of one .ann file (``where`` names it in errors)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    digest = uuid.uuid5(uuid.NAMESPACE_URL, f"brat:{sha}")
    spans: dict[str, dict[str, Any]] = {}
    rels: list[dict[str, Any]] = []
    pending: list[tuple[int, str, list[str]]] = []
    for n, line in enumerate(ann.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        lwhere = f"{where}: line {n}"
        tag = line[0]
        parts = line.split("\t", 2)
        if tag == "T":
            if len(parts) < 2:
                raise ImportFailed(f"{lwhere}: a T line needs ID<TAB>TYPE START END<TAB>TEXT")
            head = parts[1].split(" ", 1)
            if len(head) != 2 or not head[0]:
                raise ImportFailed(f"{lwhere}: expected TYPE START END, got {parts[1]!r}")
            frags = []
            for frag in head[1].split(";"):
                se = frag.split()
                if len(se) != 2 or not all(re.fullmatch(r"[0-9]+", x) for x in se):
                    raise ImportFailed(f"{lwhere}: bad offsets {head[1]!r} (expected START END[;START END...])")
                frags.append((int(se[0]), int(se[1])))
            start, end = frags[0][0], frags[-1][1]
            a: dict[str, Any] = {"id": str(uuid.uuid5(digest, f"{annotator}:{parts[0]}")), "start": start,
                                 "end": end, "label": head[0], "annotator": annotator, "origin": "imported",
                                 "_where": f"{lwhere} ({parts[0]})"}
            if len(frags) == 1 and len(parts) > 2:
                a["text"] = parts[2]
            elif (len(parts) > 2 and all(0 <= s <= e <= len(text) for s, e in frags)
                  and " ".join(text[s:e] for s, e in frags) != parts[2]):
                a["text"] = parts[2]  # a mismatch: the ingest reports it
            if parts[0] in spans:
                raise ImportFailed(f"{lwhere}: duplicate id {parts[0]}")
            spans[parts[0]] = a
        elif tag in "AMR#":
            pending.append((n, line, parts))
        elif tag in "ENE*":
            continue
        else:
            raise ImportFailed(f"{lwhere}: unknown annotation line {line[:40]!r} (expected T, A, M, R, #, E, N or *)")
    for n, line, parts in pending:
        lwhere = f"{where}: line {n}"
        tag = line[0]
        fields = parts[1].split() if len(parts) > 1 else []
        if tag in "AM":
            if len(fields) not in (2, 3):
                raise ImportFailed(f"{lwhere}: expected NAME TARGET [VALUE], got {parts[1:]!r}")
            target = spans.get(fields[1])
            if target is None:
                continue  # an attribute of an event or relation: not kept
            raw = fields[2] if len(fields) == 3 else True
            target.setdefault("attributes", {})[fields[0]] = _value(raw)
        elif tag == "R":
            if len(fields) != 3 or not fields[1].startswith("Arg1:") or not fields[2].startswith("Arg2:"):
                raise ImportFailed(f"{lwhere}: expected TYPE Arg1:ID Arg2:ID, got {parts[1:]!r}")
            src, dst = spans.get(fields[1][5:]), spans.get(fields[2][5:])
            if src is None or dst is None:
                raise ImportFailed(f"{lwhere}: relation links unknown ids {fields[1][5:]} / {fields[2][5:]}")
            rels.append({"id": str(uuid.uuid5(digest, f"{annotator}:{parts[0]}")), "type": fields[0],
                         "from": src["id"], "to": dst["id"], "annotator": annotator})
        else:  # '#'
            if len(fields) != 2:
                continue
            target = spans.get(fields[1])
            if target is None:
                continue
            note = parts[2] if len(parts) > 2 else ""
            key, eq, val = note.partition("=")
            if eq and re.fullmatch(r"\w+", key):
                try:
                    target.setdefault("attributes", {})[key] = orjson.loads(val)
                    continue
                except orjson.JSONDecodeError:
                    pass
            target["note"] = f"{target['note']}\n{note}" if target.get("note") else note
    return {"annotations": list(spans.values()), "relations": rels}


def _value(raw: Any) -> Any:
    if raw is True or not isinstance(raw, str):
        return raw
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", raw):
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return raw
        return value if value == value and abs(value) != float("inf") else raw
    return raw


def read(path: Path) -> Bundle:
    root = str(path)
    files = dict(iter_tree(path, (".ann", ".txt")))
    anns = sorted(k for k in files if k.lower().endswith(".ann"))
    if not anns:
        raise ImportFailed(f"{root}: no .ann files (not a brat folder)")
    docs: dict[str, dict[str, Any]] = {}
    for rel in anns:
        txt_rel = rel[:-4] + ".txt"
        where = f"{root}/{rel}"
        if txt_rel not in files:
            raise ImportFailed(f"{where}: no matching {Path(txt_rel).name}")
        text = utf8(files[txt_rel], f"{root}/{txt_rel}")
        parsed = parse_ann(utf8(files[rel], where), text, where, annotator_folder(rel))
        doc = docs.get(text)
        if doc is None:
            doc = docs[text] = {"text": text, "title": None, "source": Path(txt_rel).name,
                                "annotations": [], "relations": []}
        for a in parsed["annotations"]:  # errors name the file and line under the source
            a["_where"] = a["_where"].removeprefix(f"{root}/")
        doc["annotations"] += parsed["annotations"]
        doc["relations"] += parsed["relations"]
    for d in docs.values():
        if d["title"] is None:
            d.pop("title")
    bundle = Bundle(list(docs.values()), source=root)
    bundle.total = len(docs)  # type: ignore[attr-defined]
    return bundle


def detect(path: Path) -> bool:
    if path.is_dir():
        return tree_has(path, ".ann")
    return path.suffix.lower() == ".zip" and tree_has(path, ".ann")


register(Format("brat", "brat standoff (folder or .zip of .txt + .ann)", "", read, write, detect))
