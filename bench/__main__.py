"""``python -m bench``: generate (or reuse) the corpora, measure, print the table, write JSON.

Default: everything on 10,000 articles, and the scale items (search, open, stats, cold start,
scrolling) on the 100,000-article store when it is cached or its build fits ``--budget``.
``--full`` always builds the 100,000 store (1,000,000 annotations) and exports all of it.
``--sizes 1000,10000`` chooses the sizes; the largest one carries the scale and UI items.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus, items
from bench.harness import ROOT, Results, compile_bytecode, machine, table
from bench.items import Context, label

DEFAULT_DATA = ROOT / "bench" / ".data"
BIG = 100_000
HEAVY = 10_000  # above this, articles are only imported as part of building a cached store


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default=None, help="comma-separated corpus sizes (default 10000,100000)")
    p.add_argument("--full", action="store_true", help="build and use 100,000 articles, export 1M annotations")
    p.add_argument("--budget", type=float, default=240.0,
                   help="seconds allowed to build a missing large store by default (default 240)")
    p.add_argument("--repeat", type=int, default=5, help="runs per in-process measurement (median)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="where corpora are cached")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    p.add_argument("--long-article", default="1000000,10000",
                   help="characters,spans of the long article the UI opens (default 1000000,10000)")
    p.add_argument("--skip", default="", help="comma-separated groups to skip: import,export,store,cli,ui,analysis,learn")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.sizes:
        sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    else:
        sizes = [HEAVY, BIG]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    info = machine()
    compile_bytecode()  # timed children must not compile their imports from source
    print(f"machine: {info['nproc']} cores, {info['cpu']}, {info['memory']} RAM, load {info['load'][0]:.2f};"
          f" Python {info['python']}, SQLite {info['sqlite']}, PySide6 {info['PySide6']},"
          f" SQLAlchemy {info['sqlalchemy']}, orjson {info['orjson']}", flush=True)
    data = args.data_dir / f"v{corpus.VERSION}"
    data.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-", dir=args.data_dir))
    results = Results()
    chars, spans = (int(x) for x in args.long_article.split(","))
    ctx = Context(data=data, tmp=tmp, results=results, repeat=max(1, args.repeat), full=args.full,
                  long_article=(chars, spans))
    started = time.perf_counter()
    try:
        small = [n for n in sizes if n <= HEAVY]
        large = [n for n in sizes if n > HEAVY]
        for n in small:
            print(f"[{label(n)} articles]", flush=True)
            results.guard(f"build {label(n)} store", lambda n=n: items.ensure_store(ctx, n, measure="import" not in skip))
            if "import" not in skip:
                results.guard(f"import {label(n)} text articles", lambda n=n: items.bench_import_txt(ctx, n))
                results.guard(f"import {label(n)} doccano", lambda n=n: items.bench_import_doccano(ctx, n))
            if n in ctx.stores:
                run_store_items(ctx, n, skip, export="export" not in skip)
        for n in large:
            print(f"[{label(n)} articles]", flush=True)
            if not _large_store(ctx, n, args, small):
                continue
            run_store_items(ctx, n, skip, export=args.full and "export" not in skip)
        if "cli" not in skip:
            print("[CLI on a small store]", flush=True)
            results.guard("CLI on a small store", lambda: items.bench_cli_small(ctx))
        if "analysis" not in skip:
            print("[suggestions, agreement]", flush=True)
            biggest = max(sizes)
            results.guard("figure suggestions", lambda: items.bench_suggest(ctx, min(2000, biggest)))
            results.guard("agreement", lambda: items.bench_agreement(ctx, min(10_000, biggest)))
            from bench.figures_heldout import CORPORA, bench_figures_heldout

            for name, path in CORPORA.items():
                results.guard(f"{name} figures",
                              lambda name=name, path=path: bench_figures_heldout(results, path, name))
        if "learn" not in skip:
            print("[entity recommender]", flush=True)
            from bench.recommender import bench_recommender

            results.guard("entity recommender", lambda: bench_recommender(ctx))
        if "ui" not in skip:
            built = sorted(ctx.stores)
            if built:
                big = built[-1]
                print(f"[UI, {label(big)} store]", flush=True)
                results.guard("UI", lambda: items.bench_ui(ctx, big))
            else:
                results.na("UI", "no store was built")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - started
    print()
    print(f"Article Curator benchmarks — {info['nproc']} cores, {info['cpu']}, {info['memory']};"
          f" load {info['load'][0]:.2f}; {elapsed:.0f} s")
    print(table(results.rows))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "machine": info, "sizes": sizes, "full": args.full, "seconds": elapsed,
        "rows": [r.as_dict() for r in results.rows],
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwritten {args.out}")
    return 0


def run_store_items(ctx: Context, n: int, skip: set[str], export: bool) -> None:
    r = ctx.results
    if export:
        r.guard(f"export {label(n)}", lambda: items.bench_export(ctx, n))
    if "store" in skip:
        return
    r.guard(f"search {label(n)}", lambda: items.bench_search(ctx, n))
    r.guard(f"open {label(n)}", lambda: items.bench_open(ctx, n))
    r.guard(f"stats {label(n)}", lambda: items.bench_stats(ctx, n))


def _large_store(ctx: Context, n: int, args: argparse.Namespace, small: list[int]) -> bool:
    """Use the cached large store, or build it when ``--full`` or when it fits the budget."""
    d = ctx.data / str(n)
    if (d / "store.complete").exists():
        items.ensure_store(ctx, n, measure=False)
        return True
    if not args.full:
        ref = [row for row in ctx.results.rows if row.item.startswith("import ") and "spans" in row.item]
        per_doc = ref[-1].value / max(small) if ref and small and ref[-1].value else 0.002
        estimate = n * (per_doc * 1.3 + 0.0004)  # import + generating the articles
        if estimate > args.budget:
            ctx.results.na(f"{label(n)} store", f"not cached; building takes ~{estimate:.0f} s >"
                           f" --budget {args.budget:.0f} s: run `python -m bench --full` once")
            return False
    t = time.perf_counter()
    ctx.results.guard(f"build {label(n)} store", lambda: items.ensure_store(ctx, n, measure=True))
    print(f"  (built the {label(n)} store in {time.perf_counter() - t:.0f} s; cached in {d})", flush=True)
    return n in ctx.stores


if __name__ == "__main__":
    sys.exit(main())
