"""``curator stats`` counts what ``curator list`` counts (app.rules' one "counted" definition):
pending and rejected suggestions and rejected spans are in neither, on the lean and the normal path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import cli
from app.bundle import Bundle
from app.rules import is_counted
from app.store import open_store, quick


@pytest.fixture
def mixed_db(tmp_path: Path) -> Path:
    """Two annotators; manual, imported and suggested spans in every review status."""
    db = tmp_path / "mixed.db"
    s = open_store(db)
    text = " ".join(f"word{k:02d}" for k in range(40))
    s.import_bundle(Bundle([{"id": f"d{n}", "title": f"Doc {n}", "text": f"{text} end{n}"} for n in range(2)],
                           source="t"))
    ids = [d.id for d in s.list_documents()]
    labels = [lv.name for lv in s.labels()][:3]
    combos = [(o, r) for o in ("manual", "imported", "suggested") for r in ("none", "accepted", "rejected")]
    expected: dict[str, dict[str, int]] = {"label": {}, "annotator": {}}
    k = 0
    for doc in ids:
        for j, (origin, review) in enumerate(combos * 2):
            label, who = labels[j % 3], ("alice", "bob")[j % 2]
            s.add_annotation(doc, k * 7 % 280, k * 7 % 280 + 6, label, who, origin=origin, review_status=review)
            k += 1
            if is_counted(origin, review):
                expected["label"][label] = expected["label"].get(label, 0) + 1
                expected["annotator"][who] = expected["annotator"].get(who, 0) + 1
    s.close()
    return db


def _run(db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["--db", str(db), *argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("lean", [True, False])
def test_stats_counts_per_label_and_annotator_what_list_counts(
    lean: bool, mixed_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not lean:
        monkeypatch.setattr(quick, "open_quick", lambda url: None)  # the normal store
    listed = sum(d["annotations"] for d in json.loads(_run(mixed_db, ["list", "--format", "json"], capsys)))
    st = json.loads(_run(mixed_db, ["stats", "--format", "json"], capsys))
    assert st["annotations"] == 36  # every stored row
    assert listed == st["counted"] == 20  # 5 of 9 (origin, review) combinations are counted work
    by_label = {name: d["count"] for name, d in st["by_label"].items() if d["count"]}
    assert sum(by_label.values()) == sum(st["by_annotator"].values()) == listed
    text = _run(mixed_db, ["stats"], capsys)
    assert "counted      20 " in text
    for who, n in st["by_annotator"].items():
        assert f"annotator    {who}: {n}" in text


def test_the_counts_are_the_rules_counts(mixed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = open_store(mixed_db)
    try:
        rows = [(a.label, a.annotator, a.origin, a.review_status)
                for d in s.list_documents() for a in s.annotations(d.id)]
    finally:
        s.close()
    st = json.loads(_run(mixed_db, ["stats", "--format", "json"], capsys))
    for label, d in st["by_label"].items():
        assert d["count"] == sum(1 for lab, _, o, r in rows if lab == label and is_counted(o, r))
    for who, n in st["by_annotator"].items():
        assert n == sum(1 for _, a, o, r in rows if a == who and is_counted(o, r))
