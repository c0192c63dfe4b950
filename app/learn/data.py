"""Training data: the curated spans of each article resolved to one non-overlapping set, and the
deterministic held-out split."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.store.recommender import CuratedDoc

HELD_OUT_PERCENT = 20
MIN_TRAIN_DOCS = 8  # articles with at least one curated entity, outside the held-out 20%
MIN_HELD_OUT_DOCS = 2  # ... and inside it

Span = tuple[int, int, str]  # start, end (code points, end exclusive), label


def held_out(uid: str) -> bool:
    """Whether the article ``uid`` (its document id, stable across stores and copies) is one of
    the held-out 20%: a hash of the id, so the split never changes as articles are added."""
    h = int.from_bytes(hashlib.sha256(uid.encode("utf-8")).digest()[:8], "big")
    return h % 100 < HELD_OUT_PERCENT


@dataclass(frozen=True, slots=True)
class Article:
    uid: str
    text: str
    spans: tuple[Span, ...]


def resolve(doc: CuratedDoc) -> Article:
    """One label per span and no overlaps: where curators disagree, gold spans win, then the
    span more curators marked, then the longer one, then the earlier one."""
    votes: Counter[Span] = Counter()
    gold: set[Span] = set()
    for s in doc.spans:
        key = (s.start, s.end, s.label)
        votes[key] += 1
        if s.gold:
            gold.add(key)
    ranked = sorted(votes, key=lambda k: (k not in gold, -votes[k], -(k[1] - k[0]), k))
    kept: list[Span] = []
    for k in ranked:
        if not any(a < k[1] and k[0] < b for a, b, _ in kept):
            kept.append(k)
    return Article(doc.uid, doc.text, tuple(sorted(kept)))


@dataclass(frozen=True)
class Split:
    train: list[Article]
    held_out: list[Article]

    @property
    def labels(self) -> list[str]:
        """The labels with at least one training span, sorted."""
        return sorted({lab for a in self.train for _, _, lab in a.spans})


def split(docs: Sequence[CuratedDoc]) -> Split:
    arts = [resolve(d) for d in docs]
    return Split([a for a in arts if not held_out(a.uid)], [a for a in arts if held_out(a.uid)])


def too_little(sp: Split) -> str | None:
    """Why ``sp`` is too small to train on (one line saying how much is needed), or None."""
    n_train = sum(1 for a in sp.train if a.spans)
    n_held = sum(1 for a in sp.held_out if a.spans)
    if n_train >= MIN_TRAIN_DOCS and n_held >= MIN_HELD_OUT_DOCS:
        return None
    return (
        f"too little curated data to train: {n_train + n_held} article(s) in progress or done"
        f" have curated entities ({n_train} for training, {n_held} in the held-out"
        f" {HELD_OUT_PERCENT}%); at least {MIN_TRAIN_DOCS} for training and"
        f" {MIN_HELD_OUT_DOCS} held out are needed (about"
        f" {max(MIN_TRAIN_DOCS + MIN_HELD_OUT_DOCS, 10)} articles with entities): tag more"
        " articles and mark them in progress or done"
    )
