"""Start-up checks for ``curator gui``, run before PySide6 is imported.

Qt aborts (exit 134) with a misleading message when there is no reachable display or when a
system library its xcb plugin needs is missing. :func:`check_gui` finds both first and returns
one or two plain lines saying what is wrong and the exact command that fixes it. This module
must stay free of Qt imports.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import socket
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Platforms that need neither a display nor the xcb libraries.
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "eglfs", "linuxfb"})


@dataclass(frozen=True)
class SystemLib:
    """A shared library Qt loads at start-up, and the package providing it per distribution."""

    name: str  #: the name ``ctypes.util.find_library`` looks for (``xcb-cursor``)
    apt: str
    dnf: str
    pacman: str


#: Needed by Qt whichever display plugin it loads.
COMMON_LIBS: tuple[SystemLib, ...] = (
    SystemLib("xkbcommon", "libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    SystemLib("EGL", "libegl1", "mesa-libEGL", "libglvnd"),
    SystemLib("fontconfig", "libfontconfig1", "fontconfig", "fontconfig"),
)

#: What Qt's xcb platform plugin (PySide6 wheels) needs from the system.
XCB_LIBS: tuple[SystemLib, ...] = (
    SystemLib("xcb", "libxcb1", "libxcb", "libxcb"),
    SystemLib("xcb-cursor", "libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    SystemLib("xcb-icccm", "libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    SystemLib("xcb-image", "libxcb-image0", "xcb-util-image", "xcb-util-image"),
    SystemLib("xcb-keysyms", "libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    SystemLib("xcb-render-util", "libxcb-render-util0", "xcb-util-renderutil",
              "xcb-util-renderutil"),
    SystemLib("xcb-shape", "libxcb-shape0", "libxcb", "libxcb"),
    SystemLib("xcb-randr", "libxcb-randr0", "libxcb", "libxcb"),
    SystemLib("xcb-xkb", "libxcb-xkb1", "libxcb", "libxcb"),
    SystemLib("xkbcommon-x11", "libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    SystemLib("X11-xcb", "libx11-xcb1", "libX11-xcb", "libx11"),
    SystemLib("GL", "libgl1", "mesa-libGL", "libglvnd"),
    SystemLib("dbus-1", "libdbus-1-3", "dbus-libs", "dbus"),
    *COMMON_LIBS,
)

#: What Qt's Wayland plugin needs.
WAYLAND_LIBS: tuple[SystemLib, ...] = (
    SystemLib("wayland-client", "libwayland-client0", "libwayland-client", "wayland"),
    SystemLib("wayland-cursor", "libwayland-cursor0", "libwayland-cursor", "wayland"),
    *COMMON_LIBS,
)

CLI_HINT = "or use the command line (curator import/export/list…)"

FindLibrary = Callable[[str], "str | None"]
CanOpenX = Callable[[str], bool]


def check_gui(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    find_library: FindLibrary = ctypes.util.find_library,
    can_open_x: CanOpenX | None = None,
    os_release: Path = Path("/etc/os-release"),
) -> list[str]:
    """Return the lines explaining why the GUI cannot start, or ``[]`` when it can.

    ``find_library`` and ``can_open_x`` are the probes (injectable for tests).
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return []
    qpa = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if qpa in HEADLESS_PLATFORMS:
        return []
    wayland = _wayland_socket(env)
    use_wayland = qpa.startswith("wayland") or (not qpa and wayland is not None)
    if use_wayland:
        if wayland is None or not wayland.exists():
            where = str(wayland) if wayland else "WAYLAND_DISPLAY is not set"
            shown = f"the Wayland socket {where} does not exist" if wayland else where
            return [f"No display found ({shown}). Run the app in a desktop session, {CLI_HINT}."]
        return _missing_libs(WAYLAND_LIBS, find_library, os_release)
    display = env.get("DISPLAY", "")
    if not display:
        return ["No display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
                f"Run the app in a desktop session, {CLI_HINT}."]
    opener = can_open_x or (lambda d: x_display_reachable(d, find_library))
    if not opener(display):
        return [f"No display found (DISPLAY={display} cannot be opened). "
                f"Run the app in a desktop session, {CLI_HINT}."]
    return _missing_libs(XCB_LIBS, find_library, os_release)


def _wayland_socket(env: Mapping[str, str]) -> Path | None:
    name = env.get("WAYLAND_DISPLAY", "")
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        path = Path(env.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")) / name
    return path


def x_display_reachable(display: str, find_library: FindLibrary = ctypes.util.find_library) -> bool:
    """Whether an X server answers at ``display`` (through libxcb when present, else a socket)."""
    lib = find_library("xcb")
    if lib:
        try:
            xcb = ctypes.CDLL(lib)
            xcb.xcb_connect.restype = ctypes.c_void_p
            xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
            xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
            xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
            conn = xcb.xcb_connect(display.encode(), None)
            failed = bool(xcb.xcb_connection_has_error(conn))
            xcb.xcb_disconnect(conn)
            return not failed
        except (OSError, AttributeError):
            pass
    return _x_socket_reachable(display)


def _x_socket_reachable(display: str) -> bool:
    host, _, rest = display.rpartition(":")
    number = rest.split(".", 1)[0]
    if not number.isdigit():
        return False
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        for address in ("\0" + path, path):
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(2)
                    s.connect(address)
                    return True
            except OSError:
                continue
        return False
    try:
        with socket.create_connection((host, 6000 + int(number)), timeout=2):
            return True
    except OSError:
        return False


def _missing_libs(libs: tuple[SystemLib, ...], find_library: FindLibrary,
                  os_release: Path) -> list[str]:
    missing = [lib for lib in libs if not find_library(lib.name)]
    if not missing:
        return []
    names = ", ".join(f"lib{lib.name}" for lib in missing)
    return [f"Qt cannot start: the system libraries {names} are missing.",
            install_command(missing, distro_family(os_release))]


def distro_family(os_release: Path = Path("/etc/os-release")) -> str:
    """``apt``, ``dnf``, ``pacman`` or ``""`` (unknown) from /etc/os-release's ID and ID_LIKE."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    ids: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids += value.strip().strip('"').lower().split()
    for family, members in (("apt", {"debian", "ubuntu"}),
                            ("dnf", {"fedora", "rhel", "centos"}),
                            ("pacman", {"arch"})):
        if members & set(ids):
            return family
    return ""


def install_command(missing: list[SystemLib], family: str) -> str:
    """The exact command installing ``missing`` (all three when the distribution is unknown)."""
    def packages(attr: str) -> str:
        return " ".join(dict.fromkeys(getattr(lib, attr) for lib in missing))

    commands = {"apt": f"sudo apt install {packages('apt')}",
                "dnf": f"sudo dnf install {packages('dnf')}",
                "pacman": f"sudo pacman -S --needed {packages('pacman')}"}
    if family in commands:
        return f"Install them with: {commands[family]}"
    return "Install them with one of: " + " | ".join(commands.values())
