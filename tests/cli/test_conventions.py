"""Command-line conventions, checked on the real ``curator`` process: results on stdout, errors,
warnings and progress on stderr, exit codes 0/1/2, ``--version``, ``--quiet`` and ``NO_COLOR``.

Progress bars are drawn only on a terminal, so those tests give the process a pseudo-terminal as
its stderr (stdout stays a pipe, as when a result is redirected to a file).
"""

from __future__ import annotations

import os
import pty
import select
import sqlite3
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from app import open_store
from app.importing import import_paths
from tests.conftest import CORPUS

BIN = Path(sys.executable).parent / "curator"
ESC = "\x1b"


def _env(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, CURATOR_DB=str(db), QT_QPA_PLATFORM="offscreen", TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


def run(*args: str, db: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=_env(db, **extra),
        stdin=subprocess.DEVNULL, timeout=120,
    )


def run_on_tty(*args: str, db: Path, **extra: str) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal; returns (exit code, stdout, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(BIN), *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
        env=_env(db, **extra),
    )
    os.close(slave)
    tty = b""
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("curator did not finish")
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        tty += chunk
    os.close(master)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    proc.stdout.close()
    return proc.wait(timeout=120), out, tty.decode(errors="replace")


def test_version_prints_the_package_version_on_stdout(tmp_path):
    proc = run("--version", db=tmp_path / "c.db")
    assert proc.returncode == 0
    assert proc.stdout == f"curator {version('article-curator')}\n" and proc.stderr == ""
    assert not (tmp_path / "c.db").exists()  # no store is opened for it


def test_usage_errors_exit_2_on_stderr(tmp_path):
    proc = run("no-such-command", db=tmp_path / "c.db")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("usage: curator") and "invalid choice" in proc.stderr


def _colleague_with_a_bad_span(path: Path) -> None:
    """A colleague's store where one annotation's end lies past its text (a damaged row)."""
    other = open_store(path)
    import_paths(other, [str(CORPUS)])
    doc = other.list_documents()[0]
    text = other.document_text(doc.id)
    other.add_annotation(doc.id, 0, text.index(" "), "ORG", "bob")
    bad = other.add_annotation(doc.id, 0, text.index(" "), "GPE", "bob")
    other.close()
    c = sqlite3.connect(path)
    with c:
        c.execute('UPDATE annotations SET "end" = ? WHERE id = ?', (len(text) + 50, bad.id))
    c.close()


def test_merge_prints_results_on_stdout_and_warnings_on_stderr(tmp_path):
    other = tmp_path / "colleague.db"
    _colleague_with_a_bad_span(other)
    db = tmp_path / "mine.db"
    refused = run("merge", str(other), db=db)  # the whole merge or nothing
    assert refused.returncode == 1 and refused.stdout == ""
    assert "out of range" in refused.stderr

    proc = run("merge", "--skip-bad-spans", str(other), db=db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("imported 5 document(s)") and "1 annotation(s)" in proc.stdout
    assert "warning:" not in proc.stdout and "out of range" not in proc.stdout
    warnings = proc.stderr.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("warning: ") and "out of range" in warnings[0]
    assert "(skipped)" in warnings[0]


def test_progress_is_drawn_on_a_terminal_and_quiet_silences_it(tmp_path):
    code, out, tty = run_on_tty("import", str(CORPUS), db=tmp_path / "a.db")
    assert code == 0 and "imported 5 document(s)" in out
    assert "importing [" in tty and "5/5" in tty and "importing" not in out

    code, out, tty = run_on_tty("--quiet", "import", str(CORPUS), db=tmp_path / "b.db")
    assert code == 0 and "imported 5 document(s)" in out  # the result still comes
    assert tty == ""


def test_quiet_keeps_errors_and_drops_the_copy_info_line(tmp_path):
    src = tmp_path / "src.db"
    assert run("import", str(CORPUS), db=src).returncode == 0
    loud = run("copy", "--from", str(src), "--to", str(tmp_path / "a.db"), db=src)
    assert loud.returncode == 0 and "copying " in loud.stderr
    quiet = run("-q", "copy", "--from", str(src), "--to", str(tmp_path / "b.db"), db=src)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout.strip()
    after = run("copy", "--from", str(src), "--to", str(tmp_path / "c.db"), "--quiet", db=src)
    assert after.returncode == 0 and after.stderr == "" and after.stdout == quiet.stdout.replace("b.db", "c.db")
    failed = run("--quiet", "import", str(tmp_path / "missing.txt"), db=src)
    assert failed.returncode == 1 and "missing.txt: no such file or folder" in failed.stderr
    failed = run("import", str(tmp_path / "missing.txt"), "-q", db=src)
    assert failed.returncode == 1 and "missing.txt: no such file or folder" in failed.stderr


def test_no_color_gives_no_escape_codes(tmp_path):
    db = tmp_path / "c.db"
    for args in (("import", str(CORPUS)), ("--help",), ("import", str(tmp_path / "missing.txt")),
                 ("stats",), ("nope",)):
        code, out, tty = run_on_tty(*args, db=db, NO_COLOR="1")
        assert code in (0, 1, 2)
        assert ESC not in out and ESC not in tty, (args, out, tty)
    code, _, tty = run_on_tty("import", str(CORPUS), db=tmp_path / "d.db", NO_COLOR="1")
    assert code == 0 and "importing [" in tty  # NO_COLOR keeps the (colourless) progress bar


def test_export_labelstudio_email_maps_names_and_refuses_bad_pairs(tmp_path: Path) -> None:
    import json

    db = tmp_path / "s.db"
    store = open_store(db)
    import_paths(store, [str(CORPUS)])
    doc = store.list_documents()[0].id
    text = store.document_text(doc)
    store.add_annotation(doc, 0, text.index(" "), "ORG", "alice")
    store.add_annotation(doc, 0, text.index(" "), "GPE", "bob")
    store.close()
    out = tmp_path / "ls.json"
    done = run("export", "--format", "labelstudio", "-o", str(out),
               "--labelstudio-email", "alice=alice@example.org", db=db)
    assert done.returncode == 0, done.stderr
    results = [a for task in json.loads(out.read_bytes()) for a in task["annotations"]]
    assert [a["completed_by"] for a in results if "completed_by" in a] == [{"email": "alice@example.org"}]
    assert len(results) == 2  # bob's work is there, with no completed_by
    bad = run("export", "--format", "labelstudio", "-o", str(tmp_path / "x.json"),
              "--labelstudio-email", "alice", db=db)
    assert bad.returncode == 2 and "NAME=EMAIL" in bad.stderr and not bad.stdout
    assert not (tmp_path / "x.json").exists()
