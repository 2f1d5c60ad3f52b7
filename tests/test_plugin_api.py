"""Plugins' JSON endpoints (``portal_api_blueprints``): registered under /api/v1/p/<plugin>
only when named and declared, scoped like the plugins' pages, in the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from flask import Blueprint
from pydantic import BaseModel
from sqlalchemy import select

from plugins.onboarding.services import attach
from portal.api import api_json, api_operation, hookimpl, roles_required, scope_required
from portal.app import clock
from portal.app.extensions import db
from portal.hooks.manager import plugin_manager
from portal.models import AuditEvent, Client, Placement, User
from portal.pathway import placements
from portal.rest import spec
from tests.plugins.test_onboarding import create_model, sign_off
from tests.support.api import api_get, token_for
from tests.support.world import World


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


def test_the_core_holds_a_plugin_view_to_the_scope_it_declares(make_app):
    api = Blueprint("forgetful_api", __name__)

    @api.route("/things")
    @roles_required("coach", "admin")
    @api_operation("Declares its scope, forgets to check it", Answer, scope="clients:read")
    def things():
        return api_json(Answer(ok=True))

    app = make_app(PORTAL_EXTRA_PLUGINS={"forgetful": _plugin(api)})
    with app.app_context():
        world = World()
    path = "/p/forgetful/things"
    assert (
        api_get(app, path, token_for(app, world.coach.id, ["referrals:write"])).status_code == 403
    )
    assert api_get(app, path, token_for(app, world.coach.id)).json == {"ok": True}
    assert api_get(app, path, None).status_code == 401


def test_a_blueprint_inside_an_api_blueprint_is_refused(make_app):
    api, inner = Blueprint("nesting_api", __name__), Blueprint("inner", __name__)

    @inner.route("/hidden")
    @roles_required("admin")
    def hidden():
        return api_json(Answer(ok=True))

    api.register_blueprint(inner)
    app = make_app(PORTAL_EXTRA_PLUGINS={"nesting": _plugin(api)})
    assert plugin_manager(app).infos["nesting"].state == "failed"
    assert not [r for r in app.url_map.iter_rules() if "hidden" in r.rule]


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
    with app.app_context():  # an earlier placement of Aino's at the other company
        earlier = Placement(
            client_id=world.client.id,
            company_id=world.other_company.id,
            start_date=clock.today() - timedelta(days=40),
            end_date=clock.today() - timedelta(days=12),
        )
        db.session.add(earlier)
        db.session.commit()
        earlier_id = earlier.id
    for company, signer in ((world.company, "employer"), (world.other_company, "other_employer")):
        sign_off(create_model(coach, company.id), coach, as_role(signer))
    with app.app_context():
        attach(db.session.get(Placement, earlier_id))
    path = f"/p/onboarding/clients/{world.client.id}/progress"

    read = api_get(app, path, token_for(app, world.coach.id))
    assert read.status_code == 200, read.json
    shown, before = read.json["placements"]
    assert before["placement_id"] == earlier_id and before["running"] is False
    assert shown["placement_id"] == world.placement.id and shown["running"] is True
    assert shown["steps"] and shown["done"] == 0
    assert all(set(s) == {"key", "week", "due_on", "done_on", "overdue"} for s in shown["steps"])
    employer = api_get(app, path, token_for(app, world.employer.id))
    assert [p["placement_id"] for p in employer.json["placements"]] == [world.placement.id]
    other = api_get(app, path, token_for(app, world.other_employer.id))
    assert [p["placement_id"] for p in other.json["placements"]] == [earlier_id]
    assert api_get(app, path, token_for(app, world.other_coach.id)).status_code == 404
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
