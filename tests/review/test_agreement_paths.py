"""The fast paths of ``compute_agreement`` against plain definitions: token counts by chunk,
span tokens from widened chunks, spans compared by token count where no annotator's spans share
a token, tangled documents token by token, packing in SQL or in Python, PostgreSQL."""

from __future__ import annotations

import random
import sys
from collections import Counter
from itertools import combinations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.review import loading
from app.review.agreement import (
    cohen_kappa,
    compute_agreement,
    exact_counts,
    krippendorff_alpha,
    overlap_counts,
)
from app.review.tokens import TokenCache
from app.text.tokenize import TOKEN_RE, tokens

ALPHABET = "ab1 .,-'’\n\r\t\u00a0\u3000()\"$%😀北京"


def test_the_tokenizer_never_matches_whitespace():
    # what counting by whitespace-separated chunk relies on (see app.review.tokens)
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert TOKEN_RE.search(spaces) is None
    for c in spaces:
        assert TOKEN_RE.search("a" + c + "b").span() == (0, 1)  # no token runs across it


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_token_count_by_chunk_is_the_tokenizers(text):
    assert TokenCache().token_count(text) == len(tokens(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=40), st.data(), st.sampled_from([256, 3]))
def test_span_tokens_from_widened_chunks(text, data, long_chunks):
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    p, q, rel = TokenCache(long_chunks=long_chunks).span_chunks(text, s, e)  # remembered or not
    assert p <= s and e <= q
    assert (p == 0 or text[p - 1].isspace()) and (q == len(text) or text[q].isspace())
    assert tuple(p + r for r in rel) == tuple(ts for ts, te in tokens(text) if ts < e and te > s)


# -- whole reports against a plain computation --------------------------------------------------

WORDS = ["Alice", "met", "Bob", "in", "Paris", "on", "Monday", ".", ",", "3,000", "23.5%", "($123",
         "O'Neil", "e-commerce", "北京大学", "😀", "👨‍👩‍👧", "Shanghai-based", "don’t", "١٢٣"]
SEPS = [" ", " ", " ", " ", "\n", "\r\n", "\u00a0", ""]
LABELS = ["PERSON", "ORG", "GPE", "MONEY"]


def _corpus(store: Any, add_doc: Any, seed: int, tangle: float) -> None:
    """Random documents; three annotators mostly agreeing, some spans overlapping (``tangle``)."""
    rnd = random.Random(seed)
    for i in range(14):
        text, bounds = "", []
        for _ in range(rnd.randint(3, 40)):
            w = rnd.choice(WORDS)
            bounds.append((len(text), len(text) + len(w)))
            text += w + rnd.choice(SEPS)
        doc = add_doc(store, text, f"{seed}-{i}")
        base = []
        for k in range(0, len(bounds), rnd.randint(2, 4)):
            j = min(len(bounds) - 1, k + rnd.randint(0, 1))
            base.append((bounds[k][0], bounds[j][1], rnd.choice(LABELS)))
        for who in ("ann", "ben", "cat"):
            r = rnd.random()
            if r < 0.1:
                continue  # not worked on
            if r < 0.2:
                store.set_status(doc, "done", annotator=who)  # done without a span
                continue
            seen = set()
            for s, e, lab in base:
                x = rnd.random()
                if x < 0.1:
                    continue
                if x < 0.2:
                    lab = rnd.choice(LABELS)
                elif x < 0.3:
                    e = min(len(text), e + 1)
                elif x < 0.3 + tangle:  # a span reaching into the next one, or nested in it
                    s, e = (s, min(len(text), e + rnd.randint(2, 12))) if x < 0.3 + tangle / 2 else (s + 1, e)
                if s < e and (s, e) not in seen:
                    seen.add((s, e))
                    store.add_annotation(doc, s, e, lab, who)


def _check(store: Any, names: list[str]) -> Any:
    """The report of ``names`` against the definitions, computed document by document."""
    rep = compute_agreement(store, names)
    docs = {d: store.get_document(d) for d in store.document_ids()}
    spans, maps, worked = {}, {}, {}
    for d, doc in docs.items():
        done = store.progress(d)
        for n in names:
            anns = sorted((a.start, a.end, a.label) for a in store.annotations(d, annotator=n, suggestions=False))
            spans[n, d] = set(anns)
            worked[n, d] = bool(anns) or done.get(n) == "done"
            m: dict[int, str] = {}
            for s, e, lab in anns:  # the first by start, then end, wins
                for ts, te in tokens(doc.text):
                    if ts < e and te > s:
                        m.setdefault(ts, lab)
            maps[n, d] = m
    for a, b in combinations(names, 2):
        p = rep.pair(a, b)
        ds = [d for d in docs if worked[a, d] and worked[b, d]]
        assert p.documents == sorted(docs[d].uid for d in ds)
        ex, ov = exact_counts(set(), set()), overlap_counts(set(), set())
        conf: Counter[tuple[str, str]] = Counter()
        for d in ds:
            ex.add(exact_counts(spans[a, d], spans[b, d]))
            ov.add(overlap_counts(spans[a, d], spans[b, d]))
            for ts, _ in tokens(docs[d].text):
                conf[(maps[a, d].get(ts, "O"), maps[b, d].get(ts, "O"))] += 1
        assert (p.exact.tp, p.exact.fp, p.exact.fn) == (ex.tp, ex.fp, ex.fn)
        assert (p.overlap.tp, p.overlap.fp, p.overlap.fn) == (ov.tp, ov.fp, ov.fn)
        assert p.tokens == sum(conf.values())
        assert p.cohen_kappa == pytest.approx(cohen_kappa(conf), abs=1e-12)
    units: list[list[str]] = []
    for d, doc in docs.items():
        coders = [n for n in names if worked[n, d]]
        if len(coders) >= 2:
            units.extend([maps[n, d].get(ts, "O") for n in coders] for ts, _ in tokens(doc.text))
    assert rep.krippendorff_alpha == pytest.approx(krippendorff_alpha(units), abs=1e-12)
    return rep


@pytest.mark.parametrize("seed,tangle", [(1, 0.0), (2, 0.05), (3, 0.3)])
def test_reports_match_a_plain_computation(store, add_doc, seed, tangle):
    _corpus(store, add_doc, seed, tangle)
    rep = _check(store, ["ann", "ben", "cat"])
    assert rep.alpha_documents and any(p.tokens for p in rep.pairs)
    _check(store, ["cat", "ann"])


def test_documents_without_span_tokens(store, add_doc):
    # a whitespace-only span covers no token; a document both marked done has only O tokens
    d1 = add_doc(store, "Alice met Bob .", "w1")
    store.add_annotation(d1, 5, 6, "ORG", "a")  # " " between Alice and met
    store.add_annotation(d1, 0, 5, "PERSON", "b")
    d2 = add_doc(store, "Nothing here at all.", "w2")
    store.set_status(d2, "done", annotator="a")
    store.set_status(d2, "done", annotator="b")
    rep = compute_agreement(store, ["a", "b"])
    p = rep.pair("a", "b")
    assert p.documents == ["w1", "w2"] and p.tokens == 4 + 5
    # (O, PERSON) once, (O, O) 8 times: p_o 8/9, p_e (9*8)/81 -> (8/9 - 8/9) / (1 - 8/9) = 0
    assert p.cohen_kappa == pytest.approx(0.0)
    assert (p.exact.tp, p.exact.fp, p.exact.fn) == (0, 1, 1)


def test_packing_in_python_gives_the_same_report(store, add_doc, monkeypatch):
    _corpus(store, add_doc, 4, 0.1)
    fast = compute_agreement(store, ["ann", "ben", "cat"]).as_dict()
    monkeypatch.setattr(loading, "_SQL_BITS", 0)  # too few bits: spans are packed in Python
    assert compute_agreement(store, ["ann", "ben", "cat"]).as_dict() == fast


def test_progress_and_cancel(store, add_doc):
    _corpus(store, add_doc, 5, 0.1)
    seen: list[tuple[int, int]] = []
    compute_agreement(store, ["ann", "ben", "cat"], progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 6) for i in range(6)] + [(6, 6)]

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        compute_agreement(store, ["ann", "ben", "cat"], progress=stop)


def test_pair_by_hand_on_any_store(any_store, add_doc):
    text = "Alice met Bob in Paris on Monday."
    d = add_doc(any_store, text, "d1")
    for s, e, lab in [(0, 5, "PERSON"), (10, 13, "PERSON"), (17, 22, "GPE")]:
        any_store.add_annotation(d, s, e, lab, "a")
    for s, e, lab in [(0, 5, "PERSON"), (10, 13, "ORG"), (14, 22, "GPE")]:
        any_store.add_annotation(d, s, e, lab, "b")
    any_store.add_annotation(d, 26, 32, "DATE", "b", attributes={"value": "x"})
    any_store.add_annotation(d, 26, 32, "MONEY", "a", attributes={"value": 3, "unit": "CNY"})
    any_store.add_annotation(d, 26, 32, "MONEY", "b", attributes={"value": "3.0", "unit": "cny"})
    rep = compute_agreement(any_store, ["a", "b"])
    p = rep.pair("a", "b")
    assert (p.exact.tp, p.exact.fp, p.exact.fn) == (2, 3, 2)
    assert (p.overlap.tp, p.overlap.fp, p.overlap.fn) == (3, 2, 1)
    assert p.tokens == 8 and p.figures.as_dict() == {"pairs": 1, "agree": 1, "share": 1.0}
