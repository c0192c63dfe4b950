"""Labels: the names annotations carry, their kind, colour, hotkey and order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)

from app.errors import (
    ValidationError,
)
from app.models import (
    Annotation,
    Label,
)
from app.store.rows import (
    KINDS,
    label_view,
    now,
)
from app.store.sessions import Repository, Sessions
from app.store.views import (
    LabelView,
)
from app.text.label_options import normalise


class Labels(Repository):
    """The store's labels, cached by name (dropped on every label write)."""

    def __init__(self, db: Sessions) -> None:
        super().__init__(db)
        self._cache: dict[str, LabelView] | None = None

    def drop_cache(self) -> None:
        self._cache = None

    def labels(self) -> list[LabelView]:
        with self.db.read_session() as s:
            rows = s.scalars(select(Label).order_by(Label.position, Label.id)).all()
            return [label_view(r) for r in rows]

    def _labels_by_name(self) -> dict[str, LabelView]:
        if self._cache is None:
            self._cache = {lv.name: lv for lv in self.labels()}
        return self._cache

    def label(self, name: str) -> LabelView:
        lv = self._labels_by_name().get(name)
        if lv is None:
            self._cache = None
            lv = self._labels_by_name().get(name)
        if lv is None:
            raise ValidationError(f"unknown label {name!r}")
        return lv

    def add_label(
        self,
        name: str,
        kind: str = "entity",
        color: str = "#888888",
        hotkey: str | None = None,
        description: str = "",
        position: int | None = None,
        options: dict[str, Any] | None = None,
    ) -> LabelView:
        name = name.strip()
        options = normalise(options)
        if not name:
            raise ValidationError("a label needs a name")
        if kind not in KINDS:
            raise ValidationError(f"label kind must be entity or figure, not {kind!r}")
        with self.db.write() as s:
            if s.scalar(select(Label.id).where(Label.name == name)) is not None:
                raise ValidationError(f"label {name!r} exists already")
            if hotkey and s.scalar(select(Label.name).where(Label.hotkey == hotkey)):
                raise ValidationError(f"hotkey {hotkey!r} is taken")
            if position is None:
                position = (s.scalar(select(func.max(Label.position))) or 0) + 1
            row = Label(
                name=name, kind=kind, color=color, hotkey=hotkey or None,
                description=description, position=position, options=options,
            )
            s.add(row)
            s.flush()
            view = label_view(row)
        self._cache = None
        return view

    def update_label(self, name: str, /, **fields: Any) -> LabelView:
        """Change a label's name, kind, color, hotkey, description, position or options (a
        whole ``app.text.label_options`` object)."""
        allowed = {"name", "kind", "color", "hotkey", "description", "position", "options"}
        if "options" in fields:
            fields["options"] = normalise(fields["options"])
        if bad := set(fields) - allowed:
            raise ValidationError(f"labels have no field(s) {sorted(bad)}")
        if "kind" in fields and fields["kind"] not in KINDS:
            raise ValidationError(f"label kind must be entity or figure, not {fields['kind']!r}")
        with self.db.write() as s:
            row = s.scalar(select(Label).where(Label.name == name))
            if row is None:
                raise ValidationError(f"unknown label {name!r}")
            new_name = fields.get("name")
            if new_name is not None:
                new_name = new_name.strip()
                if not new_name:
                    raise ValidationError("a label needs a name")
                clash = s.scalar(select(Label.id).where(Label.name == new_name))
                if clash is not None and clash != row.id:
                    raise ValidationError(f"label {new_name!r} exists already")
                fields["name"] = new_name
            hk = fields.get("hotkey")
            if hk:
                clash_name = s.scalar(select(Label.name).where(Label.hotkey == hk))
                if clash_name is not None and clash_name != name:
                    raise ValidationError(f"hotkey {hk!r} is taken by {clash_name}")
            for k, v in fields.items():
                setattr(row, k, v if not (k == "hotkey" and not v) else None)
            s.flush()
            view = label_view(row)
        self._cache = None
        return view

    def label_usage(self, name: str) -> int:
        lid = self.label(name).id
        with self.db.read_session() as s:
            return s.scalar(select(func.count()).where(Annotation.label_id == lid)) or 0

    def delete_label(self, name: str, merge_into: str | None = None) -> int:
        """Delete a label. One in use needs ``merge_into``: its annotations move there.

        Returns the number of annotations moved.
        """
        lid = self.label(name).id
        target = self.label(merge_into).id if merge_into else None
        if target == lid:
            raise ValidationError("cannot merge a label into itself")
        with self.db.write() as s:
            used = s.scalar(select(func.count()).where(Annotation.label_id == lid)) or 0
            if used and target is None:
                raise ValidationError(
                    f"label {name!r} is used by {used} annotation(s): merge it into another"
                )
            if used:
                s.execute(
                    update(Annotation)
                    .where(Annotation.label_id == lid)
                    .values(label_id=target, updated_at=now(), version=Annotation.version + 1)
                )
            s.execute(delete(Label).where(Label.id == lid))
        self._cache = None
        return used

    def reorder_labels(self, names: Sequence[str]) -> None:
        with self.db.write() as s:
            for pos, name in enumerate(names):
                s.execute(update(Label).where(Label.name == name).values(position=pos))
        self._cache = None

    def ensure_labels(self, labels: Iterable[dict[str, Any]]) -> list[str]:
        """Add the labels (native dicts) not in the store yet; returns the names added."""
        existing = set(self._labels_by_name())
        added = []
        for d in labels:
            if d["name"] in existing:
                continue
            hotkey = d.get("hotkey")
            if hotkey and any(lv.hotkey == hotkey for lv in self._labels_by_name().values()):
                hotkey = None
            self.add_label(
                d["name"], d.get("kind", "entity"), d.get("color", "#888888"), hotkey,
                d.get("description", ""), options=d.get("options"),
            )
            existing.add(d["name"])
            added.append(d["name"])
        return added

