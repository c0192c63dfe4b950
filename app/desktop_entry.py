"""``curator desktop-entry``: the freedesktop menu entry and icon for the current user.

``--install`` writes ``$XDG_DATA_HOME/applications/article-curator.desktop`` (default
``~/.local/share``) and the icon into the hicolor theme (``icons/hicolor/scalable/apps`` and
``256x256/apps``); ``Exec`` is the absolute path of this ``curator`` (a pipx or venv install
is rarely on the desktop session's PATH). ``--uninstall`` removes them; with neither, the entry
is printed. Light at import: the parser registers the command without loading anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

NAME = "article-curator"


def add_desktop_command(sub: argparse._SubParsersAction) -> None:
    d = sub.add_parser("desktop-entry", help="install the app's menu entry and icon for this user")
    what = d.add_mutually_exclusive_group()
    what.add_argument("--install", action="store_true",
                      help="write the .desktop entry and icon under $XDG_DATA_HOME (~/.local/share)")
    what.add_argument("--uninstall", action="store_true", help="remove them")
    d.set_defaults(func=cmd_desktop_entry)


def data_home() -> Path:
    env = os.environ.get("XDG_DATA_HOME", "")
    return Path(env) if os.path.isabs(env) else Path.home() / ".local" / "share"


def curator_command() -> list[str]:
    """How to start this very installation: its ``curator`` script, else ``python -m app.cli``."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "curator" and script.is_file():
        return [str(script.resolve())]
    beside = Path(sys.executable).with_name("curator")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("curator")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "app.cli"]


def _quote(arg: str) -> str:
    """An Exec argument, quoted as the Desktop Entry spec asks when it needs quoting."""
    arg = arg.replace("%", "%%")  # a literal percent sign (field codes start with one)
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def entry_text(template: str, command: list[str]) -> str:
    """The shipped entry with ``Exec``/``TryExec`` pointing at ``command``."""
    out = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            # the quoting rule applies after the string escapes: each backslash is doubled
            line = "Exec=" + " ".join(_quote(a) for a in [*command, "gui"]).replace("\\", "\\\\")
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0]
        out.append(line)
    return "\n".join(out) + "\n"


def targets(home: Path) -> dict[str, Path]:
    icons = home / "icons" / "hicolor"
    return {
        "entry": home / "applications" / f"{NAME}.desktop",
        "svg": icons / "scalable" / "apps" / f"{NAME}.svg",
        "png": icons / "256x256" / "apps" / f"{NAME}.png",
    }


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Write the entry and icons; the paths written."""
    from app.atomic import atomic_open
    from app.store.schema import resources_dir

    res = resources_dir()
    where = targets(home or data_home())
    text = entry_text((res / f"{NAME}.desktop").read_text(encoding="utf-8"), command or curator_command())
    with atomic_open(where["entry"], "w", encoding="utf-8") as fh:
        fh.write(text)
    for kind in ("svg", "png"):
        with atomic_open(where[kind], "wb") as fh:
            fh.write((res / f"{NAME}.{kind}").read_bytes())
    _refresh(where["entry"].parent)
    return list(where.values())


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote; the paths removed."""
    gone = []
    for path in targets(home or data_home()).values():
        if path.exists():
            path.unlink()
            gone.append(path)
    return gone


def _refresh(applications: Path) -> None:
    """Tell the desktop's caches, where their tools exist (best effort: menus rescan anyway)."""
    tool = shutil.which("update-desktop-database")
    if tool:
        subprocess.run([tool, "-q", str(applications)], check=False, capture_output=True, timeout=30)


def cmd_desktop_entry(args: argparse.Namespace) -> int:
    if args.install:
        for path in install():
            print(f"wrote {path}")
        return 0
    if args.uninstall:
        gone = uninstall()
        for path in gone:
            print(f"removed {path}")
        if not gone:
            print("curator: no desktop entry was installed", file=sys.stderr)
        return 0
    from app.store.schema import resources_dir

    sys.stdout.write(entry_text((resources_dir() / f"{NAME}.desktop").read_text(encoding="utf-8"),
                                curator_command()))
    return 0
