"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call and aborts after
a few thousand (see shared PERF.md). An upgrade that brings it back must fail loudly here."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtCore import QPoint
p = QPoint()
for i in range(200_000):
    p.setX(i)
print("ok")
"""


def test_twenty_thousand_void_calls_do_not_abort():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
