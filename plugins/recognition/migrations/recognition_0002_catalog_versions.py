"""A versioned qualification catalog: qualification versions with validity, unit versions by
content fingerprint, per-group placements, and recognitions and demonstrations pinned to the
version they were made against.

Revision ID: recognition_0002_catalog
Revises: recognition_0001
Create Date: 2026-12-04 17:00:00

Existing rows become the versions they hold today: their fingerprint is empty, so importing the
same qualification again stores a new version beside them instead of changing them.
"""

import sqlalchemy as sa
from alembic import op

revision = "recognition_0002_catalog"
down_revision = "recognition_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recognition_qualifications", schema=None) as batch_op:
        batch_op.drop_constraint("uq_recognition_qualifications_source_id", type_="unique")
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(
            sa.Column("fingerprint", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("valid_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("transition_ends", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_recognition_qualifications_source_id"), ["source_id", "version"]
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_qualifications_source_id"), ["source_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_qualifications_fingerprint"), ["fingerprint"], unique=False
        )

    with op.batch_alter_table("recognition_units", schema=None) as batch_op:
        batch_op.drop_constraint("uq_recognition_units_code", type_="unique")
        batch_op.add_column(
            sa.Column("fingerprint", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("requirements_note", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(
            sa.Column("assessment_notes", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_recognition_units_code"), ["code", "fingerprint"]
        )
        batch_op.create_index(batch_op.f("ix_recognition_units_code"), ["code"], unique=False)

    with op.batch_alter_table("recognition_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("placements", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("recognition_plan_units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qualification_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_recognition_plan_units_qualification_id_recognition_qualifications"),
            "recognition_qualifications",
            ["qualification_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_plan_units_qualification_id"),
            ["qualification_id"],
            unique=False,
        )

    with op.batch_alter_table("recognition_demonstrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_recognition_demonstrations_unit_id_recognition_units"),
            "recognition_units",
            ["unit_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_recognition_demonstrations_unit_id"), ["unit_id"], unique=False
        )

    # Pin what exists to the version it points to today.
    op.execute(
        "UPDATE recognition_plan_units SET qualification_id = (SELECT p.qualification_id "
        "FROM recognition_plans p WHERE p.id = recognition_plan_units.plan_id)"
    )
    op.execute(
        "UPDATE recognition_demonstrations SET unit_id = (SELECT u.unit_id "
        "FROM recognition_plan_units u WHERE u.id = recognition_demonstrations.plan_unit_id)"
    )


def downgrade():
    with op.batch_alter_table("recognition_demonstrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_demonstrations_unit_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_recognition_demonstrations_unit_id_recognition_units"),
            type_="foreignkey",
        )
        batch_op.drop_column("unit_id")

    with op.batch_alter_table("recognition_plan_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_plan_units_qualification_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_recognition_plan_units_qualification_id_recognition_qualifications"),
            type_="foreignkey",
        )
        batch_op.drop_column("qualification_id")

    with op.batch_alter_table("recognition_members", schema=None) as batch_op:
        batch_op.drop_column("placements")

    # Versions beside the first of each code or id cannot go back to a table keyed by it.
    op.execute(
        "DELETE FROM recognition_units WHERE id NOT IN "
        "(SELECT MIN(id) FROM recognition_units GROUP BY code)"
    )
    op.execute(
        "DELETE FROM recognition_qualifications WHERE id NOT IN "
        "(SELECT MIN(id) FROM recognition_qualifications GROUP BY source_id)"
    )
    with op.batch_alter_table("recognition_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_units_code"))
        batch_op.drop_constraint(batch_op.f("uq_recognition_units_code"), type_="unique")
        batch_op.drop_column("assessment_notes")
        batch_op.drop_column("requirements_note")
        batch_op.drop_column("fingerprint")
        batch_op.create_unique_constraint(batch_op.f("uq_recognition_units_code"), ["code"])

    with op.batch_alter_table("recognition_qualifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_qualifications_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_recognition_qualifications_source_id"))
        batch_op.drop_constraint(
            batch_op.f("uq_recognition_qualifications_source_id"), type_="unique"
        )
        batch_op.drop_column("transition_ends")
        batch_op.drop_column("valid_until")
        batch_op.drop_column("valid_from")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("version")
        batch_op.create_unique_constraint(
            batch_op.f("uq_recognition_qualifications_source_id"), ["source_id"]
        )
