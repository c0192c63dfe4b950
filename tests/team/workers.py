"""Worker processes for the concurrency tests (importable by a spawned interpreter)."""

from __future__ import annotations

import traceback
from typing import Any


def write_annotations(
    url: str, name: str, doc_ids: list[int], n: int, counter_id: str, bumps: int,
    barrier: Any, results: Any,
) -> None:
    """Add ``n`` annotations as ``name`` and bump the shared counter ``bumps`` times.

    The counter is an annotation whose ``attributes["n"]`` every worker increments with
    optimistic locking (reload on ConflictError, as the UI does). Reports
    ``(name, added ids, conflicts, errors)``: anything but a ConflictError on the counter is
    an error that would have reached the user.
    """
    from app import open_store
    from app.errors import ConflictError

    added: list[str] = []
    errors: list[str] = []
    conflicts = 0
    store = None
    try:
        store = open_store(url)
        barrier.wait(timeout=120)
        every = max(1, n // bumps) if bumps else 0
        done_bumps = 0
        for k in range(n):
            doc = doc_ids[k % len(doc_ids)]
            start = k // len(doc_ids)
            try:
                added.append(store.add_annotation(doc, start, start + 1, "ORG", name).id)
            except Exception:
                errors.append(traceback.format_exc(limit=3))
            if every and k % every == 0 and done_bumps < bumps:
                while True:
                    cur = store.get_annotation(counter_id)
                    try:
                        store.update_annotation(
                            counter_id, expected_version=cur.version,
                            attributes={"n": cur.attributes.get("n", 0) + 1},
                        )
                        break
                    except ConflictError:
                        conflicts += 1
                    except Exception:
                        errors.append(traceback.format_exc(limit=3))
                        break
                done_bumps += 1
    except Exception:
        errors.append(traceback.format_exc())
    finally:
        if store is not None:
            store.close()
        results.put((name, added, conflicts, errors))
