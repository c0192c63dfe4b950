"""The windows the workspace opens beside the article (View menu): review mode, the figures
table, the agreement report and the corpus dashboard, and the dialog that picks annotators.

:func:`install_tools` adds the actions to the window's ``viewMenu``; it relies on the
workspace's ``store``, ``annotator``, ``settings``, ``show_message`` and ``open_annotation``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.tool_window import make_closable

if TYPE_CHECKING:
    from app.store.store import Store

SETTINGS_KEY = "review/annotators"


class PickAnnotatorsDialog(QDialog):
    """Tick the annotators to compare (two or more). ``refused``: why the current curator may
    not start (the store's policy requires the reviewer role they lack): shown, and OK stays
    disabled. ``grant(by)``, when given, lets one of ``grantors`` (the store's reviewers) give
    the role there and then; the role changes in the core (``Store.set_role(..., by=)``),
    which refuses anyone who is not a reviewer."""

    def __init__(
        self,
        title: str,
        names: Sequence[str],
        checked: Sequence[str],
        refused: str | None = None,
        parent: QWidget | None = None,
        grant: Callable[[str], None] | None = None,
        grantors: Sequence[str] = (),
        grant_text: str = "Grant the reviewer role",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pickAnnotatorsDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Compare the work of (two or more):"))
        self.list = QListWidget()
        self.list.setObjectName("annotatorChoices")
        for n in names:
            item = QListWidgetItem(n)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if n in checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        self.refused = refused
        self.hint = QLabel()
        self.hint.setObjectName("pickHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self._grant = grant
        self.grant_row: QWidget | None = None
        if refused and grant is not None and grantors:
            self.grant_row = QWidget()
            row = QHBoxLayout(self.grant_row)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(QLabel("Reviewer granting it:"))
            self.grantor = QComboBox()
            self.grantor.setObjectName("grantedBy")
            self.grantor.addItems(list(grantors))
            row.addWidget(self.grantor, 1)
            self.grant_button = QPushButton(grant_text)
            self.grant_button.setObjectName("grantReviewerButton")
            self.grant_button.setAutoDefault(False)  # Enter never changes a role
            self.grant_button.clicked.connect(self._grant_clicked)
            row.addWidget(self.grant_button)
            layout.addWidget(self.grant_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._update)
        self._update()

    def chosen(self) -> list[str]:
        """The ticked names, in list order."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [it.text() for it in items if it.checkState() == Qt.CheckState.Checked]

    def _grant_clicked(self) -> None:
        from app.errors import CuratorError

        assert self._grant is not None
        by = self.grantor.currentText()
        try:
            self._grant(by)
        except CuratorError as exc:
            self.hint.setText(f"{self.refused}\n{exc}")
            return
        self.refused = None
        if self.grant_row is not None:
            self.grant_row.hide()
        self._update()
        self.hint.setText(f"{self.hint.text()} (reviewer role granted by {by})")

    def _update(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        n = len(self.chosen())
        if n < 2:
            self.hint.setText(f"Tick at least two annotators ({n} ticked).")
        elif self.refused:
            self.hint.setText(self.refused)
        else:
            self.hint.setText(f"{n} annotators ticked.")
        ok.setEnabled(n >= 2 and not self.refused)


class ToolWindows(QObject):
    """View → Review / Figures table / Agreement report / Corpus dashboard of one workspace
    (``window.findChild(ToolWindows)``); the windows it opened stay in ``windows``."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("toolWindows")
        self.window = window
        self.dialog: PickAnnotatorsDialog | None = None  # the last picker opened (tests use it)
        self.windows: list[QMainWindow] = []
        self.figures: Any = None
        self.task: Any = None
        menu = window.findChild(QMenu, "viewMenu") or window.menuBar().addMenu("&View")
        menu.addSeparator()
        self.review_action = self._add(menu, "&Review colleagues' work…", self.review, "reviewAction", "Ctrl+Shift+R")
        self.figures_action = self._add(menu, "&Figures table", self.figures_table, "figuresTableAction", "Ctrl+Shift+F")
        self.agreement_action = self._add(menu, "A&greement report…", self.agreement, "agreementAction")
        self.dashboard_action = self._add(menu, "Corpus &dashboard", self.dashboard, "dashboardAction")

    def _add(self, menu: QMenu, text: str, slot: Callable[[], Any], name: str, keys: str | None = None) -> QAction:
        act = QAction(text, self.window)
        act.setObjectName(name)
        if keys:
            act.setShortcut(QKeySequence(keys))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        return act

    # -- what every window needs ----------------------------------------------------------

    def _store(self) -> Store | None:
        store: Store | None = getattr(self.window, "store", None)
        if store is None:
            self._say("Open a store first (File → Open store).")
        return store

    def _say(self, text: str) -> None:
        show = getattr(self.window, "show_message", None)
        if callable(show):
            show(text, 8000)
        else:
            self.window.statusBar().showMessage(text, 8000)

    def _settings(self) -> QSettings | None:
        s = getattr(self.window, "settings", None)
        return s if isinstance(s, QSettings) else None

    def _remember(self, names: Sequence[str]) -> None:
        if (s := self._settings()) is not None:
            s.setValue(SETTINGS_KEY, list(names))

    def _remembered(self) -> list[str]:
        s = self._settings()
        value = s.value(SETTINGS_KEY) if s is not None else None
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _shown(self, w: QMainWindow) -> None:
        self._keep(w)

    def _keep(self, w: QMainWindow) -> QMainWindow:
        make_closable(w)
        self.windows = [x for x in self.windows if x.isVisible()] + [w]
        return w

    def _pick(
        self, title: str, names: list[str], then: Callable[[list[str]], None],
        refused: str | None = None, too_few: str | None = None, **grant: Any,
    ) -> PickAnnotatorsDialog | None:
        """Open the picker (non-blocking); ``then(chosen)`` runs on OK. ``too_few``: why
        there are fewer than two names to offer, when that is not simply the store's content."""
        if len(names) < 2:
            have = f"only {names[0]}'s work" if names else "no annotator's work yet"
            self._say(too_few or f"{title} compares two or more annotators; this store has {have}.")
            return None
        remembered = [n for n in self._remembered() if n in names]
        dlg = PickAnnotatorsDialog(title, names, remembered if len(remembered) >= 2 else names,
                                   refused, self.window, **grant)
        dlg.accepted.connect(lambda: then(dlg.chosen()))
        self.dialog = dlg
        dlg.open()
        return dlg

    # -- the windows ---------------------------------------------------------------------

    def review(self, annotators: Sequence[str] | None = None) -> QMainWindow | None:
        """Review mode: pick the annotators (a dialog unless given), then open the review
        window for the current curator as reviewer."""
        store = self._store()
        if store is None:
            return None
        reviewer = str(getattr(self.window, "annotator", "") or "")
        if annotators is not None:
            return self._open_review(store, reviewer, list(annotators))
        people = store.annotators()
        policy = store.policy
        # the store's policy, not the dialog, decides whether reviewers see their own work here
        names = [a.name for a in people if a.name != reviewer or policy.self_review]
        me = next((a for a in people if a.name == reviewer), None)
        too_few = None
        if me is not None and not policy.self_review:
            others = [a.name for a in people if a.name != reviewer]
            have = f"the only other annotator is {others[0]}" if others else "there is no other annotator"
            too_few = (
                f"Review compares two or more annotators, and this store's policy does not let"
                f" {reviewer} review their own work: {have}."
            )
        refused = None
        grantors: list[str] = []
        if policy.reviewer_role and (me is None or me.role != "reviewer"):
            grantors = [a.name for a in people if a.role == "reviewer" and a.name != reviewer]
            ask = f"ask a reviewer ({', '.join(grantors)})" if grantors else "ask"
            refused = (
                "This store's policy requires the reviewer role for review. Only a reviewer can"
                f" settle conflicts into the gold layer, and {reviewer or 'you'}"
                f" {'is an annotator' if me is not None else 'has no role'}: {ask} or the"
                f" store's administrator (curator role {reviewer or 'NAME'} reviewer) to give"
                " you the reviewer role."
            )

        def then(chosen: list[str]) -> None:
            self._open_review(store, reviewer, chosen)

        def grant(by: str) -> None:  # the core checks that ``by`` is a reviewer
            store.set_role(reviewer, "reviewer", by=by)
            self._say(f"{by} gave {reviewer} the reviewer role.")

        extra: dict[str, Any] = {}
        if refused and reviewer and grantors:
            extra = {"grant": grant, "grantors": grantors,
                     "grant_text": f"Give {reviewer} the reviewer role"}
        self._pick("Review", names, then, refused, too_few, **extra)
        return None

    def _open_review(self, store: Store, reviewer: str, chosen: list[str]) -> QMainWindow | None:
        from app.errors import CuratorError
        from app.ui.review import open_review

        try:
            w = open_review(store, reviewer, chosen, self.window)  # its own window, closed with ours
        except CuratorError as exc:
            self._say(f"Review: {exc}")
            return None
        self._remember(chosen)
        # gold decisions are the reviewer's annotations: the workspace shows them on its next poll
        return self._keep(w)

    def figures_table(self) -> QMainWindow | None:
        """The corpus-wide figures table; double-click opens the article at the figure."""
        store = self._store()
        if store is None:
            return None
        from app.ui.figures_table import FiguresTable

        if self.figures is not None and self.figures.store is store:
            self.figures.refresh()
        else:
            if self.figures is not None:
                self.figures.close()
            self.figures = FiguresTable(store, self.window)
            self.figures.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.figures.openRequested.connect(self._open_figure)
            make_closable(self.figures)
        self.figures.show()
        self.figures.raise_()
        self.figures.activateWindow()
        return self.figures

    def _open_figure(self, doc_id: int, ann_id: str) -> None:
        opener = getattr(self.window, "open_annotation", None)
        if callable(opener):
            opener(doc_id, ann_id)
        self.window.raise_()
        self.window.activateWindow()

    def agreement(self, annotators: Sequence[str] | None = None) -> Any:
        """The agreement report of the picked annotators (computed on the worker thread)."""
        store = self._store()
        if store is None:
            return None
        from app.ui.review import show_agreement_report

        def run(chosen: list[str]) -> None:
            self._remember(chosen)
            self.task = show_agreement_report(store, chosen, parent=self.window, on_shown=self._shown)

        if annotators is not None:
            run(list(annotators))
            return self.task
        from app.review.agreement import default_annotators

        self._pick("Agreement", default_annotators(store), run)
        return None

    def dashboard(self) -> QMainWindow | None:
        """Annotations per label per annotator, and each annotator's progress."""
        store = self._store()
        if store is None:
            return None
        from app.ui.review import open_dashboard

        return self._keep(open_dashboard(store, self.window))


def install_tools(window: QMainWindow) -> ToolWindows:
    """Add review mode, the figures table, the agreement report and the dashboard to the
    window's View menu."""
    return ToolWindows(window)
