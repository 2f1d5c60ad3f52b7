"""the clients' search index: one row per word a client can be found by

Revision ID: 0014_search
Revises: 0013_perf
Create Date: 2026-12-04 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portal.search.keys import client_terms


# revision identifiers, used by Alembic.
revision = '0014_search'
down_revision = '0013_perf'
branch_labels = None
depends_on = None

TERM = sa.String(80).with_variant(sa.String(80, collation="C"), "postgresql")
SEARCHED = ('first_name', 'last_name', 'email', 'phone', 'municipality')
BATCH = 5000


def upgrade():
    terms = op.create_table(
        'client_search_terms',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('term', TERM, nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_client_search_terms_client_id', 'client_search_terms', ['client_id'])
    op.create_index('ix_client_search_terms_term', 'client_search_terms', ['term', 'client_id'])
    op.create_index('ix_clients_name_order', 'clients', ['last_name', 'first_name', 'id'])
    clients = sa.table('clients', sa.column('id'), *(sa.column(name) for name in SEARCHED))
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(clients).where(clients.c.id > last).order_by(clients.c.id).limit(BATCH)
        ).all()
        if not rows:
            break
        found = [
            {'client_id': row.id, 'term': term}
            for row in rows
            for term in client_terms(*((getattr(row, name) or '') for name in SEARCHED))
        ]
        if found:
            connection.execute(terms.insert(), found)
        last = rows[-1].id


def downgrade():
    op.drop_index('ix_clients_name_order', table_name='clients')
    op.drop_index('ix_client_search_terms_term', table_name='client_search_terms')
    op.drop_index('ix_client_search_terms_client_id', table_name='client_search_terms')
    op.drop_table('client_search_terms')
