"""Annotators: the curators, and their role (annotator or reviewer)."""

from __future__ import annotations

from sqlalchemy import (
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from app.errors import (
    PermissionDenied,
    ValidationError,
)
from app.models import (
    Annotator,
)
from app.store.rows import (
    ROLES,
    annotator_view,
)
from app.store.sessions import Repository, Sessions
from app.store.views import (
    AnnotatorView,
)


class Annotators(Repository):
    """The store's annotators, cached by name."""

    def __init__(self, db: Sessions) -> None:
        super().__init__(db)
        self._cache: dict[str, AnnotatorView] = {}

    def drop_cache(self) -> None:
        self._cache.clear()

    def annotators(self) -> list[AnnotatorView]:
        with self.db.read_session() as s:
            return [annotator_view(r) for r in s.scalars(select(Annotator).order_by(Annotator.name))]

    def annotator(self, name: str, create: bool = True, role: str = "annotator") -> AnnotatorView:
        """The annotator called ``name``, created with ``role`` when missing."""
        if (cached := self._cache.get(name)) is not None:
            return cached
        name = name.strip()
        if not name:
            raise ValidationError("an annotator needs a name")
        with self.db.read_session() as s:
            row = s.scalar(select(Annotator).where(Annotator.name == name))
            if row is not None:
                view = annotator_view(row)
                self._cache[name] = view
                return view
        if not create:
            raise ValidationError(f"unknown annotator {name!r}")
        if role not in ROLES:
            raise ValidationError(f"role must be annotator or reviewer, not {role!r}")
        try:
            with self.db.write() as s:
                row = Annotator(name=name, role=role)
                s.add(row)
                s.flush()
                view = annotator_view(row)
        except IntegrityError:  # created meanwhile by another curator
            return self.annotator(name, create=False)
        self._cache[name] = view
        return view

    def set_role(self, name: str, role: str, *, by: str | None = None) -> AnnotatorView:
        """Give ``name`` the ``role``. ``by``: the curator asking, who must be a reviewer (read
        in the same transaction); ``None`` is the administrator (``curator role``)."""
        if role not in ROLES:
            raise ValidationError(f"role must be annotator or reviewer, not {role!r}")
        self.annotator(name)
        with self.db.write() as s:
            if by is not None:
                asker = s.scalar(select(Annotator.role).where(Annotator.name == by))
                if asker != "reviewer":
                    raise PermissionDenied(
                        f"{by} may not make {name} {'a' if role == 'reviewer' else 'an'} {role}:"
                        f" only a reviewer can change roles (or an administrator:"
                        f" curator role {name} {role})"
                    )
            s.execute(update(Annotator).where(Annotator.name == name).values(role=role))
        self._cache.pop(name, None)
        return self.annotator(name)

