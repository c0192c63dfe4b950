"""The README screenshot: a sample article with a dozen spans, an overlap and suggestions.

Always builds the scene and checks it; writes ``docs/screenshot.png`` only when
``CURATOR_SCREENSHOT=1`` is set.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SPANS = [  # (text, label, occurrence, origin)
    ("CHONGQING", "GPE", 0, "manual"),
    ("Aug. 24, 2021", "DATE", 0, "manual"),
    ("China-Shanghai Cooperation Organization (SCO) Forum on the Digital Economy Industry",
     "EVENT", 0, "manual"),
    ("Shanghai Cooperation Organization", "ORG", 0, "manual"),
    ("Shanghai", "GPE", 0, "manual"),
    ("Smart China Expo 2021", "EVENT", 0, "manual"),
    ("Chongqing", "GPE", 1, "manual"),
    ("August 23th", "DATE", 0, "manual"),
    ("Chinese", "NORP", 0, "manual"),
    ("Xi Jinping", "PERSON", 0, "manual"),
    ("August 23-25", "DATE", 0, "suggested"),
    ("18", "CARDINAL", 0, "manual"),
    ("SCO", "ORG", 3, "suggested"),
    ("Vladimir Imamovich Norov", "PERSON", 0, "manual"),
    ("Belarus", "GPE", 0, "suggested"),
]


def find(text: str, needle: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.index(needle, pos + 1)
    return pos


def test_screenshot_scene(window, corpus_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    store = corpus_store
    doc_id = next(d.id for d in store.list_documents() if d.title.startswith("The China-Shanghai"))
    text = store.get_document(doc_id).text
    for needle, label, occ, origin in SPANS:
        s = find(text, needle, occ)
        store.add_annotation(doc_id, s, s + len(needle), label, "alice", origin=origin)
    window.open_document(doc_id)
    window.select_annotation(
        next(a.id for a in window.anns.values() if a.text == "Shanghai Cooperation Organization")
    )
    assert len(window.view.index.spans) == len(SPANS)
    assert sum(a.pending for a in window.anns.values()) == 3
    lanes = {s.ann.text: s.lane for s in window.view.index.spans.values()}
    assert len({lanes[SPANS[2][0]], lanes[SPANS[3][0]], lanes[SPANS[4][0]]}) == 3  # nested: 3 lanes
    window._on_poll()  # what the list shows a moment later: the article's span count and status
    window.view.setFocus()
    qtbot.wait(50)
    image = window.grab()
    assert not image.isNull()
    if os.environ.get("CURATOR_SCREENSHOT"):
        image.save(str(ROOT / "docs" / "screenshot.png"))
