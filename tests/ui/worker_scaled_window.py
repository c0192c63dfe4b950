"""Workspace-layout worker: the real main window, offscreen, in a process of its own (so that
``QT_SCALE_FACTOR`` applies to it).

Usage: worker_scaled_window.py DB SETTINGS_DIR save|restore

``save`` opens the workspace, makes it as big as a large monitor's window with wide side panels,
and closes it (its geometry and splitter go to the settings); ``restore`` opens it again and
prints one JSON line: the available screen, the window's frame, the article's width and the
least width the article is promised.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    db, settings_dir, phase = sys.argv[1], sys.argv[2], sys.argv[3]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
    app = QApplication.instance() or QApplication([])
    from app import open_store
    from app.ui import MainWindow
    from app.ui.workspace_layout import ARTICLE_MIN_COLUMNS

    store = open_store(db)
    w = MainWindow(store, annotator="alice")
    w.poll_timer.stop()
    w.show()
    for _ in range(5):
        app.processEvents()
    if phase == "save":
        w.resize(1900, 1150)  # a big monitor's window, with wide side panels
        app.processEvents()
        w.splitter.setSizes([330, 1190, 380])
        app.processEvents()
    else:
        screen = w.screen().availableGeometry()
        frame = w.frameGeometry()
        print(json.dumps({
            "scale": w.devicePixelRatioF(),
            "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
            "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
            "article": w.view.width(),
            "least": w.view.fontMetrics().averageCharWidth() * ARTICLE_MIN_COLUMNS,
            "sizes": w.splitter.sizes(),
        }), flush=True)
    w.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
