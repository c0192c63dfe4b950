"""Fuzzing every importer (hypothesis): random and mutated valid inputs may be imported or
refused with a CuratorError, never anything else, and never leave a corrupted store.

Formats are taken from ``app.formats.registry.readers()`` when the tests are collected, so a
format added later is fuzzed too: its seed is its own writer's output on a small curated
store (or a hand-made sample when it has no writer).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_util import digest, integrity

from app import open_store
from app.bundle import Bundle
from app.errors import CuratorError
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS, readers
from app.importing import import_paths
from app.store.store import Store

EXAMPLES = int(os.environ.get("CURATOR_FUZZ_EXAMPLES", "40"))  # raise it for a deeper local run
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HAND_MADE = {  # samples for formats that can be read but not written
    "html": ("a.html", b"<html><head><title>Trade</title><script>alert(1)</script></head><body>"
                       b"<h1>Trade rose 12%</h1><p>Alpha &amp; Beta met in <b>Paris</b>.</p></body></html>"),
    "markdown": ("a.md", "# Trade rose 12%\n\nAlpha *Corp* met **Beta** in [Paris](http://x).\r\n\n- 北京\n".encode()),
}
SEED_TEXTS = [
    "Alpha Corp opened an office in Paris.\r\nIt hired 40 people — up 12%.",
    "北京 hosted the 🎉 forum; الاقتصاد الرقمي grew 7.4%.\u2029Ångström e\u0301te.",
]


def _seed_store(path: Path) -> Store:
    s = open_store(path)
    docs = []
    for k, text in enumerate(SEED_TEXTS):
        words = [(i, i + len(w)) for i, w in _words(text)][:4]
        anns = [{"id": f"a{k}{j}", "start": a, "end": b, "label": ["ORG", "GPE", "PERCENT", "PERSON"][j],
                 "annotator": ["alice", "bob"][j % 2], "attributes": {"value": 12} if j == 2 else {},
                 "note": "n" if j == 0 else ""} for j, (a, b) in enumerate(words)]
        docs.append({"id": f"doc{k}", "title": f"T{k}", "text": text, "annotations": anns,
                     "relations": [{"from": f"a{k}0", "to": f"a{k}1", "type": "rel"}],
                     "statuses": {"alice": "done"}})
    s.import_bundle(Bundle(docs, source="seed"))
    return s


def _words(text: str) -> Iterator[tuple[int, str]]:
    import re

    for m in re.finditer(r"\w+", text):
        yield m.start(), m.group()


def _seed_paths(fmt_name: str, root: Path) -> list[Path]:
    """The files of a valid input in this format (several for a folder format)."""
    fmt = FORMATS[fmt_name]
    if fmt.writer is not None:
        store = _seed_store(root / "seed.db")
        try:
            out = root / f"seed{fmt.extension}"
            fmt.writer(store, out, ExportOptions(), None)
        finally:
            store.close()
        return sorted(p for p in ([out] if out.is_file() else out.rglob("*")) if p.is_file())
    name, data = HAND_MADE.get(fmt_name, (f"seed{fmt.extension}", b"Plain text article."))
    p = root / name
    p.write_bytes(data)
    return [p]


# -- mutations ------------------------------------------------------------------------------

json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
    st.text(max_size=12), st.sampled_from(["", "ORG", "x" * 300, "0", "-1", "\u0000", "\ud7ff"]),
)
json_value = st.recursive(json_leaf, lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=6)


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate", "digit"]))
        i = draw(st.integers(0, max(len(b) - 1, 0)))
        if op == "flip" and b:
            b[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del b[i:i + draw(st.integers(1, 16))]
        elif op == "insert":
            b[i:i] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from([b"\x00", b"\xff\xfe", b"\r\n", b"\"", b"{", b"]", b"\t", "é".encode()]))
        elif op == "truncate":
            del b[i:]
        elif op == "duplicate":
            j = draw(st.integers(i, min(len(b), i + 64)))
            b[j:j] = b[i:j]
        elif op == "digit":  # nudge a number: the likeliest way to break an offset
            digits = [k for k, c in enumerate(b) if 48 <= c <= 57]
            if digits:
                b[draw(st.sampled_from(digits))] = draw(st.sampled_from(b"0123456789-"))
    return bytes(b)


def _paths_in(v: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths_in(x, (*path, k))
    elif isinstance(v, list):
        for k, x in enumerate(v):
            yield from _paths_in(x, (*path, k))


@st.composite
def json_mutation(draw: st.DrawFn, data: bytes) -> bytes | None:
    """Replace (or delete) one value somewhere in a JSON (or JSON Lines) document."""
    lines = data.splitlines(keepends=False)
    try:
        docs = [orjson.loads(data)]
        jsonl = False
    except orjson.JSONDecodeError:
        try:
            docs = [orjson.loads(ln) for ln in lines if ln.strip()]
            jsonl = True
        except orjson.JSONDecodeError:
            return None
    if not docs:
        return None
    k = draw(st.integers(0, len(docs) - 1))
    paths = list(_paths_in(docs[k]))[1:]
    if not paths:
        return None
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent = docs[k]
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(json_value)
        except (KeyError, IndexError, TypeError):
            continue
    if jsonl:
        return b"\n".join(_dumps(d) for d in docs) + b"\n"
    return _dumps(docs[0])


def _dumps(v: Any) -> bytes:
    return json.dumps(v, ensure_ascii=False).encode("utf-8")  # big integers too (orjson: 64 bits)


# -- the property ---------------------------------------------------------------------------


def _span_invariant_violations(db: Path) -> int:
    """Annotations whose span is not ``0 <= start < end <= len(text)`` covering their text
    (compared in Python: SQLite's substr() stops at a NUL character)."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        texts = dict(c.execute("SELECT id, text FROM documents"))
        bad = 0
        for doc, start, end, covered in c.execute(
            'SELECT document_id, start, "end", text FROM annotations'
        ):
            t = texts[doc]
            bad += not (0 <= start < end <= len(t) and t[start:end] == covered)
        return bad
    finally:
        c.close()


def _check_import(store: Store, db: Path, paths: list[Path], fmt: str | None) -> str:
    before = digest(db)
    try:
        import_paths(store, [str(p) for p in paths], fmt=fmt)
        outcome = "imported"
    except CuratorError:
        outcome = "refused"
        assert digest(db) == before, "a refused import changed the store"
    assert integrity(db) == "ok"
    assert _span_invariant_violations(db) == 0
    return outcome


READERS = sorted(f.name for f in readers())


@pytest.mark.parametrize("fmt", READERS)
def test_fuzz_importer(fmt: str, tmp_path: Path) -> None:
    seed_dir = tmp_path / "seed"
    seed_dir.mkdir()
    seeds = _seed_paths(fmt, seed_dir)
    base = seeds[0].parent if len(seeds) > 1 or seeds[0].parent != seed_dir else None
    outcomes: list[str] = []

    @FUZZ
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        target = data.draw(st.integers(0, len(seeds) - 1), label="file")
        original = seeds[target].read_bytes()
        how = data.draw(st.sampled_from(["bytes", "json", "random", "valid"]), label="how")
        if how == "json":
            mutated = data.draw(json_mutation(original)) or data.draw(byte_mutation(original))
        elif how == "bytes":
            mutated = data.draw(byte_mutation(original))
        elif how == "random":
            mutated = data.draw(st.binary(max_size=300))
        else:
            mutated = original
        with tempfile.TemporaryDirectory(dir=tmp_path) as work:
            work_p = Path(work)
            db = work_p / "fuzz.db"
            store = _STORES.get(db)  # a fresh store per example: a failure replays alone
            if base is not None:  # a folder format: copy the folder, mutate one of its files
                shutil.copytree(seed_dir / seeds[0].relative_to(seed_dir).parts[0], work_p / "in")
                victim = work_p / "in" / seeds[target].relative_to(seed_dir / seeds[0].relative_to(seed_dir).parts[0])
                victim.write_bytes(mutated)
                paths = [work_p / "in"]
            else:
                p = work_p / seeds[target].name
                p.write_bytes(mutated)
                paths = [p]
            try:
                outcomes.append(_check_import(store, db, paths, fmt))
            finally:
                store.close()

    run()
    assert len(outcomes) >= EXAMPLES // 2
    # the seed imports and mutants are refused: the fuzzer exercises both paths
    assert "imported" in outcomes and "refused" in outcomes, outcomes


@FUZZ
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(["utf-16", "utf-16-le", "cp1252", "gb18030", "latin-1", "utf-8-sig"]).flatmap(
        lambda enc: st.text(max_size=200).map(lambda t: t.encode(enc, "ignore"))),
))
def test_fuzz_text_importer(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "t.db"
        store = _STORES.get(db)
        p = Path(work) / "article.txt"
        p.write_bytes(data)
        try:
            _check_import(store, db, [p], None)
            # and with the explicit text format
            _check_import(store, db, [p], "txt")
        finally:
            store.close()


class _Stores:
    """A fresh store per example, cloned from one migrated template (opening is the slow part)."""

    def __init__(self) -> None:
        self.template: Path | None = None

    def get(self, db: Path) -> Store:
        if self.template is None:
            d = Path(tempfile.mkdtemp(prefix="fuzz-template-"))
            self.template = d / "template.db"
            open_store(self.template).close()
        shutil.copyfile(self.template, db)
        return open_store(db)


_STORES = _Stores()
