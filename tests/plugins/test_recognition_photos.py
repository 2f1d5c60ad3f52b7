"""Photos of a competence demonstration: added by its assessors, counted as evidence of the
unit, seen by the demonstration's rule."""

import io
from datetime import timedelta

from sqlalchemy import func, select

from plugins.recognition.models import RecognitionDemonstration
from plugins.recognition.photos import DEMONSTRATION
from portal.app import clock
from portal.app.extensions import db
from portal.models import Attachment
from tests.plugins.test_recognition import catalog  # noqa: F401 - fixture
from tests.test_attachments import PDF, jpeg_with_gps

TODAY = clock.today()


def _demonstration(app, world, coach, qual_id, unit):
    base = f"/p/recognition/clients/{world.client.id}"
    coach.post(base, {"qualification": qual_id})
    coach.post(f"{base}/units", {"units": [unit]}, form_url=base)
    unit_url = f"{base}/units/{unit}"
    demo = {
        "company": world.company.id,
        "employer_assessor": world.employer.id,
        "teacher_name": "Kaisa Valmentaja",
        "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=3)).isoformat(),
        "tasks": "Hiustenleikkuu",
    }
    assert coach.post(f"{unit_url}/demonstrations", demo, form_url=unit_url).status_code == 302
    with app.app_context():
        return unit_url, db.session.scalar(select(func.min(RecognitionDemonstration.id)))


def test_the_assessor_adds_photos_that_count_as_evidence(app, world, as_role, catalog):  # noqa: F811
    qual_id, units = catalog
    coach, employer = as_role("coach"), as_role("employer")
    unit_url, demo_id = _demonstration(app, world, coach, qual_id, units["tutkinnonosat_101040"])
    page = f"/p/recognition/demonstrations/{demo_id}"
    add = f"{page}/photos"
    for data in (jpeg_with_gps(), PDF):
        sent = {"photo": (io.BytesIO(data), "todiste.jpg"), "caption": "Valmis kampaus"}
        assert employer.post(add, sent, form_url=page).status_code == 302
    # Another company's supervisor and another coach do not reach the demonstration.
    for role in ("other_employer", "other_coach"):
        sent = {"photo": (io.BytesIO(jpeg_with_gps((40, 40))), "x.jpg")}
        assert as_role(role).post(add, sent, form_url="/").status_code == 404, role
    with app.app_context():
        files = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert [(f.target_kind, f.target_id) for f in files] == [(DEMONSTRATION, demo_id)] * 2
        assert {f.client_id for f in files} == {world.client.id}
    html = employer.get(page).get_data(as_text=True)
    assert html.count('class="thumb"') == 1 and 'alt="Valmis kampaus"' in html
    unit_page = coach.get(unit_url).get_data(as_text=True)
    assert "Osoitukset osaamisesta (2)" in unit_page  # the count includes the two files
    for role in ("coach", "employer", "client_user", "admin"):
        assert as_role(role).get(f"/attachments/{files[0].id}").status_code == 200, role
    for role in ("other_employer", "other_coach"):
        assert as_role(role).get(f"/attachments/{files[0].id}").status_code == 404, role


def test_the_invited_teacher_of_the_demonstration_sees_its_photos(
    app,
    world,
    as_role,
    catalog,  # noqa: F811
):
    from portal.models import User
    from tests.plugins.test_recognition_ehoks import invite_and_sign_in, plan_story

    qual_id, units = catalog
    coach = as_role("coach")
    _, unit_url = plan_story(app, world, coach, qual_id, units)
    teacher = invite_and_sign_in(app, coach, world.client.id, "opettaja@koulu.fi")
    bystander = invite_and_sign_in(app, coach, world.client.id, "toinen@koulu.fi")
    with app.app_context():
        teacher_id = db.session.scalar(select(User.id).where(User.email == "opettaja@koulu.fi"))
    demo = {
        "company": world.company.id,
        "employer_assessor": world.employer.id,
        "teacher": teacher_id,
        "teacher_name": "",
        "start_date": (TODAY - timedelta(days=2)).isoformat(),
        "end_date": TODAY.isoformat(),
        "tasks": "Perehdytys",
    }
    assert coach.post(f"{unit_url}/demonstrations", demo, form_url=unit_url).status_code == 302
    with app.app_context():
        demo_id = db.session.scalar(select(func.min(RecognitionDemonstration.id)))
    page = f"/p/recognition/demonstrations/{demo_id}"
    sent = {"photo": (io.BytesIO(jpeg_with_gps()), "kuva.jpg")}
    assert teacher.post(f"{page}/photos", sent, form_url=page).status_code == 302
    with app.app_context():
        (photo,) = db.session.scalars(select(Attachment)).all()
    assert teacher.get(f"/attachments/{photo.id}").status_code == 200
    # Invited for the young person, but not this demonstration's assessor.
    assert bystander.get(f"/attachments/{photo.id}").status_code == 404
