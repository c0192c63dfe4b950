"""A second (or third) curator: annotate a shared store through the Store API.

Usage: worker_annotate.py DB NAME INDEX N PEERS GO_FILE

Waits for GO_FILE (so workers start together), adds N annotations (every tenth one is then
edited), prints ``ack <id>`` after each commit, then waits until every peer's work is visible
and prints ``saw <peer> <count>``. Any exception is printed and exits 2.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> int:
    db, name, index, n, peers, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], Path(sys.argv[6])
    from app import open_store

    while not go.exists():
        time.sleep(0.005)
    store = open_store(db)
    doc = store.document_ids()[0]
    labels = ["ORG", "PERSON", "GPE", "MONEY"]
    for i in range(n):
        start = (i * 4 + index) * 6  # every worker its own spans of "word0 word1 ..."
        a = store.add_annotation(doc, start, start + 5, labels[i % 4], name)
        if i % 10 == 9:
            a = store.update_annotation(a.id, expected_version=1, by=name, note=f"checked {i}")
        print("ack", a.id, flush=True)
    deadline = time.monotonic() + 60
    for peer in [p for p in peers.split(",") if p and p != name]:
        while (seen := len(store.annotations(doc, annotator=peer))) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        print("saw", peer, seen, flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
