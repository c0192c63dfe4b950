"""The native JSON/JSONL format: schema, round trips, merges, refusals, filters."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from app import open_store
from app.bundle import Bundle
from app.errors import ImportFailed
from app.formats.native import read_json, read_jsonl, write_json, write_jsonl
from app.formats.options import ExportOptions
from app.importing import import_paths

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "article-curator.schema.json").read_text())
UNICODE_TEXT = "👩\u200d💻 Café\r\nZhengzhou 郑州 grew 38 percent 😊; e\u0301 מדינה\u2029end"


def annotate(store) -> None:
    """A few annotations, a relation, a review and a status on the sample corpus."""
    docs = sorted(store.list_documents(), key=lambda d: "Shanghai Spirit" not in d.title)
    text = store.document_text(docs[0].id)
    i = text.index("Shanghai Cooperation Organization")
    org = store.add_annotation(docs[0].id, i, i + 33, "ORG", "alice", note="the SCO")
    j = text.index("Chongqing")
    gpe = store.add_annotation(docs[0].id, j, j + 9, "GPE", "bob")
    store.add_relation(org.id, gpe.id, "located_in", "alice")
    store.add_review(org.id, "carol", "accept", "fine")
    store.set_status(docs[0].id, "done", annotator="alice")
    t1 = store.document_text(docs[1].id)
    k = t1.index("2021")
    store.add_annotation(docs[1].id, k, k + 4, "DATE", "alice", attributes={"year": 2021})
    store.add_annotation(docs[1].id, k, k + 4, "CARDINAL", "sugg", origin="suggested")


def canonical(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_export_validates_against_the_schema_and_offsets_hold(corpus_store, tmp_path):
    annotate(corpus_store)
    out = tmp_path / "out.json"
    result = write_json(corpus_store, out, ExportOptions())
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert result.documents == 5 and result.annotations == 3  # the pending suggestion is left out
    for doc in data["documents"]:
        for a in doc["annotations"]:
            assert doc["text"][a["start"] : a["end"]] == a["text"]
    first = next(d for d in data["documents"] if d["title"] == "China to push forward Shanghai Spirit")
    assert first["status"] == "done"
    assert first["statuses"] == {"alice": "done", "bob": "in_progress"}
    assert first["reviews"][0]["reviewer"] == "carol"
    assert first["relations"][0]["type"] == "located_in"


def test_round_trip_into_a_fresh_store_is_identical(corpus_store, tmp_path):
    annotate(corpus_store)
    first = tmp_path / "a.json"
    write_json(corpus_store, first, ExportOptions(include_suggestions=True))
    fresh = open_store(tmp_path / "fresh.db")
    summary = fresh.import_bundle(read_json(first))
    assert summary.imported == 5 and summary.annotations == 4
    second = tmp_path / "b.json"
    write_json(fresh, second, ExportOptions(include_suggestions=True))
    assert canonical(first) == canonical(second)
    fresh.close()


def test_unicode_round_trip_keeps_code_point_offsets(store, tmp_path):
    store.import_bundle(Bundle([{"id": "u", "title": "u", "text": UNICODE_TEXT}]))
    doc = store.find_document(uid="u")
    for word, label in (("Zhengzhou", "GPE"), ("郑州", "GPE"), ("38 percent", "PERCENT"), ("מדינה", "GPE")):
        i = UNICODE_TEXT.index(word)
        store.add_annotation(doc, i, i + len(word), label, "alice")
    for writer, reader, name in ((write_json, read_json, "u.json"), (write_jsonl, read_jsonl, "u.jsonl")):
        path = tmp_path / name
        writer(store, path, ExportOptions())
        fresh = open_store(tmp_path / f"{name}.db")
        fresh.import_bundle(reader(path))
        d = fresh.find_document(uid="u")
        assert fresh.document_text(d) == UNICODE_TEXT
        assert [(a.start, a.end, a.text, a.label) for a in fresh.annotations(d)] == [
            (a.start, a.end, a.text, a.label) for a in store.annotations(doc)
        ]
        fresh.close()


def test_importing_the_same_export_twice_changes_nothing(corpus_store, tmp_path):
    annotate(corpus_store)
    out = tmp_path / "a.json"
    write_json(corpus_store, out, ExportOptions())
    before = corpus_store.stats()
    again = corpus_store.import_bundle(read_json(out))
    assert (again.imported, again.skipped, again.annotations) == (0, 5, 0)
    assert corpus_store.stats() == before


def test_colleague_export_merges_by_sha256_keeping_annotator_names(corpus_store, tmp_path):
    colleague = open_store(tmp_path / "colleague.db")
    import_paths(colleague, [str(Path(__file__).resolve().parents[2] / "corpus")])
    d = colleague.list_documents()[2]
    t = colleague.document_text(d.id)
    i = t.index("Xi Jinping")
    colleague.add_annotation(d.id, i, i + 10, "PERSON", "dmitri")
    out = tmp_path / "colleague.json"
    write_json(colleague, out, ExportOptions())
    colleague.close()
    summary = corpus_store.import_bundle(read_json(out))
    assert (summary.imported, summary.skipped, summary.annotations) == (0, 5, 1)
    assert corpus_store.count_documents() == 5
    assert "dmitri" in [a.name for a in corpus_store.annotators()]


def test_changed_text_under_a_known_id_is_refused(store, tmp_path):
    store.import_bundle(Bundle([{"id": "doc-1", "text": "Original text."}]))
    with pytest.raises(ImportFailed, match="'doc-1' exists with a different text"):
        store.import_bundle(Bundle([{"id": "doc-1", "text": "Edited text."}], source="x.json"))


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        ({"start": 0, "end": 99, "label": "ORG"}, "out of range"),
        ({"start": -1, "end": 2, "label": "ORG"}, "out of range"),
        ({"start": 3, "end": 1, "label": "ORG"}, "empty or reversed"),
        ({"start": "0", "end": 2, "label": "ORG"}, "must be integers"),
        ({"start": 0, "end": 2, "label": "ORG", "text": "Zz"}, "covers 'Ap', not 'Zz'"),
        ({"start": 0, "end": 5, "label": "NOPE"}, "unknown label 'NOPE'"),
    ],
)
def test_bad_annotations_refuse_the_whole_file_naming_the_record(store, tmp_path, annotation, message):
    data = {
        "format": "article-curator", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
        "labels": [], "annotators": [],
        "documents": [
            {"id": "ok", "text": "Fine document."},
            {"id": "bad", "text": "Apple and Sony", "annotations": [{"start": 0, "end": 5, "label": "ORG"}, annotation]},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ImportFailed, match=message) as err:
        store.import_bundle(read_json(path))
    assert "bad.json: document 'bad' (2), annotation 2" in str(err.value)
    assert store.count_documents() == 0 and store.count_annotations() == 0


def test_skip_bad_spans_imports_the_rest_with_warnings(store):
    bundle = Bundle([{"id": "d", "text": "Apple and Sony", "annotations": [
        {"start": 0, "end": 5, "label": "ORG", "text": "Apple"},
        {"start": 0, "end": 5, "label": "ORG", "text": "Sony!"},
    ]}], source="in.json")
    s = store.import_bundle(bundle, skip_bad_spans=True)
    assert s.annotations == 1 and "skipped" in s.warnings[0]


def test_malformed_and_foreign_json_are_refused_clearly(store, tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('{"format": "article-curator", "version": 1, "documents": [')
    with pytest.raises(ImportFailed, match="broken.json: file: malformed JSON"):
        read_json(p)
    p.write_text('{"format": "article-curator", "version": 7, "documents": []}')
    with pytest.raises(ImportFailed, match="version 7 is not supported"):
        read_json(p)
    p.write_text("[1, 2]")
    with pytest.raises(ImportFailed, match="not an Article Curator export"):
        read_json(p)
    lines = tmp_path / "broken.jsonl"
    lines.write_text('{"id": "a", "text": "ok"}\n{"id": "b", "text": \n')
    with pytest.raises(ImportFailed, match="broken.jsonl: line 2: malformed JSON"):
        store.import_bundle(read_jsonl(lines))
    assert store.count_documents() == 0


def test_jsonl_has_one_document_per_line(corpus_store, tmp_path):
    annotate(corpus_store)
    out = tmp_path / "out.jsonl"
    write_jsonl(corpus_store, out, ExportOptions())
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA["$defs"]["document"] | {"$defs": SCHEMA["$defs"]})


def test_filters(corpus_store, tmp_path):
    annotate(corpus_store)

    def export(**kw):
        out = tmp_path / "f.json"
        write_json(corpus_store, out, ExportOptions(**kw))
        return json.loads(out.read_text())["documents"]

    anns = lambda docs: sorted((a["label"], a["annotator"]) for d in docs for a in d["annotations"])  # noqa: E731
    assert anns(export(annotators=["bob"])) == [("GPE", "bob")]
    assert anns(export(labels=["ORG", "DATE"])) == [("DATE", "alice"), ("ORG", "alice")]
    assert [d["status"] for d in export(statuses=["in_progress"])] == ["in_progress"]
    assert sorted(d["status"] for d in export(statuses=["done", "in_progress"])) == ["done", "in_progress"]
    uid = corpus_store.list_documents()[1].uid
    assert [d["id"] for d in export(documents=[uid])] == [uid]
    assert ("CARDINAL", "sugg") in anns(export(include_suggestions=True))
    assert ("CARDINAL", "sugg") not in anns(export())


def test_export_is_atomic_when_it_fails(corpus_store, tmp_path, monkeypatch):
    out = tmp_path / "keep.json"
    out.write_text("previous export")
    import app.formats.native as native

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(native, "iter_documents", boom)
    with pytest.raises(OSError, match="No space left"):
        write_json(corpus_store, out, ExportOptions())
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []
