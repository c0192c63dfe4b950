"""Building the ``curator`` parser (every command pays it) imports no service and no SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys

# services and heavy libraries a command imports only in its handler
HEAVY = (
    "sqlalchemy", "orjson", "spacy", "PySide6", "platformdirs",
    "app.models", "app.store", "app.formats", "app.importing", "app.suggest", "app.ui",
    "app.review.agreement", "app.review.merge", "app.review.rendering", "app.review.adjudicate",
    "app.review.dashboard", "app.learn.train", "app.learn.model", "app.learn.data",
    "app.learn.report",
)

PROBE = (
    "import json, sys\n"
    "from app.cli import build_parser\n"
    "p = build_parser()\n"
    "p.parse_args(['list'])\n"
    "p.parse_args(['stats', '--format', 'json'])\n"
    "p.parse_args(['agreement', '--format', 'csv'])\n"
    "p.parse_args(['train', 'entities', '--gold-only'])\n"
    f"heavy = {HEAVY!r}\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
)


def test_building_the_parser_imports_no_service():
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(proc.stdout) == []
