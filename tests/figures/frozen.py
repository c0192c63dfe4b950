"""The detector's output frozen before its speed work (issue 16: "detection speed stays >= 800
articles/s" with the output unchanged).

``python -m tests.figures.frozen`` writes tests/data/figures/frozen_detect.json from the
current detector: the sample corpus, the development sentences, 20 bench articles and a seeded
set of generated news-like texts (figures of every kind the grammar reads, near misses, dates,
versions, links, rare letters, emoji). test_frozen_output.py compares the detector against it.
Regenerate only for an intended change of the detector's output, never for a speed change.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.figures import detect
from app.figures.lexicon import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    MINOR_UNITS,
    MULTIPLIER_WORDS,
    PERCENT_UNITS,
    QUALIFIERS,
    RATE_NOUNS,
    SCALE_ABBREVS,
    SCALE_WORDS,
    UNITS,
    wordlist,
)

FROZEN = Path(__file__).resolve().parents[1] / "data" / "figures" / "frozen_detect.json"
SEED = 20261203
N_RANDOM = 300
N_BENCH = 20

WORDS = wordlist(
    "the a an of in on to for by from with and or at as its their this that year years last next "
    "rose fell climbed dropped increased declined jumped eased grew slid surged up down by "
    "output sales exports imports revenue profit shares prices oil wheat power homes jobs people "
    "companies firms barrels tonnes projects workers visitors seats days weeks months quarter half "
    "first second third share point points times fold double twice doubled halved tripled "
    "between than more less about nearly some over under around almost roughly per a head capita "
    "no. article section room page version phase category flight route call phone dial helpline "
    "earlier ago later before after since until during fiscal early mid late the-year"
)
NAMES = wordlist(
    "Boeing Airbus Canada Canadian Toronto Australia Sydney Japan Tokyo Japanese China Chinese "
    "Beijing India Mumbai Kenya Nairobi Mexico Argentina Chile Singapore Brazil Hornsea Formula "
    "iPhone Windows Python COVID- Federal Reserve Wall Street U.S. US America Hong Kong "
    "Switzerland Sweden Denmark Nigeria Ghana Pakistan Philippines"
)
MONTHS = wordlist("January February March April May June July August September October November December Jan Feb Aug Sept Oct")
NUMBER_WORDS = wordlist(
    "zero one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty-two ninety-nine hundred thousand dozen a an half quarter third fifth tenth thirds "
    "two-fifths three-quarters one-in-three"
)
ODD = ["İ", "ı", "ſ", "K", "ß", "\u00a0", "\u2009", "\u202f", "😀", "中国", "６", "\U0001d7d3", "٣"]
PUNCT = [". ", ", ", "; ", "\n", "\r\n", " (", ") ", " “", "” ", " - ", " – ", ": ", "? ", "/"]


def _digits(rng: random.Random) -> str:
    k = rng.random()
    if k < 0.3:
        return str(rng.randint(0, 99))
    if k < 0.45:
        return f"{rng.randint(0, 999)}.{rng.randint(0, 99)}"
    if k < 0.6:
        return f"{rng.randint(1, 999_999_999):,}"
    if k < 0.68:  # Indian grouping
        n = str(rng.randint(100_000, 9_999_999_999))
        head, tail = n[:-3], n[-3:]
        pairs = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        return ",".join([head, *pairs, tail])
    if k < 0.78:
        return str(rng.randint(1900, 2100))
    if k < 0.82:
        return f"{rng.randint(1, 999)}\u00a0{rng.randint(0, 999):03d}"
    if k < 0.86:
        return "." + str(rng.randint(1, 99))
    if k < 0.9:
        return "0" + str(rng.randint(0, 999))
    return str(rng.randint(100, 99_999_999))


def _not_figure(rng: random.Random) -> str:
    y, m, d = rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([
        f"{y}-{m:02d}-{d:02d}", f"{d}/{m}/{y}", f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}",
        f"{rng.randint(1, 12)} a.m.", f"{rng.randint(1, 12)}pm", f"v{rng.randint(1, 9)}.{rng.randint(0, 9)}",
        f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}", f"+86 23 {rng.randint(1000, 9999)} 1234",
        f"(010) 5555 {rng.randint(1000, 9999)}", f"555-{rng.randint(100, 999)}-4567", f"©{y}-{y + 1}",
        f"https://example.com/{y}/{rng.randint(1, 99)}", f"desk{rng.randint(1, 99)}@example.org",
        f"www.news{rng.randint(1, 9)}.com", f"G{rng.randint(7, 20)}", f"{rng.randint(3, 5)}G",
        f"COVID-{rng.randint(19, 21)}", f"{rng.randint(1, 31)}th", f"{y}s", f"Q{rng.randint(1, 4)} {y}",
        f"{rng.choice(MONTHS)} {d}", f"{d} {rng.choice(MONTHS)} {y}", f"{rng.choice(MONTHS)} {d}-{d + 2}",
    ])


def _figure(rng: random.Random) -> str:
    parts: list[str] = []
    if rng.random() < 0.2:
        parts.append(rng.choice(QUALIFIERS) + " ")
    if rng.random() < 0.08:
        parts.append("between ")
    if rng.random() < 0.08:
        parts.append(rng.choice(["-", "−", "minus "]))
    if rng.random() < 0.3:
        sym = rng.choice(sorted(CURRENCY_SYMBOLS) + sorted(CURRENCY_CODES)[:12])
        parts.append(sym + rng.choice(["", "", " "]))
    if rng.random() < 0.2:
        parts.append(rng.choice(NUMBER_WORDS))
    else:
        parts.append(_digits(rng))
    r = rng.random()
    if r < 0.15:
        parts.append(rng.choice(sorted(SCALE_ABBREVS)))
    elif r < 0.35:
        parts.append(" " + rng.choice(sorted(SCALE_WORDS)))
    elif r < 0.4:
        parts.append("-" + rng.choice(["billion", "million", "seat", "year", "km", "fold", "strong", "day"]))
    r = rng.random()
    if r < 0.15:
        parts.append(rng.choice(["-", " to ", "–", " and "]) + rng.choice(["", "$", "€"]) + _digits(rng))
        if rng.random() < 0.4:
            parts.append(rng.choice(["%", "bn", " billion", " per cent"]))
    r = rng.random()
    if r < 0.2:
        parts.append(rng.choice(["%", " %", ""]) if rng.random() < 0.5 else " " + rng.choice(sorted(PERCENT_UNITS)))
    elif r < 0.35:
        parts.append(" " + rng.choice(sorted(CURRENCY_WORDS)))
    elif r < 0.45:
        parts.append(rng.choice(["", " "]) + rng.choice(sorted(UNITS)))
    elif r < 0.5:
        parts.append(" " + rng.choice(sorted(MINOR_UNITS)))
    elif r < 0.55:
        parts.append(rng.choice(["x", "-fold", " times higher", " times", "/3", " in 5", " out of ten"]))
    elif r < 0.58:
        parts.append(rng.choice(["c", "p", "C", "st", "s"]))
    if rng.random() < 0.15:
        parts.append(rng.choice([" a ", " per ", "/", " an "]) + rng.choice(sorted(RATE_NOUNS)))
    if rng.random() < 0.1:
        parts.append(rng.choice([" (", ", or ", " or about "]) + rng.choice(["$", "€", "£", "¥", "US$"]) + _digits(rng)
                     + rng.choice(["", " billion", "bn"]) + rng.choice([")", ""]))
    return "".join(parts)


def random_text(rng: random.Random) -> str:
    out: list[str] = []
    for _ in range(rng.randint(20, 160)):
        r = rng.random()
        if r < 0.28:
            out.append(_figure(rng))
        elif r < 0.34:
            out.append(_not_figure(rng))
        elif r < 0.4:
            out.append(rng.choice(sorted(MULTIPLIER_WORDS)) if rng.random() < 0.3 else rng.choice(NUMBER_WORDS))
        elif r < 0.48:
            out.append(rng.choice(NAMES))
        elif r < 0.5:
            out.append(rng.choice(ODD))
        elif r < 0.56:
            out.append(rng.choice(MONTHS))
        else:
            w = rng.choice(WORDS)
            out.append(w.capitalize() if rng.random() < 0.08 else w.upper() if rng.random() < 0.01 else w)
        out.append(rng.choice(PUNCT) if rng.random() < 0.15 else " ")
    return "".join(out).strip()


def random_texts() -> Iterator[tuple[str, str | None]]:
    rng = random.Random(SEED)
    for _ in range(N_RANDOM):
        published = rng.choice([None, "2021-05-27", "2023-09-07", "2019-12-31"])
        yield random_text(rng), published


def inputs() -> Iterator[tuple[str, str, str | None]]:
    """(name, text, published) of every frozen text."""
    from bench import corpus as bench_corpus
    from tests.conftest import CORPUS
    from tests.figures.test_patterns import EXACT, NOT_FIGURES, PATTERNS

    for p in sorted(CORPUS.glob("*.txt")):
        published = p.name[:10] if p.name[:4].isdigit() else None
        yield f"corpus/{p.name}", p.read_text(encoding="utf-8"), published
    sentences = [row[0] for row in PATTERNS] + [row[0] for row in EXACT] + list(NOT_FIGURES)
    for i, s in enumerate(dict.fromkeys(sentences)):
        yield f"patterns/{i}", s, None
    for i in range(N_BENCH):
        a = bench_corpus.article(i)
        yield f"bench/{i}", a["text"], a.get("published")
    for i, (text, published) in enumerate(random_texts()):
        yield f"random/{i}", text, published


def output(text: str, published: str | None) -> dict[str, Any]:
    """The detector's output on ``text`` as JSON-able lists, and a digest of its output on each
    suggestion's own span (``whole``, as the normaliser reads it)."""
    found, whole = [], []
    for s in detect(text, published):
        found.append([s.start, s.end, s.label, s.text, s.attributes, [list(r) for r in s.relations]])
        whole.append([[w.start, w.end, w.label, w.attributes] for w in detect(s.text, whole=True)])
    return {"found": found, "whole_sha": digest(json.dumps(whole, sort_keys=True))}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def heldout_digest() -> str:
    """A digest of the detector's output on the held-out corpus (its texts are read here only to
    run the detector: nothing of them is written, so nothing can be tuned on them)."""
    from app.figures.scoring import load_gold
    from tests.conftest import DATA

    docs = load_gold(DATA / "figures" / "heldout" / "gold.json")
    return digest(json.dumps([output(d["text"], None) for d in docs], sort_keys=True))


def build() -> dict[str, Any]:
    docs = {}
    for name, text, published in inputs():
        docs[name] = {"text_sha": digest(text), "published": published, **output(text, published)}
    return {"note": __doc__.splitlines()[0], "heldout_sha": heldout_digest(), "documents": docs}


def write(path: Path = FROZEN) -> None:
    data = build()
    lines = ["{", f'"note": {json.dumps(data["note"])},', f'"heldout_sha": {json.dumps(data["heldout_sha"])},',
             '"documents": {']
    items = list(data["documents"].items())
    for i, (name, d) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(d, ensure_ascii=False, sort_keys=True)}{sep}")
    lines += ["}", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else FROZEN)
