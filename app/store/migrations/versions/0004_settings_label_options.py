"""store settings, label options, who last changed an annotation, the ordered-read index

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 16:35:00

- ``settings``: the store's own configuration, one JSON value per key (the review policy:
  ``self_review``, ``reviewer_role``; ``app.store.settings``), so every curator of a shared store
  works under the same rules instead of each window setting them at open.
- ``labels.options``: per-label behaviour (``cross_paragraphs``, ``keep_possessive``), a JSON
  object, ``{}`` for every existing label (the defaults).
- ``annotations.updated_by``: the annotator who last changed the row (backfilled with the
  author), so a refused stale edit can name the colleague who made the change.
- ``ix_annotations_document_order`` on ``(document_id, start, "end", id)``: a document's spans
  read in text order straight from the index (no temporary B-tree sort); it replaces
  ``ix_annotations_document_start``, its prefix.
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'settings',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_settings')),
    )
    op.add_column('labels', sa.Column('options', sa.JSON(), nullable=False, server_default='{}'))
    op.add_column('annotations', sa.Column('updated_by', sa.Integer(), nullable=True))
    op.execute('UPDATE annotations SET updated_by = annotator_id')
    op.create_index('ix_annotations_document_order', 'annotations',
                    ['document_id', 'start', 'end', 'id'])
    op.drop_index('ix_annotations_document_start', table_name='annotations')


def downgrade() -> None:
    op.create_index('ix_annotations_document_start', 'annotations', ['document_id', 'start'])
    op.drop_index('ix_annotations_document_order', table_name='annotations')
    with op.batch_alter_table('annotations') as batch_op:
        batch_op.drop_column('updated_by')
    with op.batch_alter_table('labels') as batch_op:
        batch_op.drop_column('options')
    op.drop_table('settings')
