"""``curator completion bash``: the generated script, sourced in a real bash, completes
commands, options, option choices and file names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "curator"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytest.fixture(scope="module")
def script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("completion") / "curator.bash"
    proc = subprocess.run([str(BIN), "completion", "bash"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out.write_text(proc.stdout, encoding="utf-8")
    return out


def complete(script: Path, line: str, cwd: Path) -> list[str]:
    """What bash offers for the last word of ``line`` (an empty last word after a space)."""
    words = line.split(" ")
    prog = (f"source {script}\n"
            f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
            "_curator; printf '%s\\n' \"${COMPREPLY[@]}\"")
    proc = subprocess.run(["bash", "--norc", "-c", prog], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": os.environ.get("PATH", "")}, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return [w for w in proc.stdout.splitlines() if w]


def test_commands_options_choices_and_files(script: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert complete(script, "curator ba", tmp_path) == ["backup"]
    assert set(complete(script, "curator --db store.db ", tmp_path)) >= {"import", "backup", "check"}
    assert complete(script, "curator check --r", tmp_path) == ["--repair"]
    assert complete(script, "curator list --format ", tmp_path) == ["table", "json"]
    assert complete(script, "curator import no", tmp_path) == ["notes.txt"]
    assert complete(script, "curator suggest f", tmp_path) == ["figures"]
    assert complete(script, "curator stats no", tmp_path) == []  # stats takes no file
