"""``curator desktop-entry --install`` writes a valid freedesktop entry and the icon under
``$XDG_DATA_HOME``, pointing at this installation's ``curator``; ``--uninstall`` removes them."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.desktop_entry import entry_text
from app.store.schema import resources_dir

BIN = Path(sys.executable).parent / "curator"


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_DATA_HOME=str(data))
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, timeout=120)


def read_entry(path: Path) -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    return cp["Desktop Entry"]


def test_install_writes_the_entry_and_icons_then_uninstall_removes_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = run("desktop-entry", "--install", data=data)
    assert proc.returncode == 0, proc.stderr
    entry = data / "applications" / "article-curator.desktop"
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "article-curator.svg"
    png = data / "icons" / "hicolor" / "256x256" / "apps" / "article-curator.png"
    assert proc.stdout.splitlines() == [f"wrote {p}" for p in (entry, svg, png)]
    assert svg.read_bytes() == (resources_dir() / "article-curator.svg").read_bytes()
    assert png.read_bytes() == (resources_dir() / "article-curator.png").read_bytes()
    e = read_entry(entry)
    assert (e["Type"], e["Name"], e["Icon"], e["Terminal"]) == ("Application", "Article Curator", "article-curator", "false")
    exec_args = shlex.split(e["Exec"])
    assert exec_args[-1] == "gui" and Path(exec_args[0]).resolve() == BIN.resolve()
    assert Path(e["TryExec"]).is_file()
    # the command the entry runs works (the GUI itself needs a display: ask for the version)
    assert subprocess.run([*exec_args[:-1], "--version"], capture_output=True, timeout=60).returncode == 0
    validate = shutil.which("desktop-file-validate")
    if validate:
        check = subprocess.run([validate, str(entry)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    proc = run("desktop-entry", "--uninstall", data=data)
    assert proc.returncode == 0
    assert not entry.exists() and not svg.exists() and not png.exists()


def test_without_a_flag_it_prints_the_entry(tmp_path: Path) -> None:
    proc = run("desktop-entry", data=tmp_path / "data")
    assert proc.returncode == 0 and proc.stdout.startswith("[Desktop Entry]\n")
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(("path", "expected"), [
    ("/opt/curator/bin/curator", "Exec=/opt/curator/bin/curator gui"),
    ("/home/ann/My Apps/curator", 'Exec="/home/ann/My Apps/curator" gui'),
    ("/opt/100%/curator", "Exec=/opt/100%%/curator gui"),
    ('/srv/a"b$c/curator', 'Exec="/srv/a\\\\"b\\\\$c/curator" gui'),  # \\" in the file
])
def test_exec_is_quoted_as_the_spec_asks(path: str, expected: str) -> None:
    text = entry_text("[Desktop Entry]\nExec=curator gui\nTryExec=curator\n", [path])
    assert expected in text.splitlines() and f"TryExec={path}" in text.splitlines()
