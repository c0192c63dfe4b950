"""What an agreement run reports: per pair of annotators and over all of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.review.metrics import Counts


@dataclass
class FigureAgreement:
    pairs: int = 0
    agree: int = 0

    @property
    def share(self) -> float | None:
        return self.agree / self.pairs if self.pairs else None

    def as_dict(self) -> dict[str, Any]:
        return {"pairs": self.pairs, "agree": self.agree, "share": self.share}


@dataclass
class PairAgreement:
    a: str
    b: str
    documents: list[str]  # document ids (uid) both worked on
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    cohen_kappa: float | None = None
    tokens: int = 0
    per_label: dict[str, dict[str, Counts]] = field(default_factory=dict)
    figures: FigureAgreement = field(default_factory=FigureAgreement)

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "documents": self.documents,
            "exact": self.exact.as_dict(), "overlap": self.overlap.as_dict(),
            "cohen_kappa": self.cohen_kappa, "tokens": self.tokens,
            "per_label": {
                lab: {k: c.as_dict() for k, c in d.items()} for lab, d in sorted(self.per_label.items())
            },
            "figures": self.figures.as_dict(),
        }


@dataclass
class AgreementReport:
    annotators: list[str]
    labels: list[str] | None  # None: every label
    pairs: list[PairAgreement]
    krippendorff_alpha: float | None
    alpha_documents: list[str]  # document ids at least two annotators worked on

    def as_dict(self) -> dict[str, Any]:
        return {
            "annotators": self.annotators, "labels": self.labels,
            "pairs": [p.as_dict() for p in self.pairs],
            "krippendorff_alpha": self.krippendorff_alpha,
            "alpha_documents": self.alpha_documents,
        }

    def pair(self, a: str, b: str) -> PairAgreement:
        for p in self.pairs:
            if (p.a, p.b) == (a, b):
                return p
        raise KeyError((a, b))
