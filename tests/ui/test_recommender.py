"""Tools → Recommender… on a store with a trained model: the dialog shows the stored scores
next to the matcher's, Train runs on the worker and its Cancel keeps the previous model; Edit →
Suggest entities proposes the model's entities as pending suggestions that Enter accepts and
Del rejects."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton

from app import open_store
from app.bundle import Bundle
from app.store.recommender import entity_model_info
from app.ui import MainWindow
from app.ui.recommender import RecommenderDialog, RecommenderTools
from tests.learn.fixtures import FAST, copy_store
from tests.ui.helpers import key

CTRL = Qt.KeyboardModifier.ControlModifier

FRESH = ("Beatrix Lorenz, the chief executive of Zenith Ceramics, said on Monday that sales in"
         " Portugal rose sharply.")


def _window(qtbot, store):  # type: ignore[no-untyped-def]
    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open_dialog(w) -> RecommenderDialog:  # type: ignore[no-untyped-def]
    menu = w.findChild(QMenu, "toolsMenu")
    assert menu is not None and menu.title() == "&Tools"
    [act] = [a for a in menu.actions() if a.objectName() == "recommenderAction"]
    act.trigger()
    tools = w.findChild(RecommenderTools)
    assert tools is not None and tools.dialog is not None and tools.dialog.isVisible()
    return tools.dialog


def _cells(dialog: RecommenderDialog) -> dict[str, list[str]]:
    m = dialog.table.model()
    rows = [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]
    return {r[0]: r[1:] for r in rows}


def test_the_dialog_shows_scores_and_training_can_be_cancelled(qtbot, trained, tmp_path):  # type: ignore[no-untyped-def]
    path, result = trained
    store = open_store(copy_store(path, tmp_path / "ui.db"))
    try:
        w = _window(qtbot, store)
        dialog = _open_dialog(w)
        cells = _cells(dialog)
        assert list(cells) == ["GPE", "ORG", "PERSON", "ALL"]
        model_all = result.meta["scores"]["model"]["ALL"]
        assert cells["ALL"][0] == str(model_all["support"])
        assert cells["ALL"][3] == f"{model_all['f1']:.2f}"
        assert cells["ALL"][6] == f"{result.meta['scores']['matcher']['ALL']['f1']:.2f}"
        assert f"{result.meta['documents']['train']} for training" in dialog.summary.text()

        dialog.options = replace(FAST, max_epochs=2)
        before = entity_model_info(store)
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        task = dialog.task
        assert task is not None and not dialog.train_button.isEnabled()
        with qtbot.waitSignal(task.cancelled, timeout=120_000):
            with qtbot.waitSignal(task.progress, timeout=120_000):
                pass
            [cancel] = task.dialog.findChildren(QPushButton)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert entity_model_info(store) == before  # the previous model stays
        assert dialog.train_button.isEnabled()

        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(dialog.task.finished, timeout=120_000):
            pass
        after = entity_model_info(store)
        assert before is not None and len(before.meta["held_out_f1_per_epoch"]) > 2
        assert after is not None and len(after.meta["held_out_f1_per_epoch"]) <= 2  # the new one
        assert after.meta["trained_at"] in dialog.summary.text()
        assert "Recommender trained" in w.statusBar().currentMessage()
        w.poll_timer.stop()
    finally:
        store.close()


def test_suggest_entities_uses_the_model_and_the_keys_accept_and_reject(qtbot, trained, tmp_path):  # type: ignore[no-untyped-def]
    path, _ = trained
    store = open_store(copy_store(path, tmp_path / "keys.db"))
    try:
        store.import_bundle(Bundle(documents=[{"id": "fresh", "text": FRESH}]))
        doc = store.find_document(uid="fresh")
        w = _window(qtbot, store)
        w.open_document(doc)
        assert w.suggest_entities_action.isEnabled()
        w.suggest_entities_action.trigger()  # Edit → Suggest entities for this article
        qtbot.waitUntil(lambda: w._task is None, timeout=120_000)
        pending = {a.text: a for a in store.annotations(doc) if a.pending}
        assert {"Beatrix Lorenz", "Zenith Ceramics"} <= set(pending)
        assert pending["Beatrix Lorenz"].attributes["suggested_by"] == "model"
        assert all(w.view.index.spans[a.id].pending for a in pending.values())
        w.select_annotation(pending["Beatrix Lorenz"].id)
        key(qtbot, w.view, Qt.Key.Key_Return)  # Enter accepts
        w.select_annotation(pending["Zenith Ceramics"].id)
        key(qtbot, w.view, Qt.Key.Key_Delete)  # Del rejects
        assert store.get_annotation(pending["Beatrix Lorenz"].id).review_status == "accepted"
        assert store.get_annotation(pending["Zenith Ceramics"].id).review_status == "rejected"
        w.poll_timer.stop()
    finally:
        store.close()


def test_the_tools_menu_sits_between_view_and_settings(qtbot, store):  # type: ignore[no-untyped-def]
    w = _window(qtbot, store)
    bar = [a.text() for a in w.menuBar().actions()]
    assert bar.index("&View") < bar.index("&Tools") < bar.index("&Settings") < bar.index("&Help")
    dialog = _open_dialog(w)
    assert dialog.table.model().rowCount() == 0 and "No trained model" in dialog.summary.text()
    w.poll_timer.stop()


def test_retraining_automatically_after_every_n_articles_marked_done(qtbot, trained, tmp_path):  # type: ignore[no-untyped-def]
    path, _ = trained
    store = open_store(copy_store(path, tmp_path / "auto.db"))
    try:
        w = _window(qtbot, store)
        dialog = _open_dialog(w)
        spin = dialog.retrain_every
        assert spin.value() == 0 and spin.text() == "never"
        spin.setFocus()
        spin.lineEdit().selectAll()
        qtbot.keyClicks(spin, "2")
        assert spin.value() == 2 and int(w.settings.value("recommender/retrain_every")) == 2
        dialog.close()
        tools = w.findChild(RecommenderTools)
        tools.options = replace(FAST, max_epochs=1)
        before = entity_model_info(store)
        ids = store.document_ids()
        w.open_document(ids[0])
        key(qtbot, w.view, Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: done, next article
        assert tools.task is None and tools.marked_done == 1  # one of two: no training yet
        key(qtbot, w.view, Qt.Key.Key_Return, CTRL)
        assert tools.task is not None and tools.marked_done == 0
        with qtbot.waitSignal(tools.task.finished, timeout=120_000):
            pass
        after = entity_model_info(store)
        assert before is not None and after is not None
        assert len(after.meta["held_out_f1_per_epoch"]) == 1 < len(before.meta["held_out_f1_per_epoch"])
        assert "Recommender retrained" in w.statusBar().currentMessage()
        w.poll_timer.stop()
    finally:
        store.close()
