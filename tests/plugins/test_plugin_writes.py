"""What the plugins' services write for the pages: audit records, reminders, refused edits."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from plugins.assessments.models import Assessment
from plugins.onboarding.models import OnboardingVersion
from plugins.recognition.models import (
    RecognitionPlanUnit,
    RecognitionQualification,
    RecognitionUnit,
)
from portal.app import clock
from portal.app.extensions import db
from portal.models import AuditEvent, OutboxMessage, Placement
from tests.conftest import PASSWORD, Browser, World
from tests.plugins.test_assessments import start_placement
from tests.plugins.test_onboarding import create_model, version_numbers
from tests.plugins.test_recognition import DATA, HAIR, run_import

TODAY = clock.today()


def signed_in(app, user) -> Browser:
    browser = Browser(app.test_client())
    assert browser.login(user.email, PASSWORD).status_code == 302
    return browser


def audit_trail(app, prefix: str) -> list[tuple]:
    with app.app_context():
        return [
            (e.action, e.actor_id, e.client_id, e.object_type, e.object_id, e.purpose)
            for e in db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.action.startswith(prefix))
                .order_by(AuditEvent.id)
            )
        ]


def test_recognition_records_imports_plans_decisions_and_readings_in_the_audit_trail(make_app):
    app = make_app()
    assert run_import(app, HAIR).exit_code == 0
    with app.app_context():
        world = World()
        hair = db.session.scalar(select(RecognitionQualification.id))
        guidance = db.session.scalar(
            select(RecognitionUnit.id).where(RecognitionUnit.code == "tutkinnonosat_101040")
        )
    coach = signed_in(app, world.coach)
    base = f"/p/recognition/clients/{world.client.id}"
    assert coach.post(base, {"qualification": hair}).status_code == 302
    assert coach.post(f"{base}/units", {"units": [guidance]}, form_url=base).status_code == 302
    unit_url = f"{base}/units/{guidance}"
    evidence = {"source": f"placement:{world.placement.id}", "note": "Perehdytti"}
    assert coach.post(f"{unit_url}/evidence", evidence, form_url=unit_url).status_code == 302
    page = coach.get(unit_url).get_data(as_text=True)
    version = page.split('name="version" type="hidden" value="')[-1].split('"')[0]
    decision = {"outcome": "recognised", "decided_on": TODAY.isoformat(), "reason": "Näyttö"}
    assert coach.post(f"{unit_url}/decide", {**decision, "version": version}).status_code == 302
    assert coach.get(f"{base}/record").status_code == 200
    with app.app_context():
        unit_id = db.session.scalar(select(RecognitionPlanUnit.id))
    trail = audit_trail(app, "recognition.")
    assert trail[0][:5] == ("recognition.import", None, None, "", None)
    assert trail[0][5].startswith("Tuotiin 1 tutkinto")
    assert trail[1:] == [
        ("recognition.plan", world.coach.id, world.client.id, "", None, ""),
        ("recognition.decision", world.coach.id, world.client.id, "unit", unit_id, ""),
        (
            "recognition.read",
            world.coach.id,
            world.client.id,
            "school_record",
            world.client.id,
            "coaching",
        ),
    ]


def test_an_import_through_the_page_is_audited_and_a_refused_one_stores_nothing(make_app):
    app = make_app()
    with app.app_context():
        world = World()
    admin = signed_in(app, world.admin)
    good = (DATA / "eperusteet-tutkinnonosa-asteikko1.json").read_bytes()
    refused = {"files": [(io.BytesIO(good), "hyva.json"), (io.BytesIO(b"{not json"), "rikki.json")]}
    response = admin.post("/p/recognition/import", refused, content_type="multipart/form-data")
    assert response.status_code == 400 and "rikki.json" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RecognitionUnit)) == 0
    assert audit_trail(app, "recognition.") == []
    accepted = {"files": [(io.BytesIO(good), "hyva.json")]}
    response = admin.post("/p/recognition/import", accepted, content_type="multipart/form-data")
    assert response.status_code == 200
    assert [(action, actor) for action, actor, *_ in audit_trail(app, "recognition.")] == [
        ("recognition.import", world.admin.id)
    ]


def test_a_coach_reminds_the_supervisor_at_most_twice(make_app):
    app = make_app()
    with app.app_context():
        world = World()
        db.session.delete(db.session.get(Placement, world.placement.id))
        db.session.commit()
    coach = signed_in(app, world.coach)
    start_placement(coach, world)
    with app.app_context():
        item_id = db.session.scalar(
            select(Assessment.id).where(
                Assessment.form_key == "working_life_skills",
                Assessment.occasion == "placement_start",
            )
        )
    results = f"/p/assessments/clients/{world.client.id}"
    for _ in range(3):
        response = coach.post(f"/p/assessments/{item_id}/remind", form_url=results)
        assert response.status_code == 302
    with app.app_context():
        item = db.session.get(Assessment, item_id)
        assert (item.reminders_sent, item.last_reminder_on) == (2, TODAY)
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == world.employer.email)
        ).all()
    assert [m.subject.startswith("Muistutus") for m in mails] == [True, True]
    assert "Muistutusta ei lähetetty" in coach.get(results).get_data(as_text=True)


def test_onboarding_edits_are_audited_and_an_edit_of_no_version_is_refused(make_app):
    app = make_app()
    with app.app_context():
        world = World()
    employer = signed_in(app, world.employer)
    model_id = create_model(employer, world.company.id)
    step = {"week": "1", "responsible": "coach", "title": "Tauot", "description": ""}
    url = f"/p/onboarding/models/{model_id}/steps/new"
    broken = employer.post(url, {**step, "base": "yksi"})
    assert broken.status_code == 400
    assert "Lomake oli puutteellinen tai vanhentunut" in broken.get_data(as_text=True)
    assert version_numbers(app, model_id) == [1]
    assert employer.post(url, {**step, "base": "1"}).status_code == 302
    assert version_numbers(app, model_id) == [1, 2]
    sign = employer.post(
        f"/p/onboarding/models/{model_id}/sign",
        {"base": "x"},
        form_url=f"/p/onboarding/models/{model_id}",
    )
    assert sign.status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).where(OnboardingVersion.employer_signed_at.is_not(None))
            )
            == 0
        )
    assert [
        (a, actor, kind, obj, why)
        for a, actor, _c, kind, obj, why in audit_trail(app, "onboarding.")
    ] == [
        ("onboarding.create", world.employer.id, "onboarding_model", model_id, ""),
        (
            "onboarding.edit",
            world.employer.id,
            "onboarding_model",
            model_id,
            "Vaihe lisätty: Tauot",
        ),
    ]
