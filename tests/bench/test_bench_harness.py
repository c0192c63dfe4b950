"""The benchmark harness runs end to end on a tiny corpus, so it cannot rot (no timings checked)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import corpus
from bench.harness import Row, table

ROOT = Path(__file__).resolve().parents[2]


def test_articles_are_deterministic_and_their_spans_cover_their_text() -> None:
    docs = [corpus.article(i) for i in range(40)]
    assert docs[7] == corpus.article(7)
    for d in docs:
        assert 3500 <= len(d["text"]) <= 6000
        assert len(d["annotations"]) == corpus.SPANS_PER_DOC
        for a in d["annotations"]:
            assert d["text"][a["start"]:a["end"]] == a["text"]
    texts = [d["text"] for d in docs]
    assert any("\r\n" in t for t in texts)
    assert any(any(ord(ch) > 0xFFFF for ch in t) for t in texts)  # emoji
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)  # CJK
    assert any("yuan ($" in t for t in texts)


def test_the_peers_doccano_file_carries_the_articles_and_their_spans(tmp_path: Path) -> None:
    from app.formats.doccano import read

    path = corpus.write_doccano(12, tmp_path / "d.jsonl")
    docs = list(read(path).documents)
    assert len(docs) == 12
    for i, d in enumerate(docs):
        ref = corpus.article(i)
        assert d["text"] == ref["text"]
        assert [(a["start"], a["end"], a["label"]) for a in d["annotations"]] == [
            (a["start"], a["end"], a["label"]) for a in ref["annotations"]]


def test_agreement_articles_have_three_annotators_with_twenty_spans() -> None:
    d = corpus.agreement_article(3)
    by = {}
    for a in d["annotations"]:
        by.setdefault(a["annotator"], []).append(a)
        assert 0 <= a["start"] < a["end"] <= len(d["text"])
    assert sorted(by) == ["annotator0", "annotator1", "annotator2"]
    assert all(len(v) == 20 for v in by.values())


def test_long_article_has_the_requested_spans() -> None:
    text, spans = corpus.long_article(200_000, 2_000)
    assert len(text) >= 200_000
    assert len(spans) == len(set(spans)) == 2_000
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)


def test_a_rate_ratio_reads_as_times_slower_than_the_floor() -> None:
    assert Row("x", 100, unit="articles/s", baseline=400).ratio == 4
    assert Row("x", 2.0, baseline=0.5).ratio == 4
    assert "n/a (why)" in table([Row("missing", note="n/a (why)")])


@pytest.mark.slow
def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "40", "--repeat", "1", "--long-article", "20000,300",
         "--data-dir", str(tmp_path / "data"), "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "measured" in proc.stdout and "baseline" in proc.stdout
    rows = {r["item"]: r for r in json.loads(out.read_text())["rows"]}
    # the core measurements ran (a value next to a baseline), whatever the speed
    for prefix in ("import 40 text articles", "import 40 articles + 400 spans", "import the peers' 40 doccano",
                   "export 400 annotations", "search, slowest", "open article", "curator stats"):
        hits = [r for name, r in rows.items() if name.startswith(prefix)]
        assert hits, f"no row {prefix!r} in {sorted(rows)}"
        assert hits[0]["value"] is not None and hits[0]["baseline"] is not None, hits[0]
    # everything else measured or said why not
    for r in rows.values():
        assert r["value"] is not None or r["note"].startswith(("n/a (", "n/a: ")), r
    # the cached corpus is reused by a second run
    assert (tmp_path / "data" / f"v{corpus.VERSION}" / "40" / "store.complete").exists()


def test_bytecode_is_written_for_the_timed_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bench writes the .pyc files a timed child would otherwise compile on every start
    (PYTHONDONTWRITEBYTECODE stops the children from writing them)."""
    from bench.harness import compile_bytecode

    pkg = tmp_path / "benchpkg_x"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("X = 1\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "mod.py").write_text("Y = 2\n")
    (tmp_path / "benchmod_y.py").write_text("Z = 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert compile_bytecode(["benchpkg_x", "benchmod_y", "no_such_package_zz"]) == 2
    for py in (pkg / "__init__.py", pkg / "sub" / "mod.py", tmp_path / "benchmod_y.py"):
        import importlib.util

        assert Path(importlib.util.cache_from_source(str(py))).is_file(), py
