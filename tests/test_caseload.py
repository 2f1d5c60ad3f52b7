"""A coach's caseload read in parts (ADR 0040): their own clients through an index led by the
coach, those seen only through a group apart, the first rows of each merged; the start page
counts up to a limit. The single condition of ``visible_clients`` is the oracle."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from portal.access.scoping import coach_company_ids, visible_client_parts, visible_clients
from portal.app import clock
from portal.app.extensions import db
from portal.app.listing import count_up_to, first_rows
from portal.models import Client, Company, Group, Placement, Project, User, group_members
from tests.conftest import add_group_clients, app_with
from tests.test_lists import _ids, _search, _walk

#: Three rows a page, so that a handful of clients spans pages and both parts.
app = app_with(PAGE_SIZE=3)

NAME_ORDER = lambda c: (c.last_name, c.first_name, c.id)  # noqa: E731


@pytest.fixture
def caseload(app, world) -> dict[str, int]:
    """Besides the world's: own clients (one also in a group), clients seen only through one
    or two of the coach's groups, and clients out of scope (another coach's outside the
    groups; an own client in a project the coach does not work in)."""
    today = clock.today()
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        other = db.session.get(User, world.other_coach.id)
        project = db.session.get(Project, world.project.id)
        elsewhere = Project(
            organisation_id=project.organisation_id,
            name="Muu",
            period_start=today,
            period_end=today + timedelta(days=30),
            coaches=[other],
        )
        second = Group(
            project=project, name="Ryhmä 3", start_date=today, end_date=today, coaches=[coach]
        )

        def person(last: str, first: str, coach_id: int | None, **fields) -> Client:
            return Client(
                project=fields.pop("project", project),
                first_name=first,
                last_name=last,
                birth_year=fields.pop("born", 2001),
                entry_date=fields.pop("entry", date(2026, 1, 1)),
                coach_id=coach_id,
                **fields,
            )

        made = {
            "own_a": person("Aalto", "Anni", coach.id, born=2005),
            "own_b": person("Mäki", "Pekka", coach.id, born=2002),
            "own_c": person("Öberg", "Ulla", coach.id, born=2003),
            "own_twin": person("Mäki", "Pekka", coach.id, born=2004),
            "group_one": person("Berg", "Eeva", other.id, born=2006),
            "group_two": person("Niemi", "Lauri", other.id, born=2000),
            "group_none": person("Salo", "Sini", None, born=2001),
            "not_mine": person("Koski", "Kalle", other.id),
            "other_project": person("Lahti", "Liisa", coach.id, project=elsewhere),
        }
        db.session.add_all([elsewhere, second, *made.values()])
        db.session.flush()
        group = db.session.get(Group, world.group.id)
        members = [
            (group, "own_b"),
            (group, "group_one"),
            (group, "group_two"),
            (second, "group_two"),  # in two of the coach's groups: listed once
            (second, "group_none"),
        ]
        db.session.execute(
            group_members.insert(),
            [{"group_id": g.id, "client_id": made[key].id} for g, key in members],
        )
        db.session.commit()
        return {key: client.id for key, client in made.items()}


def _oracle(app, world, order=NAME_ORDER) -> list[int]:
    with app.app_context():
        coach = db.session.get(User, world.coach.id)
        return [c.id for c in sorted(db.session.scalars(visible_clients(coach)), key=order)]


def test_the_list_walks_the_whole_caseload_once_in_each_order(app, world, as_role, caseload):
    expected = _oracle(app, world)
    assert caseload["group_two"] in expected and caseload["group_none"] in expected
    assert caseload["not_mine"] not in expected and caseload["other_project"] not in expected
    coach = as_role("coach")
    assert _walk(coach, "/clients/") == expected
    assert _walk(coach, "/clients/?sort=-name") == expected[::-1]
    born = _oracle(app, world, lambda c: (c.birth_year, c.id))
    assert _walk(coach, "/clients/?sort=born") == born
    assert _walk(coach, "/clients/?sort=-born") == born[::-1]


def test_the_list_walks_back_from_the_last_page(app, world, as_role, caseload):
    expected = _oracle(app, world)
    coach = as_role("coach")
    url, pages = "/clients/", []
    while url:
        html = coach.get(url).get_data(as_text=True)
        pages.append(_ids(html))
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        url = found and found.group(1).replace("&amp;", "&")
    back = []
    while True:
        found = re.search(r'<a href="([^"]+)" rel="prev">', html)
        if not found:
            break
        html = coach.get(found.group(1).replace("&amp;", "&")).get_data(as_text=True)
        back.insert(0, _ids(html))
    assert [i for page in [*back, pages[-1]] for i in page] == expected
    assert len(pages) > 2


def test_filters_and_search_narrow_both_parts(app, world, as_role, caseload):
    coach = as_role("coach")
    group_id = world.group.id
    with app.app_context():
        in_group = {
            row.client_id
            for row in db.session.execute(
                select(group_members.c.client_id).where(group_members.c.group_id == group_id)
            )
        }
    expected = [i for i in _oracle(app, world) if i in in_group]
    assert _walk(coach, f"/clients/?group={group_id}") == expected
    assert _walk(coach, f"/clients/?coach={world.other_coach.id}") == [
        caseload["group_one"],
        caseload["group_two"],
    ]
    assert _search(coach, "mäki") == sorted([caseload["own_b"], caseload["own_twin"]])
    assert _search(coach, "niemi") == [caseload["group_two"]]
    assert _search(coach, "koski") == []


def test_a_count_stops_at_its_limit_and_counts_a_client_once(app, world, caseload):
    expected = len(_oracle(app, world))
    with app.test_request_context():
        coach = db.session.get(User, world.coach.id)
        overlapping = visible_client_parts(coach, counting=True)
        assert count_up_to(overlapping, Client.id, 100) == expected
        assert count_up_to(overlapping, Client.id, 4) == 4
        admin = db.session.get(User, world.admin.id)
        assert count_up_to(visible_client_parts(admin), Client.id, 100) == len(caseload) + 2


def test_the_start_page_says_more_than_instead_of_counting_everyone(
    app, world, as_role, caseload, monkeypatch
):
    expected = len(_oracle(app, world))
    coach = as_role("coach")

    def heading() -> str:
        html = coach.get("/").get_data(as_text=True)
        return re.search(r'<h2 id="my-clients">(.*?)</h2>', html).group(1)

    assert heading() == f"Asiakkaani ({expected})"
    monkeypatch.setattr("portal.home.views.CLIENTS_COUNTED", 5)
    assert heading() == "Asiakkaani (yli 5)"


def test_the_start_page_lists_the_latest_changed_of_both_parts(app, world, as_role, caseload):
    later = clock.utcnow() + timedelta(hours=1)
    with app.app_context():
        for key, minutes in (("group_none", 1), ("own_c", 2)):
            client = db.session.get(Client, caseload[key])
            client.goal = "päivitetty"
            client.updated_at = later + timedelta(minutes=minutes)
        db.session.commit()
        coach = db.session.get(User, world.coach.id)
        with app.test_request_context():
            latest = db.session.scalars(
                first_rows(
                    visible_client_parts(coach),
                    Client.id,
                    (Client.updated_at.desc(), Client.id.desc()),
                    2,
                )
            ).all()
    assert [c.id for c in latest] == [caseload["own_c"], caseload["group_none"]]


def test_a_coach_works_with_the_companies_of_their_groups_clients(app, world, caseload):
    today = clock.today()
    with app.app_context():
        third = Company(name="Kolmas Oy", business_id="1572860-0")
        db.session.add(third)
        db.session.flush()
        for key, company in (("group_none", third.id), ("not_mine", world.other_company.id)):
            db.session.add(
                Placement(
                    client_id=caseload[key],
                    company_id=company,
                    start_date=today,
                    end_date=today + timedelta(days=30),
                )
            )
        db.session.commit()
        coach = db.session.get(User, world.coach.id)
        found = set(db.session.scalars(coach_company_ids(coach)))
        assert found == {world.company.id, third.id}


sqlite_only = pytest.mark.skipif(
    "postgresql" in (__import__("os").environ.get("DATABASE_URL") or ""),
    reason="SQLite's EXPLAIN QUERY PLAN",
)


def _plan(query) -> str:
    compiled = query.compile(db.engine, compile_kwargs={"render_postcompile": True})
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    cursor = db.session.connection().connection.cursor()
    rows = cursor.execute(f"EXPLAIN QUERY PLAN {compiled}", params).fetchall()
    return "\n".join(row[-1] for row in rows)


@sqlite_only
def test_the_coachs_own_clients_are_read_in_index_order(app, world, caseload):
    """Before: one condition (coach, or a member of their groups) for the whole caseload,
    every row of it sorted by name (``USE TEMP B-TREE FOR ORDER BY`` after ``MULTI-INDEX
    OR``); 56 ms for the list and 46 ms for the start page's count at 20,000 clients."""
    add_group_clients(app, world, 30)
    with app.app_context():
        # others' clients, so that the statistics say the caseload is a part of the table
        person = db.session.get(Client, world.other_client.id).person_id
        db.session.execute(
            Client.__table__.insert(),
            [
                {
                    "first_name": "Muu",
                    "last_name": f"Asiakas{i:03}",
                    "birth_year": 2000,
                    "coach_id": world.other_coach.id,
                    "project_id": world.project.id,
                    "state": "intake",
                    "person_id": person,
                }
                for i in range(300)
            ],
        )
        db.session.execute(text("ANALYZE"))
        coach = db.session.get(User, world.coach.id)
        by_name = (Client.last_name, Client.first_name, Client.id)
        listed = _plan(first_rows(visible_client_parts(coach), Client.id, by_name, 26))
        assert "ix_clients_coach_name (coach_id=?)" in listed
        assert "MULTI-INDEX OR" not in listed and "SCAN clients" not in listed
        latest = (Client.updated_at.desc(), Client.id.desc())
        newest = _plan(first_rows(visible_client_parts(coach), Client.id, latest, 10))
        assert "ix_clients_coach_updated (coach_id=?)" in newest
        assert "SCAN clients" not in newest
        companies = _plan(select(Company.id).where(Company.id.in_(coach_company_ids(coach))))
        # company by company (a correlated probe), never the companies of the whole caseload
        assert "COMPOUND" not in companies and "CORRELATED SCALAR SUBQUERY" in companies


def test_the_admins_overview_counts_clients_up_to_the_limit(app, world, as_role, monkeypatch):
    admin = as_role("admin")

    def figure() -> str:
        html = admin.get("/").get_data(as_text=True)
        return re.search(r'<p class="figure">(.*?)</p>', html).group(1)

    assert figure() == "2"
    monkeypatch.setattr("portal.home.views.CLIENTS_COUNTED", 1)
    assert figure() == "yli 1"
