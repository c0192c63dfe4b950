"""The evaluation table of a trained model (from its stored metadata): per label, the model's
and the string matcher's exact-span precision, recall and F1 on the held-out articles."""

from __future__ import annotations

from typing import Any


def _fmt(d: dict[str, Any] | None) -> list[str]:
    if not d:
        return ["-", "-", "-"]
    return [f"{d['precision']:.2f}", f"{d['recall']:.2f}", f"{d['f1']:.2f}"]


def score_table(meta: dict[str, Any]) -> str:
    model = meta.get("scores", {}).get("model", {})
    matcher = meta.get("scores", {}).get("matcher", {})
    names = [k for k in model if k != "ALL"] + (["ALL"] if "ALL" in model else [])
    rows = [["LABEL", "SUPPORT", "MODEL P", "R", "F1", "MATCHER P", "R", "F1"]]
    for k in names:
        rows.append([k, str(model[k]["support"]), *_fmt(model.get(k)), *_fmt(matcher.get(k))])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                       for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


def summary_lines(meta: dict[str, Any]) -> list[str]:
    docs = meta.get("documents", {})
    ents = meta.get("entities", {})
    f = meta.get("filters", {})
    scope = []
    if f.get("annotators"):
        scope.append("annotators " + ", ".join(f["annotators"]))
    if f.get("gold_only"):
        scope.append("gold only")
    if f.get("labels"):
        scope.append("labels " + ", ".join(f["labels"]))
    return [
        f"trained      {meta.get('trained_at', '?')} with spaCy {meta.get('spacy_version', '?')}"
        f" ({meta.get('seconds', '?')} s)",
        f"articles     {docs.get('train', 0)} for training ({ents.get('train', 0)} entities),"
        f" {docs.get('held_out', 0)} held out ({ents.get('held_out', 0)} entities)",
        f"labels       {', '.join(meta.get('labels', []))}"
        + (f"  [{'; '.join(scope)}]" if scope else ""),
        f"epochs       {meta.get('epochs', '?')} (best {meta.get('best_epoch', '?')}"
        + (", stopped early" if meta.get("stopped_early") else "") + ")",
    ]
