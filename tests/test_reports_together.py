"""A report's aggregates read in one ``UNION ALL`` (``portal.app.together``): each part gets
its own rows and only those, with its own columns' types, in one statement."""

from __future__ import annotations

from datetime import date

from sqlalchemy import false, func, select

from portal.access.scoping import visible_clients
from portal.app import together
from portal.app.extensions import db
from portal.models import Client, Project, User
from portal.reports import funder
from portal.reports.figures import compute
from portal.reports.periods import Filters
from tests.bench import harness
from tests.conftest import count_queries


def test_each_part_gets_its_own_rows_in_one_statement(app, world):
    per_project = select(Client.project_id, func.count()).group_by(Client.project_id)
    # The same key and a count that looks alike: only the values tell the parts apart.
    doubled = select(Client.project_id, func.count() * 2).group_by(Client.project_id)
    nothing = per_project.where(false())
    dated = select(Project.name, Project.period_start).where(Project.id == world.project.id)
    with app.app_context():
        with count_queries(app) as seen:
            counted, twice, empty, named = together.read(per_project, doubled, nothing, dated)
        project = db.session.get(Project, world.project.id)
        assert len(seen) == 1
        assert counted == [(world.project.id, 2)]  # the world's two clients
        assert twice == [(world.project.id, 4)]
        assert empty == []
        assert named == [(project.name, project.period_start)]
        assert isinstance(named[0][1], date)  # a date, on SQLite as on PostgreSQL


def _funder_counts(scope, period) -> list[tuple[str, list]]:
    return [(t.key, [value for _label, value in t.rows]) for t in funder.tables(scope, period)]


def test_the_reports_figures_are_those_of_each_aggregate_read_alone(make_app, monkeypatch):
    """Parts with keys that look alike (a company's trainees and its hires; states and
    outcome kinds; coaches' and groups' ids; the funder report's categories) keep their own
    rows: the figures read in one statement are those of every aggregate read on its own."""
    app = make_app(REPORTS_CACHE_SECONDS=0)
    harness.seed(app, 150)
    period = Filters(start=date(2000, 1, 1), end=date(2030, 12, 31))
    with app.app_context():
        coach = db.session.execute(
            select(User).where(User.email == harness.EMAILS["coach"])
        ).scalar_one()
        scopes = [select(Client.id), visible_clients(coach).with_only_columns(Client.id)]
        with count_queries(app) as seen:
            read_together = [compute(scope, period) for scope in scopes]
            tables_together = [_funder_counts(scope, period) for scope in scopes]
        assert len(seen) == 2 * len(scopes)
        monkeypatch.setattr(
            together, "read", lambda *parts: [db.session.execute(p).all() for p in parts]
        )
        read_alone = [compute(scope, period) for scope in scopes]
        tables_alone = [_funder_counts(scope, period) for scope in scopes]
    assert read_together == read_alone
    assert tables_together == tables_alone
    assert any(isinstance(v, int) and v > 0 for _k, values in tables_together[0] for v in values)
    everyone = read_together[0]
    assert isinstance(everyone.exited, int) and everyone.exited > 100
    shown_hires = {c["name"]: c["hired"] for c in everyone.by_company}
    shown_trainees = {c["name"]: c["trainees"] for c in everyone.by_company}
    assert shown_hires != shown_trainees
    assert everyone.by_group and everyone.by_coach and everyone.follow_ups
