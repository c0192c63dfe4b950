"""Worker for test_ctrl_e_from_the_search_box_on_x11: the real window on an X display (xcb),
where Qt's key bindings give Ctrl+E to line edits. Prints one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

app = QApplication(sys.argv[:1])
folder = Path(sys.argv[2])
for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
    QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
from app import open_store  # noqa: E402
from app.ui import MainWindow  # noqa: E402

store = open_store(sys.argv[1])
w = MainWindow(store, annotator="alice")
w.show()
QTest.qWaitForWindowExposed(w)
w.activateWindow()
w.search_box.setFocus()
QTest.qWait(200)
QTest.keyClicks(w.search_box, "chong")
QTest.keyClick(w.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
QTest.qWait(200)
opened = [d.objectName() for d in app.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()]
print(json.dumps({
    "binds": [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.MoveToEndOfLine)],
    "dialogs": opened, "typed": w.search_box.text(),
}))
sys.stdout.flush()
w.poll_timer.stop()
for d in app.topLevelWidgets():
    d.close()
store.close()
