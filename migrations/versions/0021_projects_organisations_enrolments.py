"""organisations, projects and enrolments: the single project's settings become the default
project of one organisation; every client is a person enrolled in it (ADR 0029)

Revision ID: 0021_projects
Revises: 0020_attachments
Create Date: 2026-12-04 23:55:00

"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_projects'
down_revision = '0020_attachments'
branch_labels = None
depends_on = None

_SETTINGS_COLUMNS = (
    "name, period_start, period_end, target_clients, target_immigrant_percent, "
    "target_positive_percent, reporting_deadlines, quality_remind_days, created_at, "
    "updated_at, version"
)


def _create_projects():
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('funder', sa.String(length=200), server_default='', nullable=False),
    sa.Column('funding_code', sa.String(length=60), server_default='', nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('target_clients', sa.Integer(), nullable=False),
    sa.Column('target_immigrant_percent', sa.Integer(), nullable=False),
    sa.Column('target_positive_percent', sa.Integer(), nullable=False),
    sa.Column('reporting_deadlines', sa.Text(), nullable=False),
    sa.Column('quality_remind_days', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_projects_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('project_coaches',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_coaches_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_project_coaches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'user_id', name=op.f('pk_project_coaches'))
    )
    with op.batch_alter_table('project_coaches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_coaches_user_id'), ['user_id'], unique=False)

    op.create_table('project_companies',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_project_companies_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_companies_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'company_id', name=op.f('pk_project_companies'))
    )
    with op.batch_alter_table('project_companies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_companies_company_id'), ['company_id'], unique=False)


def _default_project(conn) -> int:
    """The organisation, named as the project was, and the project from its settings row
    (from the unsaved defaults when the settings were never saved); returns the project's id."""
    settings = conn.execute(sa.text(
        f"SELECT {_SETTINGS_COLUMNS} FROM project_settings ORDER BY id LIMIT 1"
    )).mappings().first()
    now = conn.execute(sa.text("SELECT CURRENT_TIMESTAMP")).scalar()
    name = settings["name"] if settings else "Polku"
    conn.execute(
        sa.text("INSERT INTO organisations (name, created_at, updated_at) VALUES (:n, :t, :t)"),
        {"n": name, "t": now},
    )
    organisation_id = conn.execute(sa.text("SELECT MAX(id) FROM organisations")).scalar()
    if settings is None:
        year = date.fromisoformat(str(now)[:10]).year
        settings = {
            "name": name, "period_start": date(year, 1, 1), "period_end": date(year + 1, 12, 31),
            "target_clients": 240, "target_immigrant_percent": 35,
            "target_positive_percent": 70, "reporting_deadlines": "", "quality_remind_days": 14,
            "created_at": now, "updated_at": now, "version": 1,
        }
    columns = _SETTINGS_COLUMNS.split(", ")
    conn.execute(
        sa.text(
            f"INSERT INTO projects (organisation_id, funder, funding_code, {_SETTINGS_COLUMNS}) "
            f"VALUES (:organisation_id, '', '', {', '.join(':' + c for c in columns)})"
        ),
        {"organisation_id": organisation_id, **{c: settings[c] for c in columns}},
    )
    return conn.execute(sa.text("SELECT MAX(id) FROM projects")).scalar()


def upgrade():
    _create_projects()
    conn = op.get_bind()
    project_id = _default_project(conn)
    op.drop_table('project_settings')

    # Every coach and every partner company works in the default project.
    conn.execute(sa.text(
        "INSERT INTO project_coaches (project_id, user_id) "
        "SELECT :p, id FROM users WHERE role = 'coach'"
    ), {"p": project_id})
    conn.execute(sa.text(
        "INSERT INTO project_companies (project_id, company_id) SELECT :p, id FROM companies"
    ), {"p": project_id})

    # One person per client, with the client's id; every client enrolled in the default project.
    conn.execute(sa.text("INSERT INTO people (id, created_at) SELECT id, created_at FROM clients"))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(
            "SELECT setval(pg_get_serial_sequence('people', 'id'), "
            "COALESCE((SELECT MAX(id) FROM people), 0) + 1, false)"
        ))

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
    conn.execute(sa.text("UPDATE groups SET project_id = :p"), {"p": project_id})
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.alter_column('project_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_groups_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_groups_project_id_projects'), 'projects', ['project_id'], ['id'])

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_enrolment_id', sa.Integer(), nullable=True))
    conn.execute(sa.text("UPDATE clients SET person_id = id, project_id = :p"), {"p": project_id})
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('project_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_clients_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_clients_person_id_people'), 'people', ['person_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_clients_project_id_projects'), 'projects', ['project_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_clients_previous_enrolment_id_clients'), 'clients', ['previous_enrolment_id'], ['id'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_project_id_projects'), 'projects', ['project_id'], ['id'])


def downgrade():
    conn = op.get_bind()
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_project_id_projects'), type_='foreignkey')
        batch_op.drop_column('project_id')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_clients_previous_enrolment_id_clients'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_clients_project_id_projects'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_clients_person_id_people'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_clients_project_id'))
        batch_op.drop_index(batch_op.f('ix_clients_person_id'))
        batch_op.drop_column('previous_enrolment_id')
        batch_op.drop_column('project_id')
        batch_op.drop_column('person_id')

    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_groups_project_id_projects'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_groups_project_id'))
        batch_op.drop_column('project_id')

    # The single settings row again: the first project's (the others cannot be kept).
    op.create_table('project_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('target_clients', sa.Integer(), nullable=False),
    sa.Column('target_immigrant_percent', sa.Integer(), nullable=False),
    sa.Column('target_positive_percent', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reporting_deadlines', sa.Text(), server_default='', nullable=False),
    sa.Column('quality_remind_days', sa.Integer(), server_default='14', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_settings'))
    )
    conn.execute(sa.text(
        f"INSERT INTO project_settings ({_SETTINGS_COLUMNS}) "
        f"SELECT {_SETTINGS_COLUMNS} FROM projects ORDER BY id LIMIT 1"
    ))

    with op.batch_alter_table('project_companies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_companies_company_id'))
    op.drop_table('project_companies')
    with op.batch_alter_table('project_coaches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_coaches_user_id'))
    op.drop_table('project_coaches')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_organisation_id'))
    op.drop_table('projects')
    op.drop_table('people')
    op.drop_table('organisations')
