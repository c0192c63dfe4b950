"""The workspace stays readable in one sitting (issue 13.3): no class in ``app/ui`` over 500
lines and no ``app/ui`` file over 700, so ``MainWindow`` cannot grow back into a god object
(it owns a navigator, an editor, a poller and a suggestion runner instead)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
MAX_CLASS = 500
MAX_FILE = 700


def _files() -> list[Path]:
    files = sorted(UI.rglob("*.py"))
    assert any(f.name == "main_window.py" for f in files), "app/ui not found"
    return files


def test_no_ui_file_over_700_lines() -> None:
    long = {
        f.relative_to(UI.parent.parent).as_posix(): n
        for f in _files()
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAX_FILE
    }
    assert long == {}, f"split these files (over {MAX_FILE} lines): {long}"


def test_no_ui_class_over_500_lines() -> None:
    long = {}
    for f in _files():
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                n = node.end_lineno - node.lineno + 1
                if n > MAX_CLASS:
                    long[f"{f.relative_to(UI.parent.parent).as_posix()}:{node.name}"] = n
    assert long == {}, f"split these classes (over {MAX_CLASS} lines): {long}"


def test_main_window_owns_its_collaborators() -> None:
    from app.ui.editor import Editor
    from app.ui.navigator import Navigator
    from app.ui.poller import Poller
    from app.ui.suggestion_runner import SuggestionRunner

    source = (UI / "main_window.py").read_text(encoding="utf-8")
    for cls in (Navigator, Editor, Poller, SuggestionRunner):
        assert f"{cls.__name__}(self)" in source, f"MainWindow does not own a {cls.__name__}"
