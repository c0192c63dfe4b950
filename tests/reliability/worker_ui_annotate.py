"""Crash-safety worker: the real main window, offscreen, annotating through the UI.

Usage: worker_ui_annotate.py DB SETTINGS_DIR FIRST COUNT

Opens the workspace on DB as annotator "crash", opens the first document, then for spans
FIRST..FIRST+COUNT-1 (the words ``wNNN`` of the text) selects the word in the article view and
presses a label hotkey; after the window reports the annotation saved it prints
``ack <id> <start> <end> <label>``. The test SIGKILLs it at random points.
"""

from __future__ import annotations

import os
import re
import sys


def main() -> int:
    db, settings_dir, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, settings_dir)
    app = QApplication.instance() or QApplication([])
    from app import open_store
    from app.ui import MainWindow

    store = open_store(db)
    w = MainWindow(store, annotator="crash")
    w.poll_timer.stop()
    w.resize(1000, 700)
    w.show()
    app.processEvents()
    doc_id = store.document_ids()[0]
    w.open_document(doc_id)
    app.processEvents()
    text = w.doc.text
    words = [(m.start(), m.end()) for m in re.finditer(r"\bw\d{3}\b", text)]
    hotkeys = {lv.hotkey: lv.name for lv in store.labels() if lv.hotkey in ("o", "p", "g")}
    print("ready", flush=True)
    for k in range(first, first + count):
        start, end = words[k]
        key = "opg"[k % 3]
        w.view.setFocus()
        w.view.select(start, end)  # a real selection in the articleView
        assert w.view.selection() == (start, end)
        QTest.keyClick(w.view, key, Qt.KeyboardModifier.NoModifier)
        ann = w.anns.get(w.current or "")
        if ann is None or (ann.start, ann.end) != (start, end) or ann.label != hotkeys[key]:
            print(f"not saved {start} {end}", flush=True)
            return 3
        print(f"ack {ann.id} {start} {end} {ann.label}", flush=True)
    print("done", flush=True)
    w.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
