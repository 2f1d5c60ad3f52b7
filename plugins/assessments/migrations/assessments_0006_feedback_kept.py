"""the companies' feedback kept with the dashboard's figures; the latest things to learn next
found by company

Revision ID: assessments_0006
Revises: assessments_0005
Create Date: 2026-12-05 22:50:00

"""
from alembic import op
import sqlalchemy as sa

from plugins.assessments.feedback import PART, shares
from plugins.assessments.scores import says_what_to_learn_next
from portal.api import rewrite_figures


# revision identifiers, used by Alembic.
revision = 'assessments_0006'
down_revision = 'assessments_0005'
branch_labels = None
depends_on = '0028_figures_kept'

CHUNK = 2000
ROWS = sa.text('learn_next_company_id IS NOT NULL')


def upgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('learn_next_company_id', sa.Integer(), nullable=True))
        batch.create_index(
            'ix_assessments_learn_next',
            ['learn_next_company_id', 'id'],
            sqlite_where=ROWS,
            postgresql_where=ROWS,
        )
    bind = op.get_bind()
    assessments = sa.table(
        'assessments',
        sa.column('id', sa.Integer),
        sa.column('placement_id', sa.Integer),
        sa.column('status', sa.String),
        sa.column('filled_by', sa.String),
        sa.column('answers', sa.JSON),
        sa.column('learn_next_company_id', sa.Integer),
    )
    placements = sa.table(
        'placements', sa.column('id', sa.Integer), sa.column('company_id', sa.Integer)
    )
    # Only the supervisors' submitted ones can say it; read a chunk at a time by id.
    said = sa.select(
        assessments.c.id,
        placements.c.company_id,
        assessments.c.status,
        assessments.c.filled_by,
        assessments.c.answers,
    ).join(placements, placements.c.id == assessments.c.placement_id).where(
        assessments.c.status == 'submitted', assessments.c.filled_by == 'supervisor'
    )
    update = (
        assessments.update()
        .where(assessments.c.id == sa.bindparam('row_id'))
        .values(learn_next_company_id=sa.bindparam('company'))
    )
    after = 0
    while True:
        rows = bind.execute(
            said.where(assessments.c.id > after).order_by(assessments.c.id).limit(CHUNK)
        ).all()
        if not rows:
            break
        after = rows[-1][0]
        changes = [
            {'row_id': row_id, 'company': company}
            for row_id, company, status, filled_by, answers in rows
            if says_what_to_learn_next(status, filled_by, answers or {})
        ]
        if changes:
            bind.execute(update, changes)
    # Every young person's shares of the companies' feedback (``portal_figure_shares``).
    rewrite_figures((PART,), [shares()], bind)


def downgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.drop_index('ix_assessments_learn_next')
        batch.drop_column('learn_next_company_id')
    rewrite_figures((PART,), [], op.get_bind())
