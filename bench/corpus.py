"""Synthetic news articles for the benchmarks: deterministic, ~4 KB, with known spans.

Article ``i`` is the same whatever the corpus size (one ``random.Random`` per article), so a
1,000 corpus is a prefix of the 10,000 one. Each article carries figures ("39 trillion yuan
($6 trillion)", percents, counts), named entities, and — in a few — CJK, emoji or CRLF line
endings. Every generated span is recorded with code-point offsets, so a corpus can be written
as plain text files (what a user imports) or as native JSON Lines with annotations.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

SEED = 20261125
VERSION = 1  # bump when the generator changes: cached corpora are keyed by it
SPANS_PER_DOC = 10
ANNOTATOR = "bench"

PEOPLE = [
    "Li Qiang", "Wang Yi", "Janet Yellen", "Christine Lagarde", "Olaf Scholz", "Narendra Modi",
    "Ursula von der Leyen", "Kristalina Georgieva", "Zhang Wei", "Maria Santos", "Ahmed Khan",
    "Yuki Tanaka", "Pierre Dubois", "Ana Ferreira", "Chen Jing", "Liu He", "Mark Rutte",
]
ORGS = [
    "the World Bank", "the International Monetary Fund", "the People's Bank of China",
    "the European Central Bank", "Huawei", "Tencent", "the State Council", "Sinopec",
    "the National Bureau of Statistics", "Alibaba", "BYD", "the Federal Reserve",
    "the Asian Development Bank", "Xinhua", "the Ministry of Commerce", "CATL",
]
PLACES = [
    "Zhengzhou", "Shanghai", "Beijing", "Shenzhen", "Henan", "Guangdong", "Chongqing", "Wuhan",
    "Germany", "Brazil", "Kenya", "Indonesia", "Vietnam", "France", "Chile", "Egypt", "Hangzhou",
]
TOPICS = [
    "infrastructure", "exports", "retail sales", "electric vehicles", "grain output",
    "foreign investment", "tourism", "the digital economy", "railway freight", "green energy",
]
VERBS = ["rose", "fell", "climbed", "dropped", "grew", "slipped", "jumped", "eased"]
FILLER = [
    "Analysts said the figures pointed to a steady recovery in the second half of the year.",
    "Officials expect the trend to continue as new policies take effect across the region.",
    "The report noted that small and medium-sized firms had benefited most from the measures.",
    "Local governments were urged to speed up the construction of key projects.",
    "Consumer confidence improved for the third consecutive month, the survey showed.",
    "The data came as policymakers weighed further support for the property sector.",
    "Industry groups welcomed the move but called for clearer rules on market access.",
    "Several ports reported record throughput during the holiday period.",
]
CJK = [
    "郑州市今年前三季度地区生产总值同比增长6.3%。",
    "国家统计局表示，消费市场继续恢复。",
    "上海港集装箱吞吐量创历史新高。",
    "新能源汽车产量同比增长超过三成。",
]
EMOJI = ["📈", "🚄", "🌾", "💡", "👩‍💻", "🇨🇳", "🎉"]
UNITS = [("yuan", 6.9), ("euros", 0.92), ("dollars", 1.0)]
SCALES = ["million", "billion", "trillion"]


class _Writer:
    """Appends pieces of text and records spans in code points."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, s: str, label: str | None = None) -> None:
        if label is not None:
            self.spans.append((self.pos, self.pos + len(s), label))
        self.parts.append(s)
        self.pos += len(s)

    def text(self) -> str:
        return "".join(self.parts)


def _money(rng: random.Random, w: _Writer) -> None:
    unit, rate = rng.choice(UNITS)
    amount = rng.randint(2, 950)
    scale = rng.choice(SCALES)
    w.add(f"{amount} {scale} {unit}", "MONEY")
    if unit != "dollars":
        w.add(" (")
        w.add(f"${max(1, round(amount / rate))} {scale}", "MONEY")
        w.add(")")


def _paragraph(rng: random.Random, w: _Writer) -> None:
    w.add("In ")
    w.add(rng.choice(PLACES), "GPE")
    w.add(f", {rng.choice(TOPICS)} {rng.choice(VERBS)} ")
    w.add(f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%", "PERCENT")
    w.add(" year on year to ")
    _money(rng, w)
    w.add(", according to ")
    w.add(rng.choice(ORGS), "ORG")
    w.add(". ")
    w.add(rng.choice(PEOPLE), "PERSON")
    w.add(" told reporters that ")
    w.add(f"{rng.randint(2, 98):,}{rng.choice(['', ',000', ',500'])}", "CARDINAL")
    w.add(f" companies in {rng.choice(TOPICS)} had joined the programme since ")
    w.add(rng.choice(PLACES), "GPE")
    w.add(" launched it. ")
    for _ in range(rng.randint(2, 4)):
        w.add(rng.choice(FILLER) + " ")
    w.add("The share of ")
    w.add(rng.choice(ORGS), "ORG")
    w.add(" in the sector reached ")
    w.add(f"{rng.randint(1, 60)}%", "PERCENT")
    w.add(".")


def article(i: int, target: int = 4000) -> dict[str, Any]:
    """Article ``i``: a native document dict with ``SPANS_PER_DOC`` annotations."""
    text, spans, rng, nl = _compose(i, target)
    chosen = sorted(rng.sample(spans, min(SPANS_PER_DOC, len(spans))))
    anns = [
        {"start": s, "end": e, "label": lab, "annotator": ANNOTATOR, "text": text[s:e]}
        for s, e, lab in chosen
    ]
    return {"id": f"bench-{i:07d}", "title": text.split(nl, 1)[0], "text": text,
            "annotations": anns}


def agreement_article(i: int, annotators: int = 3, spans: int = 20) -> dict[str, Any]:
    """Article ``i`` annotated by ``annotators`` people, ``spans`` each: mostly the same spans,
    some missed, widened by a character or given another label."""
    text, found, rng, nl = _compose(i, 4000)
    truth = sorted(rng.sample(found, min(spans, len(found))))
    labels = ["PERSON", "ORG", "GPE", "MONEY", "PERCENT", "CARDINAL"]
    anns = []
    for a in range(annotators):
        for s, e, lab in truth:
            r = rng.random()
            if r < 0.06 and e < len(text):
                e += 1
            elif r < 0.10:
                lab = rng.choice(labels)
            anns.append({"start": s, "end": e, "label": lab, "annotator": f"annotator{a}"})
    return {"id": f"agree-{i:07d}", "title": text.split(nl, 1)[0], "text": text, "annotations": anns}


def _compose(i: int, target: int) -> tuple[str, list[tuple[int, int, str]], random.Random, str]:
    rng = random.Random(SEED * 1_000_003 + i)
    crlf = i % 31 == 7
    nl = "\r\n" if crlf else "\n"
    w = _Writer()
    place = rng.choice(PLACES)
    w.add(f"{place} reports {rng.choice(TOPICS)} update no. {i}")
    w.add(nl)
    y, m, d = 2015 + i % 10, 1 + i % 12, 1 + i % 28
    w.add(f"date {y:04d}-{m:02d}-{d:02d}{nl}{nl}")
    k = 0
    while w.pos < target:
        _paragraph(rng, w)
        if i % 9 == 3 and k == 1:
            w.add(" " + rng.choice(CJK))
        if i % 13 == 5 and k == 2:
            w.add(" " + rng.choice(EMOJI))
        w.add(nl + nl)
        k += 1
    return w.text(), w.spans, rng, nl


def articles(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield article(i)


def write_text_dir(n: int, folder: Path) -> Path:
    """``n`` articles as UTF-8 ``.txt`` files (100 per subfolder); cached by a marker file."""
    marker = folder / f".complete-v{VERSION}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(articles(n)):
        sub = folder / f"{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir(exist_ok=True)
        (sub / f"article-{i:07d}.txt").write_bytes(doc["text"].encode("utf-8"))
    marker.write_text("ok\n")
    return folder


def write_jsonl(n: int, path: Path, make: Callable[[int], dict[str, Any]] = article) -> Path:
    """``n`` articles (``make(i)``) with their annotations as native JSON Lines; cached."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as fh:
        for i in range(n):
            fh.write(orjson.dumps(make(i)) + b"\n")
    tmp.replace(path)
    return path


def doccano_line(i: int) -> dict[str, Any]:
    """Article ``i`` as the peers were timed on it: doccano sequence-labelling JSONL (``text``
    and ``label`` = ``[[start, end, "LABEL"], ...]``), nothing of ours."""
    doc = article(i)
    return {"text": doc["text"], "label": [[a["start"], a["end"], a["label"]] for a in doc["annotations"]]}


def write_doccano(n: int, path: Path) -> Path:
    """The peers' file: ``n`` articles x ``SPANS_PER_DOC`` spans as doccano JSONL; cached."""
    return write_jsonl(n, path, doccano_line)


def long_article(n_chars: int = 1_000_000, n_spans: int = 10_000) -> tuple[str, list[tuple[int, int, str]]]:
    """One long article (~``n_chars`` code points) and ``n_spans`` spans, some overlapping."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    i = 0
    while pos < n_chars:
        doc = article(500_000 + i)
        t = doc["text"].replace("\r\n", "\n") + "\n"
        spans += [(pos + a["start"], pos + a["end"], a["label"]) for a in doc["annotations"]]
        parts.append(t)
        pos += len(t)
        i += 1
    text = "".join(parts)
    rng = random.Random(SEED)
    unique = set(spans)
    while len(unique) < n_spans:  # overlapping spans: a word and its neighbourhood
        s = rng.randrange(0, len(text) - 40)
        unique.add((s, s + rng.randint(3, 40), "EVENT"))
    chosen = sorted(unique)
    return text, sorted(rng.sample(chosen, n_spans)) if len(chosen) > n_spans else chosen
