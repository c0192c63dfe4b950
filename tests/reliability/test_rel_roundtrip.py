"""Export -> import round trips on random documents with hostile Unicode (astral characters,
combining marks, RTL and bidi controls, CRLF, lone CR, U+2028/U+2029, NUL, BOM): identical."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_util import integrity

from app import open_store
from app.bundle import Bundle
from app.formats.options import ExportOptions
from app.formats.query import iter_documents
from app.formats.registry import FORMATS
from app.importing import import_paths

PIECES = ["\r\n", "\r", "\n", "\u2029", "\u2028", "😀", "𝔘𝔫𝔦", "🇨🇳", "👩‍👩‍👧", "e\u0301", "\u0915\u094d\u0937",
          "العربية", "עברית", "\u200f", "\u202e", "\u200d", "北京", "\ufeff", "\t", "\x00", " ", "$3.5 bn"]
chars = st.characters(exclude_categories=["Cs"])
texts = st.lists(st.one_of(st.text(alphabet=chars, max_size=8), st.sampled_from(PIECES)), min_size=1,
                 max_size=25).map("".join).filter(bool)
LABELS = ["ORG", "PERSON", "GPE", "MONEY", "PERCENT"]
leaf = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(alphabet=chars, max_size=6),
                 st.floats(allow_nan=False, allow_infinity=False, width=32))
attrs = st.dictionaries(st.text(alphabet=chars, max_size=5), leaf | st.lists(leaf, max_size=3), max_size=3)


@st.composite
def documents(draw: st.DrawFn, k: int) -> dict:
    text = draw(texts)
    anns = []
    for j in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        anns.append({
            "id": f"d{k}-a{j}", "start": start, "end": end, "text": text[start:end],
            "label": draw(st.sampled_from(LABELS)), "annotator": draw(st.sampled_from(["ann", "ben", "سارة"])),
            "attributes": draw(attrs), "note": draw(st.text(alphabet=chars, max_size=10)),
            "review_status": draw(st.sampled_from(["none", "accepted"])),
        })
    doc = {"id": f"doc-{k}-{draw(st.text(alphabet=chars, max_size=4))}", "text": text,
           "title": draw(st.text(alphabet=chars, min_size=1, max_size=20)),
           "metadata": draw(attrs), "annotations": anns, "status": draw(st.sampled_from(["not_started", "done"]))}
    if len(anns) >= 2:
        doc["relations"] = [{"from": anns[0]["id"], "to": anns[1]["id"], "type": "rel", "annotator": "ann"}]
    return doc


# one text, one document (the store matches documents by sha256): keep the texts distinct
corpora = st.integers(1, 4).flatmap(lambda n: st.tuples(*[documents(k) for k in range(n)])).filter(
    lambda docs: len({d["text"] for d in docs}) == len(docs))


class _Template:
    path: Path | None = None

    @classmethod
    def copy(cls, dest: Path):  # type: ignore[no-untyped-def]
        if cls.path is None:
            cls.path = Path(tempfile.mkdtemp(prefix="roundtrip-template-")) / "t.db"
            open_store(cls.path).close()
        shutil.copyfile(cls.path, dest)
        return open_store(dest)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=corpora)
def test_native_round_trips_are_identical(docs: tuple[dict, ...]) -> None:
    with tempfile.TemporaryDirectory() as work:
        w = Path(work)
        a = _Template.copy(w / "a.db")
        try:
            a.import_bundle(Bundle(list(docs), source="random"))
            original = list(iter_documents(a, ExportOptions()))
            assert [d["text"] for d in original] == [d["text"] for d in docs]  # stored as given
            for name in ("json", "jsonl"):
                out = w / f"export.{name}"
                FORMATS[name].writer(a, out, ExportOptions(), None)
                b = _Template.copy(w / f"b-{name}.db")
                try:
                    import_paths(b, [str(out)], fmt=name)
                    assert list(iter_documents(b, ExportOptions())) == original, name
                    # and once more: importing the same export again changes nothing
                    import_paths(b, [str(out)], fmt=name)
                    assert list(iter_documents(b, ExportOptions())) == original, name
                finally:
                    b.close()
                assert integrity(w / f"b-{name}.db") == "ok"
        finally:
            a.close()


def test_own_exports_are_detected_without_format(tmp_path: Path) -> None:
    """Re-importing an export needs no --format, even when the first document is long or has
    no annotations (the JSONL detector used to look only at the first 4 KB)."""
    from app.formats.registry import detect

    a = _Template.copy(tmp_path / "a.db")
    try:
        a.import_bundle(Bundle([
            {"id": "long", "text": "Growth. " * 2000},
            {"id": "short", "text": "Alpha Corp", "annotations": [{"start": 0, "end": 5, "label": "ORG"}]},
        ]))
        for name in ("json", "jsonl"):
            out = tmp_path / f"e.{name}"
            FORMATS[name].writer(a, out, ExportOptions(), None)
            fmt = detect(out)
            assert fmt is not None and fmt.name == name
            b = _Template.copy(tmp_path / f"b-{name}.db")
            try:
                import_paths(b, [str(out)])
                assert list(iter_documents(b, ExportOptions())) == list(iter_documents(a, ExportOptions()))
            finally:
                b.close()
    finally:
        a.close()
