"""Timing, child processes with their peak memory, and the results table.

Every figure is a :class:`Row`: the measured value, a baseline measured in the same run (the
floor of the same work without the app), their ratio and the goal. A measurement that cannot
run records ``n/a`` and the reason instead of stopping the bench.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    item: str
    value: float | None = None  # seconds, bytes or a rate, as ``unit`` says
    unit: str = "s"
    baseline: float | None = None
    baseline_what: str = ""
    goal: str = ""
    ok: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        if self.unit.endswith("/s"):  # a rate: how many times slower than the floor
            return self.baseline / self.value if self.value else None
        return self.value / self.baseline

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = self.ratio
        return d


class Results:
    """The rows of one run, printed as they come and written to JSON at the end."""

    def __init__(self, echo: bool = True) -> None:
        self.rows: list[Row] = []
        self.echo = echo

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        if self.echo:
            print("  " + format_row(row), flush=True)
        return row

    def na(self, item: str, reason: str, goal: str = "") -> Row:
        return self.add(Row(item, None, goal=goal, note=f"n/a ({reason})"))

    def guard(self, item: str, fn: Callable[[], None], goal: str = "") -> None:
        """Run one measurement group; an error becomes an n/a row, never a crash."""
        try:
            fn()
        except Exception as exc:  # a bench must survive any failing part
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            if os.environ.get("BENCH_DEBUG"):
                traceback.print_exc()
            self.na(item, detail.splitlines()[-1][:160], goal)


def median_time(fn: Callable[[], object], repeat: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


@dataclass
class Child:
    seconds: float
    peak_rss: int  # bytes
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child: steadier than wall time under load


def _hwm(pid: int) -> int:
    """The peak RSS (``VmHWM``) of a running process, in bytes; 0 when gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def run_child(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 900) -> Child:
    """Run a command; wall time and the peak RSS of that very process.

    The peak is polled from ``/proc/PID/status`` (``VmHWM`` of the exec'd program):
    ``ru_maxrss`` of a child also counts the parent's memory copied at fork, before exec.
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-child-{os.getpid()}.out"
    err_path = out_path.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=full_env, cwd=ROOT)
        deadline = t + timeout
        peak = 0
        while True:
            peak = max(peak, _hwm(proc.pid))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return Child(seconds, peak or usage.ru_maxrss * 1024, proc.returncode, stdout, stderr,
                 usage.ru_utime + usage.ru_stime)


def checked(child: Child, what: str) -> Child:
    if child.returncode != 0:
        tail = (child.stderr.strip() or child.stdout.strip()).splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"{what} exited {child.returncode}: {tail[0][:200]}")
    return child


def python() -> str:
    return sys.executable


def curator() -> list[str]:
    """The real ``curator`` console script of this venv (start-up included in timings)."""
    script = Path(sys.executable).with_name("curator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def rss_now() -> int:
    """This process's current resident memory in bytes (Linux ``/proc``)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def peak_rss_self() -> int:
    """This process's peak resident memory in bytes."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- the table ------------------------------------------------------------------------------


def fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "n/a"
    if unit == "s":
        return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"
    if unit == "B":
        return f"{v / 2**20:.0f} MB"
    if unit.endswith("/s"):
        return f"{v:,.0f} {unit}"
    return f"{v:g} {unit}"


def format_row(r: Row) -> str:
    ratio = f"{r.ratio:.1f}x" if r.ratio is not None else "-"
    status = {True: "ok", False: "MISSED", None: ""}[r.ok]
    base = f"{fmt_value(r.baseline, r.unit)} {r.baseline_what}".strip() if r.baseline is not None else "-"
    note = f"  {r.note}" if r.note else ""
    return (f"{r.item:<44} {fmt_value(r.value, r.unit):>11}  {base:<40} {ratio:>7}  "
            f"{r.goal:<16} {status}{note}")


def header() -> str:
    return (f"{'item':<44} {'measured':>11}  {'baseline (same run)':<40} {'ratio':>7}  "
            f"{'goal':<16} status")


def table(rows: Sequence[Row]) -> str:
    lines = [header(), "-" * len(header())]
    lines += [format_row(r) for r in rows]
    return "\n".join(lines)


# what the CLI and the UI import: their bytecode is written before any timing
COMPILED = ("app", "sqlalchemy", "alembic", "mako", "platformdirs", "charset_normalizer",
            "typing_extensions", "greenlet", "PySide6", "shiboken6")


def compile_bytecode(packages: Sequence[str] = COMPILED) -> int:
    """Write the ``.pyc`` files of ``packages`` (what an installer does; ``uv pip install``
    does not by default, and with ``PYTHONDONTWRITEBYTECODE`` set no process writes them), so a
    timed child does not compile SQLAlchemy from source (≈ 0.7 s of every CLI run here).
    Returns how many packages were found."""
    import compileall
    import importlib.util

    found = 0
    for name in packages:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        found += 1
        for loc in spec.submodule_search_locations or []:
            compileall.compile_dir(loc, quiet=2, workers=1)
        if not spec.submodule_search_locations and spec.origin and spec.origin.endswith(".py"):
            compileall.compile_file(spec.origin, quiet=2)
    return found


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    import platform
    import sqlite3

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    info: dict[str, Any] = {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "load": os.getloadavg(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
    }
    for mod in ("PySide6", "sqlalchemy", "orjson"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:
            info[mod] = "missing"
    return info
