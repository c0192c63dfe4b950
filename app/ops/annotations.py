"""The user's actions on annotations, relations, reviews and status: one function each.

Each runs ONE store transaction and returns ``(Change, UndoEntry)``. Rules defined here:

- **Relabelling a suggestion does not accept it**: it changes the label only; the suggestion
  stays pending until accepted (Enter) or rejected (Del).
- A pending suggestion may be accepted, rejected, relabelled or moved by anyone who sees it
  (it is not owned work yet); every other edit is checked against the author/reviewer rule
  by the store.
- ``expected_version`` (the version the caller's copy has) makes an edit from a stale copy
  fail with :class:`ConflictError`, as the store's own edits do.
- ``accept_all`` accepts every pending suggestion of a label in one transaction: all or none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.errors import ValidationError
from app.ops.core import Change, UndoEntry, perform
from app.store.snapshots import Snapshot, update_rows

if TYPE_CHECKING:
    from app.store.store import Store
    from app.store.views import AnnotationView, RelationView

Result = tuple[Change, UndoEntry]


def tag(
    store: Store, doc_id: int, start: int, end: int, label: str, annotator: str,
    **fields: Any,
) -> Result:
    """Add a span (``fields``: attributes, note, origin, review_status)."""
    def action(_: Snapshot) -> list[str]:
        return [store.add_annotation(doc_id, start, end, label, annotator, **fields).id]
    return perform(store, doc_id, [], annotator, f"Tag {label}", action)


def _update(
    store: Store, ann_id: str, by: str, text: str, check_owner: bool = True,
    expected_version: int | None = None, **fields: Any,
) -> Result:
    ann = store.get_annotation(ann_id)
    check_owner = check_owner and not ann.pending

    def action(before: Snapshot) -> list[str]:
        st = before.annotations[ann_id]
        expect = expected_version
        if expect is None and st is not None:
            expect = st.version
        store.update_annotation(
            ann_id, by=by if check_owner else None, changed_by=by, expected_version=expect,
            **fields
        )
        return []
    return perform(store, ann.document_id, [ann_id], by, text, action)


def relabel(
    store: Store, ann_id: str, label: str, by: str, *,
    attributes: dict[str, Any] | None = None, expected_version: int | None = None,
) -> Result:
    """Change the label, and ``attributes`` if given (a suggestion stays pending: see the
    module docstring)."""
    ann = store.get_annotation(ann_id)
    fields: dict[str, Any] = {"label": label}
    if attributes is not None:
        fields["attributes"] = attributes
    return _update(
        store, ann_id, by, f"Relabel {ann.label}→{label}", True, expected_version, **fields
    )


def move_boundary(
    store: Store, ann_id: str, start: int, end: int, by: str, *,
    expected_version: int | None = None,
) -> Result:
    """Move a span's start and/or end. A figure's value, unit… are read again from its new
    text in the same write, unless the curator had edited them by hand
    (``app.figures.normalise.after_move``: docs/workspace.md)."""
    fields: dict[str, Any] = {"start": start, "end": end}
    ann = store.get_annotation(ann_id)
    if ann.kind == "figure":
        from app.figures.normalise import after_move

        new_text = store.document_text(ann.document_id)[start:end]
        attrs = after_move(ann.attributes, ann.text, new_text, ann.label)
        if attrs is not None and attrs != ann.attributes:
            fields["attributes"] = attrs
    return _update(store, ann_id, by, "Move span boundary", True, expected_version, **fields)


def edit(
    store: Store, ann_id: str, by: str, *, note: str | None = None,
    attributes: dict[str, Any] | None = None, expected_version: int | None = None,
) -> Result:
    """Edit the note and/or attributes."""
    fields: dict[str, Any] = {}
    if note is not None:
        fields["note"] = note
    if attributes is not None:
        fields["attributes"] = attributes
    if not fields:
        raise ValidationError("nothing to edit: give a note or attributes")
    return _update(store, ann_id, by, "Edit " + " and ".join(fields), True, expected_version, **fields)


def accept_suggestion(
    store: Store, ann_id: str, by: str, *, expected_version: int | None = None
) -> Result:
    return _update(
        store, ann_id, by, "Accept suggestion", False, expected_version, review_status="accepted"
    )


def reject_suggestion(
    store: Store, ann_id: str, by: str, *, expected_version: int | None = None
) -> Result:
    return _update(
        store, ann_id, by, "Reject suggestion", False, expected_version, review_status="rejected"
    )


def delete(store: Store, ann_id: str, by: str, *, expected_version: int | None = None) -> Result:
    """Delete a span with its relations and reviews (undo puts all of them back exactly)."""
    ann = store.get_annotation(ann_id)

    def action(before: Snapshot) -> list[str]:
        st = before.annotations[ann_id]
        expect = expected_version
        if expect is None and st is not None:
            expect = st.version
        store.delete_annotation(ann_id, by=by, expected_version=expect)
        return []
    return perform(store, ann.document_id, [ann_id], by, f"Delete {ann.label} “{ann.text}”", action)


def accept_all(store: Store, doc_id: int, label: str, by: str) -> Result:
    """Accept every pending ``label`` suggestion in the document, in one transaction."""
    pending = [
        a.id for a in store.annotations(doc_id, suggestions=True)
        if a.pending and a.label == label
    ]
    if not pending:
        raise ValidationError(f"no pending {label} suggestions in this article")

    def action(before: Snapshot) -> list[str]:
        from app.store.store import now

        stamp = now()
        update_rows(store, before, {
            i: {"review_status": "accepted", "updated_at": stamp} for i in pending
        })
        store.touch_progress(doc_id, by)  # accepting is the curator's work
        return []
    return perform(
        store, doc_id, pending, by, f"Accept all {len(pending)} {label} suggestions", action
    )


def link(store: Store, from_id: str, to_id: str, type_: str, by: str) -> Result:
    """Link two spans. A figure linked to its period (``type_`` "period") gets the period
    in its ``period`` attribute, resolved from the target's text, in the same transaction."""
    source = store.get_annotation(from_id)
    doc_id = source.document_id
    if type_ == "period" and source.kind == "figure":
        return _link_period(store, source, to_id, by)

    def action(_: Snapshot) -> list[str]:
        store.add_relation(from_id, to_id, type_, by)
        return []
    return perform(store, doc_id, [from_id, to_id], by, f"Link ({type_})", action)


def _link_period(store: Store, figure: AnnotationView, to_id: str, by: str) -> Result:
    import uuid

    from app.figures.periods import period_of
    from app.store.store import now

    target = store.get_annotation(to_id)
    if target.document_id != figure.document_id or to_id == figure.id:
        raise ValidationError("a period link joins two different spans of one article")
    period = period_of(target.text, store.get_document(figure.document_id).published)

    def action(before: Snapshot) -> list[str]:
        assert before.annotator_id is not None
        rel = {"id": str(uuid.uuid4()), "from_id": figure.id, "to_id": to_id, "type": "period",
               "annotator_id": before.annotator_id}
        attrs = {**figure.attributes, "period": period}
        update_rows(store, before, {figure.id: {"attributes": attrs, "updated_at": now()}}, [rel])
        return []
    store.annotator(by)  # the link's author, as add_relation records it
    return perform(store, figure.document_id, [figure.id, to_id], by, "Link (period)", action)


def unlink(store: Store, rel: RelationView, by: str) -> Result:
    doc_id = store.get_annotation(rel.from_id).document_id

    def action(_: Snapshot) -> list[str]:
        store.delete_relation(rel.id)
        return []
    return perform(store, doc_id, [rel.from_id, rel.to_id], by, f"Unlink ({rel.type})", action)


def set_status(store: Store, doc_id: int, status: str, annotator: str) -> Result:
    def action(_: Snapshot) -> list[str]:
        store.set_status(doc_id, status, annotator)
        return []
    return perform(store, doc_id, [], annotator, f"Mark {status.replace('_', ' ')}", action)


def add_review(
    store: Store, ann_id: str, reviewer: str, decision: str, comment: str = ""
) -> Result:
    """Record a reviewer's decision on one annotation."""
    doc_id = store.get_annotation(ann_id).document_id

    def action(_: Snapshot) -> list[str]:
        store.add_review(ann_id, reviewer, decision, comment)
        return []
    return perform(store, doc_id, [ann_id], reviewer, f"Review: {decision}", action)
