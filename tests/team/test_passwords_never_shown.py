"""A password given in ``--db`` is never shown (status bar, labels, window title), logged or
kept (settings): the real launch path against a server that wants it (issue 19 item 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy.engine import make_url

from tests.team.test_passwords import PASSWORD, curator_db  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]

WATCH = r"""
import json, logging, sys
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
import app.ui
seen = {"messages": [], "titles": [], "labels": []}
hooked = []
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow) and not hooked:
            hooked.append(obj)
            obj.statusBar().messageChanged.connect(seen["messages"].append)
            obj.windowTitleChanged.connect(seen["titles"].append)
        if isinstance(obj, QMainWindow) and event.type() == QEvent.Type.Close:
            seen["labels"] = [w.text() for w in obj.findChildren(QLabel)]
            seen["titles"].append(obj.windowTitle())
        return False
qapp = QApplication([])
watch = Watch(); qapp.installEventFilter(watch)
seen["code"] = app.ui.launch(sys.argv[1], "alice", quit_after=3.0)
print(json.dumps(seen))
"""


@pytest.mark.postgres
def test_the_gui_never_shows_logs_or_keeps_the_password(curator_db: str, tmp_path: Path) -> None:  # noqa: F811
    url = make_url(curator_db)
    with_password = curator_db.replace(f"{url.username}@", f"{url.username}:{quote(PASSWORD)}@")
    assert make_url(with_password).password == PASSWORD
    env = {k: v for k, v in os.environ.items() if k != "PGPASSWORD"}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path), PGPASSFILE=str(tmp_path / "no-pgpass"))
    done = subprocess.run([sys.executable, "-c", WATCH, with_password], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    opening = [m for m in seen["messages"] if m.startswith("Opening ")]
    assert opening == [f"Opening {url.drivername}://{url.username}:***@{url.host}:{url.port}/{url.database}…"]
    assert any(f"{url.username}:***@" in text for text in seen["labels"])  # the store label
    kept = [p.read_text(errors="replace") for p in (tmp_path / "config").rglob("*") if p.is_file()]
    for secret in (PASSWORD, quote(PASSWORD)):
        assert secret not in json.dumps(seen, ensure_ascii=False)
        assert secret not in done.stderr  # logged at DEBUG: nothing
        assert not any(secret in text for text in kept)
