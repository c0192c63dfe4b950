"""Train the entity recommender from the store's curated spans, score it on the held-out 20%
next to the string matcher, and store it.

Training reports ``progress(done, total)`` after every batch (``total``: batches of all
``max_epochs``); a progress callback raising :class:`app.store.store.Cancelled`, or ``cancel``
returning True, stops it and nothing is stored: the previous model stays. After each epoch the
model is scored on the held-out articles and training stops when that F1 has not improved for
``patience`` epochs; the best epoch's model is the one kept.

Rejected suggestions teach it too: an article's text outside its curated spans is "no entity",
so a span curators rejected is a negative example.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.errors import CuratorError, ValidationError
from app.learn.data import Article, Span, split, too_little
from app.learn.model import serialize, spacy_version
from app.learn.scores import ALL, Score, score
from app.store.recommender import ModelInfo, curated_entities, save_entity_model
from app.text.matcher import Matcher

if TYPE_CHECKING:
    from app.store.store import Progress, Store


@dataclass(frozen=True)
class TrainOptions:
    annotators: Sequence[str] | None = None
    gold_only: bool = False
    labels: Sequence[str] | None = None
    max_epochs: int = 30
    patience: int = 3
    batch_size: int = 8
    dropout: float = 0.2
    seed: int = 0
    lang: str = "en"
    width: int = 96  # the token vectors' width and the CNN's depth (spaCy's defaults)
    depth: int = 4
    learn_rate: float = 0.001


@dataclass
class TrainResult:
    info: ModelInfo
    model: dict[str, Score]
    matcher: dict[str, Score]
    meta: dict[str, Any] = field(default_factory=dict)


def matcher_spans(train: Sequence[Article], held: Sequence[Article]) -> list[list[Span]]:
    """The string matcher on the held-out articles, knowing the strings labelled in the
    training articles only (what it would know of articles it has not seen)."""
    strings: dict[str, dict[str, int]] = {}
    for a in train:
        for s, e, lab in a.spans:
            c = strings.setdefault(a.text[s:e], {})
            c[lab] = c.get(lab, 0) + 1
    m = Matcher({t: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                 for t, c in strings.items()})
    return [list(m.matches(a.text)) for a in held]


def _check_labels(store: Store, opts: TrainOptions) -> list[str] | None:
    entity = {lv.name for lv in store.labels() if lv.kind == "entity"}
    if opts.labels is None:
        return None
    figures = {lv.name for lv in store.labels() if lv.kind == "figure"}
    for name in opts.labels:
        if name in figures:
            raise ValidationError(f"{name} is a figure label: figures are found by the figure"
                                  " detector; the recommender learns entity labels only")
        if name not in entity:
            raise ValidationError(f"unknown entity label {name!r}"
                                  f" (the store's: {', '.join(sorted(entity))})")
    return list(opts.labels)


def _examples(nlp: Any, arts: Sequence[Article]) -> list[Any]:
    from spacy.training import Example

    out = []
    for a in arts:
        ref = nlp.make_doc(a.text)
        ents: list[Any] = []
        for s, e, lab in a.spans:
            span = ref.char_span(s, e, label=lab, alignment_mode="contract")
            if span is not None and not any(x.start < span.end and span.start < x.end
                                            for x in ents):
                ents.append(span)
        ref.ents = ents
        out.append(Example(nlp.make_doc(a.text), ref))
    return out


def train_entities(
    store: Store,
    opts: TrainOptions = TrainOptions(),
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TrainResult:
    """Train, score and store a model (see the module docstring); raises CuratorError when
    there is too little data, :class:`Cancelled` when cancelled (nothing stored)."""
    from app.store.store import Cancelled

    installed = spacy_version()
    if installed is None:
        raise CuratorError("training needs spaCy: install the app's runtime extra")
    labels = _check_labels(store, opts)
    if opts.annotators is not None:
        known = {a.name for a in store.annotators()}
        unknown = [a for a in opts.annotators if a not in known]
        if unknown:
            raise ValidationError(f"unknown annotator {', '.join(map(repr, unknown))}")
    t0 = time.monotonic()
    sp = split(curated_entities(store, annotators=opts.annotators, gold_only=opts.gold_only,
                                labels=labels))
    why = too_little(sp)
    if why:
        raise CuratorError(why)

    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(opts.seed)
    nlp = spacy.blank(opts.lang)
    ner: Any = nlp.add_pipe("ner", config={"model": {"tok2vec": {
        "@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None,
        "width": opts.width, "depth": opts.depth, "embed_size": 2000, "window_size": 1,
        "maxout_pieces": 3, "subword_features": True}}})
    model_labels = sp.labels
    for lab in model_labels:
        ner.add_label(lab)
    train = _examples(nlp, sp.train)
    optimizer = nlp.initialize(lambda: train)
    optimizer.learn_rate = opts.learn_rate
    rng = random.Random(opts.seed)
    gold = [list(a.spans) for a in sp.held_out]
    eval_labels = set(model_labels) | {lab for g in gold for _, _, lab in g}
    texts = [a.text for a in sp.held_out]
    n_batches = (len(train) + opts.batch_size - 1) // opts.batch_size
    total = n_batches * opts.max_epochs
    done = 0
    best: tuple[float, int, bytes, dict[str, Score]] | None = None
    history: list[float] = []
    epoch = 0
    for epoch in range(1, opts.max_epochs + 1):
        order = list(train)
        rng.shuffle(order)
        for batch in minibatch(order, size=opts.batch_size):
            if cancel is not None and cancel():
                raise Cancelled("training cancelled")
            nlp.update(batch, drop=opts.dropout, sgd=optimizer)
            done += 1
            if progress is not None:
                progress(done, total)
        predicted = [[(e.start_char, e.end_char, e.label_) for e in d.ents]
                     for d in nlp.pipe(texts)]
        scores = score(gold, predicted, eval_labels)
        f1 = scores[ALL].f1
        history.append(round(f1, 4))
        if best is None or f1 > best[0]:
            best = (f1, epoch, nlp.to_bytes(), scores)
        elif best[0] > 0 and epoch - best[1] >= opts.patience:
            break
    assert best is not None
    if progress is not None:
        progress(total, total)
    if cancel is not None and cancel():
        raise Cancelled("training cancelled")
    nlp.from_bytes(best[2])
    model_scores = best[3]
    matcher_scores = score(gold, matcher_spans(sp.train, sp.held_out), eval_labels)
    meta: dict[str, Any] = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "spacy_version": installed,
        "lang": opts.lang,
        "labels": model_labels,
        "documents": {"train": len(sp.train), "held_out": len(sp.held_out)},
        "entities": {"train": sum(len(a.spans) for a in sp.train),
                     "held_out": sum(len(g) for g in gold)},
        "filters": {"annotators": list(opts.annotators) if opts.annotators else None,
                    "gold_only": opts.gold_only, "labels": labels},
        "epochs": epoch, "best_epoch": best[1], "stopped_early": epoch < opts.max_epochs,
        "held_out_f1_per_epoch": history,
        "seconds": round(time.monotonic() - t0, 1),
        "scores": {"model": {k: v.as_dict() for k, v in model_scores.items()},
                   "matcher": {k: v.as_dict() for k, v in matcher_scores.items()}},
    }
    config, data = serialize(nlp)
    info = save_entity_model(store, spacy_version=installed, config=config, pipeline=data,
                             meta=meta)
    return TrainResult(info, model_scores, matcher_scores, meta)
