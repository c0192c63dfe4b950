"""Importing text files: encodings, titles, dates, re-import, failures."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from app.errors import CuratorError
from app.importing import import_paths
from app.importing.text import decode, published_of, title_of
from tests.conftest import CORPUS

SAMPLE = "Zhengzhou: Digital economy — 数字经济 “quoted” café\r\nSecond line 😊\r\n"


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", SAMPLE.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
        ("utf-16-le", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le")),
        ("utf-16-be", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be")),
    ],
)
def test_unicode_encodings_decode_exactly_with_line_endings(encoding, data):
    assert decode(data, "x.txt") == SAMPLE


def test_gb18030_and_cp1252_are_detected():
    chinese = "郑州市数字经济规模达到三万亿元，同比增长百分之十五。" * 4 + "\n"
    assert decode(chinese.encode("gb18030"), "zh.txt") == chinese
    western = "The café’s “digital” économie grew — by 5 % in 2021.\r\n" * 4
    assert decode(western.encode("cp1252"), "fr.txt") == western


def test_binary_and_truncated_files_fail_with_the_file_name():
    with pytest.raises(CuratorError, match=r"img\.png: binary content"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.png")
    with pytest.raises(CuratorError, match="UTF-16 without a byte-order mark"):
        decode("plain".encode("utf-16-le"), "u16.txt")


def test_titles_and_dates_from_the_sample_corpus():
    texts = {p.name: p.read_bytes().decode("utf-8") for p in CORPUS.glob("*.txt")}
    t = texts["2021-08-24-china-to-push-forward-shanghai-spirit.txt"]
    assert title_of(t) == "China to push forward Shanghai Spirit"  # breadcrumb line skipped
    assert published_of(t) == "2021-08-24"  # "Updated:2021-08-24 11:25:54"
    t = texts["2023-09-07-xi-digital-technology-and-real-economy.txt"]
    assert title_of(t).startswith("Xinhua News Agency: President Xi Jinping")  # "date " dropped
    assert published_of(t) == "2023-09-07"
    t = texts["2021-08-24-china-sco-digital-economy-forum-opens.txt"]
    assert len(title_of(t)) <= 121 and title_of(t).endswith("…")  # a paragraph, cut
    assert published_of(texts["undated-digital-economy-empowers-high-quality-development.txt"]) is None
    assert title_of("\n\n  Plain title  \nbody") == "Plain title"


def test_import_folder_keeps_text_byte_exact_and_reimport_is_a_noop(store):
    s = import_paths(store, [str(CORPUS)])
    assert (s.imported, s.skipped, s.failed) == (5, 0, [])  # README.md is not an article
    for info in store.list_documents():
        original = (CORPUS / next(p.name for p in CORPUS.glob("*.txt") if p.name == info.source)).read_bytes()
        assert store.document_text(info.id).encode("utf-8") == original
    again = import_paths(store, [str(CORPUS)])
    assert (again.imported, again.skipped) == (0, 5)
    assert store.count_documents() == 5


def test_crlf_text_is_stored_as_imported(store, tmp_path: Path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("Title\r\n\r\nBody 😊 中文\r\n".encode())
    import_paths(store, [str(p)])
    doc = store.list_documents()[0]
    assert store.document_text(doc.id) == "Title\r\n\r\nBody 😊 中文\r\n"
    assert doc.length == len("Title\r\n\r\nBody 😊 中文\r\n")


def test_bad_files_fail_alone_and_import_nothing_of_themselves(store, tmp_path: Path):
    (tmp_path / "good.txt").write_text("A good article\nwith text.", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "spaces.txt").write_bytes(b"  \n \t\n")
    s = import_paths(store, [str(tmp_path)])
    assert s.imported == 1
    reasons = dict(s.failed)
    assert "binary content" in reasons[str(tmp_path / "binary.txt")]
    assert "empty file" in reasons[str(tmp_path / "empty.txt")]
    assert "white space" in reasons[str(tmp_path / "spaces.txt")]
    assert [d.title for d in store.list_documents()] == ["A good article"]


def test_missing_path_is_a_clear_error(store, tmp_path: Path):
    with pytest.raises(CuratorError, match="no such file or folder"):
        import_paths(store, [str(tmp_path / "nope.txt")])
