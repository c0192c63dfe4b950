"""Benchmarks for Article Curator: ``python -m bench`` (or ``make bench``).

Every figure is measured next to a baseline doing the same work without the app, in the same
run, and printed with the ratio — the machine is shared and noisy, ratios hold. See
``docs/performance.md``.
"""
