"""Export-only checks: spaCy DocBin alignment, CoNLL tag discipline, brat re-parsed with an
independent standoff parser, file-name sanitising, filters, CSV, atomic writes."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from formats_util import HARD_TEXT, populate

from app.bundle import Bundle
from app.errors import CuratorError
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS


@pytest.fixture
def annotated(corpus_store):  # type: ignore[no-untyped-def]
    populate(corpus_store)
    return corpus_store


def _all_spans(store, pending: bool = False) -> set[tuple[str, int, int, str]]:  # type: ignore[no-untyped-def]
    out = set()
    for info in store.list_documents():
        for a in store.annotations(info.id):
            if pending or not a.pending:
                out.add((info.uid, a.start, a.end, a.label))
    return out


# -- spaCy --------------------------------------------------------------------------------


def test_spacy_docbin_loads_and_every_span_aligns(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    # a span that cannot align with spaCy's tokens: "ony" inside "Sony"
    hard = annotated.find_document(uid="hard")
    annotated.add_annotation(hard, 1, 4, "ORG", "carol")
    out = tmp_path / "train.spacy"
    result = FORMATS["spacy"].writer(annotated, out, ExportOptions(), None)
    docs = list(DocBin().from_bytes(out.read_bytes()).get_docs(spacy.blank("xx").vocab))
    assert len(docs) == annotated.count_documents() == result.documents
    reported = set()
    for w in result.warnings:
        m = re.match(r"^(\S+): (\S+) .* at (\d+)-(\d+) does not fall on spaCy token boundaries", w)
        if m:
            reported.add((m.group(1), int(m.group(3)), int(m.group(4)), m.group(2)))
    assert ("hard", 1, 4, "ORG") in reported
    seen = set()
    for doc in docs:
        uid = doc.user_data["curator_id"]
        text = annotated.document_text(annotated.find_document(uid=uid))
        assert doc.text == text
        for span in doc.spans["sc"]:
            seen.add((uid, span.start_char, span.end_char, span.label_))
            assert text[span.start_char:span.end_char] == span.text
        ents = sorted((e.start_char, e.end_char) for e in doc.ents)
        assert all(a[1] <= b[0] for a, b in zip(ents, ents[1:], strict=False))  # no overlap
    # every span is either in the DocBin or reported, none lost silently
    assert not seen & reported
    assert seen | reported == _all_spans(annotated)
    assert any("doc.spans['sc'] only" in w for w in result.warnings)  # the overlaps


def test_spacy_missing_gives_a_clear_error(annotated, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    real = builtins.__import__

    def no_spacy(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(CuratorError, match=r"needs spaCy: pip install"):
        FORMATS["spacy"].writer(annotated, tmp_path / "x.spacy", ExportOptions(), None)
    assert not (tmp_path / "x.spacy").exists()


# -- CoNLL --------------------------------------------------------------------------------


def test_conll_one_tag_per_token_bio_only(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.conll"
    result = FORMATS["conll"].writer(annotated, out, ExportOptions(), None)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "-DOCSTART-\tO"
    assert sum(1 for ln in lines if ln.startswith("-DOCSTART-")) == annotated.count_documents()
    prev = "O"
    tags = []
    for ln in lines:
        if not ln or ln.startswith("-DOCSTART-"):
            prev = "O"
            continue
        cols = ln.split("\t")
        assert len(cols) == 2 and cols[0] and not re.search(r"\s", cols[0])
        tag = cols[1]
        assert tag == "O" or re.fullmatch(r"[BI]-\S+", tag)
        if tag.startswith("I-"):
            assert prev in (f"B-{tag[2:]}", tag), f"{tag} after {prev}"
        tags.append(tag)
        prev = tag
    assert any(t.startswith("B-") for t in tags)
    # overlaps exist in the corpus (Sony / Sony 😊, digital / digital economy ...): counted
    warn = [w for w in result.warnings if "overlapping" in w]
    assert len(warn) == 1 and int(warn[0].split()[0]) >= 2


def test_conll_longest_first(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "Bank of China Ltd grew."
    store.import_bundle(Bundle([{"id": "d", "text": text, "annotations": [
        {"start": 8, "end": 13, "label": "GPE", "annotator": "a"},
        {"start": 0, "end": 17, "label": "ORG", "annotator": "b"},
    ]}]))
    out = tmp_path / "o.conll"
    result = FORMATS["conll"].writer(store, out, ExportOptions(), None)
    assert out.read_text(encoding="utf-8") == (
        "-DOCSTART-\tO\n\nBank\tB-ORG\nof\tI-ORG\nChina\tI-ORG\nLtd\tI-ORG\ngrew\tO\n.\tO\n\n")
    assert result.warnings == [
        "1 overlapping span(s) dropped (CoNLL holds one tag per token; longest kept first)"]


# -- brat ---------------------------------------------------------------------------------


def parse_standoff(ann: str) -> list[tuple[str, str, list[tuple[int, int]], str]]:
    """A minimal, independent brat T-line parser: (id, type, fragments, text)."""
    out = []
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, mid, text = line.split("\t")
            typ, offs = mid.split(" ", 1)
            frags = [(int(a), int(b)) for a, b in (f.split() for f in offs.split(";"))]
            out.append((tid, typ, frags, text))
        else:
            assert re.match(r"^(A\d+\t\S+ T\d+( \S+)?|#\d+\tAnnotatorNotes T\d+\t.*|R\d+\t\S+ Arg1:T\d+ Arg2:T\d+)$", line), line
    return out


def test_brat_export_reparses_against_txt_bytes(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "brat"
    result = FORMATS["brat"].writer(annotated, out, ExportOptions(include_suggestions=True), None)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    assert "TECH" in conf.split("[relations]")[0]
    n = 0
    for ann_path in sorted(out.rglob("*.ann")):
        txt = ann_path.with_suffix(".txt").read_bytes().decode("utf-8")  # as brat reads it
        for _, typ, frags, covered in parse_standoff(ann_path.read_text(encoding="utf-8")):
            assert " ".join(txt[s:e] for s, e in frags) == covered
            assert typ in conf
            n += 1
    assert n == result.annotations == annotated.count_annotations()
    hard = next(p for p in out.rglob("*.txt") if "Hard" in p.name)
    assert hard.read_bytes() == HARD_TEXT.encode("utf-8")  # CRLF kept: offsets stay right


def test_brat_file_names_are_sanitised(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    titles = ["../../etc/passwd", "/abs/path", "CON", "a:b*c?", ".hidden", "../../etc/passwd", ""]
    store.import_bundle(Bundle([{"id": f"d{k}", "title": t, "text": f"text {k}", "annotations": [
        {"start": 0, "end": 4, "label": "ORG", "annotator": "../evil"}]} for k, t in enumerate(titles)]))
    out = tmp_path / "sub" / "brat"
    FORMATS["brat"].writer(store, out, ExportOptions(), None)
    files = [p for p in (tmp_path / "sub").rglob("*") if p.is_file()]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store.db")) == ["sub"]
    assert all(out.resolve() in p.resolve().parents for p in files)
    names = sorted(p.relative_to(out).as_posix() for p in files)
    assert len([n for n in names if n.endswith(".txt")]) == len(titles)  # unique names
    assert not any(part.startswith(".") or part in ("..", "CON.txt") for n in names for part in n.split("/"))
    zpath = tmp_path / "b.zip"
    FORMATS["brat"].writer(store, zpath, ExportOptions(), None)
    with zipfile.ZipFile(zpath) as z:
        assert all(".." not in n.split("/") and not n.startswith("/") for n in z.namelist())


def test_brat_line_crossing_span_written_as_fragments(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "New\r\nYork grew"
    store.import_bundle(Bundle([{"id": "d", "title": "t", "text": text, "annotations": [
        {"start": 0, "end": 9, "label": "GPE", "annotator": "a"}]}]))
    out = tmp_path / "b"
    result = FORMATS["brat"].writer(store, out, ExportOptions(), None)
    assert (out / "a" / "t.ann").read_text(encoding="utf-8") == "T1\tGPE 0 3;5 9\tNew York\n"
    assert result.warnings and "fragments 0 3;5 9" in result.warnings[0]


def test_export_refuses_a_folder_with_other_content(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(CuratorError, match="other content"):
        FORMATS["brat"].writer(annotated, tmp_path / "mine", ExportOptions(), None)
    assert (tmp_path / "mine" / "thesis.docx").read_bytes() == b"precious"


# -- gold and counted: one definition (app.rules) -------------------------------------------

GOLD_TEXT = "Acme bought Initech in Berlin on Monday."


def _csv_spans(store, opts: ExportOptions, out: Path) -> set[tuple[int, int, str, str]]:  # type: ignore[no-untyped-def]
    FORMATS["csv"].writer(store, out, opts, None)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        return {(int(r["start"]), int(r["end"]), r["label"], r["annotator"]) for r in csv.DictReader(fh)}


def test_gold_only_export_adjudication_agreement_share_one_rule(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.models import Annotation, Annotator
    from app.review.adjudicate import Adjudicator
    from app.review.agreement import default_annotators
    from app.review.dashboard import corpus_dashboard
    from app.rules import gold_sql, is_counted, is_gold

    ann = [{"start": 0, "end": 4, "label": "ORG", "annotator": w} for w in ("alice", "bob")]
    ann += [{"start": 23, "end": 29, "label": "GPE", "annotator": "alice"},
            {"start": 23, "end": 29, "label": "ORG", "annotator": "bob"}]
    store.import_bundle(Bundle([{"id": "d", "title": "t", "text": GOLD_TEXT, "annotations": ann}]))
    doc = store.find_document(uid="d")
    store.annotator("rita", role="reviewer")
    # accepted, but nobody reviewed them: the old rules called both gold
    store.add_annotation(doc, 12, 19, "ORG", "rita", origin="suggested", review_status="accepted")
    monday = store.add_annotation(doc, 33, 39, "DATE", "alice", origin="suggested")
    store.update_annotation(monday.id, review_status="accepted")
    store.add_annotation(doc, 5, 11, "ORG", "bob", origin="suggested")  # pending: not counted

    adj = Adjudicator(store, "rita", ["alice", "bob"])
    assert adj.premerge() == 1  # Acme: the reviewer's copy, no decision on the copy itself
    berlin = next(a for a in store.annotations(doc, annotator="alice") if a.start == 23)
    adj.accept(berlin.id)  # the conflict: a copy with an accept decision

    expected = {(0, 4, "ORG", "rita"), (23, 29, "GPE", "rita")}
    assert _csv_spans(store, ExportOptions(gold_only=True), tmp_path / "g.csv") == expected
    assert {(g.start, g.end, g.label, g.annotator) for g in adj.gold(doc)} == expected
    with store.engine.connect() as conn:
        rows = conn.execute(select(Annotation.start, Annotation.end, Annotator.name)
                            .join(Annotator, Annotator.id == Annotation.annotator_id)
                            .where(gold_sql())).all()
    assert {(r[0], r[1], r[2]) for r in rows} == {(s, e, w) for s, e, _, w in expected}
    roles = {a.name: a.role for a in store.annotators()}
    decisions: dict[str, list[str]] = {}
    for r in store.reviews(doc):
        decisions.setdefault(r.annotation_id, []).append(r.decision)
    views = store.annotations(doc, suggestions=True, rejected=True)
    assert {(a.start, a.end, a.label, a.annotator) for a in views
            if is_gold(a.origin, a.review_status, decisions.get(a.id, []), roles[a.annotator])} == expected

    # counted: the default export, the dashboard, the document list and agreement agree
    counted = {(a.start, a.end, a.label, a.annotator) for a in views if is_counted(a.origin, a.review_status)}
    assert (33, 39, "DATE", "alice") in counted and (5, 11, "ORG", "bob") not in counted
    assert _csv_spans(store, ExportOptions(), tmp_path / "c.csv") == counted
    dash = corpus_dashboard(store)
    assert sum(n for c in dash.counts.values() for n in c.values()) == len(counted)
    assert dash.counts["alice"] == {"ORG": 1, "GPE": 1, "DATE": 1}
    assert store.list_documents()[0].n_annotations == len(counted)  # the old list left out Monday
    assert default_annotators(store) == ["alice", "bob"]


# -- filters, CSV, atomicity --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["doccano", "labelstudio", "w3c", "csv", "conll"])
def test_filters_apply(annotated, fmt: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"o{FORMATS[fmt].extension}"
    r_all = FORMATS[fmt].writer(annotated, out, ExportOptions(include_suggestions=True), None)
    r_bob = FORMATS[fmt].writer(annotated, out, ExportOptions(annotators=["bob"], labels=["GPE", "ORG"]), None)
    bob = {s for s in _all_spans(annotated) if s[3] in ("GPE", "ORG")}
    bob = {s for s in bob if any(a.annotator == "bob" and (a.start, a.end) == s[1:3]
                                 for a in annotated.annotations(annotated.find_document(uid=s[0])))}
    if fmt != "conll":
        assert r_bob.annotations == len(bob) < r_all.annotations
    body = out.read_text(encoding="utf-8-sig")
    assert "alice" not in body.replace("Alice", "") or fmt in ("conll",)
    r_gold = FORMATS[fmt].writer(annotated, out, ExportOptions(gold_only=True), None)
    # the only accepted annotation is a suggestion accepted without a review decision: not gold
    assert r_gold.annotations == 0


def test_csv_rows_and_attributes(annotated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "o.csv"
    result = FORMATS["csv"].writer(annotated, out, ExportOptions(), None)
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == result.annotations
    money = next(r for r in rows if r["label"] == "MONEY")
    assert money["attr.unit"] == "CNY" and money["attr.value"] == "5000000000000.0"
    assert money["text"] == "¥5 trillion"
    crlf = next(r for r in rows if r["label"] == "DATE" and "\r\n" in r["text"])
    assert crlf["text"] == "Monday.\r\nCafe\u0301"


def test_failed_export_leaves_previous_file(annotated, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "o.jsonl"
    out.write_bytes(b"previous")
    import app.formats.doccano as doccano

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        yield next(iter(doccano.iter_documents(*a, **k)))
        raise RuntimeError("disk full")

    monkeypatch.setattr(doccano, "iter_documents", boom)
    with pytest.raises(RuntimeError):
        FORMATS["doccano"].writer(annotated, out, ExportOptions(), None)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["o.jsonl"] or all(
        not p.name.endswith(".part") for p in tmp_path.iterdir())


def test_conll_label_with_space_mapped_and_warned(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle([{"id": "d", "title": "t", "text": "Deep learning rocks.", "annotations": [
        {"start": 0, "end": 13, "label": "TECH TERM", "annotator": "a"}]}]))
    out = tmp_path / "o.conll"
    result = FORMATS["conll"].writer(store, out, ExportOptions(), None)
    rows = [line.split() for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert {len(r) for r in rows} == {2}  # what nltk's ConllCorpusReader demands of every row
    assert ["Deep", "B-TECH_TERM"] in rows and ["learning", "I-TECH_TERM"] in rows
    assert "label 'TECH TERM' written as 'TECH_TERM' (CoNLL columns cannot hold white space)" in result.warnings


def test_brat_flattened_note_is_warned(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store.import_bundle(Bundle([{"id": "d", "title": "t", "text": "New York grew", "annotations": [
        {"start": 0, "end": 8, "label": "GPE", "annotator": "a", "note": "line one\nline\ttwo"}]}]))
    out = tmp_path / "b"
    result = FORMATS["brat"].writer(store, out, ExportOptions(), None)
    assert "#1\tAnnotatorNotes T1\tline one line two\n" in (out / "a" / "t.ann").read_text(encoding="utf-8")
    assert any("flattened to spaces" in w for w in result.warnings)
