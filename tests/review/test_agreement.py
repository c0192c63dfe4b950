"""Agreement metrics against hand-computed cases, edge cases and a symmetry property."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli import main
from app.errors import ValidationError
from app.review.agreement import (
    Coincidences,
    cohen_kappa,
    compute_agreement,
    exact_counts,
    krippendorff_alpha,
    max_overlap_matching,
    overlap_counts,
    token_labels,
)

TEXT = "Alice met Bob in Paris on Monday."  # 8 tokens: Alice met Bob in Paris on Monday .


# -- the pure metrics ---------------------------------------------------------------------------


def test_exact_counts_by_hand():
    ref = {(0, 5, "ORG"), (10, 15, "PERSON"), (20, 25, "GPE")}
    oth = {(0, 5, "ORG"), (10, 15, "ORG"), (30, 35, "GPE")}
    c = exact_counts(ref, oth)
    assert (c.tp, c.fp, c.fn) == (1, 2, 2)
    assert c.precision == c.recall == c.f1 == pytest.approx(1 / 3)


def test_overlap_counts_one_to_one():
    # one long span overlaps two: only one of them is matched
    c = overlap_counts({(0, 10, "ORG"), (20, 30, "ORG")}, {(5, 25, "ORG")})
    assert (c.tp, c.fp, c.fn) == (1, 0, 1)
    assert (c.precision, c.recall, c.f1) == (1.0, 0.5, pytest.approx(2 / 3))
    # a different label never overlaps
    c = overlap_counts({(0, 10, "ORG")}, {(0, 10, "GPE")})
    assert (c.tp, c.fp, c.fn, c.f1) == (0, 1, 1, 0.0)


def test_max_matching_needs_an_augmenting_path():
    # (0,10) could take (1,2), the only partner of (1,3): a maximum matching gives both a partner
    assert max_overlap_matching([(0, 10), (1, 3)], [(1, 2), (5, 6)]) == 2
    assert max_overlap_matching([(0, 5)], [(5, 9)]) == 0  # touching is not overlapping
    assert max_overlap_matching([], [(0, 1)]) == 0


def test_cohen_kappa_textbook():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> p_o .7, p_e .5, kappa .4
    conf = Counter({("y", "y"): 20, ("y", "n"): 5, ("n", "y"): 10, ("n", "n"): 15})
    assert cohen_kappa(conf) == pytest.approx(0.4)
    assert cohen_kappa(Counter()) is None
    assert cohen_kappa(Counter({("O", "O"): 9})) is None  # no variation: undefined
    assert cohen_kappa(Counter({("a", "a"): 3, ("b", "b"): 2})) == 1.0


def test_krippendorff_alpha_by_hand():
    # o_aa 2, o_ab = o_ba 1, o_bb 4: n_a 3, n_b 5, n 8 -> 1 - 7*2/(64-9-25) = 16/30
    assert krippendorff_alpha([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"]]) == pytest.approx(16 / 30)
    # a unit with one value is not pairable and changes nothing
    assert krippendorff_alpha([["a", "a"], ["a", "b"], ["b", "b"], ["b", "b"], ["a"]]) == pytest.approx(16 / 30)
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None  # no variation
    assert krippendorff_alpha([]) is None
    # adding a unit n times equals adding it once with times=n
    one, many = Coincidences(), Coincidences()
    for _ in range(3):
        one.add_unit(["O", "O", "P"])
    many.add_unit(["O", "O", "P"], 3)
    one.add_unit(["P", "P"])
    many.add_unit(["P", "P"])
    assert one.alpha() == pytest.approx(many.alpha())


def test_token_labels_covers_partial_tokens_and_cjk():
    text = "北京大学 in Shanghai-based 🚀 firms"
    # a span covering part of a token labels the whole token; CJK tokens are one character each
    assert token_labels(text, [(1, 3, "ORG"), (10, 13, "GPE")]) == {1: "ORG", 2: "ORG", 8: "GPE"}
    # nested spans: the first by start, then end, wins
    assert token_labels("New York City", [(0, 13, "GPE"), (0, 8, "LOC")]) == {0: "LOC", 4: "LOC", 9: "GPE"}
    assert token_labels("New York City", [(4, 13, "GPE"), (0, 8, "LOC")]) == {0: "LOC", 4: "LOC", 9: "GPE"}


@settings(max_examples=200, deadline=None)
@given(
    st.sets(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from("AB")), max_size=8),
    st.sets(st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from("AB")), max_size=8),
)
def test_f1_is_symmetric(xs, ys):
    a = {(s, s + n, lab) for s, n, lab in xs}
    b = {(s, s + n, lab) for s, n, lab in ys}
    for metric in (exact_counts, overlap_counts):
        ab, ba = metric(a, b), metric(b, a)
        assert ab.f1 == ba.f1
        assert ab.precision == ba.recall and ab.recall == ba.precision
        assert ab.tp <= min(len(a), len(b))
    assert exact_counts(a, b).tp <= overlap_counts(a, b).tp


# -- from a store -------------------------------------------------------------------------------


@pytest.fixture
def doc(store, add_doc):  # type: ignore[no-untyped-def]
    return add_doc(store, TEXT, "d1")


def _layer(store, doc, who, spans):  # type: ignore[no-untyped-def]
    for s, e, lab in spans:
        store.add_annotation(doc, s, e, lab, who)


def test_pair_by_hand(store, doc, add_doc):
    _layer(store, doc, "a", [(0, 5, "PERSON"), (10, 13, "PERSON"), (17, 22, "GPE")])
    _layer(store, doc, "b", [(0, 5, "PERSON"), (10, 13, "ORG"), (14, 22, "GPE")])
    # neither pending suggestions nor rejected annotations count
    store.add_annotation(doc, 26, 32, "DATE", "b", origin="suggested")
    gone = store.add_annotation(doc, 26, 32, "DATE", "a")
    store.update_annotation(gone.id, review_status="rejected")
    # a document only a worked on is left out
    other = add_doc(store, "Carol is here.", "d2")
    store.add_annotation(other, 0, 5, "PERSON", "a")

    rep = compute_agreement(store, ["a", "b"])
    p = rep.pair("a", "b")
    assert p.documents == ["d1"]
    assert (p.exact.tp, p.exact.fp, p.exact.fn) == (1, 2, 2)
    assert p.exact.f1 == pytest.approx(1 / 3)
    assert (p.overlap.tp, p.overlap.fp, p.overlap.fn) == (2, 1, 1)
    assert p.overlap.f1 == pytest.approx(2 / 3)
    # tokens: (P,P) (O,O)x4 (P,ORG) (O,GPE) (GPE,GPE): p_o 6/8, p_e 24/64 -> 0.6
    assert p.tokens == 8
    assert p.cohen_kappa == pytest.approx(0.6)
    # alpha: n_P 3, n_O 9, n_GPE 3, n_ORG 1; 4 disagreeing pairs -> 1 - 15*4/156
    assert rep.krippendorff_alpha == pytest.approx(1 - 60 / 156)
    assert p.per_label["PERSON"]["exact"].as_dict() == {
        "tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}
    assert p.per_label["ORG"]["exact"].as_dict() == {
        "tp": 0, "fp": 1, "fn": 0, "precision": 0.0, "recall": None, "f1": 0.0}
    assert p.per_label["GPE"]["exact"].f1 == 0.0 and p.per_label["GPE"]["overlap"].f1 == 1.0
    # b as the reference swaps precision and recall, keeps F1
    q = compute_agreement(store, ["b", "a"]).pair("b", "a")
    assert q.exact.f1 == p.exact.f1 and q.overlap.f1 == p.overlap.f1
    assert q.cohen_kappa == pytest.approx(p.cohen_kappa)
    # restricted to labels: the others are ignored (their tokens are O)
    only = compute_agreement(store, ["a", "b"], labels=["PERSON"]).pair("a", "b")
    assert (only.exact.tp, only.exact.fp, only.exact.fn) == (1, 0, 1)
    assert set(only.per_label) == {"PERSON"}


def test_identical_layers_agree_fully(store, doc):
    spans = [(0, 5, "PERSON"), (17, 22, "GPE"), (26, 32, "DATE")]
    for who in ("a", "b", "c"):
        _layer(store, doc, who, spans)
    rep = compute_agreement(store, ["a", "b", "c"])
    assert len(rep.pairs) == 3
    for p in rep.pairs:
        assert p.exact.f1 == p.overlap.f1 == p.cohen_kappa == 1.0
    assert rep.krippendorff_alpha == 1.0


def test_disjoint_layers(store, doc):
    _layer(store, doc, "a", [(0, 5, "PERSON")])
    _layer(store, doc, "b", [(17, 22, "GPE")])
    p = compute_agreement(store, ["a", "b"]).pair("a", "b")
    assert p.exact.as_dict() == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert p.overlap.f1 == 0.0
    # (P,O) (O,GPE) (O,O)x6: p_o 48/64, p_e 49/64 -> -1/15
    assert p.cohen_kappa == pytest.approx(-1 / 15)
    # n_P 1, n_GPE 1, n_O 14, 4 disagreeing pairs -> 1 - 15*4/58
    assert compute_agreement(store, ["a", "b"]).krippendorff_alpha == pytest.approx(1 - 60 / 58)


def test_no_annotations_is_undefined_not_perfect(store, doc):
    store.set_status(doc, "done", annotator="a")
    store.set_status(doc, "done", annotator="b")
    rep = compute_agreement(store, ["a", "b"])
    p = rep.pair("a", "b")
    assert p.documents == ["d1"]  # both marked it done: it counts
    assert p.exact.as_dict() == {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None}
    assert p.overlap.f1 is None
    assert p.cohen_kappa is None and rep.krippendorff_alpha is None


def test_one_side_empty(store, doc):
    _layer(store, doc, "a", [(0, 5, "PERSON"), (10, 13, "PERSON"), (17, 22, "GPE")])
    store.set_status(doc, "done", annotator="b")
    p = compute_agreement(store, ["a", "b"]).pair("a", "b")
    assert p.exact.as_dict() == {"tp": 0, "fp": 0, "fn": 3, "precision": None, "recall": 0.0, "f1": 0.0}
    assert p.cohen_kappa == pytest.approx(0.0)  # b says O everywhere: p_o = p_e = 5/8


def test_one_annotator_only(store, doc):
    _layer(store, doc, "a", [(0, 5, "PERSON")])
    with pytest.raises(ValidationError, match="at least two annotators"):
        compute_agreement(store, ["a"])
    with pytest.raises(ValidationError, match="at least two annotators"):
        compute_agreement(store)  # only a has work
    store.annotator("b")
    p = compute_agreement(store, ["a", "b"]).pair("a", "b")  # b never worked on anything
    assert p.documents == [] and p.exact.f1 is None and p.cohen_kappa is None
    with pytest.raises(ValidationError, match="unknown annotator 'zed'"):
        compute_agreement(store, ["a", "zed"])
    with pytest.raises(ValidationError, match="unknown label"):
        compute_agreement(store, ["a", "b"], labels=["NOPE"])


def test_three_annotators_alpha_with_missing_values(store, add_doc):
    d1 = add_doc(store, "Alice met Bob.", "t1")  # Alice met Bob .
    _layer(store, d1, "a", [(0, 5, "PERSON")])
    _layer(store, d1, "b", [(0, 5, "PERSON")])
    _layer(store, d1, "c", [(0, 5, "PERSON"), (10, 13, "PERSON")])
    d2 = add_doc(store, "Bob ran.", "t2")  # c did not work on it: missing values
    _layer(store, d2, "a", [(0, 3, "PERSON")])
    store.set_status(d2, "done", annotator="b")
    rep = compute_agreement(store, ["a", "b", "c"])
    # t1: o_PP 3, o_OO 3+1+3, o_OP = o_PO 1; t2: o_PO = o_OP 1, o_OO 4
    # o_PP 3, o_OO 11, o_OP = o_PO 2: n_P 5, n_O 13, n 18 -> 1 - 17*4/(324-25-169)
    assert rep.krippendorff_alpha == pytest.approx(1 - 68 / 130)
    assert rep.alpha_documents == ["t1", "t2"]
    assert rep.pair("a", "c").documents == ["t1"]
    assert rep.pair("a", "b").documents == ["t1", "t2"]


def test_figure_value_and_unit_agreement(store, add_doc):
    d = add_doc(store, "It cost 3 million yuan, up 5%, and 12 tonnes.", "f1")
    store.add_annotation(d, 8, 22, "MONEY", "a", attributes={"value": 3000000, "unit": "CNY"})
    store.add_annotation(d, 8, 22, "MONEY", "b", attributes={"value": "3,000,000", "unit": " cny"})
    store.add_annotation(d, 27, 29, "PERCENT", "a", attributes={"value": 5, "unit": "%"})
    store.add_annotation(d, 27, 29, "PERCENT", "b", attributes={"value": 0.05, "unit": "%"})
    store.add_annotation(d, 35, 44, "QUANTITY", "a", attributes={"value": 12, "unit": "t"})  # b: none
    p = compute_agreement(store, ["a", "b"]).pair("a", "b")
    assert p.figures.as_dict() == {"pairs": 2, "agree": 1, "share": 0.5}


def test_cli_agreement_json_shape(store, store_path, doc, capsys):
    _layer(store, doc, "a", [(0, 5, "PERSON"), (10, 13, "PERSON"), (17, 22, "GPE")])
    _layer(store, doc, "b", [(0, 5, "PERSON"), (10, 13, "ORG"), (14, 22, "GPE")])
    assert main(["--db", str(store_path), "agreement", "--annotators", "a,b", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["krippendorff_alpha"] == pytest.approx(1 - 60 / 156)
    (pair,) = data["pairs"]
    assert {"a", "b", "documents", "exact", "overlap", "cohen_kappa", "per_label"} <= set(pair)
    assert pair["a"] == "a" and pair["b"] == "b" and pair["documents"] == ["d1"]
    assert set(pair["exact"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    assert set(pair["overlap"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    assert pair["overlap"]["tp"] == 2 and pair["cohen_kappa"] == pytest.approx(0.6)
    assert set(pair["per_label"]) == {"PERSON", "ORG", "GPE"}
    assert set(pair["per_label"]["GPE"]) == {"exact", "overlap"}

    assert main(["--db", str(store_path), "agreement", "--format", "csv", "--labels", "PERSON,GPE"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    whole = [r for r in rows if r["a"] == "a" and r["label"] == "*"][0]
    assert whole["exact_tp"] == "1" and float(whole["exact_f1"]) == pytest.approx(2 / 5)
    assert {r["label"] for r in rows if r["a"] == "a"} == {"*", "PERSON", "GPE"}
    assert rows[-1]["a"] == "krippendorff_alpha"

    assert main(["--db", str(store_path), "agreement"]) == 0
    out = capsys.readouterr().out
    assert "Krippendorff's alpha (a, b)" in out and "0.333" in out

    assert main(["--db", str(store_path), "agreement", "--annotators", "a"]) == 1
    assert "at least two annotators" in capsys.readouterr().err


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 .,-'’\n()\"😀北", max_size=30), st.data())
def test_span_tokens_fast_path_matches_the_tokenizer(text, data):
    from app.review.tokens import span_tokens
    from app.text.tokenize import tokens

    if not text:
        return
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    assert span_tokens(text, s, e) == tuple(ts for ts, te in tokens(text) if ts < e and te > s)
