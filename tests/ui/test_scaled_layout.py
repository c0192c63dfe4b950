"""Issue 19 item 8: with ``QT_SCALE_FACTOR=1.5`` (the offscreen 800x800 screen is then about
533 logical pixels square, smaller than the window's usual minimum) a window saved on a big
monitor comes back inside the screen and the article keeps its least width."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app import open_store
from app.importing import import_paths
from tests.conftest import CORPUS

WORKER = Path(__file__).with_name("worker_scaled_window.py")
ROOT = Path(__file__).resolve().parents[2]


def _run(db: Path, settings: Path, phase: str, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(db), str(settings), phase],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **env},
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_restored_geometry_fits_a_scaled_screen(tmp_path: Path) -> None:
    db, settings = tmp_path / "c.db", tmp_path / "worker-settings"
    settings.mkdir()
    store = open_store(str(db))
    import_paths(store, [str(CORPUS)])
    store.close()
    _run(db, settings, "save")
    out = json.loads(_run(db, settings, "restore", QT_SCALE_FACTOR="1.5").strip().splitlines()[-1])
    assert out["scale"] == 1.5
    sx, sy, sw, sh = out["screen"]
    fx, fy, fw, fh = out["frame"]
    assert sx <= fx and sy <= fy and fx + fw <= sx + sw and fy + fh <= sy + sh, out
    article = out["sizes"][1]  # what the splitter gives the article (its view is clipped to it)
    assert article >= out["least"] and out["article"] <= article, out  # not a few letters
