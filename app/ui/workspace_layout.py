"""The workspace's proportions: the article takes most of the width, the side panels collapse.

``PanelLayout`` owns the splitter's rules: the article stretches and never collapses (it keeps
``ARTICLE_MIN_COLUMNS`` characters), the article list and the annotation panel collapse (drag
them shut, or View → the panel's action and its shortcut) and come back at the width they had.
The splitter's state and each panel's open width are kept in the settings between sessions.
``fit_to_screen`` keeps a restored or default window inside the screen's available area.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QMainWindow, QMenu, QScrollArea, QSplitter, QWidget

ARTICLE_MIN_COLUMNS = 30  # the article never gets narrower than this many average characters
MIN_WINDOW = QSize(720, 480)
DEFAULT_WINDOW = QSize(1380, 860)
# (object name, menu text, shortcut, share of the window's width, least and most pixels)
PANELS = (
    ("documentPanel", "Article &list", "Ctrl+Shift+L", 0.17, 150, 330),
    ("annotationPanel", "&Annotation panel", "Ctrl+Shift+D", 0.24, 260, 380),
)


class PanelLayout(QObject):
    """The splitter ``article list | article | annotation panel`` and its View actions."""

    def __init__(
        self, window: QMainWindow, splitter: QSplitter, article: QWidget, text: QWidget | None = None
    ) -> None:
        """``article`` is the splitter's middle child; ``text`` the article's text (its font
        sets the article's least width), when it is inside ``article``."""
        super().__init__(window)
        self.window = window
        self.splitter = splitter
        self.article = article
        self.actions: dict[str, QAction] = {}
        self.open_widths: dict[str, int] = {}  # each panel's width when last open
        self._index = {name: splitter.indexOf(self._panel(name)) for name, *_ in PANELS}
        art = splitter.indexOf(article)
        splitter.setChildrenCollapsible(True)
        splitter.setCollapsible(art, False)
        for i in range(splitter.count()):
            splitter.setStretchFactor(i, 1 if i == art else 0)
        chars = (text or article).fontMetrics().averageCharWidth()
        article.setMinimumWidth(chars * ARTICLE_MIN_COLUMNS + 40)
        for name, *_, least, _most in PANELS:
            self._panel(name).setMinimumWidth(least)  # narrower than this, it collapses
        splitter.splitterMoved.connect(self._on_moved)
        self._restored: QSize | None = None  # the size restored (or defaulted) before show
        window.installEventFilter(self)
        splitter.installEventFilter(self)  # too narrow for the article: a side panel collapses

    def restored_geometry(self) -> None:
        """The window has its saved (or default) geometry: keep it on the screen, now and once
        shown, when the window manager's frame is known (unless resized meanwhile)."""
        fit_to_screen(self.window)
        self._restored = self.window.size()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if obj is self.window and e.type() == QEvent.Type.Show and self._restored is not None:
            if self.window.size() == self._restored:
                QTimer.singleShot(0, lambda: fit_to_screen(self.window))
            self._restored = None
        elif obj is self.splitter and e.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self.keep_article_room)
        return False

    def keep_article_room(self) -> None:
        """When the splitter cannot give the article its least width (a small or scaled screen),
        collapse the annotation panel, then the article list (they come back from View)."""
        art = self.splitter.indexOf(self.article)
        for name, *_ in reversed(PANELS):
            if self.splitter.sizes()[art] >= self.article.minimumWidth():
                break
            if self.is_open(name):
                self.set_open(name, False)

    def _panel(self, name: str) -> QWidget:
        w = self.splitter.findChild(QWidget, name)
        assert w is not None, name
        return w

    # -- actions -------------------------------------------------------------------------------

    def add_actions(self, menu: QMenu) -> None:
        """A checkable action per panel (shown / collapsed), with its shortcut."""
        for name, text, keys, *_ in PANELS:
            act = QAction(text, self.window, checkable=True)
            act.setObjectName(f"{name}Action")
            act.setShortcut(QKeySequence(keys))
            act.setChecked(True)
            act.toggled.connect(lambda on, n=name: self.set_open(n, on))
            menu.addAction(act)
            self.actions[name] = act
        self._sync()

    def is_open(self, name: str) -> bool:
        return self.splitter.sizes()[self._index[name]] > 0

    def set_open(self, name: str, on: bool) -> None:
        """Open ``name`` at its last open width (taken from the article), or collapse it."""
        sizes = self.splitter.sizes()
        i, art = self._index[name], self.splitter.indexOf(self.article)
        if on == (sizes[i] > 0):
            self._sync()
            return
        if on:
            want = self.open_widths.get(name) or self._default_width(name)
            room = sizes[art] - self.article.minimumWidth()
            give = max(self._panel(name).minimumWidth(), min(want, room))
            sizes[art] -= give
            sizes[i] = give
        else:
            self.open_widths[name] = sizes[i]
            sizes[art] += sizes[i]
            sizes[i] = 0
        self.splitter.setSizes(sizes)
        self._sync()

    def _on_moved(self, _pos: int, _index: int) -> None:
        for name in self._index:
            size = self.splitter.sizes()[self._index[name]]
            if size > 0:
                self.open_widths[name] = size
        self._sync()

    def _sync(self) -> None:
        for name, act in self.actions.items():
            act.blockSignals(True)
            act.setChecked(self.is_open(name))
            act.blockSignals(False)

    # -- sizes ---------------------------------------------------------------------------------

    def _default_width(self, name: str) -> int:
        share, least, most = next(p[3:] for p in PANELS if p[0] == name)
        return int(max(least, min(most, share * self.window.width())))

    def default_sizes(self) -> None:
        """Side panels at their share of the window's width; the article gets the rest."""
        widths = {name: self._default_width(name) for name, *_ in PANELS}
        sizes = [0] * self.splitter.count()
        for name, w in widths.items():
            sizes[self._index[name]] = w
        art = self.splitter.indexOf(self.article)
        sizes[art] = max(self.article.minimumWidth(), self.window.width() - sum(widths.values()))
        self.splitter.setSizes(sizes)
        self._sync()

    def restore(self, settings: QSettings) -> None:
        state = settings.value("window/splitter")
        if not (isinstance(state, QByteArray) and self.splitter.restoreState(state)):
            self.default_sizes()
        self.splitter.setCollapsible(self.splitter.indexOf(self.article), False)
        for name, *_ in PANELS:
            width = settings.value(f"window/{name}Width")
            if width is not None and int(width) > 0:
                self.open_widths[name] = int(width)
            elif self.is_open(name):
                self.open_widths[name] = self.splitter.sizes()[self._index[name]]
        self._sync()

    def save(self, settings: QSettings) -> None:
        settings.setValue("window/splitter", self.splitter.saveState())
        for name, *_ in PANELS:
            if self.is_open(name):
                self.open_widths[name] = self.splitter.sizes()[self._index[name]]
            if name in self.open_widths:
                settings.setValue(f"window/{name}Width", self.open_widths[name])


def fit_to_screen(window: QWidget) -> None:
    """Shrink and move ``window`` so that it lies inside its screen's available area."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    if screen is None:
        return
    avail: QRect = screen.availableGeometry()
    frame = window.frameGeometry()
    extra = frame.size() - window.geometry().size()  # the window manager's frame and title
    room = avail.size() - extra
    least = window.minimumSize().boundedTo(room)  # a small (or scaled: 150%) screen: its size
    if least != window.minimumSize():
        window.setMinimumSize(least)
    size = window.size().boundedTo(room).expandedTo(least)
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), avail.x()), avail.x() + max(0, avail.width() - frame.width()))
    y = min(max(frame.y(), avail.y()), avail.y() + max(0, avail.height() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


DEFAULT_SHARE = 0.8  # a first start opens at this share of the screen's available area


def default_window_size(window: QWidget) -> QSize:
    """Four fifths of the screen's available area (at least ``MIN_WINDOW``, at most the area):
    1536x864 on a 1920x1080 screen, 819x512 on 1024x640."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return DEFAULT_WINDOW
    avail = screen.availableGeometry().size()
    share = QSize(int(avail.width() * DEFAULT_SHARE), int(avail.height() * DEFAULT_SHARE))
    return share.expandedTo(MIN_WINDOW).boundedTo(avail)


def place_default(window: QWidget) -> None:
    """A first start (no saved geometry): ``default_window_size``, centred on the screen."""
    window.resize(default_window_size(window))
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        avail = screen.availableGeometry()
        window.move(avail.x() + (avail.width() - window.width()) // 2,
                    avail.y() + (avail.height() - window.height()) // 2)


class ScrollPanel(QScrollArea):
    """A frameless vertical scroll area as tall as its contents when there is room, and
    scrolling when there is not (``QScrollArea`` keeps the first size hint it computed)."""

    def __init__(self, widget: QWidget, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if obj is self.widget() and e.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the contents changed size: ask the panel's layout again
        return False

    def sizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget()
        hint = inner.sizeHint() if inner is not None else QSize(0, 0)
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), 3 * self.fontMetrics().height())


def scrolling(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a scroll panel named ``name``: a panel too short for its contents scrolls
    instead of squeezing them over each other."""
    return ScrollPanel(widget, name)
