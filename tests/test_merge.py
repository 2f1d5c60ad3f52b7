"""Two records of the same young person merged into one: everything of the other moves (the
plugins' rows too), each differing detail as chosen, the other record gone from every list
with its address leading to the record kept; what cannot be merged is refused with a message,
a stale or repeated merge changes nothing, and nobody outside both records' reach gets in."""

from __future__ import annotations

import os
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import event, func, select, update

from plugins.assessments import definitions
from plugins.assessments.models import Assessment
from portal.access.access_log import readings
from portal.access.consents import shared_with_employer
from portal.access.merged import API_PREFIX
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.clients import merge_rules
from portal.clients.merge import merge as merge_records
from portal.clients.merge_rules import CHOSEN
from portal.models import (
    Attendance,
    AuditEvent,
    Client,
    ClientChecks,
    ClientSearchTerm,
    ClientSensitive,
    Consent,
    ConsentScope,
    ContactNote,
    FigureRow,
    GroupSession,
    Outcome,
    Person,
    Placement,
    Project,
    Role,
    User,
    group_members,
)
from portal.privacy import erasure
from portal.rest import PREFIX
from tests.support.api import api_get, token_for
from tests.support.browser import Browser, form_fields
from tests.support.crawl import vnu_available, vnu_errors

TODAY = clock.today()
DAY = timedelta(days=1)


def _twin(world, **fields) -> int:
    """A second record of Aino Virtanen, entered again by the same coach."""
    values = {
        "project_id": world.project.id,
        "first_name": "Aino",
        "last_name": "Virtanen",
        "birth_year": 2004,
        "email": "aino.v@example.fi",
        "phone": "040 111 2222",
        "municipality": "Kuopio",
        "entry_date": TODAY - timedelta(days=5),
        "coach_id": world.coach.id,
        **fields,
    }
    twin = Client(**values)
    db.session.add(twin)
    db.session.commit()
    return twin.id


def _in_english(browser):
    """The browser's pages in English, whose texts the tests read."""
    browser.post("/language", {"lang": "en", "next": "/"}, form_url="/accessibility")
    return browser


def _url(keep: int, other: int) -> str:
    return f"/clients/{keep}/merge/{other}"


def _choices(**taken) -> dict[str, str]:
    """Every detail kept from the record kept, except those named (taken from the other)."""
    return {name: taken.get(name, "keep") for name in CHOSEN}


def _merged_into(app, client_id: int) -> int | None:
    with app.app_context():
        return db.session.get(Client, client_id).merged_into_id


def _fill_twin(world, twin: int) -> dict[str, int]:
    """Rows of the twin in core tables and in a plugin's (an assessment)."""
    forms = definitions.available()
    definition = definitions.stored(forms["working_life_skills"])
    rows = {
        "placement": Placement(
            client_id=twin,
            company_id=world.other_company.id,
            start_date=TODAY - timedelta(days=200),
            end_date=TODAY - timedelta(days=150),
            tasks="Kahvila",
        ),
        "note": ContactNote(client_id=twin, on=TODAY, summary="Soitettu"),
        "outcome": Outcome(client_id=twin, kind="study_place", on=TODAY - timedelta(days=1)),
        "assessment": Assessment(
            client_id=twin,
            definition_id=definition.id,
            form_key=definition.key,
            filled_by="client",
            occasion="intake",
            due_on=TODAY,
        ),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return {name: row.id for name, row in rows.items()}


def test_the_merge_moves_every_row_and_keeps_the_details_chosen(app, world, as_role):
    with app.test_request_context():
        twin = _twin(world)
        rows = _fill_twin(world, twin)
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    page = coach.get(url)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="email"' in html and 'name="first_name"' not in html
    assert "aino.v@example.fi" in html and "Kahvila" not in html  # details, not the rows
    answer = coach.post(url, _choices(email="other", municipality="other"))
    assert answer.status_code == 302 and answer.location.endswith(f"/clients/{world.client.id}")
    with app.app_context():
        keep = db.session.get(Client, world.client.id)
        assert (keep.email, keep.municipality) == ("aino.v@example.fi", "Kuopio")
        assert keep.phone == "" and keep.entry_date == world.client.entry_date  # kept its own
        for model, name in (
            (Placement, "placement"),
            (ContactNote, "note"),
            (Outcome, "outcome"),
            (Assessment, "assessment"),
        ):
            assert db.session.get(model, rows[name]).client_id == keep.id, name
        gone = db.session.get(Client, twin)
        assert gone.merged_into_id == keep.id and gone.merged_at is not None
        assert (gone.first_name, gone.last_name, gone.email) == ("", f"#{twin}", "")
        assert (
            db.session.scalar(select(func.count()).where(ClientSearchTerm.client_id == twin)) == 0
        )
        # the reports count the young person once, through the record kept
        assert db.session.scalar(select(func.count()).where(FigureRow.client_id == twin)) == 0
        assert db.session.scalar(select(func.count()).where(ClientChecks.client_id == twin)) == 0
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.in_(("client.merge", "client.merged_into")))
        ).all()
    merge = next(e for e in events if e.action == "client.merge")
    assert (merge.client_id, merge.object_id, merge.actor_id) == (keep.id, twin, world.coach.id)
    assert merge.purpose == "taken from the merged record: email, municipality"
    assert [(e.client_id, e.object_id) for e in events if e.action == "client.merged_into"] == [
        (twin, keep.id)
    ]


def test_the_merged_record_is_gone_from_the_list_search_and_intake(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    assert coach.post(_url(world.client.id, twin), _choices()).status_code == 302
    for browser, q in ((coach, ""), (coach, "Virtanen"), (as_role("admin"), "")):
        browser.post("/clients/", {"q": q}, form_url="/clients/")
        listing = browser.get("/clients/").get_data(as_text=True)
        assert f'href="/clients/{world.client.id}"' in listing
        assert f'href="/clients/{twin}"' not in listing
    coach.post("/search/", {"q": "aino"}, form_url="/search/")
    assert f"/clients/{twin}" not in coach.get("/search/").get_data(as_text=True)
    typed = {
        **form_fields(coach, "/clients/new"),
        "first_name": "Aino",
        "last_name": "Virtanen",
        "birth_year": "2004",
        "highest_education": "basic",
        "goal": "study",
        "entry_date": TODAY.isoformat(),
        "email": "aino.v@example.fi",
    }
    asked = coach.client.post("/clients/new", data=typed).get_data(as_text=True)
    assert f'href="/clients/{world.client.id}"' in asked and f"/clients/{twin}" not in asked


def test_a_merged_address_leads_to_the_record_kept_for_those_who_may_see_it(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    assert coach.post(_url(world.client.id, twin), _choices()).status_code == 302
    page = coach.get(f"/clients/{twin}")
    assert page.status_code == 302 and page.location.endswith(f"/clients/{world.client.id}")
    edit = coach.get(f"/clients/{twin}/edit?client_id=1&x=%3Cb%3E")
    assert edit.location.endswith(f"/clients/{world.client.id}/edit?x=%3Cb%3E")
    sent = coach.client.post(
        f"/clients/{twin}/edit", data=form_fields(coach, f"/clients/{world.client.id}/edit")
    )
    assert sent.status_code == 410
    assert f'href="/clients/{world.client.id}"' in sent.get_data(as_text=True)
    assert as_role("other_coach").get(f"/clients/{twin}").status_code == 404
    # a merged record is not a young person of the merge page either: back to the one kept
    again = coach.get(_url(world.client.id, twin))
    assert again.status_code == 302 and again.location.endswith(f"/clients/{world.client.id}")


def test_a_stale_record_is_refused_and_nothing_moves(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
        db.session.add(ContactNote(client_id=twin, on=TODAY, summary="x"))
        db.session.commit()
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    for stale in (twin, world.client.id):
        fields = {**form_fields(coach, url), **_choices()}
        with app.app_context():
            changed = db.session.get(Client, stale)
            changed.municipality = f"Muuttunut {stale}"
            db.session.commit()
        answer = coach.client.post(url, data=fields)
        assert answer.status_code == 409
        assert "Someone else changed this record" in answer.get_data(as_text=True)
        assert _merged_into(app, twin) is None
    with app.app_context():
        assert db.session.scalar(select(ContactNote.client_id)) == twin


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999"])
def test_a_form_without_a_well_formed_version_of_the_other_saves_nothing(
    app, world, as_role, version
):
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    fields = {**form_fields(coach, url), **_choices(), "other_version": version}
    assert coach.client.post(url, data=fields).status_code in (400, 409)
    assert _merged_into(app, twin) is None


def test_a_merge_sent_twice_merges_once(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    fields = {**form_fields(coach, url), **_choices(phone="other")}
    first = coach.client.post(url, data=fields)
    second = coach.client.post(url, data=fields)
    assert first.status_code == second.status_code == 302
    assert second.location.endswith(f"/clients/{world.client.id}")
    with app.app_context():
        count = select(func.count()).where(AuditEvent.action == "client.merge")
        assert db.session.scalar(count) == 1
        assert db.session.get(Client, world.client.id).phone == "040 111 2222"


def test_a_choice_left_out_is_asked_for_again(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    choices = _choices()
    del choices["email"]
    answer = coach.post(_url(world.client.id, twin), choices)
    assert answer.status_code == 400 and 'href="#email"' in answer.get_data(as_text=True)
    assert _merged_into(app, twin) is None


def test_nobody_outside_both_records_reach_may_merge(app, world, as_role):
    """The other coach's young person is not offered and cannot be merged, from either side;
    the other coach may not merge this coach's either; other roles are refused."""
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    other = world.other_client.id
    for url in (_url(world.client.id, other), _url(other, world.client.id)):
        page = coach.get(url)
        assert page.status_code == 404 and "Korhonen" not in page.get_data(as_text=True)
        token = form_fields(coach, "/clients/new")
        assert coach.client.post(url, data={**token, **_choices()}).status_code == 404
    assert as_role("other_coach").get(_url(world.client.id, twin)).status_code == 404
    assert as_role("other_coach").get(_url(other, twin)).status_code == 404
    for role in ("employer", "client_user"):
        browser = as_role(role)
        assert browser.get(_url(world.client.id, twin)).status_code == 403
        assert browser.get(f"/clients/{world.client.id}/duplicates").status_code == 403
        token = form_fields(browser, "/accessibility")
        answer = browser.client.post(_url(world.client.id, twin), data=token)
        assert answer.status_code == 403
    coach.post(f"/clients/{world.client.id}/duplicates", {"q": "Korhonen"})
    found = coach.get(f"/clients/{world.client.id}/duplicates").get_data(as_text=True)
    assert f"/clients/{other}" not in found and f"merge/{other}" not in found
    assert _merged_into(app, twin) is None and _merged_into(app, other) is None


def test_the_duplicates_page_offers_likely_ones_and_a_search(app, world, as_role):
    with app.app_context():
        twin = _twin(world, first_name="Áino", email="other@example.fi")
        stranger = _twin(world, first_name="Eeva", last_name="Muu", email="", phone="")
    coach = _in_english(as_role("coach"))
    url = f"/clients/{world.client.id}/duplicates"
    html = coach.get(url).get_data(as_text=True)
    assert f'href="{_url(world.client.id, twin)}"' in html
    assert _url(world.client.id, stranger) not in html
    assert _url(world.client.id, world.client.id) not in html
    coach.post(url, {"q": "Muu"})
    found = coach.get(url).get_data(as_text=True)
    assert f'href="{_url(world.client.id, stranger)}"' in found
    assert f'href="/clients/{world.client.id}/duplicates"' in coach.get(
        f"/clients/{world.client.id}"
    ).get_data(as_text=True)
    with app.app_context():
        shown = select(AuditEvent.client_id).where(AuditEvent.object_type == "client.duplicate")
        assert {twin, stranger} <= set(db.session.scalars(shown))


def test_placements_at_the_same_time_are_refused_with_a_message(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
        db.session.add(
            Placement(
                client_id=twin,
                company_id=world.other_company.id,
                start_date=TODAY + timedelta(days=5),
                end_date=TODAY + timedelta(days=40),
            )
        )
        db.session.commit()
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    page = coach.get(url).get_data(as_text=True)
    assert "Both have a placement at the same time" in page and "Kahvila Oy" in page
    assert 'name="email"' not in page  # no form to send
    token = form_fields(coach, "/clients/new")
    with app.app_context():
        versions = {
            "version": str(db.session.get(Client, world.client.id).version),
            "other_version": str(db.session.get(Client, twin).version),
        }
    answer = coach.client.post(url, data={**token, **versions, **_choices()})
    assert answer.status_code == 400
    assert "Both have a placement at the same time" in answer.get_data(as_text=True)
    assert _merged_into(app, twin) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Placement.client_id == twin)) == 1


def test_what_a_young_person_has_once_is_refused_when_both_have_it(app, world, as_role):
    """Outcomes (the core's unique index) and the baseline self-assessment (a plugin's
    partial unique index) cannot be had twice."""
    with app.test_request_context():
        twin = _twin(world)
        rows = _fill_twin(world, twin)
        db.session.add(Outcome(client_id=world.client.id, kind="study_place", on=TODAY))
        assessment = db.session.get(Assessment, rows["assessment"])
        db.session.add(
            Assessment(
                client_id=world.client.id,
                definition_id=assessment.definition_id,
                form_key=assessment.form_key,
                filled_by="client",
                occasion="intake",
                due_on=TODAY,
            )
        )
        db.session.commit()
    coach = _in_english(as_role("coach"))
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert page.count("which a young person can have only one of") == 2
    assert "“Outcome”" in page and "“Assessments”" in page
    assert _merged_into(app, twin) is None


def test_a_record_further_along_is_kept_instead(app, world, as_role):
    with app.app_context():
        twin = _twin(world, state="attitude_training")
    coach = _in_english(as_role("coach"))
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "is further along the path" in page
    assert f'href="{_url(twin, world.client.id)}"' in page
    assert coach.get(_url(twin, world.client.id)).status_code == 200


def test_the_sign_in_follows_and_the_access_log_holds_both_records_reads(app, world, as_role):
    """Aino's record with her sign-in is merged into the twin: she signs in to the record
    kept, and the list of who has read her data holds the reads of both records."""
    with app.app_context():
        twin = _twin(world)
        db.session.add(ClientSensitive(client_id=twin, support_needs=""))
        db.session.add(ClientSensitive(client_id=world.client.id, support_needs="Tukea"))
        db.session.commit()
    coach = _in_english(as_role("coach"))
    assert coach.get(f"/clients/{world.client.id}").status_code == 200  # a read of the one merged
    assert coach.post(_url(twin, world.client.id), _choices()).status_code == 302
    with app.app_context():
        kept = db.session.get(Client, twin)
        assert kept.user_id == world.client_user.id
        assert db.session.get(ClientSensitive, twin).support_needs == "Tukea"
        assert db.session.get(ClientSensitive, world.client.id) is None
        reads = set(
            db.session.scalars(
                select(AuditEvent.id).where(
                    AuditEvent.client_id == world.client.id,
                    AuditEvent.actor_id == world.coach.id,
                    AuditEvent.action.like("%read"),
                )
            )
        )
        with app.test_request_context():
            page, _older = readings(twin)
        assert reads and reads <= {r.id for r in page}
    young = as_role("client_user")
    assert young.get("/my/data/").status_code == 200
    assert young.get("/").status_code == 200
    copy = young.get("/my/copy.json").get_json()
    (basics,) = (s for s in copy["tables"] if s["table"] == "clients")
    assert {row["id"] for row in basics["rows"]} == {twin, world.client.id}
    (trail,) = (s for s in copy["tables"] if s["table"] == "audit_events")
    assert reads <= {row["id"] for row in trail["rows"]}


def test_differing_support_needs_are_refused(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
        db.session.add(ClientSensitive(client_id=twin, support_needs="TUKI-SALAINEN-A"))
        db.session.add(ClientSensitive(client_id=world.client.id, support_needs="TUKI-SALAINEN-B"))
        db.session.commit()
    page = _in_english(as_role("coach")).get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "Both have support needs or language recorded" in page
    assert "TUKI-SALAINEN" not in page  # compared, never shown


def test_a_group_both_were_in_is_kept_once_and_attendance_has_to_agree(app, world, as_role):
    with app.app_context():
        twin = _twin(world)
        db.session.execute(group_members.insert().values(group_id=world.group.id, client_id=twin))
        session = GroupSession(group_id=world.group.id, on=TODAY - timedelta(days=25), title="A")
        db.session.add(session)
        db.session.flush()
        db.session.add_all(
            [
                Attendance(session_id=session.id, client_id=world.client.id, status="present"),
                Attendance(session_id=session.id, client_id=twin, status="absent"),
            ]
        )
        db.session.commit()
        session_id = session.id
    coach = _in_english(as_role("coach"))
    url = _url(world.client.id, twin)
    assert "Their attendance differs" in coach.get(url).get_data(as_text=True)
    with app.app_context():
        db.session.execute(
            Attendance.__table__.update()
            .where(Attendance.client_id == twin)
            .values(status="present")
        )
        db.session.commit()
    assert coach.post(url, _choices()).status_code == 302
    with app.app_context():
        members = select(group_members.c.client_id).where(
            group_members.c.group_id == world.group.id
        )
        assert list(db.session.scalars(members)) == [world.client.id]
        marked = select(Attendance.client_id).where(Attendance.session_id == session_id)
        assert list(db.session.scalars(marked)) == [world.client.id]


def test_continuing_with_a_likely_duplicate_keeps_what_was_typed(app, world, as_role):
    coach = _in_english(as_role("coach"))
    typed = {
        "first_name": "Aino",
        "last_name": "Virtanen",
        "birth_year": "2004",
        "highest_education": "basic",
        "goal": "study",
        "municipality": "Iisalmi",
        "work_history": '=HYPERLINK("x")',
        "entry_date": TODAY.isoformat(),
    }
    asked = coach.client.post("/clients/new", data={**form_fields(coach, "/clients/new"), **typed})
    html = asked.get_data(as_text=True)
    assert f'name="existing" value="{world.client.id}"' in html
    other = {**form_fields(coach, "/clients/new"), **typed, "existing": str(world.other_client.id)}
    assert coach.client.post("/clients/new", data=other).status_code == 404
    assert 'value="Iisalmi"' not in coach.get("/clients/new").get_data(as_text=True)
    go = {**form_fields(coach, "/clients/new"), **typed, "existing": str(world.client.id)}
    went = coach.client.post("/clients/new", data=go)
    assert went.status_code == 302 and went.location.endswith(f"/clients/{world.client.id}")
    with app.app_context():
        assert db.session.scalar(select(func.count(Client.id))) == 2  # nobody added
    back = coach.get("/clients/new").get_data(as_text=True)
    assert 'value="Iisalmi"' in back and "=HYPERLINK(&#34;x&#34;)" in back
    assert as_role("other_coach").get("/clients/new").status_code == 200
    saved = {**form_fields(coach, "/clients/new"), **typed, "confirm_new": "yes"}
    assert coach.client.post("/clients/new", data=saved).status_code == 302
    assert 'value="Iisalmi"' not in coach.get("/clients/new").get_data(as_text=True)


def test_erasing_the_record_kept_erases_the_merged_one(app, world, as_role):
    """The merged record, its person and the closed sign-in it had go with the record kept:
    nothing of the young person is left that erasure cannot find."""
    with app.app_context():
        old = User(email="aino.old@example.fi", name="Aino V", role=Role.CLIENT, active=False)
        db.session.add(old)
        db.session.flush()
        twin = _twin(world, user_id=old.id)
        old_id, people = old.id, {world.client.person_id, db.session.get(Client, twin).person_id}
    assert as_role("coach").post(_url(world.client.id, twin), _choices()).status_code == 302
    with app.test_request_context():
        keep = db.session.get(Client, world.client.id)
        if erasure.why_not_erasable(keep):
            pytest.skip("the project's funder keeps the records")
        erasure.erase(keep, db.session.get(User, world.admin.id), "Pyyntö")
        assert db.session.get(Client, twin) is None
        assert db.session.scalar(select(func.count()).where(Person.id.in_(people))) == 0
        for account in (old_id, world.client_user.id):
            user = db.session.get(User, account)
            assert user.email == f"removed-{account}@invalid" and user.name == "", account
            assert not user.active and user.password_hash is None


def test_the_pages_have_no_html_errors(app, world, as_role, tmp_path):
    if not vnu_available():
        if os.environ.get("CI") == "true":
            pytest.fail("the Nu Html Checker is missing")
        pytest.skip("the Nu Html Checker is absent (npm ci; Java 17)")
    with app.app_context():
        twin = _twin(world)
        late = _twin(world, state="intake")
    coach = _in_english(as_role("coach"))
    pages = {
        "merge": coach.get(_url(world.client.id, twin)),
        "refused": coach.get(_url(world.client.id, late)),
        "duplicates": coach.get(f"/clients/{world.client.id}/duplicates"),
    }
    choices = _choices()
    del choices["email"]
    pages["errors"] = coach.post(_url(world.client.id, twin), choices)
    assert coach.post(_url(world.client.id, twin), _choices()).status_code == 302
    pages["merged"] = coach.client.post(
        f"/clients/{twin}/edit", data=form_fields(coach, f"/clients/{world.client.id}/edit")
    )
    html = {name: page.get_data(as_text=True) for name, page in pages.items()}
    assert vnu_errors(html, tmp_path) == {}


def test_the_details_chosen_are_held_to_the_intake_s_rules(app, world, as_role):
    """A year of birth taken from the other record that makes the entry date of the record
    kept come before the young person turned 15 is refused next to its choice."""
    with app.app_context():
        twin = _twin(world, birth_year=TODAY.year - 10)
        db.session.add(ContactNote(client_id=twin, on=TODAY, summary="x"))
        db.session.commit()
    coach = _in_english(as_role("coach"))
    answer = coach.post(_url(world.client.id, twin), _choices(birth_year="other"))
    assert answer.status_code == 400 and 'id="birth_year-error"' in answer.get_data(as_text=True)
    assert _merged_into(app, twin) is None
    with app.app_context():
        assert db.session.scalar(select(ContactNote.client_id)) == twin
        assert db.session.get(Client, world.client.id).birth_year == 2004


def test_a_record_is_not_merged_into_itself(app, world, as_role):
    coach = _in_english(as_role("coach"))
    assert coach.get(_url(world.client.id, world.client.id)).status_code == 404


def test_a_record_enrolled_elsewhere_too_is_the_one_kept(app, world, as_role):
    """Enrolments of one person in two projects stay linked (ADR 0029): the record with an
    enrolment elsewhere is kept, and merging it away is refused."""
    with app.app_context():
        twin = _twin(world)
        person = db.session.get(Client, twin).person_id
        second = Project(
            organisation_id=db.session.get(Project, world.project.id).organisation_id,
            name="Toinen",
            period_start=TODAY - timedelta(days=900),
            period_end=TODAY - timedelta(days=400),
        )
        db.session.add(second)
        db.session.flush()
        db.session.add(
            Client(
                person_id=person,
                project_id=second.id,
                first_name="Aino",
                last_name="Virtanen",
                birth_year=2004,
                entry_date=TODAY - timedelta(days=800),
            )
        )
        db.session.commit()
    coach = _in_english(as_role("coach"))
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "is enrolled in other projects too" in page
    assert f'href="{_url(twin, world.client.id)}"' in page
    assert coach.post(_url(twin, world.client.id), _choices()).status_code == 302
    assert _merged_into(app, world.client.id) == twin


def test_a_consent_withdrawn_on_either_record_stays_withdrawn(app, world, as_role):
    """The newest decision of each scope, across both records, is the one in force: a consent
    given on the twin before Aino withdrew it on the record kept is withdrawn by the merge; one
    given again after a withdrawal stays. The merge page lists the consents that move."""
    now = clock.utcnow()
    with app.app_context():
        twin = _twin(world)
        old = Consent(client_id=twin, scope=ConsentScope.INTAKE_SUMMARY, given_at=now - DAY * 30)
        again = Consent(client_id=twin, scope=ConsentScope.LANGUAGE_SUPPORT, given_at=now - DAY)
        db.session.add_all([old, again])
        db.session.add_all(
            Consent(
                client_id=world.client.id, scope=scope, given_at=now - DAY * 20, withdrawn_at=at
            )
            for scope, at in (
                (ConsentScope.INTAKE_SUMMARY, now - DAY * 5),
                (ConsentScope.LANGUAGE_SUPPORT, now - DAY * 3),
            )
        )
        client = db.session.get(Client, world.client.id)
        client.goal, client.preferred_fields = "study", "Hoiva"
        db.session.commit()
        old_id, again_id = old.id, again.id
    coach = _in_english(as_role("coach"))
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert page.count("withdrawn by the merge") == 1 and "in force" in page
    assert coach.post(_url(world.client.id, twin), _choices()).status_code == 302
    with app.app_context():
        assert db.session.get(Consent, old_id).withdrawn_at is not None
        assert db.session.get(Consent, again_id).withdrawn_at is None
        shared = shared_with_employer(db.session.get(Client, world.client.id))
        assert not shared.goal and not shared.prior_learning and shared.language_support
        withdrawals = select(func.count()).where(AuditEvent.action == "consent.withdraw")
        assert db.session.scalar(withdrawals) == 1
    trainee = as_role("employer").get(f"/trainees/{world.client.id}").get_data(as_text=True)
    assert "Hoiva" not in trainee


def _project_manager(world) -> None:
    coach = db.session.get(User, world.coach.id)
    db.session.add(
        User(
            email="pm@example.fi",
            name="Pirjo Päällikkö",
            role=Role.PROJECT_MANAGER,
            project_id=world.project.id,
            password_hash=coach.password_hash,
            active=True,
            totp_secret=pyotp.random_base32(),
        )
    )
    db.session.commit()


def test_support_needs_are_told_of_only_to_the_coach(app, world, as_role):
    """The project manager (who may not read them) and the admin (only with a stated purpose)
    learn nothing of support needs here; the coach's comparison is an audited sensitive read."""
    with app.app_context():
        _project_manager(world)
        twin = _twin(world)
        db.session.add(ClientSensitive(client_id=twin, learning_difficulties="Lukihäiriö"))
        db.session.add(ClientSensitive(client_id=world.client.id, immigrant_background=True))
        db.session.commit()
    manager = Browser(app.test_client())
    assert manager.login("pm@example.fi").status_code == 302
    for browser in (_in_english(manager), _in_english(as_role("admin"))):
        page = browser.get(_url(world.client.id, twin)).get_data(as_text=True)
        assert "Support needs and language" not in page and "support needs" not in page
        assert "coach may see differs between the two records. Ask the young person" in page
    with app.app_context():
        sensitive_reads = select(func.count()).where(AuditEvent.action == "sensitive.read")
        assert db.session.scalar(sensitive_reads) == 0
        db.session.get(ClientSensitive, world.client.id).immigrant_background = False
        db.session.commit()
    page = _in_english(manager).get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "Support needs and language" not in page
    coach = _in_english(as_role("coach"))
    assert "Support needs and language: 1" in coach.get(_url(world.client.id, twin)).text
    with app.app_context():
        db.session.get(ClientSensitive, world.client.id).immigrant_background = True
        db.session.commit()
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "Both have support needs or language recorded" in page
    with app.app_context():
        read = select(AuditEvent.client_id).where(
            AuditEvent.action == "sensitive.read", AuditEvent.actor_id == world.coach.id
        )
        assert set(db.session.scalars(read)) == {world.client.id, twin}


def test_a_closed_sign_in_of_the_other_record_is_anonymised(app, world, as_role):
    with app.app_context():
        old = User(email="aino.old@example.fi", name="Aino V", role=Role.CLIENT, active=False)
        db.session.add(old)
        db.session.flush()
        twin = _twin(world, user_id=old.id)
        old_id = old.id
    assert as_role("coach").post(_url(world.client.id, twin), _choices()).status_code == 302
    with app.app_context():
        account = db.session.get(User, old_id)
        assert account.email == f"removed-{old_id}@invalid" and account.name == ""
        assert db.session.get(Client, world.client.id).user_id == world.client_user.id


def test_someone_still_taking_part_is_not_merged_into_an_ended_record(app, world, as_role):
    with app.app_context():
        twin = _twin(world, state="workplace_coaching", first_name="Aino <i>")
        db.session.add(
            Placement(
                client_id=twin,
                company_id=world.other_company.id,
                start_date=TODAY - timedelta(days=10),
                end_date=TODAY + timedelta(days=40),
            )
        )
        db.session.get(Client, world.client.id).state = "closed"
        for placement in db.session.scalars(
            select(Placement).where(Placement.client_id == world.client.id)
        ):
            placement.ended_on = TODAY - timedelta(days=30)
        db.session.commit()
    coach = _in_english(as_role("coach"))
    page = coach.get(_url(world.client.id, twin)).get_data(as_text=True)
    assert "still taking part" in page and "enrol them again" in page
    assert "Aino &lt;i&gt; Virtanen is still" in page  # a name is text, never markup
    assert coach.post(_url(world.client.id, twin), _choices()).status_code in (400, 409)
    assert _merged_into(app, twin) is None


def test_a_merged_id_in_a_plugin_s_api_is_a_404_and_odd_queries_are_no_500(app, world, as_role):
    assert API_PREFIX == PREFIX
    with app.app_context():
        twin = _twin(world)
    coach = _in_english(as_role("coach"))
    assert coach.post(_url(world.client.id, twin), _choices()).status_code == 302
    secret = token_for(app, world.coach.id)
    for path in (f"/clients/{twin}", f"/p/assessments/clients/{twin}"):
        answer = api_get(app, path, secret)
        assert answer.status_code == 404 and "Location" not in answer.headers, path
    for query in ("_method=DELETE", "_external=1&_scheme=javascript", "endpoint=x&values=y"):
        page = coach.client.get(f"/clients/{twin}?{query}")
        assert page.status_code == 302, query
        assert page.location == f"/clients/{world.client.id}?{query}"


def test_the_merge_locks_both_records_and_checks_them_again(app, world):
    """Both rows are locked in id order and read again; what changed meanwhile is refused."""
    with app.test_request_context():
        twin = _twin(world)
        keep, other = db.session.get(Client, world.client.id), db.session.get(Client, twin)
        locks = []

        def seen(state):
            if state.is_select and state.statement._for_update_arg is not None:
                locks.append(state.statement)

        db.session.execute(
            update(Client)
            .where(Client.id == twin)
            .values(state="follow_up")
            .execution_options(synchronize_session=False)
        )  # another merge's or edit's change, not yet seen by this session
        event.listen(db.session, "do_orm_execute", seen)
        try:
            with pytest.raises(RuleError, match="Aino Virtanen"):  # further along now
                merge_records(keep, other, {}, db.session.get(User, world.coach.id))
        finally:
            event.remove(db.session, "do_orm_execute", seen)
        assert len(locks) == 1


def test_a_row_the_database_refuses_is_a_refusal_not_a_500(app, world, as_role, monkeypatch):
    with app.app_context():
        twin = _twin(world, state="closed")
        db.session.add(Outcome(client_id=twin, kind="study_place", on=TODAY))
        db.session.add(Outcome(client_id=world.client.id, kind="job", on=TODAY))
        db.session.get(Client, world.client.id).state = "closed"
        for placement in db.session.scalars(select(Placement)):
            placement.ended_on = TODAY - timedelta(days=30)
        db.session.commit()
    monkeypatch.setattr(merge_rules, "_collisions", lambda keep, other: [])  # missed meanwhile
    coach = _in_english(as_role("coach"))
    answer = coach.post(_url(world.client.id, twin), _choices())
    assert answer.status_code == 400 and "Nothing was merged" in answer.text
    assert _merged_into(app, twin) is None
