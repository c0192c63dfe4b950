"""No surprises from content: no pickle/eval/exec anywhere in app/, SQL only with bound
parameters, and imported HTML reduced to plain text without running or fetching anything."""

from __future__ import annotations

import ast
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from reliability_util import ROOT
from sqlalchemy import event

from app.bundle import Bundle
from app.importing import import_paths

APP = ROOT / "app"
FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
SQL_CALLS = {"text", "exec_driver_sql", "execute", "executescript", "executemany", "literal_column"}
# files allowed to build SQL text from pieces; each is checked below to bind every value
# modules that compose SQL text, each from module constants and "?" placeholders only (values
# are bound): search's clause, a PRAGMA's number (PRAGMAs take no parameters), the full-text
# table's name, and the lean read path's counted condition
SQL_BUILDERS = {"app/store/search.py", "app/store/backup.py", "app/store/check.py", "app/store/quick.py"}


def _sources() -> list[tuple[str, ast.Module]]:
    out = []
    for p in sorted(APP.rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        out.append((rel, ast.parse(p.read_text(encoding="utf-8"), filename=rel)))
    assert len(out) > 20
    return out


def test_no_pickle_eval_or_exec_in_app():
    found = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [f"{rel}:{node.lineno} import {a.name}" for a in node.names
                          if a.name.split(".")[0] in FORBIDDEN_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
                found.append(f"{rel}:{node.lineno} from {node.module} import")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
                found.append(f"{rel}:{node.lineno} {node.func.id}()")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in ("load", "loads") and isinstance(node.func.value, ast.Name)
                  and node.func.value.id in FORBIDDEN_MODULES | {"yaml"}):
                found.append(f"{rel}:{node.lineno} {node.func.value.id}.{node.func.attr}()")
    assert found == []


def _is_built(node: ast.AST, built: set[str]) -> bool:
    """A string made at run time from pieces: f-string with fields, %, +, .format, or a name
    assigned from one."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _is_str(node.left) or _is_str(node.right) or _is_built(node.left, built) or _is_built(node.right, built)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return True
    return isinstance(node, ast.Name) and node.id in built


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _sql_from_pieces() -> list[str]:
    found = []
    for rel, tree in _sources():
        for fn in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module)]:
            built: set[str] = set()
            for node in ast.walk(fn):
                if isinstance(node, ast.Assign) and _is_built(node.value, built):
                    built |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            for node in ast.walk(fn):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in SQL_CALLS and _is_built(node.args[0], built):
                    found.append(f"{rel}:{node.lineno}")
    return sorted(set(found))


def test_sql_is_never_built_from_values():
    found = _sql_from_pieces()
    assert any(f.startswith("app/store/search.py:") for f in found)  # the detector sees it
    offenders = [f for f in found if f.split(":")[0] not in SQL_BUILDERS]
    assert offenders == [], "SQL text built from pieces (use bound parameters)"


@pytest.mark.parametrize("query", [
    "'; DROP TABLE documents; --", 'economy" OR 1=1 --', "数字经济'); DELETE FROM annotations; --",
    "北京 \" ' % _ \\", "NEAR(a b) OR * ^ :q",
])
def test_search_binds_every_user_value(corpus_store, query: str):  # type: ignore[no-untyped-def]
    """search.py composes its clause from placeholders only: the user's words reach SQLite as
    parameters, never inside the statement."""
    store = corpus_store
    store.import_bundle(Bundle([{"id": "x", "text": "数字经济 booms; the economy grows."}]))
    statements: list[tuple[str, object]] = []

    def spy(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", spy)
    try:
        store.search(query)
    finally:
        event.remove(store.engine, "before_cursor_execute", spy)
    import re

    words = re.findall(r"\w+", query)
    assert statements or not words
    for sql, _params in statements:
        for w in words:
            if len(w) > 2 and w.lower() not in {"select", "from", "where", "and", "limit", "order",
                                                 "documents", "text", "delete", "annotations", "table", "drop"}:
                assert w not in sql, (w, sql)
        assert "DROP" not in sql and "DELETE" not in sql
    assert store.count_documents() == 6 and store.search("economy")  # nothing was dropped


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"alert('fetched')")

    def log_message(self, *args: object) -> None:
        pass


def test_imported_html_is_plain_text_nothing_run_nothing_fetched(store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from app.formats.registry import FORMATS

    if "html" not in FORMATS:
        pytest.skip("no HTML importer yet")
    server = HTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    marker = tmp_path / "ran"
    page = tmp_path / "article.html"
    page.write_text(f"""<!doctype html><html><head><title>Trade &amp; growth</title>
<meta http-equiv="refresh" content="0; url={url}/refresh">
<link rel="stylesheet" href="{url}/style.css"><script src="{url}/app.js"></script>
<script>open('{marker}', 'w'); fetch('{url}/inline');</script>
<style>body {{ background: url({url}/bg.png) }}</style></head>
<body onload="fetch('{url}/onload')"><h1>Trade rose 12%</h1>
<p>Alpha &lt;Corp&gt; met <b>Beta</b> in <a href="javascript:alert(1)">Paris</a>.</p>
<img src="{url}/pixel.gif" alt="tracking"><iframe src="{url}/frame"></iframe>
<object data="{url}/obj"></object><video src="{url}/v.mp4" poster="{url}/p.jpg"></video>
<svg><image href="{url}/svg.png"/><script>alert(2)</script></svg>
<noscript><img src="{url}/noscript.gif"></noscript><template><p>hidden {url}</p></template>
</body></html>""", encoding="utf-8")
    real_connect = socket.socket.connect
    attempts: list[object] = []

    def no_network(self, address):  # type: ignore[no-untyped-def]
        attempts.append(address)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", no_network)
    try:
        summary = import_paths(store, [str(page)])
    finally:
        monkeypatch.undo()
        server.shutdown()
    assert summary.imported == 1
    assert attempts == [] and _Counter.hits == [] and not marker.exists()
    doc = store.get_document(store.document_ids()[0])
    assert "Trade rose 12%" in doc.text and "Alpha <Corp> met Beta in Paris." in doc.text
    for leaked in ("<", "script", "alert", "fetch", "127.0.0.1", "background", "hidden", "tracking"):
        assert leaked not in doc.text.replace("Alpha <Corp>", ""), leaked
    assert doc.title == "Trade & growth"
