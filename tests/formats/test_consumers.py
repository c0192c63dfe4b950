"""Exports read back the way their real consumers read them (issue 20): files written by the
real writers from a real SQLite store, parsed per the consumer's rules (/work/shared/FORMATS.md)."""

from __future__ import annotations

import re
from pathlib import Path

from app.bundle import Bundle
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS

# a CRLF, a lone CR, a tab, a backslash and a control character inside one sentence (the DATE
# span crossing the CRLF keeps it one sentence), emoji and CJK before and after
TSV_TEXT = "Sony 😊 met 東京 on Monday.\r\nCafe\u0301 Nero\rhired\tZoë\\O'Neil\x01 in 中国 👩\u200d💻 today."

# INCEpTION's Escaping.unescapeText for TSV 3.2+: the inverse of escapeText
_INCEPTION_TEXT = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\f": "\f", "\\r": "\r", "\\b": "\b",
                   **{"\\" + chr(i): chr(i) for i in range(32) if not 7 < i < 14}}


def _inception_unescape(s: str) -> str:
    pattern = "|".join(re.escape(k) for k in sorted(_INCEPTION_TEXT, key=len, reverse=True))
    return re.sub(pattern, lambda m: _INCEPTION_TEXT[m.group(0)], s)


def _u16(s: str) -> bytes:
    return s.encode("utf-16-le", "surrogatepass")


def test_webannotsv_text_lines_rebuild_the_text_as_inception_does(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.add_label("TECH", kind="entity")
    store.import_bundle(Bundle([{"id": "crlf", "title": "CRLF", "text": TSV_TEXT}], source="t"))
    doc = store.find_document(uid="crlf")
    spans = {("Monday.\r\nCafe\u0301", "DATE"), ("Nero", "ORG"), ("Zoë\\O'Neil", "PERSON"),
             ("中国", "GPE"), ("👩\u200d💻", "TECH")}
    for word, label in spans:
        s = TSV_TEXT.index(word)
        store.add_annotation(doc, s, s + len(word), label, "alice")
    out = tmp_path / "tsv"
    FORMATS["webannotsv"].writer(store, out, ExportOptions(), None)
    lines = (out / "alice" / "CRLF.tsv").read_text(encoding="utf-8").split("\n")
    assert lines[0] == "#FORMAT=WebAnno TSV 3.3"
    # INCEpTION: a sentence's text is its #Text= lines, unescaped, joined with "\n"; it starts
    # at the sentence's first token; token offsets are UTF-16 units into the document text
    sentences: list[tuple[list[str], list[list[str]]]] = []
    for line in lines:
        if line.startswith("#Text="):
            if not sentences or sentences[-1][1]:
                sentences.append(([], []))
            sentences[-1][0].append(_inception_unescape(line[6:]))
        elif line and not line.startswith("#"):
            sentences[-1][1].append(line.split("\t"))
    found: dict[str, set[tuple[int, int]]] = {}
    whole = _u16(TSV_TEXT)
    for text_lines, rows in sentences:
        stext = _u16("\n".join(text_lines))
        base = int(rows[0][1].split("-")[0])
        assert whole[base * 2:base * 2 + len(stext)] == stext  # the sentence text is exact
        for row in rows:
            b, e = (int(x) for x in row[1].split("-"))
            assert stext[(b - base) * 2:(e - base) * 2].decode("utf-16-le") == row[2].replace("\\\\", "\\")
            for cell in row[3].split("|"):
                m = re.fullmatch(r"(.+?)(?:\[(\d+)\])?", cell)
                if m and cell != "_":
                    key = f"{m.group(1)}#{m.group(2) or b}"
                    found.setdefault(key, set()).update({(b, e)})
    got = set()
    for key, units in found.items():
        b, e = min(u[0] for u in units), max(u[1] for u in units)
        got.add((whole[b * 2:e * 2].decode("utf-16-le"), key.split("#")[0]))
    assert got == spans


# -- doccano ------------------------------------------------------------------------------


def test_doccano_offsets_are_code_points_as_its_python_backend_slices(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """doccano 1.8 imports JSONL with Python's json and keeps ``[start, end]`` as Python string
    indices (code points, FORMATS.md); spans after an emoji, CJK or a CRLF must slice exactly."""
    import json

    from formats_util import populate

    populate(corpus_store)
    out = tmp_path / "d.jsonl"
    FORMATS["doccano"].writer(corpus_store, out, ExportOptions(include_suggestions=True), None)
    shifted = 0
    for raw in out.read_bytes().split(b"\n"):
        if not raw:
            continue
        line = json.loads(raw)
        text = line["text"]
        for (s, e, label), span in zip(line["label"], line["curator"]["spans"], strict=True):
            assert text[s:e] == span["text"], (label, s, e)
            shifted += len(_u16(text[:s])) // 2 != s  # UTF-16 would differ here
    assert shifted >= 3  # the emoji text really tests the unit


# -- Label Studio -------------------------------------------------------------------------


def test_labelstudio_import_rules_accept_completed_by(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Label Studio 1.23 bulk import (tasks/serializers.py): ``completed_by`` a dict needs the
    email of an existing user ("Unknown annotator's email"), an int must be a user id; absent,
    the importing user. A stock install knows none of our names: nothing it refuses is written,
    and the names stay in ``data`` (kept verbatim), aligned with ``annotations``."""
    import json

    from formats_util import populate

    populate(corpus_store)
    out = tmp_path / "ls.json"
    FORMATS["labelstudio"].writer(corpus_store, out, ExportOptions(include_suggestions=True), None)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    stock_emails: set[str] = set()  # a fresh install: only the importing user, not "alice"
    names = set()
    for task in tasks:
        for ann in task["annotations"]:
            by = ann.get("completed_by")
            assert not isinstance(by, dict) or by.get("email") in stock_emails, f"refused: {by!r}"
            assert not isinstance(by, int)  # a user id we cannot know
        assert len(task["data"]["curator_annotators"]) == len(task["annotations"])
        names |= set(task["data"]["curator_annotators"])
        for ann in task["annotations"]:
            for r in ann["result"]:
                if r.get("type") == "labels":
                    v = r["value"]
                    assert task["data"]["text"][v["start"]:v["end"]] == v["text"]  # code points
    assert {"alice", "bob"} <= names


def test_labelstudio_emails_option_maps_names_to_real_users(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    from formats_util import annotator_names, populate

    from app import open_store
    from app.importing import import_paths

    populate(corpus_store)
    out = tmp_path / "ls.json"
    opts = ExportOptions(include_suggestions=True, labelstudio_emails={"alice": "alice@example.org"})
    FORMATS["labelstudio"].writer(corpus_store, out, opts, None)
    seen: dict[str, object] = {}
    for task in json.loads(out.read_text(encoding="utf-8")):
        for name, ann in zip(task["data"]["curator_annotators"], task["annotations"], strict=True):
            seen[name] = ann.get("completed_by")
    assert seen["alice"] == {"email": "alice@example.org"}
    assert seen["bob"] is None  # not mapped: nothing Label Studio would refuse
    fresh = open_store(tmp_path / "fresh.db")
    try:  # our import still restores the names, not the emails
        import_paths(fresh, [str(out)])
        assert {"alice", "bob"} <= annotator_names(fresh)
        assert "alice@example.org" not in annotator_names(fresh)
    finally:
        fresh.close()
