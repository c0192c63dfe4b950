"""The fast agreement computation: set operations on packed spans and tokens, corpus-wide
(see :class:`app.review.loading.AgreementData`); tangled documents are compared token by token."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, combinations, compress, repeat
from operator import eq, ne
from typing import Any

import orjson

from app.review.loading import AgreementData
from app.review.metrics import (
    Coincidences,
    Counts,
    cohen_kappa,
    max_overlap_matching,
    normalise_unit,
    normalise_value,
)
from app.review.report import AgreementReport, PairAgreement
from app.review.tokens import TokenCache
from app.store.store import Progress, Store


def _only(items: Any, docs: set[int], dmask: int) -> Any:
    """The packed items (a set, or a dict's keys) whose document (``item & dmask``) is in ``docs``."""
    if isinstance(items, dict):
        return {k: v for k, v in items.items() if k & dmask in docs}
    return {x for x in items if x & dmask in docs}



def compute(
    store: Store, names: list[str], ids: dict[str, int], labels: Sequence[str] | None,
    label_ids: set[int] | None, lname: dict[int, str], progress: Progress, cache: TokenCache,
) -> AgreementReport:
    total = 3 + len(names) * (len(names) - 1) // 2
    progress(0, total)
    data = AgreementData(store, list(ids.values()), label_ids, cache)
    progress(1, total)
    worked = data.worked
    pair_docs = {(a, b): worked[ids[a]] & worked[ids[b]] for a, b in combinations(names, 2)}
    alpha_docs = {d for docs in pair_docs.values() for d in docs}
    data.load_texts(alpha_docs)
    progress(2, total)
    # how many of the chosen annotators worked on each document: Krippendorff's coincidences
    # weigh each token's pairs of values by 1 / (that - 1)
    coders = Counter(d for aid in ids.values() for d in worked[aid] & alpha_docs)
    uniform = len(set(coders.values())) <= 1
    coincide: defaultdict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
    pairs = []
    for (a, b), docs in pair_docs.items():
        pairs.append(_pair(a, b, ids[a], ids[b], docs, data, lname, coders, uniform, coincide))
        progress(2 + len(pairs), total)
    alpha = _alpha(coincide, lname)
    progress(total, total)
    return AgreementReport(
        names, list(labels) if labels else None, pairs, alpha,
        sorted(data.uids[d] for d in alpha_docs),
    )


def _pair(
    a: str, b: str, ia: int, ib: int, docs: set[int], data: AgreementData, lname: dict[int, str],
    coders: Counter[int], uniform: bool, coincide: defaultdict[int, Counter[tuple[int, int]]],
) -> PairAgreement:
    """The pair's report; adds the pair's token confusions, by number of coders of the document,
    to ``coincide`` (for Krippendorff's alpha)."""
    result = PairAgreement(a, b, sorted(data.uids[d] for d in docs))
    if uniform:
        groups = [(coders[next(iter(docs))] if docs else 2, docs)]
    else:
        by_m: defaultdict[int, set[int]] = defaultdict(set)
        for d in docs:
            by_m[coders[d]].add(d)
        groups = sorted(by_m.items())
    per_label: dict[int, tuple[Counts, Counts]] = {}
    confusion: Counter[tuple[int, int]] = Counter()
    for m, g in groups:
        conf = _compare(data, ia, ib, g, per_label)
        confusion.update(conf)
        co = coincide[m]
        for (x, y), n in conf.items():
            co[(x, y)] += n
            co[(y, x)] += n
    for lid in sorted(per_label, key=lname.__getitem__):
        ex, ov = per_label[lid]
        result.per_label[lname[lid]] = {"exact": ex, "overlap": ov}
        result.exact.add(ex)
        result.overlap.add(ov)
    result.tokens = sum(confusion.values())
    result.cohen_kappa = cohen_kappa(
        Counter({(lname[x], lname[y]): n for (x, y), n in confusion.items() if n})
    )

    all_a, all_b = data.worked[ia] <= docs, data.worked[ib] <= docs
    fa = data.figures[ia] if all_a else _only(data.figures[ia], docs, data.dmask)
    fb = data.figures[ib] if all_b else _only(data.figures[ib], docs, data.dmask)
    both = fa.keys() & fb.keys()
    va, vb = list(map(fa.__getitem__, both)), list(map(fb.__getitem__, both))
    result.figures.pairs = len(both)
    if set(map(type, chain(va, vb))) <= {str}:  # equal strings: the same key (_figure_key)
        result.figures.agree = sum(map(eq, va, vb)) + sum(
            _figure_key(x) == _figure_key(y) for x, y in compress(zip(va, vb, strict=True), map(ne, va, vb))
        )
    else:
        result.figures.agree = sum(_figure_key(x) == _figure_key(y) for x, y in zip(va, vb, strict=True))
    return result


def _compare(
    data: AgreementData, ia: int, ib: int, docs: set[int], per_label: dict[int, tuple[Counts, Counts]]
) -> Counter[tuple[int, int]]:
    """Adds the exact and overlap counts of A (reference) and B over ``docs`` to ``per_label``;
    returns their token-level confusion there (label id by A, by B; 0 for O).

    Where neither annotator's spans share a token, a span both have gives its tokens the same
    label on both sides, so only the spans one of them has are listed token by token; the
    tangled documents are compared token by token."""
    dmask = data.dmask
    sa, sb = data.spans[ia], data.spans[ib]
    if not data.worked[ia] <= docs:
        sa = {lab: _only(s, docs, dmask) for lab, s in sa.items()}
    if not data.worked[ib] <= docs:
        sb = {lab: _only(s, docs, dmask) for lab, s in sb.items()}
    tangled = data.tangled & docs
    ntok, tokens = data.ntok, data.span_tokens
    conf: Counter[tuple[int, int]] = Counter()
    only_a: dict[int, int] = {}  # token -> label id, under spans only A has
    only_b: dict[int, int] = {}
    empty: set[int] = set()
    for lid in sa.keys() | sb.keys():
        xa, xb = sa.get(lid, empty), sb.get(lid, empty)
        if not xa and not xb:
            continue
        both = xa & xb
        ra, rb = xa - xb, xb - xa
        ex = Counts(len(both), len(rb), len(ra))
        m = _residual_matches(ra, rb, data) if ra and rb else 0
        acc = per_label.setdefault(lid, (Counts(), Counts()))
        acc[0].add(ex)
        acc[1].add(Counts(ex.tp + m, ex.fp - m, ex.fn - m))
        conf[(lid, lid)] += sum(map(ntok.__getitem__, both))
        only_a.update(zip(chain.from_iterable(map(tokens.__getitem__, ra)), repeat(lid)))
        only_b.update(zip(chain.from_iterable(map(tokens.__getitem__, rb)), repeat(lid)))
    if tangled:  # their tokens are compared below
        only_a = {t: x for t, x in only_a.items() if t & dmask not in tangled}
        only_b = {t: y for t, y in only_b.items() if t & dmask not in tangled}
    both_t = only_a.keys() & only_b.keys()
    conf.update(zip(map(only_a.__getitem__, both_t), map(only_b.__getitem__, both_t), strict=True))
    conf.update(zip(map(only_a.__getitem__, only_a.keys() - both_t), repeat(0)))
    conf.update(zip(repeat(0), map(only_b.__getitem__, only_b.keys() - both_t)))
    for d in tangled:
        for key, lid in data.labelled(ia, d) & data.labelled(ib, d):
            conf[(lid, lid)] -= ntok[key]  # counted above as agreeing token by token
        ma, mb = data.token_map(ia, d), data.token_map(ib, d)
        for t in ma.keys() | mb.keys():
            conf[(ma.get(t, 0), mb.get(t, 0))] += 1
    conf[(0, 0)] += sum(map(data.n_tokens.__getitem__, docs)) - sum(conf.values())
    return conf


def _residual_matches(ra: set[int], rb: set[int], data: AgreementData) -> int:
    """The size of a maximum overlap matching between spans left unmatched by exact matching
    (the spans of one label)."""
    db, pb, dmask = data.db, data.pb, data.dmask
    pmask = (1 << pb) - 1
    ga: defaultdict[int, list[int]] = defaultdict(list)  # by document
    for x in ra:
        ga[x & dmask].append(x)
    gb: defaultdict[int, list[int]] = defaultdict(list)
    for x in rb:
        if (d := x & dmask) in ga:
            gb[d].append(x)
    n = 0
    for d, ys in gb.items():
        xs = ga[d]
        if len(xs) == 1 and len(ys) == 1:  # the usual case: one span on each side
            x, y = xs[0] >> db, ys[0] >> db
            n += (y >> pb) < (x & pmask) and (x >> pb) < (y & pmask)
        else:
            n += max_overlap_matching(
                [(x >> db >> pb, x >> db & pmask) for x in xs], [(y >> db >> pb, y >> db & pmask) for y in ys]
            )
    return n


def _alpha(coincide: dict[int, Counter[tuple[int, int]]], lname: dict[int, str]) -> float | None:
    """Krippendorff's alpha from the pairs' token confusions, by number of coders: a token's
    coincidences are the ordered pairs of its coders' values, each weighed 1 / (coders - 1)."""
    co = Coincidences()
    for m, conf in sorted(coincide.items()):
        for (x, y), n in conf.items():
            if n:
                co.o[(lname[x], lname[y])] += n / (m - 1)
    return co.alpha()


def _attrs(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = orjson.loads(raw)
    return raw if isinstance(raw, dict) else {}


@lru_cache(maxsize=65536)
def _figure_key_str(raw: str) -> tuple[Any, Any]:
    a = _attrs(raw)
    return normalise_value(a.get("value")), normalise_unit(a.get("unit"))


def _figure_key(raw: Any) -> tuple[Any, Any]:
    """A figure's normalised (value, unit) from its stored attributes."""
    if isinstance(raw, str):
        return _figure_key_str(raw)
    a = _attrs(raw)
    return normalise_value(a.get("value")), normalise_unit(a.get("unit"))
