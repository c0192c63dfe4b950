"""The per-block span index against a real QTextDocument."""

from __future__ import annotations

import random
from bisect import bisect_right
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


def eager_index(anns: list[AnnotationView], omap: OffsetMap, starts: list[int]) -> dict:  # type: ignore[type-arg]
    """The reference: every span made at once, lanes by one greedy pass in text order."""
    spans, by_block, lane_ends = {}, {}, []  # type: ignore[var-annotated]
    for a in sorted(anns, key=lambda a: (a.start, -a.end)):
        qs, qe = omap.to_qt(a.start), omap.to_qt(a.end)
        lane = next((k for k, e in enumerate(lane_ends) if e <= qs), len(lane_ends))
        lane_ends[lane:lane + 1] = [qe]
        b0 = bisect_right(starts, qs) - 1
        single = b0 + 1 == len(starts) or qe <= starts[b0 + 1]
        blocks = (b0,) if single else tuple(range(b0, bisect_right(starts, qe - 1)))
        spans[a.id] = (qs, qe, lane, blocks)
        for b in blocks:
            base = starts[b]
            end = (starts[b + 1] - 1 if b + 1 < len(starts) else qe) if not single else qe
            s, e = max(qs, base) - base, min(qe, end) - base
            if single or e > s:
                by_block.setdefault(b, []).append((s, e, a.id))
    return {"spans": spans, "by_block": by_block}


@pytest.mark.parametrize("seed", range(12))
def test_lazy_index_matches_an_eager_build(seed: int) -> None:
    rng = random.Random(seed)
    paragraphs = [
        rng.choice(["plain words here", "emoji 👩‍💻 and 😀 too", "中文 郑州", "x"]) * rng.randint(1, 6)
        for _ in range(rng.randint(3, 40))
    ]
    text = "".join(p + rng.choice(["\n", "\r\n", "\n\n", "\u2029", "\r"]) for p in paragraphs)
    omap = OffsetMap(text)
    starts = block_starts(text, omap)
    anns = []
    for i in range(rng.randint(0, 120)):
        s = rng.randrange(len(text))
        e = min(len(text), s + rng.choice([0, 1, 3, 8, 20, 60, 400, 5000]))
        anns.append(ann(i, s, e, rng.choice(["ORG", "GPE"]), rng.choice(["manual", "suggested"])))
    if seed % 3 == 0 and text:
        anns.append(ann(999, 0, len(text)))  # one span over the whole article: one long run
    index = SpanIndex.build(anns, omap, starts, {"ORG": "#ff0000"})
    assert len(index) == len(anns)
    for b in rng.sample(range(len(starts)), k=len(starts) // 2):  # some blocks shown first
        index.pieces(b)
    ref = eager_index(anns, omap, starts)
    got = {k: (s.qs, s.qe, s.lane, s.blocks) for k, s in index.spans.items()}
    assert got == ref["spans"]
    for b in range(len(starts)):
        assert [(p.start, p.end, p.span.ann.id) for p in index.pieces(b)] == ref["by_block"].get(b, [])
    # changes on a fresh lazy index: removed spans never come back when their blocks are made
    index = SpanIndex.build(anns, omap, starts, {})
    removed = rng.sample(anns, k=len(anns) // 3)
    for a in removed:
        index.remove(a.id)
    assert len(index) == len(anns) - len(removed)
    assert all(index.span(a.id) is None for a in removed)
    gone = {a.id for a in removed}
    for b in range(len(starts)):
        assert all(p.span.ann.id not in gone for p in index.pieces(b))
    if removed:  # an undo puts one back under its id
        back = removed[0]
        index.add(back)
        assert index.span(back.id) is not None and back.id in index.spans
        assert len(index) == len(anns) - len(removed) + 1
