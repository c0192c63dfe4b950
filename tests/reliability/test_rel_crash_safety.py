"""Crash safety: the real main window (offscreen, in a subprocess) annotates through the UI and
acknowledges each saved annotation; SIGKILLed at random points, the store keeps every
acknowledged annotation and passes PRAGMA integrity_check."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_util import ROOT, env, integrity

from app import open_store
from app.formats.bundle import Bundle

pytest.importorskip("PySide6")
WORKER = Path(__file__).with_name("worker_ui_annotate.py")
RUNS = 20
PER_RUN = 8


def _text(words: int) -> str:
    lines, line = [], []
    for i in range(words):
        line.append(f"w{i:03d}")
        line.append(["北京", "😀🇨🇳", "e\u0301t\u00e9", "ثلاثة", "x"][i % 5])
        if i % 6 == 5:
            lines.append(" ".join(line))
            line = []
    lines.append(" ".join(line))
    return "\r\n".join(lines)  # CRLF, astral characters, combining marks, RTL: offsets must hold


def test_sigkill_at_random_points_loses_no_acknowledged_annotation(tmp_path: Path):
    db = tmp_path / "crash.db"
    text = _text(RUNS * PER_RUN + 10)
    with open_store(db) as s:
        s.import_bundle(Bundle([{"id": "crash-doc", "title": "Crash test", "text": text}]))
    settings = tmp_path / "settings"
    settings.mkdir()
    rng = random.Random(20261125)
    acked: dict[str, tuple[int, int, str]] = {}
    killed_mid_stream = 0
    for run in range(RUNS):
        p = subprocess.Popen(
            [sys.executable, str(WORKER), str(db), str(settings), str(run * PER_RUN), str(PER_RUN)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT,
        )
        assert p.stdout is not None
        kill_after = rng.randint(0, PER_RUN - 2)  # acknowledgements to wait for before the kill
        seen = 0
        line = p.stdout.readline()  # "ready"
        assert line.strip() == "ready", line + p.stderr.read()
        deadline = time.monotonic() + 60
        while seen < kill_after and time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line.startswith("ack "):
                break
            _, ann_id, start, end, label = line.split()
            acked[ann_id] = (int(start), int(end), label)
            seen += 1
        time.sleep(rng.uniform(0, 0.03))  # land anywhere: between edits or inside one
        p.send_signal(signal.SIGKILL)
        out, err = p.communicate(timeout=30)
        for line in out.splitlines():  # acknowledged before the kill landed
            if line.startswith("ack "):
                _, ann_id, start, end, label = line.split()
                acked[ann_id] = (int(start), int(end), label)
        assert "not saved" not in out and "Traceback" not in err, err
        killed_mid_stream += p.returncode == -signal.SIGKILL and "done" not in out
        # reopening after each crash: every acknowledged annotation is there, intact
        assert integrity(db) == "ok"
        with open_store(db) as s:
            doc = s.document_ids()[0]
            stored = {a.id: (a.start, a.end, a.label) for a in s.annotations(doc, annotator="crash")}
            assert {k: stored.get(k) for k in acked} == acked
            assert all(text[a.start:a.end] == a.text for a in s.annotations(doc))
    print(f"{RUNS} runs, {killed_mid_stream} killed mid-stream, {len(acked)} acknowledged annotations kept")
    assert killed_mid_stream >= RUNS // 2
    assert len(acked) >= RUNS  # the runs did annotate
