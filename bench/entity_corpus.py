"""A generated news corpus for the entity recommender (its tests and ``make bench``): sentence
templates filled from name lists split in two, so the held-out articles
(``app.learn.data.held_out``) only ever mention names that no training article mentions: the
string matcher cannot know them, a model that learned the contexts can find them."""

from __future__ import annotations

import random
from typing import Any

from app.bundle import Bundle
from app.learn.data import held_out

# (train names, held-out names) per label: never the same string in both
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "PERSON": (
        ["Anna Keller", "Marco Bellini", "Sofia Lindqvist", "David Okafor", "Laura Mendes",
         "Peter Novak", "Elena Varga", "Tomas Berg", "Nina Kowalski", "Omar Haddad",
         "Clara Jensen", "Hugo Martin", "Irene Costa", "Victor Dumas", "Yara Silva",
         "Felix Braun", "Greta Holm", "Jonas Weber", "Lena Fischer", "Paolo Rossi"],
        ["Miriam Tanaka", "Samuel Achebe", "Ingrid Olsen", "Rafael Ortega", "Helena Fuchs",
         "Karim Nasser", "Julia Moreau", "Anton Petrov"],
    ),
    "ORG": (
        ["Northwind Bank", "Solaria Energy", "Bluepeak Motors", "Ferrox Steel", "Vantage Foods",
         "Helix Pharma", "Orbit Telecom", "Granite Insurance", "Lumen Airlines", "Cobalt Mining",
         "Silverline Rail", "Atlas Shipping"],
        ["Quarry Logistics", "Meridian Textiles", "Brightwater Utilities", "Kestrel Robotics",
         "Juniper Chemicals"],
    ),
    "GPE": (
        ["France", "Kenya", "Brazil", "Norway", "Vietnam", "Canada", "Egypt", "Chile",
         "Poland", "Japan", "Ghana", "Peru"],
        ["Portugal", "Nigeria", "Mexico", "Finland", "Thailand"],
    ),
}

TEMPLATES = [
    "{PERSON}, the chief executive of {ORG}, said on Monday that sales in {GPE} rose sharply.",
    "{ORG} announced that {PERSON} will lead its expansion into {GPE} next year.",
    "Officials in {GPE} met {PERSON} to discuss a new contract with {ORG}.",
    "According to {PERSON}, {ORG} plans to open three factories in {GPE}.",
    "Shares of {ORG} fell after {PERSON} warned about weak demand in {GPE}.",
    "The government of {GPE} fined {ORG}, a spokesman for {PERSON} confirmed.",
    "{PERSON} told reporters that {ORG} would not leave {GPE} despite the strikes.",
    "Analysts expect {ORG} to hire {PERSON} as its new adviser for {GPE}.",
    "Prices kept rising through the winter, and the central bank said it would act.",
    "Investors were cautious ahead of the report, which is due on Thursday.",
]


def _sentence(rng: random.Random, pool: int) -> tuple[str, list[tuple[int, int, str]]]:
    t = rng.choice(TEMPLATES)
    text, spans, pos = "", [], 0
    while True:
        i = t.find("{", pos)
        if i < 0:
            text += t[pos:]
            return text, spans
        j = t.index("}", i)
        label = t[i + 1:j]
        text += t[pos:i]
        name = rng.choice(NAMES[label][pool])
        spans.append((len(text), len(text) + len(name), label))
        text += name
        pos = j + 1


def article(uid: str, rng: random.Random, sentences: int = 4) -> dict[str, Any]:
    """One article: held-out uids draw names from the held-out lists, the others from the
    training lists."""
    pool = 1 if held_out(uid) else 0
    text, anns = "", []
    for _ in range(sentences):
        s, spans = _sentence(rng, pool)
        base = len(text)
        anns += [(base + a, base + b, lab) for a, b, lab in spans]
        text += s + " "
    text = text.rstrip()
    return {
        "id": uid, "title": uid, "text": text, "status": "done",
        "annotations": [
            {"start": a, "end": b, "text": text[a:b], "label": lab, "annotator": "alice",
             "origin": "manual"} for a, b, lab in anns
        ],
    }


def corpus(n: int, seed: int = 1, prefix: str = "news") -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [article(f"{prefix}-{i:03d}", rng) for i in range(n)]


def load(store: Any, docs: list[dict[str, Any]]) -> None:
    store.import_bundle(Bundle(documents=docs, source="generated"), default_annotator="alice")
