"""File → Open store…: a SQLite file or a database URL, and the list of recent stores.

The dialog opens the store itself (on the worker thread) and stays open until it has: an error
is shown in the dialog, which keeps what was typed. A file that does not exist yet is created
only after the curator confirmed it (the button becomes "Create", and the note says which
folder would be made too); a folder is never created silently (issue 14.21).

Passwords are never written anywhere: :class:`RecentStores` keeps URLs with the password
*removed* (not masked), and the dialog's password field is only used for the connection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import CuratorError
from app.ui.dialogs import ask
from app.ui.workers import ProgressTask, run_with_progress

if TYPE_CHECKING:
    from app.store.store import Store

# SQLAlchemy (URL parsing, its errors) is imported where used: the window builds these
# dialogs' actions at start-up and must show before SQLAlchemy is loaded.

MAX_RECENT = 8
STORE_FILTERS = "Article Curator stores (*.db *.sqlite *.sqlite3);;All files (*)"


def is_url(location: str) -> bool:
    return "://" in location


def without_password(location: str) -> str:
    """``location`` safe to keep: a URL with its password removed, a path made absolute."""
    location = location.strip()
    if not is_url(location):
        return str(Path(location).expanduser().resolve())
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(location)
    except ArgumentError:
        raise CuratorError(f"not a database URL: {location.split('@')[-1]}") from None
    if url.password is not None:
        # URL.set(password=None) keeps the password (None means "unchanged"): rebuild instead
        url = URL.create(url.drivername, username=url.username, password=None, host=url.host,
                         port=url.port, database=url.database, query=url.query)
    return url.render_as_string(hide_password=False)


def with_password(location: str, password: str) -> str:
    """The URL to connect with: ``password`` put into ``location`` (a URL) when given."""
    if not password or not is_url(location):
        return location
    from sqlalchemy.engine import make_url

    return make_url(location).set(password=password).render_as_string(hide_password=False)


class RecentStores:
    """The most recently opened stores, newest first, kept in QSettings without passwords."""

    KEY = "stores/recent"

    def __init__(self, settings: QSettings | None = None, limit: int = MAX_RECENT) -> None:
        self.settings = settings if settings is not None else QSettings()
        self.limit = limit

    def items(self) -> list[str]:
        raw = self.settings.value(self.KEY, [])
        entries: list[object] = [raw] if isinstance(raw, str) else list(raw or [])  # type: ignore[call-overload]
        out: list[str] = []
        for item in entries:  # QSettings returns a lone entry as a plain string
            try:
                clean = without_password(str(item))  # an older entry never leaks a password
            except CuratorError:
                continue
            if clean not in out:
                out.append(clean)
        return out[: self.limit]

    def add(self, location: str) -> str:
        """Put ``location`` (password removed) first; returns what was stored."""
        clean = without_password(location)
        items = [clean] + [i for i in self.items() if i != clean]
        self._save(items[: self.limit])
        return clean

    def remove(self, location: str) -> None:
        clean = without_password(location)
        self._save([i for i in self.items() if i != clean])

    def clear(self) -> None:
        self._save([])

    def _save(self, items: list[str]) -> None:
        self.settings.setValue(self.KEY, items)
        self.settings.sync()


def new_file(location: str) -> Path | None:
    """The SQLite file ``location`` names when it does not exist yet (None: it exists, or it
    is a server URL)."""
    text = location.strip()
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    elif is_url(text):
        return None
    if not text or text == ":memory:":
        return None
    path = Path(text).expanduser()
    return None if path.exists() else path


SQLITE_MAGIC = b"SQLite format 3\x00"


def not_a_store(location: str) -> str | None:
    """Why the existing file ``location`` cannot be a store (not SQLite), else None: said at
    once rather than after the store's retries."""
    text = location.strip()
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///"):]
    elif is_url(text):
        return None
    path = Path(text).expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror or exc}"
    if head != SQLITE_MAGIC:
        return f"{path} is not a store (not a SQLite database file); choose a .db store file."
    return None


class OpenStoreDialog(QDialog):
    """Choose a store: type a path or URL, browse for a file, or pick a recent one.

    With ``open_here`` the dialog opens the store before it closes (``opened(store)``, then
    ``accepted``); a failure is shown in the dialog, which stays open."""

    opened = Signal(object)

    def __init__(self, recent: RecentStores, parent: QWidget | None = None,
                 current: str = "", open_here: bool = False) -> None:
        super().__init__(parent)
        self.recent = recent
        self.open_here = open_here
        self.store: Store | None = None
        self.task: ProgressTask | None = None
        self._confirmed: Path | None = None  # the new file the curator agreed to create
        self.setObjectName("openStoreDialog")
        self.setWindowTitle("Open store")

        self.location_edit = QLineEdit()
        self.location_edit.setObjectName("locationEdit")
        self.location_edit.setPlaceholderText(
            "A SQLite file (created if new) or a URL: postgresql://user@host/db"
        )
        self.location_edit.textChanged.connect(self._update)
        browse = QPushButton("&Browse…")
        browse.setObjectName("browseButton")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.location_edit, 1)
        row.addWidget(browse)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("for a database URL; never saved")
        form = QFormLayout()
        where = QLabel("&Store:")
        where.setBuddy(self.location_edit)
        form.addRow(where, row)
        form.addRow("&Password:", self.password_edit)

        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        for item in recent.items():
            it = QListWidgetItem(item)
            it.setToolTip(item)
            self.recent_list.addItem(it)
        self.recent_list.currentTextChanged.connect(self._on_recent_current)
        self.recent_list.itemActivated.connect(lambda _item: self._accept_if_ready())
        clear = QPushButton("&Clear list")
        clear.setObjectName("clearRecentButton")
        clear.setAutoDefault(False)
        clear.clicked.connect(self._clear_recent)
        clear.setEnabled(self.recent_list.count() > 0)
        self.clear_button = clear

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setObjectName("openButton")
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)

        recent_head = QHBoxLayout()
        recent_head.addWidget(QLabel("Recent stores:"))
        recent_head.addStretch(1)
        recent_head.addWidget(clear)
        self.note = QLabel()
        self.note.setObjectName("openStoreNote")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(recent_head)
        layout.addWidget(self.recent_list, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(620, 380)
        self.location_edit.setText(current)
        self.location_edit.selectAll()  # typing replaces the suggested store
        self.location_edit.setFocus()
        self._update()

    def location(self) -> str:
        """What to open, with the typed password (if any) in the URL."""
        text = self.location_edit.text().strip()
        return with_password(text, self.password_edit.text())

    def browse(self) -> None:
        path = ask.ask_save_file(self, "Open or create a store", "curator.db", STORE_FILTERS,
                                 confirm_overwrite=False)
        if path is not None:
            self.location_edit.setText(str(path))

    def _on_recent_current(self, text: str) -> None:
        if text:
            self.location_edit.setText(text)

    def _clear_recent(self) -> None:
        self.recent.clear()
        self.recent_list.clear()
        self.clear_button.setEnabled(False)

    def _update(self, *_: object) -> None:
        text = self.location_edit.text().strip()
        busy = self.task is not None and not self.task.is_done()
        self.open_button.setEnabled(bool(text) and not busy)
        self.password_edit.setEnabled(is_url(text) and not text.startswith("sqlite"))
        if self._confirmed is not None and new_file(text) != self._confirmed:
            self._confirmed = None  # another location: ask again
        if self._confirmed is None:
            self.open_button.setText("&Open")
            if not busy:
                self._say("")

    def _say(self, text: str, error: bool = False) -> None:
        self.note.setText(text)
        self.note.setStyleSheet("color: #b00020;" if error else "")
        self.note.setVisible(bool(text))

    def _accept_if_ready(self) -> None:
        text = self.location_edit.text().strip()
        if not text or (self.task is not None and not self.task.is_done()):
            return
        if not is_url(text) and Path(text).expanduser().is_dir():
            self._say(f"{Path(text).expanduser()} is a folder: name a store file (e.g. "
                      f"{Path(text).expanduser() / 'curator.db'}).", error=True)
            return
        if (why := not_a_store(text)) is not None:
            self._say(why, error=True)
            return
        new = new_file(text)
        if new is not None and new != self._confirmed:
            self._confirmed = new
            folder = new.parent if not new.parent.is_dir() else None
            self._say(
                f"There is no store at {new}. Press Create to make a new, empty store there"
                + (f" (and its folder {folder}, which does not exist yet)." if folder else ".")
            )
            self.open_button.setText("&Create")
            return
        if not self.open_here:
            self.accept()
            return
        self._say("Creating the store…" if new is not None else "Opening the store…")
        self.task = open_store_in_background(self, self.location(), self.recent, self._opened,
                                             show_errors=False)
        self.task.failed.connect(self._failed)
        self._update()

    def _opened(self, store: Store) -> None:
        self.store = store
        self.opened.emit(store)
        self.accept()

    def _failed(self, message: str) -> None:
        """The store did not open: say why here; what was typed stays, to correct it."""
        self._confirmed = None
        self._update()
        self._say(message, error=True)
        self.location_edit.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, recent: RecentStores, current: str = "") -> str | None:
        """The location chosen (with any password typed), or None."""
        dlg = cls(recent, parent, current)
        try:
            return dlg.location() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()


def open_store_in_background(
    parent: QWidget | None,
    location: str,
    recent: RecentStores | None,
    on_opened: Callable[[Store], None],
    *,
    show_errors: bool = True,
) -> ProgressTask:
    """Open (create, upgrade) the store at ``location`` on the worker thread.

    On success the location (password removed) goes first in ``recent`` and ``on_opened``
    receives the store; a failure is shown as one line.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from app import open_store
    from app.store.team import needs_password
    from app.store.urls import mask_secrets

    shown = _display(location)

    def work(_progress: Callable[[int, int], None]) -> Store:
        try:
            return open_store(location)
        except CuratorError as exc:  # one line for the status bar and the message box
            if needs_password(exc):  # no pgpass, no PGPASSWORD, nothing typed
                raise CuratorError(
                    f"cannot open {shown}: the server wants a password — type it in the"
                    " Password field of File → Open store… (it is never saved)"
                ) from None
            raise CuratorError(mask_secrets(" ".join(str(exc).split()), location)) from None
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            reason = mask_secrets(reason, location)
            raise CuratorError(f"cannot open {shown}: {reason}") from None

    def opened(store: Store) -> None:
        if recent is not None:
            recent.add(location)
        on_opened(store)

    task = run_with_progress(parent, f"Opening {shown}…", work, title="Open store",
                             on_finished=opened, show_errors=show_errors)
    task.dialog.setCancelButton(None)  # opening cannot be interrupted half-way
    return task


def _display(location: str) -> str:
    try:
        return without_password(location)
    except CuratorError:
        return "the store"


__all__ = ["OpenStoreDialog", "RecentStores", "open_store_in_background", "without_password"]
