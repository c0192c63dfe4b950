"""Browsing reads one article's text at a time: starting the workspace and opening an article
never select another article's text (checked on the SQL the store actually runs)."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event

from app.bundle import Bundle

TEXT_COLUMN = re.compile(r"\b(documents\.)?text\b", re.IGNORECASE)
FROM_DOCUMENTS = re.compile(r"\b(FROM|JOIN)\s+documents\b(?!_)", re.IGNORECASE)


def _reads_of_text(store: Any) -> list[tuple[str, Any]]:
    """Every statement that selects documents.text, with its parameters, from now on."""
    seen: list[tuple[str, Any]] = []

    def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        head = re.split(r"\sFROM\s", statement, maxsplit=1, flags=re.IGNORECASE)[0]
        if (statement.lstrip().upper().startswith("SELECT") and TEXT_COLUMN.search(head)
                and FROM_DOCUMENTS.search(statement)):
            seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", before)
    return seen


def test_opening_articles_reads_only_their_text(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from app.ui import MainWindow

    docs = [{"id": f"d{i}", "text": f"Article {i}\n\nIt says {i * 7} companies grew.\n" * 50} for i in range(30)]
    store.import_bundle(Bundle(docs, source="test"))
    reads = _reads_of_text(store)
    w = MainWindow(store, annotator="alice")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    first = w.doc.id
    target = store.find_document(uid="d17")
    w.open_document(target)
    w._on_poll()
    qtbot.wait(50)
    w.poll_timer.stop()
    assert reads, "the article's text was never read?"
    for statement, params in reads:
        assert re.search(r"WHERE (documents\.)?id = \?", statement), statement
        values = list(params.values()) if isinstance(params, dict) else list(params)
        assert set(values) & {first, target}, (statement, params)
    assert w.doc.text == docs[17]["text"]
