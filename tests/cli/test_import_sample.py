"""``curator import --sample`` imports the sample articles shipped with the app."""

from __future__ import annotations

from pathlib import Path

from app import open_store
from app.cli import main
from app.store.schema import sample_corpus_dir


def test_import_sample(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "import", "--sample"]) == 0
    assert capsys.readouterr().out.startswith("imported 5 document(s)")
    s = open_store(db)
    try:
        assert s.count_documents() == 5 == len(list(sample_corpus_dir().glob("*.txt")))
    finally:
        s.close()


def test_import_without_paths_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["--db", str(tmp_path / "s.db"), "import"]) == 2
    cap = capsys.readouterr()
    assert cap.out == "" and "--sample" in cap.err
    assert not (tmp_path / "s.db").exists()
