"""Golden files: small hand-written files per format (tests/data/formats/golden/), compared
byte for byte with the export of a tiny fixed store, and span for span on import."""

from __future__ import annotations

from pathlib import Path

import pytest
from formats_util import DATA, GOLDEN_SPANS, GOLDEN_TEXT, golden_bundle

from app.formats.options import ExportOptions
from app.formats.registry import FORMATS
from app.importing import import_paths

GOLDEN = DATA / "golden"
FILES = {"doccano": "doccano.jsonl", "labelstudio": "labelstudio.json", "conll": "conll.conll",
         "csv": "csv.csv", "w3c": "w3c.jsonld"}
FOLDERS = {"brat": "brat", "webannotsv": "webannotsv"}


@pytest.fixture
def golden_store(store):  # type: ignore[no-untyped-def]
    store.import_bundle(golden_bundle())
    return store


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_export_matches_golden_file(golden_store, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / FILES[fmt]
    result = FORMATS[fmt].writer(golden_store, out, ExportOptions(), None)
    assert result.documents == 1 and result.annotations == 3
    if fmt == "w3c":
        assert result.warnings == ["1 relation(s) not written (W3C annotations carry no relations)"]
    else:
        assert result.warnings == []
    assert out.read_bytes() == (GOLDEN / FILES[fmt]).read_bytes()


@pytest.mark.parametrize("fmt", sorted(FOLDERS))
def test_export_matches_golden_folder(golden_store, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / fmt
    FORMATS[fmt].writer(golden_store, out, ExportOptions(), None)
    assert _tree(out) == _tree(GOLDEN / FOLDERS[fmt])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder left


@pytest.mark.parametrize("fmt,name", [("doccano", "doccano.jsonl"), ("labelstudio", "labelstudio.json"),
                                      ("w3c", "w3c.jsonld"), ("brat", "brat"), ("webannotsv", "webannotsv")])
def test_import_golden_span_for_span(store, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    path = GOLDEN / name
    assert FORMATS[fmt].detect(path)  # detected from the content, not told
    summary = import_paths(store, [str(path)])
    assert summary.imported == 1 and not summary.failed
    (info,) = store.list_documents()
    text = store.document_text(info.id)
    anns = store.annotations(info.id)
    if fmt == "webannotsv":  # TSV does not carry the "\r\n" between the two sentences
        assert text == GOLDEN_TEXT.replace("\r\n", "\n\n")
    else:
        assert text == GOLDEN_TEXT
    assert {(a.start, a.end, a.label, a.annotator) for a in anns} == GOLDEN_SPANS
    for a in anns:
        assert GOLDEN_TEXT[a.start:a.end] == a.text == text[a.start:a.end]
    if fmt in ("doccano", "labelstudio", "brat", "w3c"):
        money = next(a for a in anns if a.label == "MONEY")
        assert money.attributes == {"value": 5000000000, "unit": "USD"}
        assert money.note == "converted"
    if fmt in ("doccano", "labelstudio", "brat"):
        (rel,) = store.relations(info.id)
        assert rel.type == "paid_by" and rel.annotator == "alice"
        assert store.get_annotation(rel.from_id).label == "MONEY"
        assert store.get_annotation(rel.to_id).label == "ORG"
