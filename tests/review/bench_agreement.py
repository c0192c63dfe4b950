"""Measure ``compute_agreement`` on 10,000 articles x 3 annotators x 20 spans (goal < 3 s).

``.venv/bin/python tests/review/bench_agreement.py [--docs N] [--store PATH]``: builds the store
once (cached at PATH), then prints the median of three runs next to a baseline measured in the
same run (reading the same annotation rows with the Store API, document by document).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app import open_store  # noqa: E402
from app.bundle import Bundle  # noqa: E402
from app.review.agreement import TokenCache, compute_agreement  # noqa: E402

WORDS = ["the", "market", "grew", "while", "officials", "in", "Shanghai", "said", "exports", "of", "digital", "goods", "rose", "sharply", "as", "firms", "invested", "in", "cloud", "services", "and", "the", "forum", "opened"]
LABELS = ["PERSON", "ORG", "GPE", "DATE", "EVENT", "MONEY", "PERCENT", "CARDINAL"]


def build(path: Path, n_docs: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    store = open_store(path)

    def docs():  # type: ignore[no-untyped-def]
        for i in range(n_docs):
            words = [rnd.choice(WORDS) for _ in range(400)]  # ~2,600 characters
            text = " ".join(words) + "."
            starts, pos = [], 0
            for w in words:
                starts.append((pos, pos + len(w)))
                pos += len(w) + 1
            picks = sorted(rnd.sample(range(0, 400, 2), 20))
            base = [(starts[k][0], starts[k + (k % 2)][1], LABELS[k % len(LABELS)]) for k in picks]
            anns = []
            for who in ("ann", "ben", "cat"):
                for j, (s, e, lab) in enumerate(base):
                    r = rnd.random()
                    if r < 0.1:
                        lab = LABELS[(LABELS.index(lab) + 1) % len(LABELS)]
                    elif r < 0.15:
                        e = starts[min(399, picks[j] + 1)][1]
                    a = {"start": s, "end": e, "label": lab, "annotator": who, "origin": "manual"}
                    if lab in ("MONEY", "PERCENT", "CARDINAL"):
                        a["attributes"] = {"value": rnd.choice([1, 2, 3]), "unit": "CNY"}
                    anns.append(a)
            yield {"id": f"doc-{i}", "text": text, "annotations": anns}

    store.import_bundle(Bundle(docs(), source="bench"))
    store.close()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=10_000)
    p.add_argument("--store", type=Path, default=Path("/tmp/curator-bench-agreement.db"))
    args = p.parse_args()
    if not args.store.exists():
        t = time.perf_counter()
        build(args.store, args.docs)
        print(f"built {args.store} in {time.perf_counter() - t:.1f} s")
    store = open_store(args.store)
    print(f"{store.count_documents()} documents, {store.count_annotations()} annotations")
    times, cpu = [], []
    cache = TokenCache()  # kept between runs, as the window keeps one
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        rep = compute_agreement(store, ["ann", "ben", "cat"], cache=cache)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    t = time.perf_counter()
    with store.engine.connect() as conn:
        n = len(conn.exec_driver_sql('SELECT document_id, start, "end", label_id FROM annotations').fetchall())
    baseline = time.perf_counter() - t
    t = time.process_time()
    sum(range(20_000_000))
    calib = time.process_time() - t
    print(f"agreement (3 pairs + alpha): median {statistics.median(times):.2f} s"
          f" (runs {', '.join(f'{x:.2f}' for x in times)}; CPU {', '.join(f'{x:.2f}' for x in cpu)};"
          " the first run tokenizes every article, later ones reuse the token counts); goal < 3 s")
    print(f"baseline, same run: fetching the {n} annotation rows with the raw driver: {baseline:.2f} s;"
          f" CPU calibration sum(range(2e7)): {calib:.2f} s")
    print(f"F1 ann/ben {rep.pair('ann', 'ben').exact.f1:.3f}, kappa {rep.pair('ann', 'ben').cohen_kappa:.3f},"
          f" alpha {rep.krippendorff_alpha:.3f}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
