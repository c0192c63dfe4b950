"""Migration 0004: the store's settings (the review policy, persisted and shared), and what the
upgrade of an older store leaves in the new columns."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import open_store
from app.errors import PermissionDenied
from app.store import settings
from app.store.policy import StorePolicy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "curator"


def test_a_new_store_has_the_default_policy_and_no_settings(any_store):
    assert settings.read_all(any_store) == {}
    assert any_store.policy == StorePolicy(self_review=False, reviewer_role=True)


def test_only_a_reviewer_or_the_administrator_changes_the_policy(any_store):
    any_store.annotator("ann")
    any_store.annotator("rita", role="reviewer")
    with pytest.raises(PermissionDenied, match="ann may not change this store's review policy"):
        settings.set_policy(any_store, by="ann", self_review=True)
    with pytest.raises(PermissionDenied, match="nobody may not change"):
        settings.set_policy(any_store, by="nobody", self_review=True)
    assert any_store.policy.self_review is False  # refused: nothing written
    assert settings.set_policy(any_store, by="rita", self_review=True) == StorePolicy(True, True)
    assert settings.set_policy(any_store, by=None, reviewer_role=False) == StorePolicy(True, False)
    assert settings.read_all(any_store) == {"review.self_review": True, "review.reviewer_role": False}
    assert settings.set_policy(any_store, by="rita") == StorePolicy(True, False)  # nothing asked


def test_the_policy_is_the_stores_not_the_windows(tmp_path: Path):
    """Set by one connection, read by another (and after reopening): it lives in the store."""
    path = tmp_path / "s.db"
    a, b = open_store(path), open_store(path)
    try:
        a.annotator("rita", role="reviewer")
        settings.set_policy(a, by="rita", self_review=True, reviewer_role=False)
        assert b.policy == StorePolicy(self_review=True, reviewer_role=False)
    finally:
        a.close()
        b.close()
    with open_store(path) as c:
        assert c.policy == StorePolicy(self_review=True, reviewer_role=False)


def test_upgrading_a_0001_store_adds_the_settings_and_backfills_updated_by(tmp_path: Path):
    old = tmp_path / "old.db"
    shutil.copyfile(ROOT / "tests" / "data" / "stores" / "r0001.db", old)
    open_store(old).close()
    with sqlite3.connect(old) as c:
        assert c.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0004"
        assert c.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
        assert {r[0] for r in c.execute("SELECT options FROM labels")} == {"{}"}
        rows = c.execute("SELECT annotator_id, updated_by FROM annotations").fetchall()
        assert rows and all(a == u for a, u in rows)
        names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "ix_annotations_document_order" in names
        assert "ix_annotations_document_start" not in names  # its prefix: redundant
    with open_store(old) as s:
        assert s.policy == StorePolicy()


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), "--db", str(db), "policy", *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=120)


def test_curator_policy_shows_and_changes_the_policy(tmp_path: Path):
    db = tmp_path / "s.db"
    open_store(db).close()
    r = _run(db)
    assert (r.returncode, r.stdout, r.stderr) == (0, "self-review\tno\nrequire-reviewer\tyes\n", "")
    r = _run(db, "--self-review", "yes", "--require-reviewer", "no")
    assert (r.returncode, r.stdout, r.stderr) == (0, "self-review\tyes\nrequire-reviewer\tno\n", "")
    with open_store(db) as s:
        assert s.policy == StorePolicy(self_review=True, reviewer_role=False)
    r = _run(db, "--self-review", "maybe")
    assert r.returncode == 2 and r.stdout == "" and "--self-review" in r.stderr


def test_label_options_are_checked_stored_and_travel_with_the_schema(any_store, tmp_path: Path):
    from app.errors import ValidationError
    from app.store.schema import export_schema, import_schema

    assert all(lv.options == {} for lv in any_store.labels())
    with pytest.raises(ValidationError, match="unknown label option"):
        any_store.update_label("ORG", options={"cross_paragraph": True})
    with pytest.raises(ValidationError, match="must be true or false"):
        any_store.update_label("ORG", options={"cross_paragraphs": "yes"})
    assert any_store.update_label("ORG", options={"cross_paragraphs": True}).options == {
        "cross_paragraphs": True}
    any_store.add_label("FAC", options={"keep_possessive": True, "cross_paragraphs": False})
    assert any_store.label("FAC").options == {"keep_possessive": True}  # defaults left out
    path = tmp_path / "labels.json"
    export_schema(any_store, path)
    with open_store(tmp_path / "other.db") as other:
        assert import_schema(other, path) == ["FAC"]
        assert other.label("ORG").options == {"cross_paragraphs": True}
        assert other.label("FAC").options == {"keep_possessive": True}
        assert other.label("GPE").options == {}


def test_label_options_travel_in_a_native_export(tmp_path: Path):
    from app.formats.native import read_json, write_json
    from app.formats.options import ExportOptions

    out = tmp_path / "out.json"
    with open_store(tmp_path / "a.db") as store:
        store.add_label("FAC", options={"cross_paragraphs": True})
        write_json(store, out, ExportOptions())
    bundle = read_json(out)
    assert {d["name"]: d.get("options") for d in bundle.labels}["FAC"] == {"cross_paragraphs": True}
    assert {d["name"]: d.get("options") for d in bundle.labels}["ORG"] is None  # defaults: no key
    with open_store(tmp_path / "b.db") as other:
        other.import_bundle(bundle)
        assert other.label("FAC").options == {"cross_paragraphs": True}
