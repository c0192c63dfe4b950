"""The layer rules cover the whole package and CONTRIBUTING.md names them as pyproject does
(issue 13): a new module cannot escape the contracts, and the documented layers cannot drift."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: top-level modules used only by the entry points (the CLI and `curator gui`)
ENTRY = {"app", "app.__main__", "app.preflight"}


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return [[m.strip() for m in layer.split(":")] for layer in layers["layers"]]


def _modules() -> list[str]:
    out = []
    for path in (ROOT / "app").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue  # Alembic's scripts, loaded by file name
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(out)


def test_every_module_is_in_a_layer() -> None:
    names = [m for layer in _layers() for m in layer]
    loose = [mod for mod in _modules() if mod not in ENTRY and mod != "app.figures"
             and not any(mod == n or mod.startswith(n + ".") for n in names)]
    assert not loose, f"not in any layer of [tool.importlinter]: {loose}"


def test_contributing_names_the_layers_of_pyproject() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## Layers"):text.index("\n## ", text.index("## Layers") + 1)]
    documented = set(re.findall(r"`(app\.[a-z_.]+)`", section))
    for layer in _layers():
        for mod in layer:
            if mod.startswith("app.figures.") and mod != "app.figures.table":
                assert "app.figures.*" in section  # detection: "app.figures.* except table"
            else:
                assert mod in documented, f"{mod} is a layer in pyproject but not in CONTRIBUTING.md"
