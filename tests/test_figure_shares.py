"""A plugin's own figures kept as data (``portal_figure_shares``): the example plugin's
placements per company follow every write, are read per viewer's scope in one statement, and a
plugin's SELECT of other columns is left out without breaking anyone's writes."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import literal, select

from portal.api import figure_share, read_figures
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.markers import hookimpl
from portal.models import Client, FigureRow, Placement, User
from portal.reports import figures_kept
from tests.importing import imported_from
from tests.test_docs import EXAMPLES
from tests.test_figures_kept import _assert_kept

TODAY = clock.today()


@pytest.fixture(scope="module")
def worksafe():
    with imported_from(EXAMPLES, "worksafe") as module:
        yield module


def _places(user: User) -> dict[int, int]:
    """The example's figure for ``user``: workplace-coaching placements per company."""
    found: dict[int, int] = {}
    for company_id, _k2, _month, count, *_rest in read_figures(user, ("ws.places",))["ws.places"]:
        found[company_id] = found.get(company_id, 0) + count
    return found


def _place(client_id: int, company_id: int, kind: str = "workplace_coaching") -> Placement:
    placement = Placement(
        client_id=client_id,
        company_id=company_id,
        kind=kind,
        start_date=TODAY - timedelta(days=40),
        end_date=TODAY - timedelta(days=10),
        tasks="Keräily",
    )
    db.session.add(placement)
    db.session.commit()
    return placement


def test_hook_portal_figure_shares(make_app, worksafe):
    from tests.support.world import World

    app = make_app(PORTAL_EXTRA_PLUGINS={"worksafe": worksafe})
    with app.app_context():
        world = World()
        admin, coach = (db.session.get(User, u.id) for u in (world.admin, world.coach))
        company, other = world.company.id, world.other_company.id
        before = _places(admin)
        _place(world.client.id, other)
        second = _place(world.other_client.id, other)
        _place(world.other_client.id, company, kind="apprenticeship")  # not counted
        assert _places(admin) == {**before, other: before.get(other, 0) + 2}
        # The coach sees their own young person's placements, not the other coach's.
        assert _places(coach).get(other) == 1
        second.company_id = company
        db.session.commit()
        assert _places(admin)[other] == before.get(other, 0) + 1
        db.session.delete(db.session.get(Client, world.other_client.id))
        db.session.commit()
        assert _places(admin).get(company, 0) == before.get(company, 0)
        _assert_kept()


class _Misshapen:
    """A plugin whose shares lack the columns of ``figure_share``, and one that would add to
    a part of the core's."""

    @hookimpl
    def portal_figure_shares(self):
        return [
            select(Client.id, literal("x.bad").label("part")),
            select(*figure_share("totals", literal(0), literal(""), literal(1))),
        ]


def test_a_misshapen_share_is_left_out_and_logged(make_app, caplog):
    from tests.support.world import World

    app = make_app(PORTAL_EXTRA_PLUGINS={"misshapen": _Misshapen()})
    with app.app_context(), caplog.at_level(logging.ERROR):
        world = World()
        _place(world.client.id, world.company.id)
        assert "not the columns of share()" in caplog.text
        parts = set(db.session.scalars(select(FigureRow.part).distinct()))
        assert "trainee" in parts and "x.bad" not in parts
        assert len(figures_kept.core_shares()) == 15
        assert caplog.text.count("not the columns of share()") >= 2
        _assert_kept()  # the core's totals counted once per young person
