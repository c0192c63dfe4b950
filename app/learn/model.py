"""A trained pipeline to and from the store: bytes plus the config that rebuilds it, loaded
lazily (only when suggesting), and an incompatible or broken model reported, never crashed on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.store.recommender import (
    ModelInfo,
    entity_model_info,
    entity_model_pipeline,
)

if TYPE_CHECKING:
    from app.store.store import Store


def spacy_version() -> str | None:
    """The installed spaCy's version, or None when spaCy is missing (without importing it:
    that takes seconds)."""
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    if find_spec("spacy") is None:
        return None
    try:
        return version("spacy")
    except PackageNotFoundError:  # a spaCy without its metadata (a frozen bundle)
        from spacy.about import __version__

        return str(__version__)


def compatible(trained_with: str, installed: str) -> bool:
    """spaCy pipelines load in the same minor version they were saved with (3.8.x)."""
    return trained_with.split(".")[:2] == installed.split(".")[:2]


def serialize(nlp: Any) -> tuple[str, bytes]:
    """The pipeline's config (text) and its weights and vocabulary (bytes)."""
    return nlp.config.to_str(), nlp.to_bytes()


def deserialize(config: str, data: bytes) -> Any:
    from spacy.util import load_model_from_config
    from thinc.api import Config

    nlp = load_model_from_config(Config().from_str(config), auto_fill=True, validate=True)
    return nlp.from_bytes(data)


class Recommender:
    """A loaded model: the entity spans it finds in a text."""

    def __init__(self, nlp: Any, info: ModelInfo) -> None:
        self.nlp = nlp
        self.info = info

    @property
    def labels(self) -> list[str]:
        return list(self.nlp.get_pipe("ner").labels)

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` in code points, end exclusive, left to right."""
        return [(e.start_char, e.end_char, e.label_) for e in self.nlp(text).ents]

    def entities_many(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                for doc in self.nlp.pipe(texts, batch_size=32)]


@dataclass(frozen=True)
class Loaded:
    """The store's model: ``recommender`` when it loaded; else ``problem`` says why not (None
    with no model at all)."""

    info: ModelInfo | None
    recommender: Recommender | None = None
    problem: str | None = None


_cache: dict[tuple[str, int, str], Recommender] = {}
_lock = threading.Lock()


def load_entity_model(store: Store) -> Loaded:
    """The store's current model, deserialised once per process and model (lazily: the bytes
    are read only here, when suggesting)."""
    info = entity_model_info(store)
    if info is None:
        return Loaded(None)
    installed = spacy_version()
    if installed is None:
        return Loaded(info, problem="the store has a trained entity model, but spaCy is not"
                                    " installed: install the app's runtime extra to use it")
    if not compatible(info.spacy_version, installed):
        return Loaded(info, problem=(
            f"the store's entity model was trained with spaCy {info.spacy_version} and this"
            f" installation has spaCy {installed}: the model is not used; retrain it with"
            " `curator train entities`"))
    key = (store.url, info.id, info.created_at.isoformat())
    with _lock:
        rec = _cache.get(key)
        if rec is None:
            row = entity_model_pipeline(store, info.id)
            if row is None:  # replaced meanwhile: the next call sees the new one
                return Loaded(info, problem="the entity model was replaced while loading it")
            try:
                nlp = deserialize(*row)
            except Exception as exc:  # a damaged or foreign model must not stop suggesting
                return Loaded(info, problem=f"the store's entity model cannot be loaded ({exc});"
                                            " retrain it with `curator train entities`")
            _cache.clear()
            rec = _cache[key] = Recommender(nlp, info)
    return Loaded(info, rec)
