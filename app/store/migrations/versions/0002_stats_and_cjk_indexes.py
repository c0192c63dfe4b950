"""covering indexes for stats; CJK trigram index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 00:40:00

``curator stats`` counts documents per status (with their lengths) and annotations per origin,
review status and label: these two indexes answer it without reading the tables' rows. On
SQLite 3.34+ the East Asian documents get a trigram index (``app.store.search``), filled here
with the documents the store already has; an older SQLite keeps scanning for CJK queries.
"""

from alembic import op

from app.store import search

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_documents_status_length', 'documents', ['status', 'length'])
    op.create_index('ix_annotations_origin_review_label', 'annotations',
                    ['origin', 'review_status', 'label_id'])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and search.trigram_available(conn):
        for statement in search.SQLITE_CJK_DDL:
            op.execute(statement)
        op.execute(search.SQLITE_CJK_FILL)


def downgrade() -> None:
    for statement in search.DROP_DDL_0002[op.get_bind().dialect.name]:
        op.execute(statement)
    op.drop_index('ix_annotations_origin_review_label', table_name='annotations')
    op.drop_index('ix_documents_status_length', table_name='documents')
