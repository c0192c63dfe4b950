"""Crash safety: the real main window (offscreen, in a subprocess) annotates through the UI and
acknowledges each saved annotation; SIGKILLed at random points, the store keeps every
acknowledged annotation and passes PRAGMA integrity_check."""

from __future__ import annotations

import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from reliability_util import ROOT, env, integrity

from app import open_store
from app.bundle import Bundle

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


class _Run:
    """One worker process, its output read on a thread, killed after ``kill_after`` acks."""

    def __init__(self, db: Path, settings: Path, index: int, kill_after: int, delay: float) -> None:
        self.p = subprocess.Popen(
            [sys.executable, str(WORKER), str(db), str(settings), str(index * PER_RUN), str(PER_RUN)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT,
        )
        self.kill_after, self.delay = kill_after, delay
        self.lines: queue.Queue[str] = queue.Queue()
        self.acks = 0
        self.ready = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.p.stdout is not None
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put("")

    def step(self, acked: dict[str, tuple[int, int, str]]) -> bool:
        """Take the output so far; kill when due. True once the process is gone."""
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                break
            if line.startswith("ready"):
                self.ready = True
            elif line.startswith("ack "):
                _, ann_id, start, end, label = line.split()
                acked[ann_id] = (int(start), int(end), label)
                self.acks += 1
            elif line.startswith("not saved"):
                raise AssertionError(line)
            elif line == "":
                return True
        if self.p.poll() is None and self.ready and self.acks >= self.kill_after:
            time.sleep(self.delay)  # land anywhere: between edits or inside one
            self.p.send_signal(signal.SIGKILL)
            self.mid_stream = True
        return False

    mid_stream = False


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
    for pair in range(0, RUNS, 2):  # two instances at a time: both cores busy, and concurrent
        runs = [_Run(db, settings, k, rng.randint(0, PER_RUN - 2), rng.uniform(0, 0.03))
                for k in (pair, pair + 1)]
        deadline = time.monotonic() + 90
        done = [False, False]
        while not all(done) and time.monotonic() < deadline:
            done = [d or r.step(acked) for d, r in zip(done, runs, strict=True)]
            time.sleep(0.001)
        for r in runs:
            if r.p.poll() is None:
                r.p.kill()
            _, err = r.p.communicate(timeout=30)
            r.step(acked)  # acknowledged before the kill landed
            assert "Traceback" not in err, err
            killed_mid_stream += r.mid_stream and r.p.returncode == -signal.SIGKILL
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
