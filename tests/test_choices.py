"""Several short lists in one statement: each keeps its columns, order and limit."""

from __future__ import annotations

from sqlalchemy import select

from portal.app.choices import ShortList, load
from portal.app.extensions import db
from portal.models import Group, Project, Role, User
from tests.conftest import count_queries


def _lists():
    return (
        ShortList(
            select(User.id, User.name).where(User.role == Role.COACH), (User.name.desc(),), 1
        ),
        ShortList(
            select(Project.id, Project.name, Project.period_start, Project.period_end),
            (Project.name, Project.id),
        ),
        ShortList(select(Group.id, Group.name), (Group.start_date.desc(), Group.id.desc()), 50),
    )


def test_short_lists_come_back_as_each_would_alone_in_one_statement(app, world):
    with app.app_context():
        alone = [list(db.session.execute(spec.ordered()).all()) for spec in _lists()]
        with count_queries(app) as seen:
            together = load(*_lists())
        assert len(seen) == 1
        assert [[tuple(r) for r in rows] for rows in together] == [
            [tuple(r) for r in rows] for rows in alone
        ]
        coaches, projects, groups = together
        assert len(coaches) == 1 and coaches[0].name  # its own limit
        assert projects[0].period_start == world.project.period_start  # dates stay dates
        assert {g.id for g in groups} == {world.group.id, world.other_group.id}


def test_an_empty_list_among_others(app, world):
    with app.app_context():
        nobody = ShortList(select(User.id, User.name).where(User.id < 0), (User.id,))
        groups = ShortList(select(Group.id, Group.name), (Group.id,))
        assert [len(rows) for rows in load(nobody, groups)] == [0, 2]
