"""Tools → Recommender…: the trained entity model's scores per label next to the string
matcher's (held-out articles), when and on how many articles it was trained, and a Train button
that trains a new one on the worker thread behind a cancellable progress dialog (cancelling
keeps the previous model). Optionally the model is retrained in the background after every N
articles this curator marks done (``recommender/retrain_every`` in the settings; 0: never).

:func:`install_recommender` adds a Tools menu (before Settings and Help) to the workspace; it relies on the
window's ``store`` and ``show_message``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.store.store import Store

RETRAIN_EVERY = "recommender/retrain_every"
GOLD_ONLY = "recommender/gold_only"


def _int(settings: QSettings | None, key: str) -> int:
    try:
        return int(str(settings.value(key, 0))) if settings is not None else 0
    except (TypeError, ValueError):
        return 0

COLUMNS = ("Label", "Support", "Model P", "Model R", "Model F1", "Matcher P", "Matcher R",
           "Matcher F1")


class ScoresModel(QAbstractTableModel):
    """Rows of a model's stored metadata: one per label, then ALL (the micro-average)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, ...]] = []

    def set_meta(self, meta: dict[str, Any] | None) -> None:
        self.beginResetModel()
        self.rows = []
        if meta:
            model = meta.get("scores", {}).get("model", {})
            matcher = meta.get("scores", {}).get("matcher", {})
            for name in [k for k in model if k != "ALL"] + (["ALL"] if "ALL" in model else []):
                m, b = model[name], matcher.get(name, {})
                self.rows.append((
                    name, str(m["support"]),
                    *(f"{m[k]:.2f}" for k in ("precision", "recall", "f1")),
                    *(f"{b[k]:.2f}" if k in b else "-" for k in ("precision", "recall", "f1")),
                ))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class RecommenderDialog(QDialog):
    """The store's entity model and a Train button. ``options`` are the training options the
    button uses (gold only follows the check box)."""

    def __init__(self, store: Store, parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        from app.learn.train import TrainOptions

        self.setObjectName("recommenderDialog")
        self.setWindowTitle("Entity recommender")
        self.store = store
        self.settings = settings
        self.options = TrainOptions()
        self.task: Any = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("recommenderSummary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.scores = ScoresModel(self)
        self.table = QTableView()
        self.table.setObjectName("recommenderScores")
        self.table.setModel(self.scores)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        layout.addWidget(QLabel(
            "Exact-span precision, recall and F1 on the held-out 20% of the articles; the matcher"
            " knows the strings labelled in the other 80%."))
        self.gold_only = QCheckBox("Learn from gold only (spans a reviewer accepted)")
        self.gold_only.setObjectName("recommenderGoldOnly")
        self.gold_only.setChecked(bool(_int(settings, GOLD_ONLY)))
        self.gold_only.toggled.connect(lambda on: self._keep(GOLD_ONLY, int(on)))
        layout.addWidget(self.gold_only)
        self.retrain_every = QSpinBox()
        self.retrain_every.setObjectName("recommenderRetrainEvery")
        self.retrain_every.setRange(0, 10_000)
        self.retrain_every.setSpecialValueText("never")
        self.retrain_every.setPrefix("after every ")
        self.retrain_every.setSuffix(" article(s) marked done")
        self.retrain_every.setValue(_int(settings, RETRAIN_EVERY))
        self.retrain_every.valueChanged.connect(lambda n: self._keep(RETRAIN_EVERY, n))
        retrain = QLabel("Retrain automatically in the background:")
        retrain.setBuddy(self.retrain_every)
        layout.addWidget(retrain)
        layout.addWidget(self.retrain_every)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.train_button = QPushButton("&Train")
        self.train_button.setObjectName("recommenderTrain")
        buttons.addButton(self.train_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.train_button.clicked.connect(self.train)
        layout.addWidget(buttons)
        self.resize(720, 360)
        self.refresh()

    def _keep(self, key: str, value: int) -> None:
        if self.settings is not None:
            self.settings.setValue(key, value)

    def refresh(self) -> None:
        """Show the store's current model (its metadata only: the pipeline is not loaded)."""
        from app.learn.model import compatible, spacy_version
        from app.learn.report import summary_lines
        from app.store.recommender import entity_model_info

        info = entity_model_info(self.store)
        self.scores.set_meta(info.meta if info else None)
        if info is None:
            self.summary.setText("No trained model yet: Train learns from the articles in"
                                 " progress or done.")
            return
        lines = summary_lines(info.meta)
        installed = spacy_version()
        if installed is None or not compatible(info.spacy_version, installed):
            lines.append(f"This model needs spaCy {info.spacy_version} (installed:"
                         f" {installed or 'none'}): suggestions skip it until it is retrained.")
        self.summary.setText("\n".join(lines))

    def train(self) -> None:
        """Train a new model on the worker thread; the progress dialog's Cancel stops it."""
        from dataclasses import replace

        from app.learn.train import train_entities
        from app.ui.workers import run_with_progress

        if self.task is not None and not self.task.is_done():
            return
        opts = replace(self.options, gold_only=self.gold_only.isChecked())
        store = self.store
        self.train_button.setEnabled(False)
        self.task = run_with_progress(
            self, "Training the entity recommender…",
            lambda progress: train_entities(store, opts, progress=progress),
            title="Train recommender", on_finished=self._on_trained, delay_ms=0,
        )
        self.task.failed.connect(self._on_stopped)
        self.task.cancelled.connect(self._on_stopped)

    def _on_trained(self, result: Any) -> None:
        self.train_button.setEnabled(True)
        self.refresh()
        say = getattr(self.parent(), "show_message", None)
        if say is not None:
            f1 = result.model["ALL"].f1
            say(f"Recommender trained: held-out F1 {f1:.2f}"
                                f" (matcher {result.matcher['ALL'].f1:.2f})")

    def _on_stopped(self, *_: object) -> None:
        self.train_button.setEnabled(True)
        self.refresh()


class RecommenderTools(QObject):
    """Tools → Recommender… of one workspace (``window.findChild(RecommenderTools)``)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("recommenderTools")
        self.window = window
        self.dialog: RecommenderDialog | None = None
        self._options: Any = None  # TrainOptions, made when first needed (see ``options``)
        self.marked_done = 0  # articles marked done since the last automatic training
        self.task: Any = None  # the running automatic training
        status_set = getattr(window, "status_set", None)
        if status_set is not None:
            status_set.connect(self._on_status_set)
        menu = window.findChild(QMenu, "toolsMenu")
        if menu is None:
            menu = QMenu("&Tools", window)
            menu.setObjectName("toolsMenu")
            bar = window.menuBar()
            after = window.findChild(QMenu, "settingsMenu") or window.findChild(QMenu, "helpMenu")
            if after is not None:  # View, Tools, Settings, Help
                bar.insertMenu(after.menuAction(), menu)
            else:
                bar.addMenu(menu)
        self.action = QAction("&Recommender…", window)
        self.action.setObjectName("recommenderAction")
        self.action.triggered.connect(lambda _checked=False: self.open())
        menu.addAction(self.action)

    def open(self) -> RecommenderDialog | None:
        store = getattr(self.window, "store", None)
        if store is None:
            return None
        if self.dialog is None or self.dialog.store is not store:
            self.dialog = RecommenderDialog(store, self.window, self._settings())
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _settings(self) -> QSettings | None:
        settings = getattr(self.window, "settings", None)
        return settings if isinstance(settings, QSettings) else None

    def _on_status_set(self, _doc_id: int, status: str) -> None:
        """Count the articles marked done; every N of them, retrain in the background."""
        every = _int(self._settings(), RETRAIN_EVERY)
        if status != "done" or every <= 0:
            return
        self.marked_done += 1
        store = getattr(self.window, "store", None)
        if self.marked_done < every or store is None:
            return
        if self.task is not None and not self.task.is_done():
            return  # still training: the next article marked done tries again
        self.marked_done = 0
        self._retrain(store)

    def _retrain(self, store: Store) -> None:
        from dataclasses import replace

        from app.learn.train import train_entities
        from app.ui.workers import Task

        opts = replace(self.options, gold_only=bool(_int(self._settings(), GOLD_ONLY)))
        self._say("Retraining the entity recommender in the background…")
        self.task = Task(lambda progress: train_entities(store, opts, progress=progress), self)
        self.task.finished.connect(self._on_retrained)
        self.task.failed.connect(lambda msg: self._say(f"Automatic retraining failed: {msg}"))
        self.task.start()

    def _on_retrained(self, result: Any) -> None:
        self._say(f"Recommender retrained: held-out F1 {result.model['ALL'].f1:.2f}"
                  f" (matcher {result.matcher['ALL'].f1:.2f})")
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def _say(self, text: str) -> None:
        say = getattr(self.window, "show_message", None)
        if say is not None:
            say(text)


    @property
    def options(self) -> Any:
        """What automatic retraining uses (gold only: the setting). Made on first use: importing
        the trainer loads SQLAlchemy and the store, which the window's first paint must not wait for."""
        if self._options is None:
            from app.learn.train import TrainOptions

            self._options = TrainOptions()
        return self._options

    @options.setter
    def options(self, value: Any) -> None:
        self._options = value


def install_recommender(window: QMainWindow) -> RecommenderTools:
    return RecommenderTools(window)
