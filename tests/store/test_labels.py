"""The label schema in the store: defaults, edits, merge-on-delete, schema files."""

from __future__ import annotations

import json

import pytest

from app.errors import CuratorError, ValidationError
from app.store.schema import export_schema, import_schema


def test_default_schema_is_ontonotes_aligned_with_unique_keys_and_colours(store):
    labels = store.labels()
    names = [lv.name for lv in labels]
    assert names[:9] == ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "PRODUCT", "DATE"]
    assert {lv.name for lv in labels if lv.kind == "figure"} == {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}
    hotkeys = [lv.hotkey for lv in labels]
    assert all(h and len(h) == 1 for h in hotkeys) and len(set(hotkeys)) == len(hotkeys)
    assert len({lv.color for lv in labels}) == len(labels)


def test_add_rename_rekey_and_refuse_clashes(store):
    store.add_label("FACILITY", "entity", "#123456", "f")
    with pytest.raises(ValidationError, match="exists already"):
        store.add_label("FACILITY")
    with pytest.raises(ValidationError, match="hotkey 'o' is taken"):
        store.add_label("OTHER", hotkey="o")
    renamed = store.update_label("FACILITY", name="FAC", hotkey="x")
    assert (renamed.name, renamed.hotkey) == ("FAC", "x")
    with pytest.raises(ValidationError, match="taken by ORG"):
        store.update_label("FAC", hotkey="o")


def test_label_in_use_is_not_deleted_silently_but_can_be_merged(store):
    from app.bundle import Bundle

    store.import_bundle(Bundle([{"id": "d", "text": "Apple and Sony"}]))
    doc = store.find_document(uid="d")
    store.add_label("COMPANY")
    a = store.add_annotation(doc, 0, 5, "COMPANY", "alice")
    with pytest.raises(ValidationError, match="used by 1 annotation"):
        store.delete_label("COMPANY")
    assert store.delete_label("COMPANY", merge_into="ORG") == 1
    assert store.get_annotation(a.id).label == "ORG"
    assert "COMPANY" not in [lv.name for lv in store.labels()]


def test_schema_export_import_round_trip(store, tmp_path):
    from app import open_store

    store.add_label("FACILITY", "entity", "#123456", "f", "buildings")
    path = tmp_path / "schema.json"
    export_schema(store, path)
    other = open_store(tmp_path / "other.db")
    added = import_schema(other, path)
    assert added == ["FACILITY"]
    assert [(lv.name, lv.kind, lv.color) for lv in other.labels()] == [
        (lv.name, lv.kind, lv.color) for lv in store.labels()
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"labels": [{"name": "X", "kind": "thing"}]}))
    with pytest.raises(CuratorError, match="kind must be entity or figure"):
        import_schema(other, bad)
    other.close()
