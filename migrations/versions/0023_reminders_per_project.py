"""A data-quality reminder belongs to a project: one per project, deadline and coach

Revision ID: 0023_reminders_per_project
Revises: 0022_locales
Create Date: 2026-12-05 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_reminders_per_project'
down_revision = '0022_locales'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quality_reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
    # Reminders sent before were about the first project's deadlines.
    op.execute(
        "UPDATE quality_reminders SET project_id = (SELECT min(id) FROM projects)"
    )
    op.execute("DELETE FROM quality_reminders WHERE project_id IS NULL")
    with op.batch_alter_table('quality_reminders', schema=None) as batch_op:
        batch_op.alter_column('project_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('uq_quality_reminders_deadline', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_quality_reminders_project_id'), ['project_id', 'deadline', 'coach_id']
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_quality_reminders_project_id_projects'),
            'projects', ['project_id'], ['id'], ondelete='CASCADE',
        )


def downgrade():
    # One reminder per coach and deadline again: keep the earliest of each.
    op.execute(
        "DELETE FROM quality_reminders WHERE id NOT IN "
        "(SELECT min(id) FROM quality_reminders GROUP BY deadline, coach_id)"
    )
    with op.batch_alter_table('quality_reminders', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_quality_reminders_project_id_projects'), type_='foreignkey'
        )
        batch_op.drop_constraint(batch_op.f('uq_quality_reminders_project_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_quality_reminders_deadline'), ['deadline', 'coach_id']
        )
        batch_op.drop_column('project_id')
