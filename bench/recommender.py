"""The entity recommender at full size: training on 300 generated news articles (their
held-out 20% mention only names no training article does), its held-out F1 per label next to
the string matcher's, and suggesting on 100 new articles. Goals from issue 18."""

from __future__ import annotations

import random
import time

from bench.harness import Results, Row
from bench.items import Context

N_TRAIN = 300
N_SUGGEST = 100


def bench_recommender(ctx: Context) -> None:
    r: Results = ctx.results
    try:
        import spacy  # noqa: F401
    except ImportError as exc:
        r.na("entity recommender", f"spaCy missing ({exc})", "train 300 articles < 120 s")
        return
    from app import open_store
    from app.bundle import Bundle
    from app.learn.train import train_entities
    from app.suggest import suggest_entities
    from bench.entity_corpus import article, corpus, load

    db = ctx.tmp / "recommender.db"
    store = open_store(db)
    try:
        load(store, corpus(N_TRAIN, prefix="bench"))
        t, cpu = time.perf_counter(), time.process_time()
        result = train_entities(store)
        took, cpu = time.perf_counter() - t, time.process_time() - cpu
        meta = result.meta
        r.add(Row(f"train entity recommender, {N_TRAIN} articles (app.learn)", took,
                  goal="< 120 s", ok=took < 120,
                  note=f"{meta['epochs']} epochs (best {meta['best_epoch']}),"
                       f" {meta['documents']['held_out']} held out, {cpu:.0f} s CPU"))
        for label in ("PERSON", "ORG", "GPE", "ALL"):
            model, matcher = result.model[label], result.matcher[label]
            r.add(Row(f"held-out F1 {label}, unseen names (model vs string matcher)",
                      round(model.f1, 3), unit="F1", baseline=round(matcher.f1, 3),
                      baseline_what="string matcher", goal=">= 0.85" if label != "ALL" else "",
                      ok=model.f1 >= 0.85 if label != "ALL" else None,
                      note=f"P {model.precision:.2f} R {model.recall:.2f}, {model.support} spans"))
        rng = random.Random(7)
        fresh = [{"id": f"new-{i}", "text": article(f"new-{i}", rng)["text"]}
                 for i in range(N_SUGGEST)]
        store.import_bundle(Bundle(documents=fresh, source="bench"))
        ids = [store.find_document(uid=d["id"]) for d in fresh]
        t, cpu = time.perf_counter(), time.process_time()
        added = suggest_entities(store, [i for i in ids if i is not None], annotator="bench",
                                 use_spacy=False)
        took, cpu = time.perf_counter() - t, time.process_time() - cpu
        r.add(Row(f"suggest entities with the model, {N_SUGGEST} articles", took,
                  goal="< 5 s", ok=took < 5, note=f"{added} pending suggestions, {cpu:.1f} s CPU"
                                                   " (loading the model included)"))
    finally:
        store.close()
        for p in ctx.tmp.glob("recommender.db*"):
            p.unlink()
