"""The review sub-commands of ``curator``: ``merge`` and ``agreement`` (Qt-free)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from typing import Any

from app.review.agreement import AgreementReport


def add_review_commands(sub: Any) -> None:
    m = sub.add_parser("merge", help="merge another local store (a colleague's) into this one")
    m.add_argument("other", help="the other store's file (or URL)")
    m.set_defaults(func=cmd_merge)

    a = sub.add_parser("agreement", help="inter-annotator agreement: F1, kappa, alpha")
    a.add_argument("--annotators", default=None,
                   help="annotators to compare, comma-separated; the first is the reference"
                        " (default: every annotator with work)")
    a.add_argument("--labels", default=None, help="only these labels (comma-separated)")
    a.add_argument("--format", choices=["table", "json", "csv"], default="table")
    a.set_defaults(func=cmd_agreement)


def _split(v: str | None) -> list[str] | None:
    return [x.strip() for x in v.split(",") if x.strip()] if v else None


def cmd_merge(args: argparse.Namespace) -> int:
    from app.cli import ProgressBar, _store
    from app.review.merge import merge_store

    store = _store(args)
    bar = ProgressBar("merging")
    try:
        summary = merge_store(store, args.other, progress=bar)
    finally:
        bar.close()
        store.close()
    for line in summary.lines():
        print(line)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from app.cli import _store
    from app.review.agreement import compute_agreement

    store = _store(args)
    try:
        report = compute_agreement(store, _split(args.annotators), _split(args.labels))
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(report_csv(report), end="")
    else:
        print(report_table(report))
    return 0


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


CSV_HEADER = [
    "a", "b", "label", "documents", "exact_tp", "exact_fp", "exact_fn", "exact_precision",
    "exact_recall", "exact_f1", "overlap_tp", "overlap_fp", "overlap_fn", "overlap_precision",
    "overlap_recall", "overlap_f1", "cohen_kappa", "figure_pairs", "figure_agree",
]


def report_rows(report: AgreementReport) -> list[list[Any]]:
    """One row per pair (label ``*``) and per pair and label, in ``CSV_HEADER`` order."""
    rows: list[list[Any]] = []
    for p in report.pairs:
        groups = [("*", p.exact, p.overlap)] + [
            (lab, d["exact"], d["overlap"]) for lab, d in sorted(p.per_label.items())
        ]
        for lab, ex, ov in groups:
            whole = lab == "*"
            rows.append([
                p.a, p.b, lab, len(p.documents), ex.tp, ex.fp, ex.fn, ex.precision, ex.recall,
                ex.f1, ov.tp, ov.fp, ov.fn, ov.precision, ov.recall, ov.f1,
                p.cohen_kappa if whole else None,
                p.figures.pairs if whole else None, p.figures.agree if whole else None,
            ])
    return rows


def report_csv(report: AgreementReport) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for r in report_rows(report):
        w.writerow(["" if v is None else (round(v, 6) if isinstance(v, float) else v) for v in r])
    w.writerow(["krippendorff_alpha", ",".join(report.annotators), "*", len(report.alpha_documents)]
               + [""] * 12 + ["" if report.krippendorff_alpha is None else round(report.krippendorff_alpha, 6)]
               + ["", ""])
    return buf.getvalue()


def report_table(report: AgreementReport) -> str:
    head = ["A", "B", "LABEL", "DOCS", "P", "R", "F1", "OVL-F1", "KAPPA", "FIG-AGREE"]
    rows = [head]
    for p in report.pairs:
        rows.append([
            p.a, p.b, "(all)", str(len(p.documents)), _f(p.exact.precision), _f(p.exact.recall),
            _f(p.exact.f1), _f(p.overlap.f1), _f(p.cohen_kappa),
            f"{p.figures.agree}/{p.figures.pairs}" if p.figures.pairs else "-",
        ])
        for lab, d in sorted(p.per_label.items()):
            ex, ov = d["exact"], d["overlap"]
            rows.append(["", "", lab, "", _f(ex.precision), _f(ex.recall), _f(ex.f1), _f(ov.f1), "", ""])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    lines.append(
        f"Krippendorff's alpha ({', '.join(report.annotators)}): {_f(report.krippendorff_alpha)}"
        f" over {len(report.alpha_documents)} document(s)"
    )
    lines.append("pairs compare the documents both annotators worked on (an annotation, or marked done);"
                 " use --format json for the document ids")
    if report.labels:
        lines.append(f"labels: {', '.join(report.labels)}")
    return "\n".join(lines)
