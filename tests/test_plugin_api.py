"""Plugins' JSON endpoints (``portal_api_blueprints``): registered under /api/v1/p/<plugin>
only when named and declared, scoped like the plugins' pages, in the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask import Blueprint
from pydantic import BaseModel
from sqlalchemy import select

from portal.api import api_json, api_operation, hookimpl, roles_required, scope_required
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.manager import plugin_manager
from portal.models import AuditEvent, Client, User
from portal.pathway import placements
from portal.rest import spec
from tests.plugins.test_onboarding import create_model, sign_off
from tests.support.api import api_get, token_for


class Answer(BaseModel):
    ok: bool


def _plugin(blueprint: Blueprint) -> SimpleNamespace:
    plugin = SimpleNamespace(portal_api_blueprints=lambda app: blueprint)
    hookimpl(plugin.portal_api_blueprints)
    return plugin


def test_an_api_blueprint_named_otherwise_is_refused(make_app):
    app = make_app(PORTAL_EXTRA_PLUGINS={"misnamed": _plugin(Blueprint("other", __name__))})
    assert "other" not in app.blueprints
    assert plugin_manager(app).infos["misnamed"].state == "failed"


def test_an_api_view_that_declares_no_operation_refuses_its_plugin(make_app):
    api = Blueprint("undeclared_api", __name__)

    @api.route("/fine")
    @roles_required("admin")
    @scope_required("clients:read")
    @api_operation("Declared", Answer, scope="clients:read")
    def fine():
        return api_json(Answer(ok=True))

    @api.route("/secret")
    @roles_required("admin")
    def secret():
        return api_json(Answer(ok=True))

    app = make_app(PORTAL_EXTRA_PLUGINS={"undeclared": _plugin(api)})
    infos = plugin_manager(app).infos["undeclared"]
    assert infos.state == "failed"
    assert not [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/p/undeclared")]
    with app.app_context():
        assert "/p/undeclared/fine" not in spec.made(app)["paths"]


def _start(app, world, client_id: int, company_id: int) -> int:
    with app.app_context():
        data = placements.PlacementData(
            company_id=company_id,
            supervisor_id=None,
            kind="workplace_coaching",
            start_date=clock.today() + timedelta(days=70),
            end_date=clock.today() + timedelta(days=120),
        )
        client = db.session.get(Client, client_id)
        return placements.create(client, data, db.session.get(User, world.coach.id)).id


def test_the_onboarding_progress_as_the_panel_shows_it(app, world, as_role):
    coach = as_role("coach")
    model_id = create_model(coach, world.company.id)
    sign_off(model_id, coach, as_role("employer"))
    path = f"/p/onboarding/clients/{world.client.id}/progress"

    read = api_get(app, path, token_for(app, world.coach.id))
    assert read.status_code == 200, read.json
    [shown] = read.json["placements"]
    assert shown["placement_id"] == world.placement.id and shown["running"] is True
    assert shown["steps"] and shown["done"] == 0
    assert all(set(s) == {"key", "week", "due_on", "done_on", "overdue"} for s in shown["steps"])
    employer = api_get(app, path, token_for(app, world.employer.id))
    assert [p["placement_id"] for p in employer.json["placements"]] == [world.placement.id]
    for outsider in (world.other_employer.id, world.other_coach.id):
        assert api_get(app, path, token_for(app, outsider)).status_code == 404
    assert api_get(app, path, token_for(app, world.coach.id, scopes=())).status_code == 403
    with app.app_context():
        reads = db.session.scalars(
            select(AuditEvent.object_type).where(AuditEvent.client_id == world.client.id)
        ).all()
    assert "api.onboarding" in reads


def test_the_assessments_of_a_young_person_without_their_answers(app, world):
    _start(app, world, world.client.id, world.company.id)
    path = f"/p/assessments/clients/{world.client.id}"
    read = api_get(app, path, token_for(app, world.coach.id))
    assert read.status_code == 200
    items = read.json["items"]
    assert items and {i["status"] for i in items} == {"pending"}
    assert "answers" not in items[0] and items[0]["skill_average"] is None
    assert api_get(app, path, token_for(app, world.other_coach.id)).status_code == 404
    assert api_get(app, path, token_for(app, world.employer.id)).status_code == 403


def test_the_ehoks_record_is_the_record_page_s_document(app, world, as_role):
    path = f"/p/recognition/clients/{world.client.id}/ehoks"
    read = api_get(app, path, token_for(app, world.coach.id))
    assert read.status_code == 200
    download = as_role("coach").get(f"/p/recognition/clients/{world.client.id}/record.json")
    assert read.json == download.json
    assert read.json["polku"]["oppija"]["sukunimi"] == "Virtanen"
    assert api_get(app, path, token_for(app, world.other_coach.id)).status_code == 404
    assert api_get(app, path, token_for(app, world.employer.id)).status_code == 403
    with app.app_context():
        assert "recognition.read" in set(db.session.scalars(select(AuditEvent.action)))


def test_the_plugins_endpoints_are_in_the_document(app):
    with app.app_context():
        paths = spec.made(app)["paths"]
    assert {
        "/p/onboarding/clients/{client_id}/progress",
        "/p/assessments/clients/{client_id}",
        "/p/recognition/clients/{client_id}/ehoks",
    } <= set(paths)
