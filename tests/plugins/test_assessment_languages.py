"""Assessment texts in the reader's language, and a notice when their language has none."""

from __future__ import annotations

from flask_babel import force_locale

from plugins.assessments import services
from plugins.assessments.i18n import _
from portal.app.extensions import db
from portal.models import Client, User
from tests.plugins.test_assessments import app, find, world  # noqa: F401 (fixtures)


def notice(app, locale: str) -> str:  # noqa: F811
    """The notice in the reader's own interface language."""
    with app.test_request_context(), force_locale(locale):
        return str(
            _(
                "Some of these questions are not yet written in your language. "
                "They are shown in Finnish."
            )
        )


def open_self_assessment(app, world, as_role, locale):  # noqa: F811
    with app.app_context():
        db.session.get(User, world.client_user.id).locale = locale
        db.session.commit()
    with app.test_request_context():
        services.schedule_intake(db.session.get(Client, world.client.id))
        db.session.commit()
    item = find(app, "self_assessment", "intake")
    return as_role("client_user").get(f"/p/assessments/{item.id}").get_data(as_text=True)


def test_the_young_person_reads_their_language(app, world, as_role):  # noqa: F811
    page = open_self_assessment(app, world, as_role, "uk")
    assert "Я приходжу вчасно" in page and "Мені це ще важко" in page
    assert "Tulen ajoissa" not in page and notice(app, "uk") not in page


def test_plain_finnish_is_its_own_language(app, world, as_role):  # noqa: F811
    page = open_self_assessment(app, world, as_role, "fi@selko")
    assert (
        "Tulen töihin ajoissa. Kerron, jos en tule." in page and notice(app, "fi@selko") not in page
    )


def test_a_missing_language_is_said_and_finnish_is_marked(app, world, as_role):  # noqa: F811
    page = open_self_assessment(app, world, as_role, "so")
    assert notice(app, "so") in page
    assert '<span lang="fi" dir="ltr">Tulen ajoissa ja kerron, jos olen poissa.</span>' in page
    assert '<h1><span lang="fi" dir="ltr">Oma arvioni työelämätaidoista</span>' in page


def test_finnish_readers_get_no_notice(app, world, as_role):  # noqa: F811
    page = open_self_assessment(app, world, as_role, "fi")
    assert "Tulen ajoissa ja kerron, jos olen poissa." in page and notice(app, "fi") not in page
    assert 'lang="fi" dir="ltr">Tulen' not in page
