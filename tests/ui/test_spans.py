"""The per-block span index against a real QTextDocument."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QPlainTextEdit

from app.store.views import AnnotationView
from app.text.offsets import OffsetMap
from app.ui.spans import SpanIndex, block_starts, segments

TEXTS = [
    "plain ascii\nsecond line\n\nfourth",
    "crlf\r\nline 👩‍💻 two\r\n\r\nend\r\n",
    "lone\rcarriage\u2029para sep\u2028line sep\x0bvt\n\r\n\rend 😀",
    "中文\n郑州 🎉\r\n",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_block_starts_match_qt(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    qt = []
    block = edit.document().firstBlock()
    while block.isValid():
        qt.append(block.position())
        block = block.next()
    assert block_starts(text, OffsetMap(text)) == qt


def ann(i: int, start: int, end: int, label: str = "ORG", origin: str = "manual") -> AnnotationView:
    t = datetime.now(UTC)
    return AnnotationView(f"a{i}", 1, start, end, "", label, "entity", "x", {}, "", origin, "none", 1, t, t)


def test_lanes_blocks_and_incremental_changes() -> None:
    text = "Zhengzhou Airport Economy Zone\nsecond paragraph here"
    omap = OffsetMap(text)
    starts = block_starts(text, omap)
    anns = [ann(0, 0, 30), ann(1, 0, 17), ann(2, 0, 9, "GPE"), ann(3, 18, 25), ann(4, 25, 40)]
    index = SpanIndex.build(anns, omap, starts, {"ORG": "#ff0000"})
    lanes = {s.ann.id: s.lane for s in index.spans.values()}
    assert lanes["a0"] != lanes["a1"] != lanes["a2"] != lanes["a0"]  # nested: three lanes
    assert index.spans["a4"].blocks == (0, 1)  # crosses the paragraph break
    assert [(p.start, p.end) for p in index.pieces(1)] == [(0, 9)]
    assert [s.ann.id for s in index.at(3)] == ["a2", "a1", "a0"]  # innermost first
    # innermost accepted span per run: GPE over Zhengzhou, then ORG a1, then a0
    runs = [(a, b, s.ann.id if s else None) for a, b, s in segments(index.pieces(0))]
    assert runs[:3] == [(0, 9, "a2"), (9, 17, "a1"), (17, 18, "a0")]
    touched = index.add(ann(5, 10, 17, origin="suggested"))
    assert touched == (0,)
    assert index.spans["a5"].lane not in {index.spans[k].lane for k in ("a0", "a1")}
    assert all(s is None or s.ann.id != "a5" for _, _, s in segments(index.pieces(0)))  # no fill
    assert index.remove("a4") == (0, 1)
    assert index.pieces(1) == []
