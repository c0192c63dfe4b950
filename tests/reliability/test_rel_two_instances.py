"""Two app instances on one SQLite file: concurrent writers lose nothing, never see "locked"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from reliability_util import ROOT, env, integrity

from app import open_store
from app.bundle import Bundle

WORKER = Path(__file__).with_name("worker_annotate.py")
N = 300


def _spawn(db: Path, name: str, index: int, peers: str, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), name, str(index), str(N), peers, str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT,
    )


def test_two_instances_annotate_concurrently(tmp_path: Path):
    db = tmp_path / "shared.db"
    text = " ".join(f"w{i:04d}" for i in range(4 * N + 10))  # "w0000 w0001 ...": 6 chars a word
    with open_store(db) as s:
        s.import_bundle(Bundle([{"id": "shared", "text": text}]))
    go = tmp_path / "go"
    names = ["ann", "ben"]
    procs = [_spawn(db, name, k, ",".join(names), go) for k, name in enumerate(names)]
    time.sleep(1.0)  # both interpreters up and waiting
    go.touch()
    outs = [p.communicate(timeout=180) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in (out + err).lower() and "Traceback" not in err
    acked = {name: [ln.split()[1] for ln in out.splitlines() if ln.startswith("ack ")]
             for name, (out, _) in zip(names, outs, strict=True)}
    assert all(len(v) == N for v in acked.values())
    # each saw the other's full work after a refresh (a new read), without reopening
    assert f"saw ben {N}" in outs[0][0] and f"saw ann {N}" in outs[1][0]
    assert integrity(db) == "ok"
    with open_store(db) as s:
        doc = s.document_ids()[0]
        anns = s.annotations(doc)
        assert len(anns) == 2 * N
        for name in names:
            mine = {a.id: a for a in anns if a.annotator == name}
            assert set(mine) == set(acked[name])  # nothing lost, nothing extra
            edited = [a for a in mine.values() if a.note.startswith("checked")]
            assert len(edited) == N // 10 and all(a.version == 2 for a in edited)
        assert all(a.text == text[a.start:a.end] for a in anns)
        assert s.progress(doc) == {"ann": "in_progress", "ben": "in_progress"}


def test_instances_creating_the_same_new_store_at_once(tmp_path: Path):
    """Three instances started together on a file that does not exist yet: one schema, one
    set of default labels, every instance's annotations kept."""
    db = tmp_path / "fresh.db"
    go = tmp_path / "go"
    code = (
        "import sys, time, pathlib\n"
        "from app import open_store\n"
        "from app.bundle import Bundle\n"
        "go = pathlib.Path(sys.argv[2])\n"
        "while not go.exists(): time.sleep(0.002)\n"
        "s = open_store(sys.argv[1])\n"
        "s.import_bundle(Bundle([{'id': 'd', 'text': 'Alpha Beta Gamma Delta'}]))\n"
        "doc = s.find_document(uid='d')\n"
        "k = int(sys.argv[3])\n"
        "s.add_annotation(doc, 6 * k, 6 * k + 4, 'ORG', f'u{k}')\n"
        "print('ok', flush=True)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db), str(go), str(k)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
        for k in range(3)
    ]
    time.sleep(1.0)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and out.strip() == "ok", err
    with open_store(db) as s:
        assert s.count_documents() == 1
        assert len(s.annotations(s.document_ids()[0])) == 3
        names = [lv.name for lv in s.labels()]
        assert len(names) == len(set(names)) == 13
    assert integrity(db) == "ok"


def test_annotating_while_another_instance_runs_a_long_import(tmp_path: Path):
    """A colleague's big import holds the write lock for seconds: this instance's edits wait
    for it (busy timeout) and go through; nobody sees "database is locked"."""
    db = tmp_path / "shared.db"
    text = " ".join(f"w{i:04d}" for i in range(4 * 40 + 10))
    with open_store(db) as s:
        s.import_bundle(Bundle([{"id": "shared", "text": text}]))
    big = tmp_path / "big.jsonl"
    body = "Trade between the SCO members rose 12% in 2021, officials said. " * 1500
    with big.open("w", encoding="utf-8") as fh:
        for k in range(300):  # ~30 MB in one transaction
            fh.write(f'{{"id": "big{k}", "text": "{k} {body}", "annotations": [{{"start": 0, "end": {len(str(k))}, "label": "CARDINAL"}}]}}\n')
    go = tmp_path / "go"
    importer = subprocess.Popen([sys.executable, "-m", "app.cli", "--db", str(db), "import", str(big)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
    annotator = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), "cleo", "0", "40", "cleo", str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT,
    )
    time.sleep(1.5)  # the import is under way
    go.touch()
    a_out, a_err = annotator.communicate(timeout=180)
    i_out, i_err = importer.communicate(timeout=180)
    assert importer.returncode == 0 and "imported 300 document(s)" in i_out, i_out + i_err
    assert annotator.returncode == 0, a_err
    assert "locked" not in (a_out + a_err + i_out + i_err).lower()
    with open_store(db) as s:
        assert s.count_documents() == 301
        assert len(s.annotations(s.find_document(uid="shared"), annotator="cleo")) == 40
        assert s.count_annotations() == 340
    assert integrity(db) == "ok"
