"""Agreement reports rendered as text: the CSV rows (shared by ``curator agreement --format csv``
and the workspace's export button) and the terminal table (Qt-free, no CLI code)."""

from __future__ import annotations

import csv
import io
from typing import Any

from app.review.agreement import AgreementReport


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
