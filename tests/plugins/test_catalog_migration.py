"""The catalog-versions migration pins existing recognitions and demonstrations to the
version they point to, and leaves existing catalog rows as they are."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.app.extensions import db

ROWS = [
    "INSERT INTO recognition_qualifications (id, source_id, diary_number, education_type, name,"
    " name_fi, points_unit, structure, imported_at) VALUES (5, '77', '1/2014', '', '{}', 'T',"
    " 'osaamispiste', '[]', '2026-01-01')",
    "INSERT INTO recognition_units (id, code, source_id, name, name_fi, kind, scale, description,"
    " demonstration, imported_at) VALUES (9, 'tutkinnonosat_1', '1', '{}', 'U', 'normaali', '2',"
    " '{}', '{}', '2026-01-01')",
    "INSERT INTO recognition_plans (id, client_id, qualification_id, created_at)"
    " VALUES (3, 1, 5, '2026-01-01')",
    "INSERT INTO recognition_plan_units (id, plan_id, unit_id, status, decision_reason, version)"
    " VALUES (4, 3, 9, 'identified', '', 1)",
    "INSERT INTO recognition_demonstrations (id, plan_unit_id, company_id, start_date, end_date,"
    " tasks, teacher_name, employer_assessor_id, grade, decided_by, discussion, comment, version)"
    " VALUES (6, 4, 1, '2026-01-01', '2026-01-02', 't', 'n', 1, '', '[]', '[]', '', 1)",
]


def test_existing_rows_are_pinned_to_the_version_they_point_to(empty_db_app):
    app = empty_db_app()
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("rows are written without their clients, which SQLite allows")
        upgrade(revision="recognition_0001")
        with db.engine.begin() as conn:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            for row in ROWS:
                conn.execute(text(row))
        upgrade(revision="recognition_0002_catalog")
        with db.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT qualification_id FROM recognition_plan_units")).scalar()
                == 5
            )
            assert (
                conn.execute(text("SELECT unit_id FROM recognition_demonstrations")).scalar() == 9
            )
            assert conn.execute(
                text("SELECT version, fingerprint FROM recognition_qualifications")
            ).one() == (1, "")
            assert conn.execute(text("SELECT code FROM recognition_units")).scalar() == (
                "tutkinnonosat_1"
            )
        downgrade(revision="recognition_0001")
