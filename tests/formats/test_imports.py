"""Imports of files as other tools write them, HTML/Markdown articles, detection, and hostile
input (file + line errors, nothing half-imported)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from formats_util import DATA, counts

from app.cli import main
from app.errors import CuratorError, ImportFailed
from app.formats.registry import FORMATS, detect
from app.importing import import_paths


def _spans(store, uid_or_index=0):  # type: ignore[no-untyped-def]
    infos = store.list_documents()
    info = infos[uid_or_index]
    text = store.document_text(info.id)
    return text, sorted((a.start, a.end, a.label, a.annotator, a.origin, a.text)
                        for a in store.annotations(info.id))


# -- foreign files ------------------------------------------------------------------------


def test_doccano_label_and_labels_forms(store) -> None:  # type: ignore[no-untyped-def]
    summary = import_paths(store, [str(DATA / "doccano_label.jsonl")], default_annotator="kim")
    assert summary.imported == 2 and summary.annotations == 6
    assert sorted(summary.added_labels) == ["MISC"]
    _, first = _spans(store, 0)
    assert [(s[2], s[5], s[3]) for s in first] == [("ORG", "EU", "kim"), ("MISC", "German", "kim"),
                                                   ("NORP", "British", "kim")]
    _, second = _spans(store, 1)
    assert [(s[0], s[1], s[5], s[3]) for s in second] == [
        (0, 15, "Peter Blackburn", "dana"), (22, 24, "李明", "dana"), (28, 34, "Zürich", "dana")]


def test_doccano_entities_form_with_relations(store) -> None:  # type: ignore[no-untyped-def]
    path = DATA / "doccano_entities.jsonl"
    assert detect(path).name == "doccano"
    import_paths(store, [str(path)], default_annotator="kim")
    (info,) = store.list_documents()
    anns = store.annotations(info.id)
    assert [(a.text, a.label) for a in anns] == [("Google", "ORG"), ("September 4, 1998", "DATE")]
    (rel,) = store.relations(info.id)
    assert (store.get_annotation(rel.from_id).text, rel.type) == ("Google", "foundedAt")
    again = import_paths(store, [str(path)], default_annotator="kim")  # idempotent, relation too
    assert again.annotations == 0 and len(store.relations(info.id)) == 1


def test_labelstudio_real_export(store) -> None:  # type: ignore[no-untyped-def]
    path = DATA / "labelstudio_real.json"
    assert detect(path).name == "labelstudio"
    summary = import_paths(store, [str(path)], default_annotator="kim")
    assert summary.imported == 2
    assert sorted(summary.added_labels) == ["TOPIC"]
    text, spans = _spans(store, 0)
    assert [(s[5], s[2], s[3], s[4]) for s in spans] == [
        ("China", "GPE", "user 1", "imported"),
        ("digital economy", "TOPIC", "ner-v2", "suggested"),  # a prediction: a pending suggestion
        ("39 trillion yuan", "MONEY", "user 1", "imported"),
        ("$6 trillion", "MONEY", "erin@example.org", "imported"),
    ]
    info = store.list_documents()[0]
    money = next(a for a in store.annotations(info.id) if a.text == "39 trillion yuan")
    assert money.attributes == {"value": 39000000000000, "comment": "yuan, not dollars"}
    (rel,) = store.relations(info.id)
    assert rel.type == "measures" and store.get_annotation(rel.to_id).text == "China"
    assert import_paths(store, [str(path)]).annotations == 0


def test_labelstudio_annotator_default_when_no_completed_by(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "t.json"
    p.write_text(json.dumps([{"data": {"text": "Sony 😊 grew"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 4, "text": "Sony", "labels": ["ORG"]}}]}]}]))
    import_paths(store, [str(p)], default_annotator="kim")
    assert _spans(store)[1][0][3] == "kim"


def test_brat_foreign_folder(store) -> None:  # type: ignore[no-untyped-def]
    path = DATA / "brat_foreign"
    assert detect(path).name == "brat"
    import_paths(store, [str(path)], default_annotator="kim")
    text, spans = _spans(store)
    assert text == (path / "news.txt").read_text(encoding="utf-8")
    assert [(s[0], s[1], s[2], s[3]) for s in spans] == [
        (0, 10, "ORG", "kim"), (11, 58, "EVENT", "kim"), (18, 26, "ORG", "kim"), (31, 41, "MONEY", "kim")]
    info = store.list_documents()[0]
    by_text = {a.text: a for a in store.annotations(info.id)}
    assert by_text["Beta Ltd"].attributes == {"Negated": True}
    assert by_text["€3 million"].attributes == {"Unit": "EUR"}
    assert by_text["€3 million"].note == "check the rate"
    (rel,) = store.relations(info.id)
    assert rel.type == "Acquired"


def test_webannotsv_inception_file_with_astral_characters(store) -> None:  # type: ignore[no-untyped-def]
    path = DATA / "webannotsv_inception.tsv"
    assert detect(path).name == "webannotsv"
    import_paths(store, [str(path)], default_annotator="kim")
    text, spans = _spans(store)
    assert text == "😊 New York 𝔘 met A_B. Ok."
    assert [(s[0], s[1], s[2], s[5]) for s in spans] == [
        (2, 10, "GPE", "New York"), (2, 10, "LOC", "New York"), (17, 20, "ORG", "A_B")]


def test_w3c_reanchors_when_the_text_drifted(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((DATA / "golden" / "w3c.jsonld").read_text(encoding="utf-8"))
    doc = data["documents"][0]
    doc["value"] = "UPDATE: " + doc["value"].replace("paid", "paid out")  # positions drift
    del doc["curator:id"]
    p = tmp_path / "drift.jsonld"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_paths(store, [str(p)])
    text, spans = _spans(store)
    assert text.startswith("UPDATE: ")
    assert [(s[5], s[2]) for s in spans] == [("Sony", "ORG"), ("$5 billion", "MONEY"), ("東京", "GPE")]
    assert all(text[s[0]:s[1]] == s[5] for s in spans)


def test_w3c_quote_not_found_is_refused_unless_skipped(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((DATA / "golden" / "w3c.jsonld").read_text(encoding="utf-8"))
    data["documents"][0]["value"] = data["documents"][0]["value"].replace("Sony", "Sany")
    del data["documents"][0]["curator:id"]
    p = tmp_path / "bad.jsonld"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = counts(store)
    with pytest.raises(ImportFailed, match=r"bad.jsonld.*'Sany', not 'Sony'"):
        import_paths(store, [str(p)])
    assert counts(store) == before
    summary = import_paths(store, [str(p)], skip_bad_spans=True)
    assert summary.annotations == 2 and len(summary.warnings) == 1


def test_mismatching_span_text_refused_unless_skipped(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "t.json"
    p.write_text(json.dumps([{"data": {"text": "Sony grew"}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 4, "text": "Sany", "labels": ["ORG"]}},
        {"id": "b", "type": "labels", "value": {"start": 5, "end": 9, "text": "grew", "labels": ["EVENT"]}}]}]}]))
    with pytest.raises(ImportFailed, match=r"t.json: .*span 0-4 covers 'Sony', not 'Sany'"):
        import_paths(store, [str(p)])
    assert store.count_documents() == 0
    summary = import_paths(store, [str(p)], skip_bad_spans=True)
    assert summary.annotations == 1 and "skipped" in summary.warnings[0]


# -- HTML and Markdown --------------------------------------------------------------------


HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Xi &amp; the digital economy</title>
<style>body{color:red}</style><script>document.write("evil")</script>
<meta property="article:published_time" content="2023-09-07T08:00:00Z"></head>
<body><!-- a comment --><nav>Home</nav><h1>Digital  economy</h1>
<p>China&#x27;s output grew <b>10%</b>.<br>Second line 😊.</p><div>東京 news</div>
<ul><li>one</li><li>two</li></ul><noscript>enable js</noscript><img src="http://example.org/x.png">
<script src="https://example.org/tracker.js"></script></body></html>"""


def test_html_import_visible_text_only(store, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import socket

    def no_network(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the HTML importer must not fetch anything")

    monkeypatch.setattr(socket, "create_connection", no_network)
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    summary = import_paths(store, [str(p)])  # no --format: detected by suffix
    assert summary.imported == 1 and not summary.failed
    info = store.list_documents()[0]
    text = store.document_text(info.id)
    assert text == ("Home\n\nDigital economy\n\nChina's output grew 10%.\nSecond line 😊.\n\n"
                    "東京 news\n\none\ntwo")
    assert info.title == "Xi & the digital economy"
    assert info.published == "2023-09-07"
    for bad in ("evil", "color", "comment", "enable js", "tracker"):
        assert bad not in text


def test_htm_and_md_and_folder_dispatch(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.htm").write_text("<p>Alpha</p><p>Beta</p>", encoding="utf-8")
    (tmp_path / "in" / "b.md").write_text("# Markdown *title*\r\n\r\nBody with **bold**.\r\n", encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text("Plain text", encoding="utf-8")
    summary = import_paths(store, [str(tmp_path / "in")])
    assert summary.imported == 3 and not summary.failed
    texts = {d.title: store.document_text(d.id) for d in store.list_documents()}
    assert texts["Alpha"] == "Alpha\n\nBeta"
    assert texts["Markdown *title*"] == "# Markdown *title*\r\n\r\nBody with **bold**.\r\n"  # as text


def test_cli_import_with_format_and_annotator(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "c.db")
    rc = main(["--db", db, "--annotator", "kim", "import", "--format", "doccano",
               str(DATA / "doccano_label.jsonl")])
    assert rc == 0
    assert "imported 2 document(s)" in capsys.readouterr().out
    out = tmp_path / "o.conll"
    assert main(["--db", db, "export", "--format", "conll", "-o", str(out)]) == 0
    assert "B-PERSON" in out.read_text(encoding="utf-8")
    rc = main(["--db", db, "import", "--format", "conll", str(out)])
    assert rc == 1 and "can be exported but not imported" in capsys.readouterr().err


# -- hostile input ------------------------------------------------------------------------


HOSTILE = [
    ("doccano", "x.jsonl", '{"text": "ok", "label": []}\n{"text": "Sony", "label": [[0, 4]]}\n',
     r"x.jsonl: line 2: label 1: expected \[start, end, \"LABEL\"\]"),
    ("doccano", "x.jsonl", '{"text": "ok", "label": []}\n\n{"text": "Sony", "label": [[0, 4, "ORG"]]\n',
     r"x.jsonl: line 3: malformed JSON"),
    ("doccano", "x.jsonl", '{"text": "a", "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}],'
     ' "relations": [{"from_id": 1, "to_id": 9, "type": "r"}]}\n', r"x.jsonl: line 1: relation 1"),
    ("labelstudio", "x.json", '[{"data": {"text": "Sony"}, "annotations": []}, {"id": 7, "data": {"text": "b"}, '
     '"annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": "0", "end": 1, "labels": ["X"]}}]}]}]',
     r"x.json: task 2 \(id 7\), annotation 1, result 1: value.start and value.end must be integers"),
    ("labelstudio", "x.json", '[{"data": {"text": "Sony"}, "annotations": []},', r"x.json: malformed JSON"),
    ("w3c", "x.jsonld", '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": '
     '[{"type": "Annotation", "body": "ORG", "target": {"source": "urn:x", "selector": '
     '{"type": "TextPositionSelector", "start": 0, "end": 2}}}]}', r"x.jsonld: annotation 1: its source 'urn:x'"),
]


@pytest.mark.parametrize("fmt,name,content,message", HOSTILE)
def test_hostile_files_name_file_and_line(store, tmp_path: Path, fmt, name, content, message) -> None:  # type: ignore[no-untyped-def]
    store.import_bundle(__import__("app.bundle", fromlist=["Bundle"]).Bundle([{"text": "existing"}]))
    before = counts(store)
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=message):
        import_paths(store, [str(p)], fmt=fmt)
    assert counts(store) == before


def _brat(tmp_path: Path, ann: str, txt: str = "Sony grew in Tokyo.") -> Path:
    d = tmp_path / "b"
    d.mkdir()
    (d / "doc.txt").write_text(txt, encoding="utf-8")
    (d / "doc.ann").write_text(ann, encoding="utf-8")
    return d


@pytest.mark.parametrize("ann,message", [
    ("T1\tORG 0 4\tSony\nT2\tGPE 13 x\tTokyo\n", r"doc.ann: line 2: bad offsets"),
    ("T1\tORG 0 4\tSony\nQ1\tfoo\n", r"doc.ann: line 2: unknown annotation line"),
    ("T1\tORG 0 4\tSony\nR1\tr Arg1:T1 Arg2:T9\n", r"doc.ann: line 2: relation links unknown ids"),
    ("T1\tORG 0 4\tSony\nT1\tGPE 13 18\tTokyo\n", r"doc.ann: line 2: duplicate id T1"),
])
def test_hostile_brat(store, tmp_path: Path, ann: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = counts(store)
    with pytest.raises(ImportFailed, match=message):
        import_paths(store, [str(_brat(tmp_path, ann))])
    assert counts(store) == before


def test_brat_text_mismatch_names_the_span(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = _brat(tmp_path, "T1\tGPE 13 18\tTokyo\nT2\tORG 0 4\tSany\n")
    with pytest.raises(ImportFailed, match=r": doc.ann: line 2 \(T2\): span 0-4 covers 'Sony', not 'Sany'"):
        import_paths(store, [str(d)])
    assert store.count_documents() == 0


@pytest.mark.parametrize("body,message", [
    ("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|value\n\n\n#Text=A\n1-1\t0-1\n", r"x.tsv: line 6: expected ID"),
    ("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|value\n\n\n#Text=A\n1-1\t1-0\tA\t_\n", r"x.tsv: line 6: offsets 1-0"),
    ("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|value\n\n\n#Text=AB\n1-1\tzero\tA\t_\n", r"x.tsv: line 6: bad token"),
    ("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|value\n\n\n#Text=😊\n1-1\t0-1\t😊\tORG\n", r"x.tsv: line 6: token '😊' is 2 UTF-16 unit\(s\) long but its offsets 0-1"),
])
def test_hostile_webannotsv(store, tmp_path: Path, body: str, message: str) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "x.tsv"
    p.write_text(body, encoding="utf-8")
    before = counts(store)
    with pytest.raises(ImportFailed, match=message):
        import_paths(store, [str(p)])
    assert counts(store) == before


def test_a_bad_file_among_good_ones_imports_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": [[0, 9, "ORG"]]}\n', encoding="utf-8")
    with pytest.raises(CuratorError, match="out of range"):
        import_paths(store, [str(DATA / "doccano_label.jsonl"), str(bad)], fmt="doccano")
    assert store.count_documents() == 0


def test_every_reader_and_writer_is_registered() -> None:
    for name in ("doccano", "labelstudio", "brat", "w3c", "webannotsv"):
        assert FORMATS[name].reader and FORMATS[name].writer
    for name in ("conll", "spacy", "csv"):
        assert FORMATS[name].writer and FORMATS[name].reader is None
    for name in ("html", "markdown"):
        assert FORMATS[name].reader and FORMATS[name].writer is None


def test_damaged_zip_is_refused_cleanly(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    good = tmp_path / "b.zip"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.txt", "Sony grew. " * 200)
        z.writestr("doc.ann", "T1\tORG 0 4\tSony\n")
    data = bytearray(good.read_bytes())
    data[60:90] = b"\x00" * 30  # inside the compressed .ann/.txt data
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    with pytest.raises(CuratorError):
        import_paths(store, [str(bad)], fmt="brat")
    assert store.count_documents() == 0


def test_webannotsv_absurd_offsets_refused(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "x.tsv"
    p.write_text("#FORMAT=WebAnno TSV 3.3\n#T_SP=x.NamedEntity|value\n\n\n#Text=A\n"
                 "1-1\t999999999999-1000000000000\tA\t_\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="far beyond the text"):
        import_paths(store, [str(p)])


@pytest.mark.parametrize("fmt,out_name", [("doccano", "o.jsonl"), ("labelstudio", "o.json"), ("brat", "o_brat"),
                                          ("w3c", "o.jsonld"), ("webannotsv", "o.zip")])
def test_cli_export_then_import_each_format(tmp_path: Path, capsys, fmt: str, out_name: str) -> None:  # type: ignore[no-untyped-def]
    src, dst = str(tmp_path / "src.db"), str(tmp_path / "dst.db")
    assert main(["--db", src, "--annotator", "kim", "import", str(DATA / "doccano_label.jsonl")]) == 0
    out = tmp_path / out_name
    assert main(["--db", src, "export", "--format", fmt, "-o", str(out)]) == 0
    assert "exported 2 document(s), 6 annotation(s)" in capsys.readouterr().out
    assert main(["--db", dst, "import", str(out)]) == 0  # detected
    printed = capsys.readouterr().out
    assert "imported 2 document(s)" in printed and "6 annotation(s)" in printed
