"""Start-up order: the window shows and paints before SQLAlchemy, Alembic or the store load.

Each check runs in a fresh interpreter (``sys.modules`` of this test process already holds
everything); nothing here is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "alembic", "app.store.store", "app.models")


def run_python(code: str, tmp_path: Path) -> dict[str, object]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_ui_and_the_package_loads_no_store(tmp_path: Path) -> None:
    got = run_python(
        "import json, sys\n"
        "import app, app.store, app.store.views, app.ui, app.ui.app, app.ui.main_window\n"
        "from app import __version__\n"
        f"print(json.dumps({{'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n",
        tmp_path,
    )
    assert got["loaded"] == []


def test_the_main_window_is_built_and_painted_without_sqlalchemy(tmp_path: Path) -> None:
    got = run_python(
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app.ui.main_window import MainWindow\n"
        "qapp = QApplication([])\n"
        "w = MainWindow(review=False)\n"
        "w.show(); w.repaint(); qapp.processEvents()\n"
        f"print(json.dumps({{'visible': w.isVisible(), 'loaded': [m for m in {HEAVY!r} if m in sys.modules]}}))\n",
        tmp_path,
    )
    assert got == {"visible": True, "loaded": []}


def test_launch_paints_the_window_before_opening_the_store(tmp_path: Path) -> None:
    """The real launch path: at the first paint nothing heavy is loaded; then the store opens
    (first rows listed) without Alembic, since the store's schema is current."""
    db = tmp_path / "s.db"
    article = tmp_path / "a1.txt"
    article.write_text("Hello world.\n", encoding="utf-8")
    run_python(  # a store with one article, at the current schema (creating it runs Alembic)
        "import json\n"
        "from app import open_store\n"
        "from app.importing import import_paths\n"
        f"s = open_store({str(db)!r})\n"
        f"import_paths(s, [{str(article)!r}], fmt='txt')\n"
        "s.close(); print(json.dumps({}))\n",
        tmp_path,
    )
    got = run_python(
        "import json, sys\n"
        "from PySide6.QtCore import QEvent, QObject\n"
        "from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow\n"
        "import app.ui\n"
        "seen = {}\n"
        "class Watch(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if not isinstance(obj, QMainWindow):\n"
        "            return False\n"
        "        if event.type() == QEvent.Type.Paint and not seen:\n"
        f"            seen['at_first_paint'] = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "        elif event.type() == QEvent.Type.Close:\n"
        "            seen['rows'] = obj.findChild(QAbstractItemView, 'documentList').model().rowCount()\n"
        f"            seen['at_quit'] = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "        return False\n"
        "qapp = QApplication([])\n"
        "watch = Watch(); qapp.installEventFilter(watch)\n"
        f"code = app.ui.launch({str(db)!r}, 'tester', quit_after=1.0)\n"
        "seen['code'] = code\n"
        "print(json.dumps(seen))\n",
        tmp_path,
    )
    assert got["code"] == 0
    assert got["at_first_paint"] == []
    assert got["rows"] == 1
    assert got["at_quit"] == ["sqlalchemy", "app.store.store", "app.models"]  # not alembic


def test_lazy_names_still_resolve() -> None:
    import app
    import app.store
    import app.store.store

    assert app.open_store is app.store.open_store
    assert app.Store is app.store.Store is app.store.store.Store
    assert set(app.__all__) == {"Store", "__version__", "open_store"}
    try:
        app.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("app.no_such_name resolved")


def test_modules_loaded_after_the_window_skip_pysides_source_scan(tmp_path: Path) -> None:
    """``skip_pyside_source_scan``: SQLAlchemy's modules are not read by PySide6's import hook;
    the app's own modules still are (its ``__feature__`` bookkeeping stays as it was)."""
    got = run_python(
        "import json, sys\n"
        "import PySide6.QtWidgets\n"
        "from app.ui.app import skip_pyside_source_scan\n"
        "feature = sys.modules.get('shibokensupport.feature')\n"
        "if getattr(feature, '_mod_uses_pyside', None) is None:\n"
        "    print(json.dumps({'hook': False})); raise SystemExit\n"
        "skip_pyside_source_scan(); skip_pyside_source_scan()\n"
        "for name in ('sqlalchemy.orm', 'app.ui.keys'):\n"
        "    __import__(name, fromlist=['_'])  # the hook sees the module __import__ returns\n"
        "import linecache\n"
        "d = feature.pyside_feature_dict\n"
        "read = sorted({k.split('site-packages/')[-1].split('/')[0] for k in linecache.cache\n"
        "               if 'sqlalchemy' in k or 'app/ui/keys' in k})\n"
        "print(json.dumps({'hook': True, 'wrapped_once': not hasattr(feature._mod_uses_pyside.__wrapped__, '__wrapped__'),\n"
        "    'sqlalchemy.orm': d.get('sqlalchemy.orm'), 'app.ui.keys': d.get('app.ui.keys'),\n"
        "    'sources_read': [r for r in read if r == 'sqlalchemy'] + [r for r in read if 'keys' in r][:1]}))\n",
        tmp_path,
    )
    if not got["hook"]:
        return  # a PySide6 without the source scan: nothing to skip
    # -1: "ignore this module"; 0: the default selection, as PySide6 found "PySide6" in its source
    assert got["wrapped_once"] is True
    assert (got["sqlalchemy.orm"], got["app.ui.keys"]) == (-1, 0)
    assert len(got["sources_read"]) == 1 and "keys" in got["sources_read"][0]  # not SQLAlchemy's


def test_opening_a_store_finds_the_recommenders_without_importing_them(tmp_path: Path) -> None:
    """The figure detector's grammar loads on the first suggestion, not on the way to the first
    rows; the menu actions are enabled all the same and resolve to the real recommenders."""
    db = tmp_path / "s.db"
    got = run_python(
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from app import open_store\n"
        "from app.ui.main_window import MainWindow\n"
        "qapp = QApplication([])\n"
        f"store = open_store({str(db)!r})\n"
        "w = MainWindow(review=False)\n"
        "w.set_store(store, 'ann'); w.show(); qapp.processEvents()\n"
        "lazy = ('app.figures.detector', 'app.suggest.figures', 'app.suggest.entities')\n"
        "loaded = [m for m in lazy if m in sys.modules]\n"
        "enabled = [w.suggest_figures_action.isEnabled(), w.suggest_entities_action.isEnabled()]\n"
        "import app.suggest.figures as f, app.suggest.entities as e\n"
        "real = [w.suggesters['figures'].load() is f.suggest_figures,"
        " w.suggesters['entities'].load() is e.suggest_entities]\n"
        "store.close()\n"
        "print(json.dumps({'loaded': loaded, 'enabled': enabled, 'real': real}))\n",
        tmp_path,
    )
    assert got == {"loaded": [], "enabled": [True, True], "real": [True, True]}
