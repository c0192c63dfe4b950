"""Property test: on random texts made of emoji, CJK, combining marks, CRLF and ASCII, with
random spans by two annotators, every span-carrying format round-trips."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from formats_util import snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import open_store
from app.bundle import Bundle
from app.formats.options import ExportOptions
from app.formats.registry import FORMATS
from app.importing import import_paths

PIECES = ["Sony", "a", "7", "$5", " ", " ", "\r\n", "\n", "😊", "👩\u200d💻", "東", "京", "e\u0301",
          ".", "_", "|", "\\", "[", "*", "->", ";", "\t", "𝔘", "Zoë"]


@st.composite
def documents(draw):  # type: ignore[no-untyped-def]
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=3, max_size=40)))
    solid = [i for i, ch in enumerate(text) if not ch.isspace()]
    if not solid:
        text += "x"
        solid = [len(text) - 1]
    spans = set()
    for _ in range(draw(st.integers(0, 6))):
        a, b = sorted((draw(st.sampled_from(solid)), draw(st.sampled_from(solid))))
        spans.add((a, b + 1, draw(st.sampled_from(["ORG", "GPE", "NEWX"])),
                   draw(st.sampled_from(["alice", "bob"]))))
    return text, sorted(spans)


# more examples: FORMATS_PROPERTY_EXAMPLES=200 pytest tests/formats/test_properties.py
@settings(max_examples=int(os.environ.get("FORMATS_PROPERTY_EXAMPLES", "8")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_unicode_round_trips(doc) -> None:  # type: ignore[no-untyped-def]
    text, spans = doc
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = open_store(tmp_path / "src.db")
        try:
            src.import_bundle(Bundle([{"id": "d", "title": "t/../x", "text": text, "annotations": [
                {"start": s, "end": e, "label": lb, "annotator": who, "origin": "manual"}
                for s, e, lb, who in spans]}]))
            want = snapshot(src)
            for fmt in ("doccano", "labelstudio", "brat", "w3c", "webannotsv"):
                out = tmp_path / f"out-{fmt}{FORMATS[fmt].extension}"
                FORMATS[fmt].writer(src, out, ExportOptions(), None)
                dst = open_store(tmp_path / f"{fmt}.db")
                try:
                    import_paths(dst, [str(out)], fmt=fmt)
                    got = snapshot(dst)
                finally:
                    dst.close()
                if fmt == "webannotsv":
                    squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731
                    (t1, s1), = want.values()
                    (t2, s2), = got.values()
                    assert squash(t1) == squash(t2)
                    assert {(x[2], x[3], squash(x[4])) for x in s1} == {(x[2], x[3], squash(x[4])) for x in s2}
                    assert all(t2[x[0]:x[1]] == x[4] for x in s2)
                else:
                    assert got == want, fmt
        finally:
            src.close()
