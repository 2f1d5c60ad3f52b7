"""each assessment's skill scores counted once, when its answers are saved

Revision ID: assessments_0005
Revises: assessments_0004
Create Date: 2026-12-05 20:00:00

"""
from alembic import op
import sqlalchemy as sa

from plugins.assessments.scores import scores


# revision identifiers, used by Alembic.
revision = 'assessments_0005'
down_revision = 'assessments_0004'
branch_labels = None
depends_on = None

CHUNK = 2000


def upgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(
            sa.Column('skill_total', sa.Integer(), nullable=False, server_default='0')
        )
        batch.add_column(
            sa.Column('skill_count', sa.Integer(), nullable=False, server_default='0')
        )
        batch.add_column(sa.Column('safety', sa.Integer(), nullable=True))
    # The scores of the answers already given, by the code that counts them on saving.
    bind = op.get_bind()
    definitions = sa.table(
        'assessments_definitions', sa.column('id', sa.Integer), sa.column('content', sa.JSON)
    )
    assessments = sa.table(
        'assessments',
        sa.column('id', sa.Integer),
        sa.column('definition_id', sa.Integer),
        sa.column('answers', sa.JSON),
        sa.column('skill_total', sa.Integer),
        sa.column('skill_count', sa.Integer),
        sa.column('safety', sa.Integer),
    )
    content = dict(bind.execute(sa.select(definitions.c.id, definitions.c.content)).all())
    update = (
        assessments.update()
        .where(assessments.c.id == sa.bindparam('row_id'))
        .values(
            skill_total=sa.bindparam('total'),
            skill_count=sa.bindparam('count'),
            safety=sa.bindparam('safe'),
        )
    )
    rows = bind.execute(
        sa.select(assessments.c.id, assessments.c.definition_id, assessments.c.answers)
    ).all()
    changes = []
    for row_id, definition_id, answers in rows:
        found = scores(content[definition_id], answers or {})
        if found.count:
            changes.append(
                {'row_id': row_id, 'total': found.total, 'count': found.count, 'safe': found.safety}
            )
    for start in range(0, len(changes), CHUNK):
        bind.execute(update, changes[start : start + CHUNK])


def downgrade():
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('safety')
        batch.drop_column('skill_count')
        batch.drop_column('skill_total')
