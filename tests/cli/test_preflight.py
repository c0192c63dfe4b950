"""Start-up checks for ``curator gui``: plain words and exit 1 instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.preflight import XCB_LIBS, check_gui, distro_family, x_display_reachable

BIN = Path(sys.executable).parent / "curator"


def all_found(name: str) -> str:
    return f"lib{name}.so"


def os_release(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "os-release"
    path.write_text(text, encoding="utf-8")
    return path


def test_unreachable_display_exits_1_with_plain_words(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DISPLAY")}
    env.update(DISPLAY=":59", CURATOR_DB=str(tmp_path / "c.db"))
    proc = subprocess.run([str(BIN), "gui", "--quit-after", "0.1"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "No display found (DISPLAY=:59 cannot be opened)" in proc.stderr
    assert "curator import/export" in proc.stderr
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) <= 2


def test_unreachable_display_probe():
    assert not x_display_reachable(":59")
    assert not x_display_reachable(":59", find_library=lambda name: None)  # socket fallback


def test_no_display_variables_at_all():
    lines = check_gui({}, platform="linux", find_library=all_found)
    assert lines and "neither DISPLAY nor WAYLAND_DISPLAY is set" in lines[0]


def test_missing_wayland_socket(tmp_path):
    env = {"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)}
    lines = check_gui(env, platform="linux", find_library=all_found)
    assert lines == [f"No display found (the Wayland socket {tmp_path / 'wayland-9'} does not "
                     "exist). Run the app in a desktop session, or use the command line "
                     "(curator import/export/list…)."]
    (tmp_path / "wayland-9").touch()
    assert check_gui(env, platform="linux", find_library=all_found) == []


def test_offscreen_and_other_platforms_need_nothing():
    none_found = lambda name: None  # noqa: E731
    assert check_gui({"QT_QPA_PLATFORM": "offscreen"}, platform="linux",
                     find_library=none_found) == []
    assert check_gui({}, platform="win32", find_library=none_found) == []


def test_missing_xcb_libraries_give_the_apt_command(tmp_path):
    missing = {"xcb-cursor", "xkbcommon-x11"}
    lines = check_gui({"DISPLAY": ":0"}, platform="linux",
                      find_library=lambda n: None if n in missing else all_found(n),
                      can_open_x=lambda d: True,
                      os_release=os_release(tmp_path, 'ID=ubuntu\nID_LIKE=debian\n'))
    assert lines == [
        "Qt cannot start: the system libraries libxcb-cursor, libxkbcommon-x11 are missing.",
        "Install them with: sudo apt install libxcb-cursor0 libxkbcommon-x11-0",
    ]


def test_install_command_per_distribution(tmp_path):
    finder = lambda n: None if n == "xcb-icccm" else all_found(n)  # noqa: E731
    for text, expected in (('ID="fedora"\n', "sudo dnf install xcb-util-wm"),
                           ("ID=arch\n", "sudo pacman -S --needed xcb-util-wm"),
                           ("ID=manjaro\nID_LIKE=arch\n", "sudo pacman -S --needed xcb-util-wm")):
        lines = check_gui({"DISPLAY": ":0"}, platform="linux", find_library=finder,
                          can_open_x=lambda d: True, os_release=os_release(tmp_path, text))
        assert lines[1] == f"Install them with: {expected}"
    lines = check_gui({"DISPLAY": ":0"}, platform="linux", find_library=finder,
                      can_open_x=lambda d: True, os_release=tmp_path / "absent")
    assert lines[1] == ("Install them with one of: sudo apt install libxcb-icccm4 | "
                        "sudo dnf install xcb-util-wm | sudo pacman -S --needed xcb-util-wm")


def test_all_libraries_present_and_display_open_is_fine(tmp_path):
    assert check_gui({"DISPLAY": ":0"}, platform="linux", find_library=all_found,
                     can_open_x=lambda d: True) == []
    assert distro_family(os_release(tmp_path, "ID=debian\n")) == "apt"
    assert len({lib.name for lib in XCB_LIBS}) == len(XCB_LIBS)


def test_preflight_does_not_import_qt():
    code = "import sys, app.preflight; assert not any(m.startswith('PySide6') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
