"""The lean read path (``app.store.quick``): the same ``list`` / ``stats`` as the normal store, on
real SQLite files, and the normal path wherever it does not apply."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.bundle import Bundle
from app.importing import import_paths
from app.store import open_store, quick
from app.store.quick import COUNTED_WHERE, QuickStore, open_quick
from tests.conftest import CORPUS

TEXTS = [
    "Zhōu Xiǎo met Ángela Müller in 郑州市 on Monday; 3.5 % growth 😀 was reported.",
    "The ECB's Lagarde said rates stay at 4 %. Ünïcødé title follows.",
    "北京 — 中国人民银行 raised the reserve ratio by 0.25 percentage points.",
    "A plain English article about railway freight and 12,000 containers.",
]
TITLES = ["Zhōu meets Müller 😀", "Lagarde: «rates stay»", "中国人民银行 raises ratio", ""]


def _spans(text: str) -> list[tuple[int, int]]:
    words, pos = [], 0
    for w in text.split(" "):
        if len(w) > 2:
            words.append((pos, pos + len(w)))
        pos += len(w) + 1
    return words


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    db = tmp_path / "corpus.db"
    s = open_store(db)
    import_paths(s, [CORPUS])
    s.close()
    return db


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    """Several annotators (one a reviewer), every status, every origin and review status,
    a rejected import, pending / accepted / rejected suggestions, Unicode titles, a label unused."""
    db = tmp_path / "tëam ü.db"
    s = open_store(db)
    docs = [{"id": f"d{k}", "title": TITLES[k], "text": TEXTS[k],
             "published": f"2024-0{k + 1}-0{k + 1}" if k % 2 else None}
            for k in range(len(TEXTS))]
    s.import_bundle(Bundle(docs, source="t"))
    ids = {d.uid: d.id for d in s.list_documents()}
    people = ["alice", "bob", "zoë", "王芳"]
    s.annotator("rita", role="reviewer")
    labels = [lv.name for lv in s.labels()][:4]
    combos = itertools.cycle(itertools.product(["manual", "suggested", "imported"], ["none", "accepted", "rejected"]))
    for k, text in enumerate(TEXTS):
        for j, (a, b) in enumerate(_spans(text)):
            origin, review = next(combos)
            who = people[(j + k) % (len(people) - (k == 0))]
            s.add_annotation(ids[f"d{k}"], a, b, labels[j % len(labels)], who, origin=origin, review_status=review)
    s.set_status(ids["d1"], "in_progress", annotator="alice")
    s.set_status(ids["d2"], "done", annotator="bob")
    s.set_status(ids["d3"], "not_started")
    s.close()
    return db


def _normal(db: Path, what: str) -> object:
    s = open_store(db)
    try:
        return s.list_documents() if what == "list" else s.stats()
    finally:
        s.close()


def _cli(db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["--db", str(db), *argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("which", ["corpus_db", "team_db"])
def test_quick_path_returns_what_the_store_returns(which: str, request: pytest.FixtureRequest) -> None:
    db = request.getfixturevalue(which)
    q = open_quick(db)
    assert isinstance(q, QuickStore)
    try:
        assert q.list_documents() == _normal(db, "list")
        assert q.stats() == _normal(db, "stats")
        s = open_store(db)
        assert q.display_name == s.display_name
        s.close()
    finally:
        q.close()


def test_the_team_store_exercises_every_case(team_db: Path) -> None:
    st = _normal(team_db, "stats")
    assert isinstance(st, dict)
    assert st["status"] == {"not_started": 1, "in_progress": 2, "done": 1}
    assert set(st["by_origin"]) == {"manual", "suggested", "imported"}
    assert len(st["by_annotator"]) == 4
    docs = _normal(team_db, "list")
    assert isinstance(docs, list)
    counted = [d.n_annotations for d in docs]
    assert 0 < sum(counted) < st["annotations"]  # rejections and pending suggestions are not counted


@pytest.mark.parametrize("which", ["corpus_db", "team_db"])
@pytest.mark.parametrize("argv", [["list"], ["list", "--format", "json"], ["stats"], ["stats", "--format", "json"]])
def test_cli_output_is_the_same_on_both_paths(
    which: str, argv: list[str], request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = request.getfixturevalue(which)
    used: list[object] = []
    real = quick.open_quick

    def spy(url: str) -> object:
        used.append(real(url))
        return used[-1]

    monkeypatch.setattr(quick, "open_quick", spy)
    lean = _cli(db, argv, capsys)
    assert isinstance(used[0], QuickStore)
    monkeypatch.setattr(quick, "open_quick", lambda url: None)  # the normal store
    assert lean == _cli(db, argv, capsys)
    if argv[-1] == "json":
        json.loads(lean)


def test_list_and_stats_import_no_sqlalchemy_on_a_current_store(corpus_db: Path) -> None:
    probe = (
        "import sys\nfrom app.cli import main\n"
        f"main(['--db', {str(corpus_db)!r}, 'list'])\nmain(['--db', {str(corpus_db)!r}, 'stats'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'app.models.tables', 'orjson'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert "China to push forward Shanghai Spirit" in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_normal_path_keeps_what_the_lean_one_cannot_do(tmp_path: Path, corpus_db: Path) -> None:
    assert open_quick(tmp_path / "missing.db") is None  # the normal path creates it
    assert open_quick("postgresql+psycopg://u@localhost/db") is None
    assert open_quick(f"sqlite:///{corpus_db}?mode=ro") is None  # URL options: SQLAlchemy's parsing
    assert open_quick(f"sqlite+pysqlite:///{corpus_db}") is None
    old = tmp_path / "old.db"
    shutil.copyfile(corpus_db, old)
    with sqlite3.connect(old) as c:
        c.execute("UPDATE alembic_version SET version_num = '0001'")
    assert open_quick(old) is None  # an older schema is upgraded by the normal path
    rollback = tmp_path / "rollback.db"
    shutil.copyfile(corpus_db, rollback)
    with sqlite3.connect(rollback) as c:
        c.execute("PRAGMA journal_mode=DELETE")
    assert open_quick(rollback) is None  # the normal path switches it to WAL
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE t (x)")
    assert open_quick(foreign) is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_quick(junk) is None
    url = open_quick(f"sqlite:///{corpus_db}")
    assert isinstance(url, QuickStore)
    url.close()


def test_not_a_store_still_gets_the_normal_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE t (x)")
    assert cli.main(["--db", str(foreign), "list"]) == 1
    assert "not an Article Curator store" in capsys.readouterr().err


def test_lean_path_leaves_the_file_as_it_was(corpus_db: Path) -> None:
    before = corpus_db.read_bytes()
    q = open_quick(corpus_db)
    assert q is not None
    q.list_documents()
    q.stats()
    q.close()
    assert corpus_db.read_bytes() == before


def test_counted_where_is_the_rules_definition() -> None:
    from sqlalchemy import select
    from sqlalchemy.dialects import sqlite

    from app.models import Annotation
    from app.rules import counted_sql, is_counted

    combos = list(itertools.product(["manual", "suggested", "imported"], ["none", "accepted", "rejected"]))
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE annotations (id INTEGER PRIMARY KEY, origin TEXT, review_status TEXT)")
    conn.executemany("INSERT INTO annotations (origin, review_status) VALUES (?, ?)", combos)
    lean = conn.execute(f"SELECT origin, review_status FROM annotations WHERE {COUNTED_WHERE}").fetchall()
    assert sorted(lean) == sorted(c for c in combos if is_counted(*c))
    compiled = str(select(Annotation.origin, Annotation.review_status).where(counted_sql()).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert sorted(conn.execute(compiled).fetchall()) == sorted(lean)
