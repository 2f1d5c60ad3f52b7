"""Every forbidden move, bad input, scope rule and risk signal of the pathway."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.app import clock
from portal.app.extensions import db
from portal.models import (
    Attendance,
    Checkpoint,
    Client,
    ClientSensitive,
    Consent,
    ContactNote,
    GroupSession,
    Outcome,
    Placement,
    PlacementInterruption,
    PriorLearning,
    StateTransition,
)
from portal.pathway.risks import risk_signals
from tests.conftest import (
    add_group_clients,
    count_queries,
    form_fields,
    move,
    set_state,
    state_of,
)

TODAY = clock.today()


ALL = [
    "referred",
    "intake",
    "attitude_training",
    "workplace_coaching",
    "checkpoint",
    "pathway",
    "follow_up",
    "closed",
]
ALLOWED_BY_HAND = {
    "referred": {"intake", "pathway"},
    "intake": {"attitude_training", "pathway"},
    "attitude_training": {"workplace_coaching", "pathway"},
    "workplace_coaching": set(),  # the world's placement is running
    "checkpoint": set(),
    "pathway": set(),
    "follow_up": {"closed"},
    "closed": set(),
}


@pytest.mark.parametrize("start", ALL)
def test_forbidden_moves_are_refused_and_change_nothing(app, as_role, world, start):
    coach = as_role("coach")
    for target in ALL:
        if target in ALLOWED_BY_HAND[start]:
            continue
        set_state(app, world.client.id, start)
        response = move(coach, world.client.id, target)
        assert response.status_code == 302
        assert state_of(app, world.client.id) == start, (start, target)
        flashed = coach.get(f"/clients/{world.client.id}").get_data(as_text=True)
        assert 'class="flash flash-error"' in flashed, (start, target)
    with app.app_context():
        assert db.session.scalar(select(func.count(StateTransition.id))) == 0


def test_workplace_coaching_cannot_be_left_directly(app, as_role, world):
    set_state(app, world.client.id, "workplace_coaching")
    coach = as_role("coach")
    move(coach, world.client.id, "pathway")
    assert "ei voi keskeyttää suoraan" in coach.get(f"/clients/{world.client.id}").get_data(
        as_text=True
    )
    ending = coach.post(
        f"/clients/{world.client.id}/placements/{world.placement.id}/end",
        {"on": TODAY.isoformat(), "reason": "lopettaa"},
    )
    assert ending.status_code == 400 and "Check Point" in ending.get_data(as_text=True)
    assert state_of(app, world.client.id) == "workplace_coaching"


def test_exit_before_workplace_coaching_needs_a_reason(app, as_role, world):
    set_state(app, world.client.id, "intake")
    coach = as_role("coach")
    move(coach, world.client.id, "pathway", reason="")
    assert state_of(app, world.client.id) == "intake"
    move(coach, world.client.id, "pathway", reason="Muutti toiselle paikkakunnalle")
    assert state_of(app, world.client.id) == "pathway"


def test_moving_to_workplace_coaching_needs_a_placement(app, as_role, world):
    with app.app_context():
        db.session.delete(db.session.get(Placement, world.placement.id))
        db.session.commit()
    set_state(app, world.client.id, "attitude_training")
    coach = as_role("coach")
    move(coach, world.client.id, "workplace_coaching")
    assert state_of(app, world.client.id) == "attitude_training"


def _placement(**overrides):
    data = {
        "supervisor_id": "0",
        "kind": "workplace_coaching",
        "start_date": (TODAY + timedelta(days=100)).isoformat(),
        "end_date": (TODAY + timedelta(days=160)).isoformat(),
        "part_time_percent": "100",
        "tasks": "",
        "next_step": "",
        "length_reason": "",
    }
    data.update(overrides)
    return data


def test_placement_bad_input_stores_nothing(app, as_role, world):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/placements/new"
    cases = {
        "ei voi olla ennen": _placement(end_date=(TODAY + timedelta(days=90)).isoformat()),
        "menevät päällekkäin": _placement(
            start_date=TODAY.isoformat(), end_date=(TODAY + timedelta(days=40)).isoformat()
        ),
        "saman yrityksen työpaikkaohjaaja": _placement(supervisor_id=str(world.other_employer.id)),
        "1–3 kuukautta": _placement(end_date=(TODAY + timedelta(days=110)).isoformat()),
        "10–100": _placement(part_time_percent="5"),
    }
    for message, data in cases.items():
        response = coach.post(url, {**data, "company_id": str(world.company.id)})
        assert response.status_code == 400, message
        assert message in response.get_data(as_text=True), message
    with app.app_context():
        assert db.session.scalar(select(func.count(Placement.id))) == 2
    confirmed = _placement(
        end_date=(TODAY + timedelta(days=110)).isoformat(),
        length_reason="Kesätyö",
        company_id=str(world.company.id),
        supervisor_id=str(world.employer.id),
    )
    assert coach.post(url, confirmed).status_code == 302


def test_interruption_rules(app, as_role, world):
    coach = as_role("coach")
    url = f"/clients/{world.client.id}/placements/{world.placement.id}/interruptions/new"
    inside = {
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=3)).isoformat(),
        "reason": "Sairaus",
    }
    assert coach.post(url, inside).status_code == 302
    overlapping = {**inside, "start_date": (TODAY + timedelta(days=2)).isoformat()}
    assert "päällekkäin" in coach.post(url, overlapping).get_data(as_text=True)
    outside = {
        **inside,
        "start_date": (TODAY + timedelta(days=200)).isoformat(),
        "end_date": (TODAY + timedelta(days=201)).isoformat(),
    }
    assert "osuttava jakson ajalle" in coach.post(url, outside).get_data(as_text=True)
    wrong_order = {**inside, "end_date": (TODAY - timedelta(days=1)).isoformat()}
    assert coach.post(url, wrong_order).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(PlacementInterruption.id))) == 1


def test_two_coaches_editing_one_placement(app, as_role, world):
    from portal.models import group_coaches

    with app.app_context():
        db.session.execute(
            group_coaches.insert().values(group_id=world.group.id, user_id=world.other_coach.id)
        )
        db.session.commit()
    first, second = as_role("coach"), as_role("other_coach")
    url = f"/clients/{world.client.id}/placements/{world.placement.id}"
    opened_a, opened_b = form_fields(first, url), form_fields(second, url)
    data = {
        "company_id": str(world.company.id),
        "supervisor_id": str(world.employer.id),
        "kind": "workplace_coaching",
        "start_date": (TODAY - timedelta(days=10)).isoformat(),
        "end_date": (TODAY + timedelta(days=50)).isoformat(),
        "part_time_percent": "100",
        "length_reason": "",
    }
    assert first.post(url, {**opened_a, **data, "tasks": "A"}).status_code == 302
    clash = second.post(url, {**opened_b, **data, "tasks": "B"})
    assert clash.status_code == 409
    with app.app_context():
        assert db.session.get(Placement, world.placement.id).tasks == "A"


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"kind": "employed_same_field", "employer_name": "", "field": "kauppa"},
            "Anna työnantaja",
        ),
        ({"kind": "employed_other_field", "employer_name": "K-Market", "field": ""}, "Anna ala"),
        (
            {
                "kind": "study_place",
                "school": "Stadin AO",
                "programme": "",
                "study_status": "applied",
            },
            "Anna koulutusohjelma",
        ),
        (
            {"kind": "study_place", "school": "Stadin AO", "programme": "Merkonomi"},
            "Valitse opiskelupaikan tilanne",
        ),
        ({"kind": "work_trial", "employer_name": ""}, "Anna työkokeilupaikka"),
        ({"kind": "referred"}, "Valitse palvelu"),
        ({"kind": "other", "details": ""}, "Kuvaile tulos"),
        (
            {"kind": "other", "details": "x", "on": (TODAY + timedelta(days=1)).isoformat()},
            "tulevaisuudessa",
        ),
        ({"kind": "nonsense"}, "Virheellinen valinta"),
    ],
)
def test_outcome_needs_its_details(app, as_role, world, data, message):
    set_state(app, world.client.id, "pathway")
    coach = as_role("coach")
    form = {
        "on": TODAY.isoformat(),
        "company_id": "0",
        "partner_id": "0",
        "study_status": "",
        **data,
    }
    response = coach.post(f"/clients/{world.client.id}/outcome", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Outcome.id))) == 0
    assert state_of(app, world.client.id) == "pathway"


def test_outcome_only_in_the_further_pathway(app, as_role, world):
    coach = as_role("coach")
    response = coach.post(
        f"/clients/{world.client.id}/outcome",
        {
            "kind": "other",
            "details": "x",
            "on": TODAY.isoformat(),
            "company_id": "0",
            "partner_id": "0",
            "study_status": "",
        },
    )
    assert response.status_code == 400 and "jatkopolkuvaiheessa" in response.get_data(as_text=True)


def test_pathway_pages_are_scoped(app, as_role, world):
    coach, employer, client = as_role("coach"), as_role("employer"), as_role("client_user")
    other = world.other_client.id
    for url in [
        f"/clients/{other}/timeline",
        f"/clients/{other}/placements/new",
        f"/clients/{other}/checkpoints/new",
        f"/clients/{other}/outcome",
        f"/clients/{world.client.id}/placements/{world.other_placement.id}",
    ]:
        assert coach.get(url).status_code == 404, url
    for url in [f"/clients/{world.client.id}/timeline", "/worklist"]:
        assert employer.get(url).status_code == 403
        assert client.get(url).status_code == 403
    set_state(app, world.other_client.id, "workplace_coaching")
    response = employer.post(f"/trainees/{other}/concern", {"difficulty": "x"})
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Checkpoint.id))) == 0


def test_employer_sees_only_consented_information(app, as_role, world):
    with app.app_context():
        db.session.add_all(
            [
                PriorLearning(client_id=world.client.id, what="Trukkikortti"),
                ClientSensitive(
                    client_id=world.client.id,
                    support_needs="SALAINEN-TUKI",
                    native_language="arabia",
                    finnish_level="A2.1",
                    learning_difficulties="SALAINEN-LUKI",
                    immigrant_background=True,
                ),
            ]
        )
        db.session.commit()
    employer = as_role("employer")
    url = f"/trainees/{world.client.id}"
    assert "Trukkikortti" not in employer.get(url).get_data(as_text=True)
    coach = as_role("coach")
    coach.post(f"/clients/{world.client.id}/consents/new", {"scope": "intake_summary"})
    coach.post(
        f"/clients/{world.client.id}/consents/new",
        {"scope": "support_text", "shared_text": "Ohjeet kuvin"},
    )
    coach.post(f"/clients/{world.client.id}/consents/new", {"scope": "language_support"})
    html = employer.get(url).get_data(as_text=True)
    assert "Trukkikortti" in html and "Ohjeet kuvin" in html and "Kielellistä tukea" in html
    for secret in ["SALAINEN", "arabia", "A2.1"]:
        assert secret not in html
    with app.app_context():
        consent_id = db.session.scalar(select(Consent.id).where(Consent.scope == "intake_summary"))
    withdraw = f"/clients/{world.client.id}/consents/{consent_id}/withdraw"
    coach.post(withdraw, {}, form_url=f"/clients/{world.client.id}")
    assert "Trukkikortti" in employer.get(url).get_data(as_text=True)  # only asked, not yet
    coach.post(withdraw, {"confirmed": "yes"}, form_url=f"/clients/{world.client.id}")
    assert "Trukkikortti" not in employer.get(url).get_data(as_text=True)


def test_client_sees_own_path_and_logs_job_search(app, as_role, world):
    client = as_role("client_user")
    html = client.get("/").get_data(as_text=True)
    assert "Seuraava askeleeni" in html and "Varasto Oy" in html and "Kaisa Valmentaja" in html
    bad = client.post(
        "/my/job-search",
        {"on": TODAY.isoformat(), "kind": "application", "organisation": "", "result": "pending"},
    )
    assert bad.status_code == 400
    ok = client.post(
        "/my/job-search",
        {
            "on": TODAY.isoformat(),
            "kind": "application",
            "organisation": "Lidl",
            "position": "Myyjä",
            "result": "pending",
        },
    )
    assert ok.status_code == 302
    assert "Lidl" in client.get("/").get_data(as_text=True)
    assert client.get("/my/information").status_code == 200
    assert client.get(f"/clients/{world.client.id}").status_code == 403


def _signals(app, client_id):
    with app.app_context():
        ids = select(Client.id).where(Client.id == client_id)
        return {s.kind for s in risk_signals(ids)}


def test_risk_signal_two_unexcused_absences(app, world):
    set_state(app, world.client.id, "attitude_training")
    with app.app_context():
        for days, status in [(3, "absent"), (2, "absent"), (1, "excused")]:
            session = GroupSession(
                group_id=world.group.id, on=TODAY - timedelta(days=days), title="x"
            )
            db.session.add(session)
            db.session.flush()
            db.session.add(
                Attendance(session_id=session.id, client_id=world.client.id, status=status)
            )
        db.session.commit()
    assert "absences" not in _signals(app, world.client.id)  # the latest was excused
    with app.app_context():
        session = GroupSession(group_id=world.group.id, on=TODAY, title="y")
        db.session.add(session)
        db.session.flush()
        db.session.add(
            Attendance(session_id=session.id, client_id=world.client.id, status="absent")
        )
        latest = db.session.scalar(
            select(Attendance)
            .join(GroupSession)
            .where(GroupSession.on == TODAY - timedelta(days=1))
        )
        latest.status = "absent"
        db.session.commit()
    assert "absences" in _signals(app, world.client.id)


def test_risk_signal_no_contact_for_14_days(app, world):
    set_state(app, world.client.id, "workplace_coaching")
    with app.app_context():
        db.session.add(ContactNote(client_id=world.client.id, on=TODAY - timedelta(days=15)))
        db.session.commit()
    assert "no_contact" in _signals(app, world.client.id)
    with app.app_context():
        db.session.add(ContactNote(client_id=world.client.id, on=TODAY - timedelta(days=2)))
        db.session.commit()
    assert "no_contact" not in _signals(app, world.client.id)


def test_risk_signal_placement_ending_without_next_step(app, world):
    set_state(app, world.client.id, "workplace_coaching")
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.end_date = TODAY + timedelta(days=5)
        db.session.commit()
    assert "no_next_step" in _signals(app, world.client.id)
    with app.app_context():
        db.session.get(Placement, world.placement.id).next_step = "Työsopimus alkaa"
        db.session.commit()
    assert "no_next_step" not in _signals(app, world.client.id)


def test_no_signals_once_a_check_point_is_open(app, world):
    set_state(app, world.client.id, "checkpoint")
    with app.app_context():
        db.session.get(Placement, world.placement.id).end_date = TODAY + timedelta(days=5)
        db.session.commit()
    assert _signals(app, world.client.id) == set()


def _add_clients(app, world, n):
    """Clients in workplace coaching, each with a placement ending soon, an open Check
    Point and an old contact: every worklist section has rows."""
    ids = add_group_clients(app, world, n, state="workplace_coaching")
    with app.app_context():
        for cid in ids:
            db.session.add(
                Placement(
                    client_id=cid,
                    company_id=world.company.id,
                    supervisor_id=world.employer.id,
                    start_date=TODAY - timedelta(days=50),
                    end_date=TODAY + timedelta(days=3),
                )
            )
            db.session.add(Checkpoint(client_id=cid, difficulty="x"))
            db.session.add(ContactNote(client_id=cid, on=TODAY - timedelta(days=20)))
        db.session.commit()


def test_worklist_and_client_pages_run_a_fixed_number_of_queries(app, as_role, world):
    coach, employer = as_role("coach"), as_role("employer")
    pages = [
        (coach, "/worklist"),
        (coach, "/clients/"),
        (coach, f"/clients/{world.client.id}"),
        (coach, f"/clients/{world.client.id}/timeline"),
        (employer, "/trainees/"),
        (employer, "/"),
        (as_role("client_user"), "/"),
    ]

    def counts():
        result = []
        for browser, url in pages:
            with count_queries(app) as statements:
                assert browser.get(url).status_code == 200, url
            result.append(len(statements))
        return result

    _add_clients(app, world, 10)
    small = counts()
    _add_clients(app, world, 190)
    assert counts() == small
    print("statements per page:", dict(zip([u for _, u in pages], small, strict=True)))


def test_next_step_in_plain_language(app, world):
    from portal.clients.overview import load_client_file
    from portal.mypath.views import next_step

    with app.test_request_context(), app.app_context():
        client = db.session.get(Client, world.client.id)
        placement = db.session.get(Placement, world.placement.id)
        placement.start_date = TODAY + timedelta(days=3)
        db.session.commit()
        assert "alkaa" in next_step(load_client_file(client), TODAY)
        placement.start_date = TODAY - timedelta(days=3)
        db.session.commit()
        assert "Varasto Oy" in next_step(load_client_file(client), TODAY)
        client.state = "checkpoint"
        db.session.add(
            Checkpoint(client_id=client.id, difficulty="x", next_meeting=TODAY + timedelta(days=2))
        )
        db.session.commit()
        assert "tapaat valmentajasi" in next_step(load_client_file(client), TODAY).lower()


def test_job_search_results_and_referral_results_can_be_updated(app, as_role, world):
    from portal.models import JobSearchActivity, NetworkPartner, Referral

    with app.app_context():
        entry = JobSearchActivity(client_id=world.client.id, on=TODAY, organisation="Lidl")
        other = JobSearchActivity(client_id=world.other_client.id, on=TODAY, organisation="Alko")
        partner = NetworkPartner(name="Ohjaamo")
        db.session.add_all([entry, other, partner])
        db.session.flush()
        referral = Referral(
            client_id=world.client.id,
            partner_id=partner.id,
            direction="out",
            on=TODAY,
            reason="Asuminen",
        )
        db.session.add(referral)
        db.session.commit()
        entry_id, other_id, referral_id = entry.id, other.id, referral.id
    client = as_role("client_user")
    url = f"/clients/{world.client.id}/job-search/{entry_id}"
    assert client.post(url, {"result": "interview"}, form_url="/my/job-search").status_code == 302
    assert client.post(url, {"result": "hired!"}, form_url="/my/job-search").status_code == 302
    assert (
        client.post(
            f"/clients/{world.other_client.id}/job-search/{other_id}",
            {"result": "offer"},
            form_url="/",
        ).status_code
        == 404
    )
    assert as_role("employer").post(url, {"result": "offer"}, form_url="/").status_code == 403
    coach = as_role("coach")
    assert (
        coach.post(
            f"/clients/{world.client.id}/referrals/{referral_id}", {"result": "Asunto järjestyi"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(JobSearchActivity, entry_id).result == "interview"
        assert db.session.get(JobSearchActivity, other_id).result == "pending"
        assert db.session.get(Referral, referral_id).result == "Asunto järjestyi"


def test_network_partners_are_admin_only_and_validated(app, as_role):
    from portal.models import NetworkPartner

    for role in ("coach", "employer", "client_user"):
        assert as_role(role).get("/admin/partners/").status_code == 403
    admin = as_role("admin")
    empty = admin.post("/admin/partners/new", {"name": "", "kind": "ohjaamo", "contact": ""})
    assert empty.status_code == 400 and 'class="error-summary"' in empty.get_data(as_text=True)
    wrong_kind = admin.post("/admin/partners/new", {"name": "X", "kind": "nope"})
    assert wrong_kind.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(NetworkPartner.id))) == 0
    assert (
        admin.post(
            "/admin/partners/new",
            {"name": "Ohjaamo Vantaa", "kind": "ohjaamo", "contact": "", "active": "y"},
        ).status_code
        == 302
    )
    assert "Ohjaamo Vantaa" in admin.get("/admin/partners/").get_data(as_text=True)


def test_group_sessions_and_attendance_rules(app, as_role, world):
    coach, other = as_role("coach"), as_role("other_coach")
    url = f"/groups/{world.group.id}/sessions/new"
    assert as_role("employer").get(url).status_code == 403
    assert other.get(url).status_code == 404
    bad = coach.post(
        url, {"on": "", "topic": "working_life_skills", "title": "", "company_id": "0"}
    )
    assert bad.status_code == 400
    created = coach.post(
        url,
        {
            "on": TODAY.isoformat(),
            "topic": "company_visit",
            "title": "Vierailu",
            "company_id": str(world.company.id),
        },
    )
    attendance_url = created.headers["Location"]
    missing = coach.post(attendance_url, {})
    assert missing.status_code == 400 and "Merkitse läsnäolo" in missing.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attendance.id))) == 0
    assert coach.post(attendance_url, {f"client-{world.client.id}": "absent"}).status_code == 302
    assert other.get(attendance_url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Attendance.status)) == "absent"
