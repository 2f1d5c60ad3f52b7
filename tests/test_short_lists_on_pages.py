"""The short lists a page offers (projects, groups, coaches, companies) are read in one
statement with each other (ADR 0035): these pages run exactly this many statements, whatever
the number of projects, groups or coaches."""

from __future__ import annotations

import pytest

from portal.app.extensions import db
from portal.models import Group, Project, User
from tests.conftest import count_queries

#: (role, path) -> statements: the session with its user (which also tells that nothing is
#: unread, so the header runs no count), and the page's own.
PAGES = {
    ("coach", "/clients/new"): 2,
    ("coach", "/groups/new"): 2,
    ("coach", "/clients/"): 4,
    ("coach", "/reports/quality/"): 3,
    ("coach", "/reports/compare/"): 2,
    ("admin", "/clients/new"): 2,
    ("admin", "/admin/users/new"): 2,
    ("admin", "/reports/quality/"): 3,
    ("admin", "/reports/compare/"): 2,
}


def _more_of_everything(app, world) -> None:
    """A second project the coach works in, more groups and coaches."""
    with app.app_context():
        first = db.session.get(Project, world.project.id)
        coach = db.session.get(User, world.coach.id)
        second = Project(
            organisation_id=first.organisation_id,
            name="Toinen",
            period_start=first.period_start,
            period_end=first.period_end,
            coaches=[coach],
        )
        db.session.add(second)
        db.session.flush()
        for i in range(5):
            group = Group(
                project_id=second.id,
                name=f"Ryhmä {i}",
                start_date=first.period_start,
                end_date=first.period_end,
            )
            group.coaches.append(coach)
            db.session.add(group)
        db.session.commit()


def _count(app, browser, path: str) -> int:
    assert browser.get(path).status_code == 200
    with count_queries(app) as seen:
        assert browser.get(path).status_code == 200
    return len(seen)


@pytest.mark.parametrize(("role", "path"), list(PAGES))
def test_the_statements_of_a_page_with_short_lists(app, world, as_role, role, path):
    browser = as_role(role)
    expected = PAGES[role, path]
    assert _count(app, browser, path) == expected
    _more_of_everything(app, world)
    assert _count(app, browser, path) == expected
