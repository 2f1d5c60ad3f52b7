"""The kept shares that change with the date alone (docs/adr/0051): a window of "came back"
passing, a leaving date arriving, a later enrolment of the same person; after each, what the
reports read is what counting afresh on that day gives."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from portal.app import clock
from portal.app.extensions import db
from portal.models import Client, FigureRow, Outcome, OutcomeKind, Person, Project
from portal.reports import came_back, organisation
from portal.reports.figures_dated import ORG
from portal.reports.figures_kept import catch_up
from portal.reports.periods import Filters
from portal.reports.projects import projects_in_reach
from tests.conftest import count_queries
from tests.test_figures_kept import _assert_kept

PERIOD = Filters(date(2025, 1, 1), date(2027, 12, 31))


def _enrol(person: Person, project: Project, entry: date, coach_id: int) -> Client:
    client = Client(
        person=person,
        project=project,
        first_name="Nuori",
        last_name="Palaaja",
        birth_year=2004,
        entry_date=entry,
        coach_id=coach_id,
    )
    db.session.add(client)
    db.session.flush()
    return client


def _window(day: str, months: int) -> tuple:
    """Everyone's leavers whose window of ``months`` has passed on ``day``, and their returns
    (the counts before the small-number rules)."""
    at = came_back.WINDOWS.index(months) * 2
    with freeze_time(day):
        rows = came_back.counts(select(Client.id), PERIOD)
        _assert_kept()
    return sum(v[at] for *_k, v in rows), sum(v[at + 1] for *_k, v in rows)


def _due_days(client_id: int) -> tuple:
    return tuple(
        db.session.execute(
            select(FigureRow.checked_on, FigureRow.valid_until).where(
                FigureRow.client_id == client_id, FigureRow.part == ORG
            )
        ).one()
    )


def test_a_window_passes_on_its_day_and_a_return_counts_at_once(app, world):
    with app.app_context(), freeze_time("2025-06-01"):
        project = db.session.get(Project, world.project.id)
        people = [Person() for _ in range(6)]
        db.session.add_all(people)
        db.session.flush()
        leavers = [_enrol(p, project, date(2025, 1, 5), world.coach.id) for p in people]
        for client in leavers:
            db.session.add(
                Outcome(client_id=client.id, kind=OutcomeKind.OTHER, on=date(2025, 8, 31))
            )
        db.session.commit()
        # The leaving day is still to come: the share says so, and nobody has left yet.
        assert _due_days(leavers[0].id) == (date(2025, 6, 1), date(2025, 8, 31))
    with app.app_context():
        assert _window("2025-08-31", 6) == (0, 0)
        # Six calendar months after 31 August end on the last day of February.
        assert _window("2026-02-28", 6) == (0, 0)
        assert _window("2026-03-01", 6) == (6, 0)
        # A later enrolment of two of them, written through the models: counted at once.
        with freeze_time("2026-03-01"):
            for person in people[:2]:
                _enrol(
                    person,
                    db.session.get(Project, world.project.id),
                    date(2025, 12, 1),
                    world.coach.id,
                )
            db.session.commit()
        assert _window("2026-03-01", 6) == (6, 2)
        # One of the returns is deleted: the earlier enrolment no longer came back.
        with freeze_time("2026-03-01"):
            later = db.session.scalars(
                select(Client).where(Client.entry_date == date(2025, 12, 1))
            ).first()
            db.session.delete(later)
            db.session.commit()
        assert _window("2026-03-01", 6) == (6, 1)
        assert _window("2026-09-01", 12) == (6, 1)


def test_the_projects_view_counts_a_leaving_day_when_it_arrives(app, world):
    with app.app_context(), freeze_time("2026-01-10"):
        person = Person()
        db.session.add(person)
        db.session.flush()
        project = db.session.get(Project, world.project.id)
        client = _enrol(person, project, date(2025, 6, 1), world.coach.id)
        db.session.add(Outcome(client_id=client.id, kind=OutcomeKind.OTHER, on=date(2026, 2, 1)))
        db.session.commit()
    with app.app_context():
        admin = world.admin

        def leavers(day: str) -> object:
            with freeze_time(day):
                rows = organisation.project_rows(projects_in_reach(admin))
                _assert_kept()
            return {row.id: row.leavers for row in rows}[world.project.id]

        assert leavers("2026-01-31") == 0
        # One leaver is shown as "<5" (the small-number rule), but no longer as none.
        assert leavers("2026-02-01") != 0


def test_catching_up_rewrites_only_the_young_people_whose_day_has_come(app, world):
    with app.app_context(), freeze_time("2026-01-10"):
        person = Person()
        db.session.add(person)
        db.session.flush()
        client = _enrol(
            person, db.session.get(Project, world.project.id), date(2025, 6, 1), world.coach.id
        )
        db.session.add(Outcome(client_id=client.id, kind=OutcomeKind.OTHER, on=date(2026, 2, 1)))
        db.session.commit()
        catch_up(clock.today())  # the world's young people, counted on the real day, are ahead
        with count_queries(app) as seen:
            catch_up(clock.today())
        assert len(seen) == 1  # only the look for a day that has come
        days = {c: _due_days(c) for c in (client.id, world.client.id)}
    with app.app_context(), freeze_time("2026-02-01"), count_queries(app) as seen:
        catch_up(clock.today())
        assert _due_days(client.id)[0] == date(2026, 2, 1)  # rewritten on its day
        assert _due_days(world.client.id) == days[world.client.id]  # not due: left alone
        _assert_kept()


def test_an_enrolment_moved_to_another_person_leaves_the_first_ones_return(app, world):
    with app.app_context(), freeze_time("2026-06-01"):
        project = db.session.get(Project, world.project.id)
        first, other = Person(), Person()
        db.session.add_all([first, other])
        db.session.flush()
        left = _enrol(first, project, date(2025, 1, 5), world.coach.id)
        db.session.add(Outcome(client_id=left.id, kind=OutcomeKind.OTHER, on=date(2025, 2, 1)))
        again = _enrol(first, project, date(2025, 3, 1), world.coach.id)
        db.session.commit()
        assert _window("2026-06-01", 6) == (1, 1)
        with freeze_time("2026-06-01"):
            again.person_id = other.id  # the return was someone else's, recorded by mistake
            db.session.commit()
        assert _window("2026-06-01", 6) == (1, 0)
