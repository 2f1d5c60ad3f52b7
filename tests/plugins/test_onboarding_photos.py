"""Photos of onboarding steps: taken with the tick, added later, seen by the placement's rule."""

import io
from datetime import timedelta

from sqlalchemy import func, select

from plugins.onboarding.models import OnboardingProgress, OnboardingStepMark, OnboardingVersion
from plugins.onboarding.photos import MARK
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.manager import collect
from portal.models import Attachment, Placement
from tests.plugins.test_onboarding import create_model, sign_off
from tests.test_attachments import jpeg_with_gps

TODAY = clock.today()
YES = {"next": "/", "confirmed": "yes"}


def _agreed(app, world, as_role):
    coach, employer = as_role("coach"), as_role("employer")
    model_id = create_model(coach, world.company.id)
    sign_off(model_id, employer, coach)
    with app.app_context():
        progress = db.session.scalar(
            select(OnboardingProgress).where(OnboardingProgress.placement_id == world.placement.id)
        )
        steps = db.session.get(OnboardingVersion, progress.version_id).content["steps"]
        trainee_key = next(s["key"] for s in steps if s["responsible"] == "trainee")
        other_key = next(s["key"] for s in steps if s["responsible"] != "trainee")
        return progress.id, trainee_key, other_key


def _tick(browser, progress_id, key, photo: bytes | None, name="kuva.jpg"):
    data = {"done_on": TODAY.isoformat(), "next": "/my/more/onboarding"}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), name)
    return browser.post(
        f"/p/onboarding/progress/{progress_id}/steps/{key}", data, form_url="/my/more/onboarding"
    )


def _files():
    return db.session.scalars(select(Attachment).order_by(Attachment.id)).all()


def test_the_trainee_ticks_a_step_with_a_photo_and_the_placement_decides_who_sees_it(
    app, world, as_role
):
    progress_id, key, _ = _agreed(app, world, as_role)
    trainee = as_role("client_user")
    assert _tick(trainee, progress_id, key, jpeg_with_gps()).status_code == 302
    with app.app_context():
        (photo,) = _files()
        mark = db.session.scalar(select(OnboardingStepMark))
        assert (photo.target_kind, photo.target_id) == (MARK, mark.id)
        assert photo.client_id == world.client.id
    url = f"/attachments/{photo.id}"
    home = trainee.get("/my/more/onboarding").get_data(as_text=True)
    assert f'src="{url}"' in home and 'capture="environment"' in home
    for role in ("client_user", "coach", "employer", "admin"):
        assert as_role(role).get(url).status_code == 200, role
    for role in ("other_employer", "other_coach"):
        assert as_role(role).get(url).status_code == 404, role
    # Past the employer's visibility window the supervisor no longer sees it.
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        placement.start_date = TODAY - timedelta(days=90)
        placement.end_date = TODAY - timedelta(days=40)
        db.session.commit()
    assert as_role("employer").get(url).status_code == 404
    assert as_role("client_user").get(url).status_code == 200


def test_a_wrong_file_refuses_the_tick_and_stores_nothing(app, world, as_role):
    progress_id, key, _ = _agreed(app, world, as_role)
    trainee = as_role("client_user")
    html = b"<html><script>alert(1)</script></html>"
    assert _tick(trainee, progress_id, key, html, name="kuva.jpg").status_code == 302
    assert "JPEG" in trainee.get("/my/more/onboarding").get_data(
        as_text=True
    )  # the message, in Finnish
    with app.app_context():
        assert _files() == []
        assert db.session.scalar(select(func.count(OnboardingStepMark.id))) == 0
    assert _tick(trainee, progress_id, key, None).status_code == 302  # a tick without a photo
    with app.app_context():
        assert db.session.scalar(select(func.count(OnboardingStepMark.id))) == 1


def test_a_photo_added_later_and_removed_only_by_its_uploader(app, world, as_role):
    progress_id, _, key = _agreed(app, world, as_role)
    employer, trainee = as_role("employer"), as_role("client_user")
    assert _tick(employer, progress_id, key, None).status_code == 302
    add = f"/p/onboarding/progress/{progress_id}/steps/{key}/photos"
    sent = {"photo": (io.BytesIO(jpeg_with_gps()), "a.jpg"), "next": "/"}
    assert employer.post(add, sent, form_url="/").status_code == 302
    # Not the trainee's step: the trainee cannot add a photo to it.
    sent = {"photo": (io.BytesIO(jpeg_with_gps((30, 30))), "b.jpg"), "next": "/"}
    assert trainee.post(add, sent, form_url="/").status_code == 302
    # Another company's supervisor does not reach the placement at all.
    sent = {"photo": (io.BytesIO(jpeg_with_gps((31, 30))), "c.jpg"), "next": "/"}
    assert as_role("other_employer").post(add, sent, form_url="/").status_code == 404
    with app.app_context():
        (photo,) = _files()
        assert photo.uploaded_by == world.employer.id
    remove = f"/attachments/{photo.id}/remove"
    assert trainee.post(remove, YES, form_url="/").status_code == 404
    assert as_role("coach").post(remove, YES, form_url="/").status_code == 404
    assert employer.post(remove, YES, form_url="/").status_code == 302
    with app.app_context():
        assert _files() == []


def test_hook_portal_attachment_targets(app):
    with app.app_context():
        kinds = {target.kind for target in collect("portal_attachment_targets")}
    assert MARK in kinds


def test_a_workplace_photo_of_a_models_step_shows_to_the_trainee(app, world, as_role):
    progress_id, key, _ = _agreed(app, world, as_role)
    with app.app_context():
        progress = db.session.get(OnboardingProgress, progress_id)
        model_id = db.session.get(OnboardingVersion, progress.version_id).model_id
    employer = as_role("employer")
    url = f"/p/onboarding/models/{model_id}/steps/{key}/photos"
    model_page = f"/p/onboarding/models/{model_id}"
    assert f'action="{url}"' in employer.get(model_page).get_data(as_text=True)
    sent = {"photo": (io.BytesIO(jpeg_with_gps()), "hylly.jpg")}
    assert employer.post(url, sent, form_url=model_page).status_code == 302
    missing = f"/p/onboarding/models/{model_id}/steps/nosuchstep/photos"
    sent = {"photo": (io.BytesIO(jpeg_with_gps((20, 20))), "x.jpg")}
    assert employer.post(missing, sent, form_url=model_page).status_code == 302
    sent = {"photo": (io.BytesIO(jpeg_with_gps((21, 20))), "y.jpg")}
    other = f"/p/onboarding/models/{model_id}/steps/{key}/photos"
    assert as_role("other_employer").post(other, sent, form_url="/").status_code == 404
    with app.app_context():
        (photo,) = _files()
        assert photo.client_id is None and photo.target_id == model_id
    file_url = f"/attachments/{photo.id}"
    assert f'src="{file_url}"' in as_role("client_user").get("/my/more/onboarding").get_data(
        as_text=True
    )
    for role in ("client_user", "employer", "coach", "admin"):
        assert as_role(role).get(file_url).status_code == 200, role
    for role in ("other_employer", "other_coach"):
        assert as_role(role).get(file_url).status_code == 404, role
