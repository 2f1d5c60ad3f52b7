""" "Came back" on a hand-computed fixture (ADR 0030): today is 2026-06-15; the leavers of
2025-01 ... 2026-06, in two projects of one organisation, and one project of another.

Hand-computed:

* G1: 12 leave P1 on 2025-02-15 (outcome "other"). 5 enrol in P2 on 2025-04-01 (within 6
  months), 2 on 2025-12-01 (within 12 only), 1 in Q of another organisation on 2025-03-01 (not
  counted), 4 never.
* G3: 10 leave P2 on 2025-02-20 (study place). 5 enrol in P1 on 2025-03-01.
* G4: 2 leave P1 on 2025-02-10 (referred). 1 enrols in P2 on 2025-04-01.
* G5: 5 leave P2 on 2025-09-10 (other): 6 months have passed, 12 have not. Nobody returns.
* G2: 3 leave P1 on 2026-03-01 (employed): not even 6 months have passed, so they are in no
  denominator; 1 enrols in P2 on 2026-04-01, not counted either.

Within 6 months: P1 14 left, 6 came back (42.9 %); P2 15 left, 5 (33.3 %); all 29, 11 (37.9 %).
Within 12 months: P1 14 left, 8 (57.1 %); P2 10 left, 5 (50.0 %); all 24, 13 (54.2 %).
By outcome, "referred" (2 left, 1 came back) is suppressed, and so is a cell beside it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pyotp
import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.app.extensions import db
from portal.auth.passwords import hash_password
from portal.models import (
    Client,
    Group,
    Organisation,
    Outcome,
    OutcomeKind,
    Person,
    Project,
    Role,
    StudyStatus,
    User,
    group_members,
)
from portal.reports import came_back
from portal.reports.periods import Filters
from portal.reports.suppression import HIDDEN, SUPPRESSED
from tests.conftest import Browser, count_queries
from tests.support.browser import PASSWORD

TODAY = "2026-06-15 12:00"
PERIOD = Filters(date(2025, 1, 1), date(2026, 6, 30))


def _project(org: Organisation, name: str) -> Project:
    project = Project(
        organisation=org,
        name=name,
        funder="ESR+",
        period_start=date(2024, 1, 1),
        period_end=date(2026, 12, 31),
    )
    db.session.add(project)
    return project


def _enrol(person: Person, project: Project, entry: date, coach_id: int) -> Client:
    client = Client(
        person=person,
        project=project,
        first_name="Nuori",
        last_name=f"Henkilö{person.id}",
        birth_year=2004,
        entry_date=entry,
        coach_id=coach_id,
    )
    db.session.add(client)
    return client


def _leavers(project, n, left, kind, coach_id, returns=()):
    """``n`` people who left ``project`` on ``left`` with ``kind``; ``returns`` is a list of
    (project, entry) for the first of them, who enrolled again."""
    status = StudyStatus.ACCEPTED if kind == OutcomeKind.STUDY_PLACE else ""
    for i in range(n):
        person = Person()
        db.session.add(person)
        db.session.flush()
        first = _enrol(person, project, date(2024, 10, 1), coach_id)
        db.session.flush()
        db.session.add(Outcome(client_id=first.id, kind=kind, on=left, study_status=status))
        if i < len(returns):
            again, entry = returns[i]
            later = _enrol(person, again, entry, coach_id)
            later.previous_enrolment_id = first.id


@pytest.fixture
def leavers(app, world):
    with app.app_context():
        org, other_org = Organisation(name="Kaupunki A"), Organisation(name="Kaupunki B")
        p1, p2, q = _project(org, "P1"), _project(org, "P2"), _project(other_org, "Q")
        coach = world.coach.id
        g1 = [(p2, date(2025, 4, 1))] * 5 + [(p2, date(2025, 12, 1))] * 2
        g1 += [(q, date(2025, 3, 1))]
        _leavers(p1, 12, date(2025, 2, 15), OutcomeKind.OTHER, coach, g1)
        _leavers(
            p2, 10, date(2025, 2, 20), OutcomeKind.STUDY_PLACE, coach, [(p1, date(2025, 3, 1))] * 5
        )
        _leavers(p1, 2, date(2025, 2, 10), OutcomeKind.REFERRED, coach, [(p2, date(2025, 4, 1))])
        _leavers(p2, 5, date(2025, 9, 10), OutcomeKind.OTHER, coach)
        _leavers(
            p1,
            3,
            date(2026, 3, 1),
            OutcomeKind.EMPLOYED_SAME_FIELD,
            coach,
            [(p2, date(2026, 4, 1))],
        )
        db.session.commit()
        return {"P1": p1.id, "P2": p2.id, "Q": q.id}


def _compute(scope=None):
    with freeze_time(TODAY):
        return came_back.compute(scope if scope is not None else select(Client.id), PERIOD)


def _by_key(rows):
    return {r.key: r.windows for r in rows}


def test_the_hand_computed_shares(app, leavers):
    with app.app_context():
        result = _compute()
    total = result.total.windows
    assert (total[6].leavers, total[6].came_back, total[6].rate) == (29, 11, 37.9)
    assert (total[12].leavers, total[12].came_back, total[12].rate) == (24, 13, 54.2)
    projects = _by_key(result.by_project)
    p1, p2 = projects[leavers["P1"]], projects[leavers["P2"]]
    assert (p1[6].leavers, p1[6].came_back, p1[6].rate) == (14, 6, 42.9)
    assert (p1[12].leavers, p1[12].came_back, p1[12].rate) == (14, 8, 57.1)
    assert (p2[6].leavers, p2[6].came_back, p2[6].rate) == (15, 5, 33.3)
    assert (p2[12].leavers, p2[12].came_back, p2[12].rate) == (10, 5, 50.0)
    assert leavers["Q"] not in projects  # nobody left Q


def test_a_window_not_yet_passed_is_not_counted(app, leavers):
    """G5 (left 2025-09) is in the 6-month denominator only; G2 (left 2026-03) in neither,
    although one of G2 already came back. A year later, both count, and the total is hidden:
    a period without March 2026 would differ from it by G2's three."""
    with app.app_context():
        now = _compute()
        with freeze_time("2027-06-15 12:00"):
            rows = came_back.counts(select(Client.id), PERIOD)
            later = came_back.compute(select(Client.id), PERIOD)
    assert now.total.windows[6].leavers - now.total.windows[12].leavers == 5
    assert sum(values[2] for *_k, values in rows) == 32
    assert sum(values[3] for *_k, values in rows) == 14
    assert later.total.windows[12].leavers == HIDDEN


def test_another_organisation_is_not_coming_back(app, leavers):
    """The G1 person who enrolled in Q is not counted: with them, P1 would be 7 of 14."""
    with app.app_context():
        assert _by_key(_compute().by_project)[leavers["P1"]][6].came_back == 6
        # the same person enrolling in P2 instead counts
        q_enrolment = db.session.scalar(select(Client).where(Client.project_id == leavers["Q"]))
        q_enrolment.project_id = leavers["P2"]
        db.session.commit()
        assert _by_key(_compute().by_project)[leavers["P1"]][6].came_back == 7


def test_small_cells_are_suppressed_and_cannot_be_worked_out(app, leavers):
    with app.app_context():
        result = _compute()
    outcomes = _by_key(result.by_outcome)
    referred = outcomes[OutcomeKind.REFERRED]
    for months in came_back.WINDOWS:
        assert referred[months].leavers == SUPPRESSED
        assert referred[months].came_back == SUPPRESSED
        assert referred[months].rate is None
        # the total is shown, so another cell of each column is hidden too
        others = [w[months] for k, w in outcomes.items() if k != OutcomeKind.REFERRED]
        assert HIDDEN in [w.came_back for w in others]
        assert HIDDEN in [w.leavers for w in others]
    assert outcomes[OutcomeKind.EMPLOYED_SAME_FIELD][6].leavers == 0


def test_scope_narrows_to_a_project(app, leavers):
    with app.app_context():
        only_p2 = select(Client.id).where(Client.project_id == leavers["P2"])
        result = _compute(only_p2)
    assert [r.key for r in result.by_project] == [leavers["P2"]]
    assert result.total.windows[6].leavers == 15


def test_the_group_filter_narrows_the_came_back_figure(app, leavers):
    """The dashboard's group filter: only the twelve P1 leavers of February 2025 are in the
    group; five of them came back to P2 within 6 months, two more within 12 (Q is another
    organisation)."""
    with app.app_context():
        p1 = db.session.get(Project, leavers["P1"])
        group = Group(
            project=p1, name="Kevät", start_date=date(2024, 10, 1), end_date=date(2025, 2, 1)
        )
        db.session.add(group)
        db.session.flush()
        february = (
            select(Client.id)
            .join(Outcome)
            .where(Client.project_id == p1.id, Outcome.on == date(2025, 2, 15))
        )
        for client_id in db.session.scalars(february):
            db.session.execute(
                group_members.insert().values(group_id=group.id, client_id=client_id)
            )
        db.session.commit()
        with freeze_time(TODAY):
            result = came_back.compute(
                select(Client.id), Filters(PERIOD.start, PERIOD.end, group_id=group.id)
            )
    total = result.total.windows
    assert (total[6].leavers, total[6].came_back) == (12, 5)
    assert (total[12].leavers, total[12].came_back) == (12, 7)


def test_the_statements_do_not_grow_with_projects_or_people(app, leavers, world):
    """Two statements: whether any share's day has come, and the sums (the fixture's shares,
    counted on the real day and read on an earlier one, are rewritten by the first read)."""
    with app.app_context():
        _compute()
        with count_queries(app) as small:
            _compute()
        org = db.session.scalar(select(Organisation).where(Organisation.name == "Kaupunki A"))
        extra = [_project(org, f"Lisä {i}") for i in range(4)]
        db.session.flush()
        for project in extra:
            _leavers(
                project,
                6,
                date(2025, 5, 5),
                OutcomeKind.WORK_TRIAL,
                world.coach.id,
                [(project, date(2025, 6, 1))] * 3,
            )
        db.session.commit()
        _compute()
        with count_queries(app) as large:
            _compute()
    assert len(large) == len(small) == 2


def test_the_organisation_view_and_csv(app, leavers, as_role):
    admin = as_role("admin")
    page = admin.get("/reports/projects?start=2025-01-01&end=2026-06-30")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    html = page.get_data(as_text=True)
    for name in ("P1", "P2", "Q", "Polku"):
        assert f">{name}</a>" in html
    assert 'data-table="came-back-project"' in html
    assert "Nobody left" not in html.split('data-table="came-back-project"')[1][:2000]
    with freeze_time(TODAY):
        body = admin.get(
            f"/reports/came-back.csv?project={leavers['P1']}&start=2025-01-01&end=2026-06-30"
        )
    assert body.status_code == 200 and body.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(body.get_data(as_text=True))))
    total = rows[1]
    assert total[2:] == ["14", "6", "42.9", "14", "8", "57.1"]


def test_bad_and_foreign_project_ids(app, leavers, as_role, world):
    admin, coach = as_role("admin"), as_role("coach")
    assert admin.get("/reports/came-back.csv?project=abc").status_code == 400
    assert admin.get("/reports/came-back.csv?project=99999999").status_code == 404
    assert admin.get("/reports/?project=%C2%B2").status_code == 400
    assert admin.get("/reports/?project=99999999").status_code == 404
    # the coach works in the world's project only: P1 is out of their reach
    assert coach.get(f"/reports/?project={leavers['P1']}").status_code == 404
    assert coach.get(f"/reports/came-back.csv?project={leavers['P1']}").status_code == 404
    assert coach.get(f"/reports/quality/?project={leavers['P1']}").status_code == 404
    assert coach.get(f"/reports/compare/?project={leavers['P1']}").status_code == 404
    assert coach.get("/reports/projects").status_code == 403
    bad_period = admin.get("/reports/projects?start=2026-01-01&end=2025-01-01")
    assert bad_period.status_code == 400
    assert 'class="error-summary"' in bad_period.get_data(as_text=True)


def test_the_dashboard_of_a_project_shows_its_targets_and_came_back(app, leavers, as_role):
    with app.app_context():
        p1 = db.session.get(Project, leavers["P1"])
        p1.target_clients = 321
        db.session.commit()
    html = (
        as_role("admin")
        .get(f"/reports/?project={leavers['P1']}&start=2024-01-01")
        .get_data(as_text=True)
    )
    assert re.search(r"(Target|Tavoite): 321", html)
    assert 'id="came-back-h"' in html
    all_projects = as_role("admin").get("/reports/?project=").get_data(as_text=True)
    assert "321" not in all_projects


@pytest.mark.parametrize(
    "path",
    ["/reports/projects?start=2025-01-01", "/reports/?start=2024-01-01", "/reports/quality/"],
)
def test_pages_are_flat_in_projects_and_people(app, leavers, world, as_role, path):
    """The organisation view, a dashboard with its came-back table, the quality check: the
    same statements with four more projects and their people (no figure cache)."""
    admin = as_role("admin")
    app.config["REPORTS_CACHE_SECONDS"] = 0
    with count_queries(app) as small:
        assert admin.get(path).status_code == 200
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == "Kaupunki A"))
        for i in range(4):
            project = _project(org, f"Lisä {i}")
            _leavers(project, 6, date(2025, 5, 5), OutcomeKind.WORK_TRIAL, world.coach.id)
        db.session.commit()
    with count_queries(app) as large:
        assert admin.get(path).status_code == 200
    assert len(large) == len(small), "\n".join(large)


def test_a_project_manager_reports_on_their_own_project_only(app, leavers):
    with app.app_context():
        manager = User(
            email="pm@example.fi",
            name="Projektipäällikkö",
            role=Role.PROJECT_MANAGER,
            password_hash=hash_password(PASSWORD),
            active=True,
            project_id=leavers["P1"],
            totp_secret=pyotp.random_base32(),
        )
        db.session.add(manager)
        db.session.commit()
    browser = Browser(app.test_client())
    assert browser.login("pm@example.fi").status_code == 302
    html = browser.get("/reports/projects?start=2025-01-01&end=2026-06-30").get_data(as_text=True)
    assert f'data-project="{leavers["P1"]}"' in html
    assert f'data-project="{leavers["P2"]}"' not in html and ">Polku</a></th>" not in html
    assert browser.get(f"/reports/?project={leavers['P2']}").status_code == 404
    assert browser.get(f"/reports/esf?project={leavers['P2']}").status_code == 404
    own = browser.get("/reports/?start=2024-01-01")
    assert own.status_code == 200
    assert "P1" in own.get_data(as_text=True)
    assert browser.get(f"/reports/esf.csv?project={leavers['P1']}").status_code == 200
