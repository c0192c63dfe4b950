"""The learned entity recommender: a spaCy NER pipeline (a blank language model: nothing is
downloaded) trained from the store's own curated entity spans, scored on held-out articles next
to the string matcher, stored in the store (``entity_models``) and used by
``app.suggest.entities``. Qt-free.

Light: importing the package imports neither spaCy nor SQLAlchemy (``curator --help`` pays
nothing); use the submodules ``train``, ``model``, ``data``, ``scores``, ``report``.
"""
