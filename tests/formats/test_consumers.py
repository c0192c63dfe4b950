"""Exports read back the way their real consumers read them (issue 20): files written by the
real writers from a real SQLite store, parsed per the consumer's rules (/work/shared/FORMATS.md)."""

from __future__ import annotations

import os
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


def _inception_value(s: str) -> str:
    """INCEpTION's Escaping.unescapeValue: a backslash before a reserved character drops."""
    return re.sub(r"\\(->|[\\\[\]|_;*\t\n])", lambda m: m.group(1), s)


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
    assert _inception_spans((out / "alice" / "CRLF.tsv").read_text(encoding="utf-8"), TSV_TEXT) == spans


def test_webannotsv_rebuilds_every_span_of_the_shared_store(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same rebuild on the store every consumer test reads (spaced label, nested spans,
    emoji, CJK, a CRLF-crossing span): each annotator's file gives back their spans."""
    from formats_util import populate

    populate(corpus_store)
    checked = 0
    for info in corpus_store.list_documents():  # one export per document: one file per annotator
        out = tmp_path / f"tsv{info.id}"
        FORMATS["webannotsv"].writer(corpus_store, out, ExportOptions(
            include_suggestions=True, documents=[str(info.id)]), None)
        text = corpus_store.document_text(info.id)
        by: dict[str, set[tuple[str, str]]] = {}
        for a in corpus_store.annotations(info.id, suggestions=True):
            by.setdefault(a.annotator, set()).add((a.text, a.label))
        for who, spans in by.items():
            (path,) = out.glob(f"{who}/*.tsv")
            assert _inception_spans(path.read_text(encoding="utf-8"), text) == spans, (who, path)
            checked += len(spans)
    assert checked >= 20


def _inception_spans(tsv: str, document: str) -> set[tuple[str, str]]:
    """``{(span text, label)}`` of one TSV file, read as INCEpTION's TSV 3.x reader does."""
    lines = tsv.split("\n")
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
            cells = line.split("\t")
            assert len(cells) == 4 and not any(ord(ch) < 32 for cell in cells for ch in cell), line
            sentences[-1][1].append(cells)
    found: dict[str, set[tuple[int, int]]] = {}
    whole = _u16(document)
    for text_lines, rows in sentences:
        stext = _u16("\n".join(text_lines))
        base = int(rows[0][1].split("-")[0])
        assert whole[base * 2:base * 2 + len(stext)] == stext  # the sentence text is exact
        for row in rows:
            b, e = (int(x) for x in row[1].split("-"))
            assert stext[(b - base) * 2:(e - base) * 2].decode("utf-16-le") == _inception_value(row[2])
            for cell in row[3].split("|"):
                m = re.fullmatch(r"(.+?)(?:\[(\d+)\])?", cell)
                if m and cell != "_":
                    key = f"{_inception_value(m.group(1))}#{m.group(2) or b}"
                    found.setdefault(key, set()).update({(b, e)})
    got = set()
    for key, units in found.items():
        b, e = min(u[0] for u in units), max(u[1] for u in units)
        got.add((whole[b * 2:e * 2].decode("utf-16-le"), key.split("#")[0]))
    return got


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


def _labelstudio_python() -> str | None:
    """A Python that can import Label Studio: ``$LABEL_STUDIO_PYTHON``, the one beside a
    ``label-studio`` command on PATH, or this one."""
    import shutil
    import subprocess
    import sys

    found = shutil.which("label-studio")
    for python in (os.environ.get("LABEL_STUDIO_PYTHON"), found and str(Path(found).with_name("python")),
                   sys.executable):
        if python and Path(python).exists() and subprocess.run(
                [python, "-c", "import label_studio"], capture_output=True).returncode == 0:
            return python
    return None


def test_labelstudio_real_install_imports_the_export(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The export goes through a real Label Studio's import API (``/api/projects/<id>/import``
    on a fresh install): accepted as written, with the emails option mapping alice to a real user,
    and the old shape (``completed_by: {"email": "alice"}``) refused as the issue saw it. Skipped
    unless Label Studio (1.23.2 checked) is installed: ``uv pip install label-studio`` in its own
    venv and point ``LABEL_STUDIO_PYTHON`` at its python (~90 s: Label Studio's migrations)."""
    import json
    import subprocess

    import pytest
    from formats_util import populate

    python = _labelstudio_python()
    if python is None:
        pytest.skip("Label Studio is not installed (set LABEL_STUDIO_PYTHON)")
    populate(corpus_store)
    plain, mapped, old = tmp_path / "plain.json", tmp_path / "mapped.json", tmp_path / "old.json"
    FORMATS["labelstudio"].writer(corpus_store, plain, ExportOptions(include_suggestions=True), None)
    FORMATS["labelstudio"].writer(corpus_store, mapped, ExportOptions(
        include_suggestions=True, labelstudio_emails={"alice": "alice@example.org"}), None)
    tasks = json.loads(plain.read_text(encoding="utf-8"))
    for task in tasks:  # what the export wrote before issue 20
        for name, ann in zip(task["data"]["curator_annotators"], task["annotations"], strict=True):
            ann["completed_by"] = {"email": name}
    old.write_text(json.dumps(tasks), encoding="utf-8")
    driver = Path(__file__).with_name("labelstudio_driver.py")
    run = subprocess.run([python, str(driver), str(tmp_path / "ls"), "alice@example.org",
                          str(plain), str(mapped), str(old)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    got_plain, got_mapped, got_old = (json.loads(line) for line in run.stdout.splitlines() if line.startswith("{"))
    written = json.loads(plain.read_text(encoding="utf-8"))
    assert got_plain["status"] == 201, got_plain["response"]
    assert got_plain["stored"]["tasks"] == len(written)
    stored = got_plain["stored"]["annotations"]
    assert len(stored) == sum(len(t["annotations"]) for t in written) >= 3
    assert {e["email"] for e in stored} == {"importer@example.org"}  # the importing user
    names = {n for e in stored for n in e["names"]}
    assert {"alice", "bob"} <= names  # kept as task data
    spans = [span for e in stored for span in e["spans"]]
    assert spans and all(e["task_text"][s:t] == text for e in stored for s, t, text, _ in e["spans"])
    assert got_plain["stored"]["predictions"] == sum(len(t.get("predictions", [])) for t in written)
    assert got_mapped["status"] == 201, got_mapped["response"]
    assert "alice@example.org" in {e["email"] for e in got_mapped["stored"]["annotations"]}
    assert got_old["status"] == 400 and "Unknown annotator's email" in got_old["response"]


# -- W3C Web Annotation -------------------------------------------------------------------

W3C_CONTEXT = Path(__file__).resolve().parents[1] / "data" / "formats" / "w3c" / "anno.jsonld"


#: keys whose values are vocabulary terms (they expand to IRIs, not kept as strings)
_TERM_KEYS = {"@context", "type", "motivation", "purpose"}


def _leaves(node: object) -> list[object]:
    """Every scalar in a JSON tree except vocabulary terms (None is "no value" in JSON-LD)."""
    if isinstance(node, dict):
        return [v for k, x in node.items() if k not in _TERM_KEYS for v in _leaves(x)]
    if isinstance(node, list):
        return [v for x in node for v in _leaves(x)]
    return [] if node is None else [node]


def test_w3c_export_expands_with_pyld_losing_nothing(corpus_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """JSON-LD expansion (pyld, the W3C context loaded from a local copy) keeps every value of
    the export: the documents, their titles and ids, and whole ``curator:attributes``."""
    import json

    from formats_util import populate
    from pyld import jsonld

    populate(corpus_store)
    out = tmp_path / "w.jsonld"
    FORMATS["w3c"].writer(corpus_store, out, ExportOptions(include_suggestions=True), None)
    data = json.loads(out.read_bytes())

    anno = json.loads(W3C_CONTEXT.read_bytes())

    def loader(url: str, options: object = None) -> dict[str, object]:
        assert url.rstrip("/").removeprefix("https://").removeprefix("http://") == "www.w3.org/ns/anno.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": anno}

    expanded = jsonld.expand(data, {"documentLoader": loader})
    kept = json.dumps(expanded, ensure_ascii=False)
    for value in _leaves(data):  # keys become IRIs; every value must survive
        if isinstance(value, str):
            assert json.dumps(value, ensure_ascii=False) in kept, f"dropped: {value!r}"
        else:
            assert str(value).lower() in kept or json.dumps(value) in kept, f"dropped: {value!r}"
    (coll,) = expanded
    assert coll["@id"].startswith("urn:curator:export:")  # the collection and its page have ids
    (page,) = coll["http://www.w3.org/ns/activitystreams#first"]
    assert page["@id"] == coll["@id"] + ":page:1"
    vocab = "urn:curator:vocab:"
    texts = coll[vocab + "documents"]
    assert len(texts) == len(data["documents"]) == len(corpus_store.list_documents())
    assert all(t[vocab + "id"] and t["http://purl.org/dc/terms/title"] for t in texts)
    money = [a for a in page["http://www.w3.org/ns/activitystreams#items"][0]["@list"]
             if vocab + "attributes" in a]
    assert money and all(a[vocab + "attributes"][0]["@type"] == "@json" for a in money)
    assert {"value": 5e12, "unit": "CNY", "qualifier": "about"} in [
        a[vocab + "attributes"][0]["@value"] for a in money]


# -- CoNLL --------------------------------------------------------------------------------


def test_conll_reads_in_nltk_conll_corpus_reader(corpus_store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """nltk's ConllCorpusReader (the strict column reader) reads every sentence of the export,
    with a spaced label, nested spans, emoji, CJK and a CRLF-crossing span in the store."""
    import nltk.data
    from formats_util import populate
    from nltk.corpus.reader import ConllCorpusReader

    monkeypatch.setattr(nltk.data, "path", [*nltk.data.path, str(tmp_path)])  # nltk reads only its data roots

    populate(corpus_store)
    out = tmp_path / "out.conll"
    FORMATS["conll"].writer(corpus_store, out, ExportOptions(include_suggestions=True), None)
    # two columns: nltk reads the tag column as "pos" (its grid reader checks the column count)
    reader = ConllCorpusReader(str(tmp_path), [out.name], columntypes=("words", "pos"))
    sents = reader.tagged_sents()
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert sum(r[0] == "-DOCSTART-" for r in rows) == len(corpus_store.list_documents())
    rows = [r for r in rows if r[0] != "-DOCSTART-"]  # nltk drops the document separators
    assert sum(len(x) for x in sents) == len(rows)  # no line lost or merged
    assert [(w, t) for sent in sents for w, t in sent] == [(w, t) for w, t in rows]
    tags = {t for _, t in rows}
    assert "B-TECH_TERM" in tags and not any(" " in t for t in tags)
    assert all(re.fullmatch(r"O|[BI]-\S+", t) for t in tags)
