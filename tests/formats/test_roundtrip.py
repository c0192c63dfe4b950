"""Export -> import into a fresh store gives the same documents, spans, labels and annotators,
for every format that carries spans, on the annotated sample corpus and the hard Unicode text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from formats_util import annotator_names, label_names, populate, snapshot

from app import open_store
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS
from app.importing import import_paths

EXACT = ["doccano", "labelstudio", "brat", "w3c"]


def _as_brat(snap):  # type: ignore[no-untyped-def]
    """brat type names hold no white space: the export writes "TECH TERM" as "TECH_TERM" (with a
    warning, docs/formats.md), so that label comes back mapped; everything else is exact."""
    return {k: (text, {(s, e, label.replace(" ", "_"), who, t) for s, e, label, who, t in spans})
            for k, (text, spans) in snap.items()}


@pytest.fixture
def annotated(corpus_store):  # type: ignore[no-untyped-def]
    populate(corpus_store)
    return corpus_store


def _export(store, fmt: str, tmp_path: Path, suffix: str = "") -> Path:  # type: ignore[no-untyped-def]
    ext = FORMATS[fmt].extension or suffix
    out = tmp_path / f"export-{fmt}{ext}"
    result = FORMATS[fmt].writer(store, out, ExportOptions(include_suggestions=True), None)
    assert result.documents == store.count_documents()
    return out


@pytest.mark.parametrize("fmt", EXACT)
def test_round_trip_is_exact(annotated, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(annotated)
    assert sum(len(s) for _, s in before.values()) > 30
    spaced = "TECH TERM"
    if fmt == "brat":
        before, spaced = _as_brat(before), "TECH_TERM"
    out = _export(annotated, fmt, tmp_path)
    fresh = open_store(tmp_path / "fresh.db")
    try:
        summary = import_paths(fresh, [str(out)])
        assert not summary.failed
        assert summary.added_labels == ["TECH", spaced]  # unknown to a fresh store: added and reported
        assert snapshot(fresh) == before
        assert {"alice", "bob", "model"} <= annotator_names(fresh)
        assert {lb.replace(" ", "_") if fmt == "brat" else lb for lb in label_names(annotated)} <= label_names(fresh)
        # importing the same export again changes nothing
        again = import_paths(fresh, [str(out)])
        assert again.imported == 0 and again.annotations == 0
        assert snapshot(fresh) == before
    finally:
        fresh.close()


def test_round_trip_brat_zip(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = _export(annotated, "brat", tmp_path, ".zip")
    assert out.suffix == ".zip"  # the extension is "" for brat: add .zip
    out2 = tmp_path / "export.zip"
    FORMATS["brat"].writer(annotated, out2, ExportOptions(include_suggestions=True), None)
    fresh = open_store(tmp_path / "fresh.db")
    try:
        import_paths(fresh, [str(out2)], fmt="brat")
        assert snapshot(fresh) == _as_brat(snapshot(annotated))
    finally:
        fresh.close()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_round_trip_webannotsv(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TSV does not carry the characters between sentences: texts match up to that white
    space; every span, label and annotator is exact (UTF-16 offsets converted back)."""
    before = snapshot(annotated)
    out = tmp_path / "tsv"
    FORMATS["webannotsv"].writer(annotated, out, ExportOptions(include_suggestions=True), None)
    fresh = open_store(tmp_path / "fresh.db")
    try:
        summary = import_paths(fresh, [str(out)])
        assert summary.imported == len(before)
        after = snapshot(fresh)
        want = {_squash(t): {(s[2], s[3], s[4]) for s in spans} for t, spans in before.values()}
        got = {_squash(t): {(s[2], s[3], s[4]) for s in spans} for t, spans in after.values()}
        assert got == want
        for text, spans in after.values():
            for s, e, _, _, covered in spans:
                assert text[s:e] == covered
        hard = next(t for t in after.values() if "👩" in t[0])
        assert ("¥5 trillion", "MONEY") in {(s[4], s[2]) for s in hard[1]}
    finally:
        fresh.close()


def test_webannotsv_zip_round_trip(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "inception.zip"
    FORMATS["webannotsv"].writer(annotated, out, ExportOptions(include_suggestions=True), None)
    fresh = open_store(tmp_path / "fresh.db")
    try:
        import_paths(fresh, [str(out)])  # detected: a zip of WebAnno TSV files
        want = {(s[2], s[3], s[4]) for _, spans in snapshot(annotated).values() for s in spans}
        got = {(s[2], s[3], s[4]) for _, spans in snapshot(fresh).values() for s in spans}
        assert got == want
    finally:
        fresh.close()
