"""the trained entity recommender lives in the store

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 12:50:00

``entity_models`` holds the spaCy pipeline ``curator train entities`` produced (its bytes and the
config that rebuilds it) and its metadata (when, spaCy version, documents, scores), so every
curator of a shared store suggests with the same model.
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'entity_models',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('spacy_version', sa.String(length=32), nullable=False),
        sa.Column('config', sa.Text(), nullable=False),
        sa.Column('pipeline', sa.LargeBinary(), nullable=False),
        sa.Column('metadata', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_models')),
    )


def downgrade() -> None:
    op.drop_table('entity_models')
