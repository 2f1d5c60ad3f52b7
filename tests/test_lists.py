"""Lists that sort, filter and page by key; the clients' search index; the members picker."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.models import Client, ClientSearchTerm, group_members
from portal.search.keys import client_terms, fold, query_words
from tests.conftest import add_group_clients, count_queries

NAME = re.compile(r'<a href="/clients/(\d+)">')


def _ids(html: str) -> list[int]:
    return [int(i) for i in NAME.findall(html)]


def _next(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', html)
    return found and found.group(1).replace("&amp;", "&")


def _walk(browser, url: str) -> list[int]:
    """Every client id of the list, following its Next links."""
    seen: list[int] = []
    while url:
        page = browser.get(url)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        seen += _ids(html)
        url = _next(html)
    return seen


def _add(app, world, people: list[dict]) -> list[int]:
    with app.app_context():
        clients = [
            Client(birth_year=2000, coach_id=world.coach.id, project_id=world.project.id, **person)
            for person in people
        ]
        db.session.add_all(clients)
        db.session.commit()
        return [c.id for c in clients]


# --- search keys -------------------------------------------------------------------------


def test_folding_and_query_words():
    assert fold("Järvinen Åström Øre ß") == "jarvinen astrom ore ss"
    assert query_words("  Iida   JÄRVINEN ") == ["iida", "jarvinen"]
    assert query_words("040 123") == ["040123"]
    assert query_words("+358 (40) 123-45") == ["3584012345"]
    assert query_words("%_'\"") == []
    assert query_words("o'brien") == ["obrien"]
    assert len(query_words("a " * 5000)) == 1  # one distinct word
    assert len(query_words(" ".join(f"w{i}" for i in range(50)))) == 6
    assert query_words("x" * 10_000) == ["x" * 80]


def test_client_terms_cover_names_contacts_and_both_phone_forms():
    terms = client_terms(
        "Anna-Liisa", "O'Brien", "Anna.OB@Example.fi", "+358 40 123 4567", "Jyväskylä"
    )
    for word in ("anna", "liisa", "annaliisa", "brien", "obrien", "jyvaskyla"):
        assert word in terms
    assert "anna.ob@example.fi" in terms and "annaob" in terms and "examplefi" in terms
    assert "358401234567" in terms and "0401234567" in terms


# --- client search -----------------------------------------------------------------------


@pytest.fixture
def people(app, world):
    return _add(
        app,
        world,
        [
            dict(
                first_name="Iida",
                last_name="Järvinen",
                phone="+358 40 123 4567",
                municipality="Espoo",
                email="iida.j@example.fi",
            ),
            dict(
                first_name="Jari",
                last_name="Iivonen",
                phone="050 999 8888",
                municipality="Järvenpää",
            ),
            dict(first_name="Anna-Liisa", last_name="Järvi", municipality="Helsinki"),
        ],
    )


def _search(browser, text: str) -> list[int]:
    response = browser.post("/clients/", {"q": text}, follow_redirects=True)
    assert response.status_code == 200
    return _ids(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iida Järvinen", [0]),
        ("järvinen iida", [0]),
        ("JARVINEN", [0]),
        ("järv", [0, 1, 2]),  # Järvenpää too
        ("040 123", [0]),
        ("+358 40 123", [0]),
        ("0401234567", [0]),
        ("iida.j@example.fi", [0]),
        ("espoo", [0]),
        ("järvenpää", [1]),
        ("anna-liisa", [2]),
        ("liisa", [2]),
        ("Iida Virtanen", []),
    ],
)
def test_coach_finds_clients_by_any_part_of_name_email_phone_or_municipality(
    as_role, people, text, expected
):
    assert sorted(_search(as_role("coach"), text)) == sorted(people[i] for i in expected)


@pytest.mark.parametrize("text", ["%", "_", "'", '"', "' OR 1=1 --", "%%%", "a" * 10_000, "ää ö"])
def test_odd_searches_answer_and_match_no_wildcards(as_role, people, text):
    found = _search(as_role("coach"), text)
    if text.strip("%_'\"") == "":
        return  # no words: the list is not narrowed
    assert set(found) <= set(people)


def test_nul_in_a_search_is_refused(as_role, people):
    assert as_role("coach").post("/clients/", {"q": "a\x00b"}).status_code == 400


def test_search_index_follows_edits(app, as_role, world, people):
    coach = as_role("coach")
    with app.app_context():
        client = db.session.get(Client, people[0])
        client.last_name = "Mäkelä"
        db.session.commit()
    assert _search(coach, "järvinen") == []
    assert _search(coach, "makela iida") == [people[0]]
    with app.app_context():
        db.session.delete(db.session.get(Client, people[0]))
        db.session.commit()
        left = db.session.scalar(
            select(func.count()).where(ClientSearchTerm.client_id == people[0])
        )
    assert left == 0


def test_search_is_scoped_to_the_viewer(app, as_role, world, people):
    assert _search(as_role("other_coach"), "järvinen") == []
    assert _search(as_role("other_coach"), "korhonen") == [world.other_client.id]
    assert _search(as_role("coach"), "korhonen") == []
    assert sorted(_search(as_role("admin"), "järv")) == sorted(people)


# --- sorting, filtering, keyset paging ---------------------------------------------------


def test_paging_by_key_with_ties_visits_every_client_once(app, as_role, world):
    ids = _add(
        app,
        world,
        [dict(first_name="Sama", last_name="Nimi", municipality="Oulu") for _ in range(60)],
    )
    coach = as_role("coach")
    seen = _walk(coach, "/clients/")
    assert sorted(seen) == sorted([*ids, world.client.id])
    assert len(seen) == len(set(seen))
    backwards = _walk(coach, "/clients/?sort=-name")
    assert backwards == seen[::-1]


def test_rows_added_between_pages_neither_repeat_nor_vanish(app, as_role, world):
    ids = add_group_clients(app, world, 30)
    coach = as_role("coach")
    first = coach.get("/clients/").get_data(as_text=True)
    shown = _ids(first)
    assert len(shown) == 25
    _add(app, world, [dict(first_name="Aaro", last_name="Aalto")])  # sorts before page 1
    rest = _walk(coach, _next(first))
    assert set(shown) & set(rest) == set()
    assert set(shown) | set(rest) == {*ids, world.client.id}


def test_previous_page_is_the_page_before(app, as_role, world):
    add_group_clients(app, world, 60)
    coach = as_role("coach")
    first = coach.get("/clients/").get_data(as_text=True)
    second = coach.get(_next(first)).get_data(as_text=True)
    prev = re.search(r'<a href="([^"]+)" rel="prev">', second).group(1).replace("&amp;", "&")
    assert _ids(coach.get(prev).get_data(as_text=True)) == _ids(first)


@pytest.mark.parametrize(
    "sort", ["name", "-name", "born", "-born", "municipality", "phase", "-entry"]
)
def test_every_sort_visits_every_client_once(app, as_role, world, sort):
    ids = add_group_clients(app, world, 40)
    seen = _walk(as_role("coach"), f"/clients/?sort={sort}")
    assert sorted(seen) == sorted([*ids, world.client.id])


def test_sorted_header_carries_aria_sort(as_role, world):
    html = as_role("coach").get("/clients/?sort=-born").get_data(as_text=True)
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"><a href="/clients/?sort=born"' in html


def test_filters_narrow_and_stay_in_the_links(app, as_role, world):
    add_group_clients(app, world, 30, state="intake")
    coach = as_role("coach")
    seen = _walk(coach, "/clients/?phase=intake")
    assert len(seen) == 30 and world.client.id not in seen
    page = coach.get("/clients/?phase=intake").get_data(as_text=True)
    assert "phase=intake" in _next(page)
    assert _walk(coach, f"/clients/?group={world.group.id}&phase=intake") == seen
    assert _walk(coach, f"/clients/?company={world.company.id}") == [world.client.id]
    assert _walk(coach, f"/clients/?coach={world.other_coach.id}") == []


@pytest.mark.parametrize(
    "query",
    [
        "sort=password",
        "sort=--name",
        "phase=nonsense",
        "group=abc",
        "coach=99999999999999",
        "after=x",
        "before=1e9",
    ],
)
def test_nonsense_parameters_answer_400_with_a_message(as_role, query):
    response = as_role("coach").get(f"/clients/?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert any(m in html.lower() for m in ("lajitella", "rajau", "sivun linkki")), html[-800:]


def test_a_cursor_to_a_row_out_of_scope_starts_from_the_first_page(as_role, world):
    page = as_role("coach").get(f"/clients/?after={world.other_client.id}")
    assert page.status_code == 200
    assert _ids(page.get_data(as_text=True)) == [world.client.id]


def test_statements_are_flat_with_data_size_deep_in_the_list(app, as_role, world):
    coach, admin = as_role("coach"), as_role("admin")

    def cost(browser, url):
        with count_queries(app) as statements:
            assert browser.get(url).status_code == 200
        return len(statements)

    ids = add_group_clients(app, world, 30)
    small = [cost(coach, f"/clients/?after={ids[5]}"), cost(admin, "/clients/?sort=-entry")]
    ids += add_group_clients(app, world, 300)
    large = [cost(coach, f"/clients/?after={ids[200]}"), cost(admin, "/clients/?sort=-entry")]
    assert small == large


# --- members picker ----------------------------------------------------------------------


def test_members_page_lists_members_not_every_client(app, as_role, world):
    add_group_clients(app, world, 3)
    _add(app, world, [dict(first_name="Ulla", last_name="Ulkopuolinen") for _ in range(40)])
    html = as_role("coach").get(f"/groups/{world.group.id}/members").get_data(as_text=True)
    assert "Ulkopuolinen" not in html
    assert html.count('type="checkbox"') == 4  # the members, each removable on its own


def test_search_and_add_a_member_then_remove_one_by_unticking(app, as_role, world):
    coach = as_role("coach")
    [new] = _add(app, world, [dict(first_name="Ville", last_name="Väänänen")])
    url = f"/groups/{world.group.id}/members"
    found = coach.post(f"{url}/find", {"q": "vaananen"}, follow_redirects=True)
    html = found.get_data(as_text=True)
    assert "Väänänen" in html and f'name="add_ids" type="checkbox" value="{new}"' in html
    saved = coach.post(
        url,
        {"client_ids": [str(world.client.id)], "add_ids": [str(new)], "exception_reason": "x"},
    )
    assert saved.status_code == 302
    assert _members(app, world) == sorted([world.client.id, new])
    unticked = {"client_ids": [str(new)], "exception_reason": "x"}
    assert coach.post(url, unticked).status_code == 200  # asks first
    assert _members(app, world) == sorted([world.client.id, new])
    saved = coach.post(url, {**unticked, "confirmed": "yes"})
    assert saved.status_code == 302
    assert _members(app, world) == [new]


def test_picker_refuses_another_coachs_client_and_a_double_id(app, as_role, world):
    coach = as_role("coach")
    url = f"/groups/{world.group.id}/members"
    bad = coach.post(url, {"add_ids": [str(world.other_client.id)], "exception_reason": "x"})
    assert bad.status_code == 200
    twice = coach.post(
        url,
        {
            "client_ids": [str(world.client.id)],
            "add_ids": [str(world.client.id)],
            "exception_reason": "x",
        },
    )
    assert twice.status_code == 302
    assert _members(app, world) == [world.client.id]
    assert coach.post(f"{url}/find", {"q": "x"}).status_code == 303
    assert coach.post(f"/groups/{world.other_group.id}/members/find", {"q": "x"}).status_code == 404


def _members(app, world) -> list[int]:
    with app.app_context():
        return sorted(
            db.session.scalars(
                select(group_members.c.client_id).where(group_members.c.group_id == world.group.id)
            )
        )


# --- header search -----------------------------------------------------------------------


def _portal_search(browser, text: str) -> str:
    response = browser.post("/search/", {"q": text}, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_header_search_groups_results_by_kind_and_keeps_the_term_out_of_the_url(
    as_role, world, people
):
    coach = as_role("coach")
    sent = coach.post("/search/", {"q": "Järvinen"})
    assert sent.status_code == 303 and "rvinen" not in sent.headers["Location"]
    html = _portal_search(coach, "Järvinen")
    assert f'href="/clients/{people[0]}"' in html and "<h2" in html
    assert "Ryhmä 1" in _portal_search(coach, "ryhmä")
    assert "Ryhmä 2" not in _portal_search(coach, "ryhmä")  # the other coach's group
    assert 'id="site-search-q"' in html


def test_header_search_is_scoped_for_every_role(app, as_role, world, people):
    other = _portal_search(as_role("other_coach"), "järvinen korhonen virtanen")
    assert f"/clients/{people[0]}" not in other
    assert f"/clients/{world.other_client.id}" in _portal_search(as_role("other_coach"), "eetu")
    employer = as_role("employer")
    found = _portal_search(employer, "aino")
    assert f"/trainees/{world.client.id}" in found
    assert "Korhonen" not in _portal_search(employer, "korhonen")
    assert "Järvinen" not in _portal_search(employer, "järvinen")
    assert "Varasto" not in _portal_search(employer, "varasto")  # companies: staff only
    assert f"/clients/{people[0]}" in _portal_search(as_role("admin"), "iida")
    for role in ("client_user",):
        browser = as_role(role)
        assert 'id="site-search-q"' not in browser.get("/").get_data(as_text=True)
        assert browser.post("/search/", {"q": "aino"}).status_code == 403


@pytest.mark.parametrize("text", ["%", "_", "' OR '1'='1", "x" * 10_000, "   "])
def test_header_search_odd_input(as_role, world, text):
    html = _portal_search(as_role("admin"), text)
    assert "Virtanen" not in html


def test_header_search_statements_are_flat_with_data_size(app, as_role, world):
    admin = as_role("admin")
    admin.post("/search/", {"q": "etu suku"})

    def cost():
        with count_queries(app) as statements:
            assert admin.get("/search/").status_code == 200
        return len(statements)

    add_group_clients(app, world, 20)
    small = cost()
    add_group_clients(app, world, 200)
    assert cost() == small


def test_hook_portal_search_results(app, as_role, world):
    from plugins.recognition.models import RecognitionQualification

    with app.app_context():
        qual = RecognitionQualification(
            source_id="1",
            name={"fi": "Logistiikan perustutkinto"},
            name_fi="Logistiikan perustutkinto",
            diary_number="OPH-1-2026",
        )
        db.session.add(qual)
        db.session.commit()
        qual_id = qual.id
    html = _portal_search(as_role("coach"), "logistiikan")
    assert f"/p/recognition/qualifications/{qual_id}" in html and "OPH-1-2026" in html


def test_the_migration_fills_the_index_of_existing_clients(empty_db_app):
    from sqlalchemy import text

    app = empty_db_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0012_subject"]).exit_code == 0
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO clients (id, first_name, last_name, email, phone, birth_year,"
                " municipality, referral_source, highest_education,"
                " has_vocational_qualification, goal, preferred_fields, work_history,"
                " entry_date, employment_status, state, version, created_at, updated_at)"
                " VALUES (7, 'Iida', 'Järvinen', '', '040 123 4567', 2004, 'Espoo', '',"
                " 'basic', FALSE, 'unclear', '', '', '2026-01-01', 'unknown', 'intake', 1,"
                " '2026-01-01', '2026-01-01')"
            )
        )
        db.session.commit()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        terms = set(
            db.session.scalars(select(ClientSearchTerm.term).where(ClientSearchTerm.client_id == 7))
        )
    assert {"iida", "jarvinen", "espoo", "0401234567", "358401234567"} <= terms


def test_other_lists_sort_filter_and_refuse_nonsense(app, as_role, world):
    admin, coach = as_role("admin"), as_role("coach")
    groups = admin.get(f"/groups/?coach={world.other_coach.id}&sort=name").get_data(as_text=True)
    assert "Ryhmä 2" in groups and "Ryhmä 1" not in groups
    assert 'aria-sort="ascending"' in groups
    assert "Ryhmä 2" not in coach.get("/groups/").get_data(as_text=True)
    users = admin.get("/admin/users?role=employer&sort=-email").get_data(as_text=True)
    assert users.index("employer@example.fi") < users.index("employer2@example.fi")  # "@" > "2"
    assert "coach@example.fi" not in users
    companies = admin.get("/admin/companies?sort=-name").get_data(as_text=True)
    assert companies.index("Varasto Oy") < companies.index("Kahvila Oy")
    assert admin.get("/admin/outbox?sort=recipient").status_code == 200
    assert as_role("employer").get("/trainees/?sort=end").status_code == 200
    for url in ("/groups/?sort=x", "/admin/users?role=king", "/admin/companies?status=x"):
        assert admin.get(url).status_code == 400, url
    assert as_role("employer").get("/trainees/?after=abc").status_code == 400
    assert coach.get("/p/assessments/?sort=-due").status_code == 200


def test_teachers_and_young_people_have_no_header_search(app, world):
    from portal.models import Role, User
    from portal.search.portal_search import search

    with app.test_request_context():
        teacher = User(email="t@example.fi", name="Opettaja", role=Role.TEACHER)
        db.session.add(teacher)
        db.session.flush()
        young = db.session.get(User, world.client_user.id)
        for viewer in (teacher, young):
            assert search(viewer, "aino virtanen").empty
