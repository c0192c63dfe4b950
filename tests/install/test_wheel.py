"""``pip install .`` gives a working ``curator``: a wheel built from a copy of the checkout is
installed into a fresh venv in a temp folder and run from outside the checkout, with a clean
environment: ``--version``, the bundled sample corpus and label schema, export, and an
Alembic upgrade from the bundled migrations.

Marked ``slow``; it runs in CI (``make test`` runs every test). Time: ≈ 40 s on the shared
2-core machine with uv and its cache (≈ 12 s to build and install: the dependencies are linked
from the cache; the rest is the first, uncompiled runs of ``curator``); with pip and an empty
cache it downloads the dependencies (PySide6 ≈ 300 MB) and takes minutes.
uv is used when it is on PATH (or at ``/work/tools/bin/uv``), offline first.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import orjson
import pytest

from app.store.revisions import HEAD

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
R0001 = ROOT / "tests" / "data" / "stores" / "r0001.db"


def _uv() -> str | None:
    found = shutil.which("uv")
    if found:
        return found
    local = Path("/work/tools/bin/uv")
    return str(local) if local.is_file() else None


def _run(cmd: list[str | Path], **kw) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=900, **kw)
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
    return proc


def _uv_offline_first(uv: str, args: list[str | Path]) -> None:
    try:
        _run([uv, *args, "--offline"])
    except AssertionError:  # not everything in the cache: ask the registry
        _run([uv, *args])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    base = tmp_path_factory.mktemp("wheel")
    src, dist, venv = base / "src", base / "dist", base / "venv"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", "tests", "bench", "docs",
        "*.db", "*.db-wal", "*.db-shm"))
    uv = _uv()
    if uv:
        _uv_offline_first(uv, ["build", "--wheel", "--out-dir", dist, src])
    else:
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, src])
    [wheel] = dist.glob("article_curator-*.whl")
    python = venv / "bin" / "python"
    if uv:
        _run([uv, "venv", "-q", venv, "--python", sys.executable])
        _uv_offline_first(uv, ["pip", "install", "-q", "--python", python, wheel])
    else:
        _run([sys.executable, "-m", "venv", venv])
        _run([python, "-m", "pip", "install", "-q", wheel])
    work = base / "work"
    work.mkdir()
    shutil.rmtree(src)  # nothing of the checkout's copy is left to fall back on
    yield {"venv": venv, "python": python, "curator": venv / "bin" / "curator", "work": work, "wheel": wheel}


def _env(work: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": os.defpath, "HOME": str(work / "home"), "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(work / "data"), "CURATOR_DB": str(work / "curator.db"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.update(extra)
    return env


def curator(installed: dict[str, Path], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return _run([installed["curator"], *args], cwd=installed["work"], env=_env(installed["work"]),
                stdin=subprocess.DEVNULL)


def test_the_installed_package_is_not_the_checkout(installed) -> None:
    proc = _run([installed["python"], "-c", "import app; print(app.__file__)"],
                cwd=installed["work"], env=_env(installed["work"]))
    where = Path(proc.stdout.strip())
    assert installed["venv"] in where.parents and ROOT not in where.parents


def test_version(installed) -> None:
    assert curator(installed, "--version").stdout.strip() == f"curator {version('article-curator')}"


def test_import_the_bundled_sample_corpus_then_export(installed) -> None:
    proc = curator(installed, "import", "--sample")
    assert proc.stdout.startswith("imported 5 document(s)") and "failed 0" in proc.stdout, proc.stdout
    stats = orjson.loads(curator(installed, "stats", "--format", "json").stdout)
    assert stats["documents"] == 5
    assert {"PERSON", "ORG", "GPE"} <= set(stats["by_label"])  # resources/labels.json shipped
    out = installed["work"] / "export.json"
    assert "exported 5 document(s)" in curator(installed, "export", "-o", out).stdout
    data = orjson.loads(out.read_bytes())
    assert data["format"] == "article-curator" and len(data["documents"]) == 5
    titles = " ".join(d["title"] for d in data["documents"])
    assert "SCO" in titles or "digital" in titles.lower()


def test_an_old_store_is_upgraded_by_the_bundled_migrations(installed) -> None:
    old = installed["work"] / "old.db"
    shutil.copy(R0001, old)
    curator(installed, "--db", old, "stats")
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD


def test_the_wheel_holds_the_data(installed) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    assert {"app/resources/labels.json", "app/resources/article-curator.svg",
            "app/resources/article-curator.desktop", "app/store/migrations/script.py.mako",
            "app/store/migrations/env.py"} <= names
    assert sum(n.startswith("app/corpus/") and n.endswith(".txt") for n in names) == 5
    assert sum(n.startswith("app/store/migrations/versions/0") for n in names) >= 2
