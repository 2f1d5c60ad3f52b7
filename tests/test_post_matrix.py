"""Every POST endpoint of the core and the plugins, by every role, aimed at targets that are not
the role's or do not exist: never a 500; a visitor is sent to sign in; a role the view does not
declare gets 403, a role it does gets 404 for a target it may not reach; and no table gains or
loses a row.

The URLs are built from each rule in the app's URL map with the World's ids: the other side's
objects (a coach's view of the other coach's client), the role's own parent with another's or a
missing child, and ids that do not exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pytest
from flask import Flask
from sqlalchemy import Select, func, select
from werkzeug.routing import Rule

from portal.access.permissions import PUBLIC, SIGNED_IN, access_of
from portal.app.extensions import db
from portal.models import AuditEvent
from portal.rest import PREFIX as API_PREFIX
from tests.conftest import Browser, World, csrf_token

MISSING = 999_999
#: The session store writes on every request; it holds no data of the portal's.
UNCOUNTED = {"server_sessions"}
#: The count of denied attempts in the audit trail: a refused POST writes only those.
DENIED = "denied attempts"
#: The role names of the matrix: World attributes, and the visitor who has not signed in.
ROLES = ("anonymous", "client_user", "employer", "coach", "other_coach", "admin")
ROLE_OF = {"client_user": "client", "other_coach": "coach"}
#: The World's objects by URL argument, on its first side; the other side's are other_*.
WORLD_ARGS = {
    "client_id": "client",
    "group_id": "group",
    "placement_id": "placement",
    "company_id": "company",
}
#: What each role reaches of its own side (companies are every coach's partners).
SCOPED = {
    "client_user": {"client_id", "placement_id"},
    "employer": {"client_id", "placement_id", "company_id"},
    "coach": {"client_id", "group_id", "placement_id"},
    "other_coach": {"client_id", "group_id", "placement_id"},
    "admin": set(),
}
OTHER_SIDE = {"other_coach"}
#: Arguments naming what a URL is about; the ones after them name something inside it.
PARENTS = {"client_id", "group_id", "company_id"}
#: A unit outside the client's plan, even one that does not exist, is answered on the plan
#: page with a message (the recognition plugin's way), not with 404; so is a company grant
#: that is no longer there (removing it twice says it has already been removed).
NOT_IN_PLAN = {
    "admin.revoke_company",
    "recognition.add_evidence",
    "recognition.cancel_demonstration",
    "recognition.confirm_decision",
    "recognition.reopen",
    "recognition.unlink_evidence",
    "recognition.decide",
    "recognition.move",
    "recognition.plan_demonstration",
    "recognition.remove_unit",
}


@dataclass(frozen=True)
class Target:
    rule: Rule
    kind: str  # "foreign", "inside" (the role's own parent) or "missing"
    values: dict[str, int | str]

    def __str__(self) -> str:
        return f"{self.rule.endpoint} {self.kind} {self.values}"


def _object_id(world: World, arg: str, other_side: bool) -> int:
    name = WORLD_ARGS[arg]
    return getattr(world, f"other_{name}" if other_side else name).id


def _missing(rule: Rule) -> dict[str, int | str]:
    return {arg: MISSING if arg.endswith("_id") else "missing" for arg in rule.arguments}


def targets(rule: Rule, role: str, world: World) -> Iterator[Target]:
    """The invalid targets of ``rule`` for ``role``: nothing there, the other side's objects,
    and the role's own parent with a child that is another's or missing."""
    missing = _missing(rule)
    yield Target(rule, "missing", missing)
    if role == "anonymous":
        return
    own_side = role in OTHER_SIDE
    scoped = [arg for arg in rule.arguments if arg in SCOPED[role]]
    if scoped:
        foreign = {arg: _object_id(world, arg, not own_side) for arg in scoped}
        yield Target(rule, "foreign", {**missing, **foreign})
    known = [arg for arg in rule.arguments if arg in WORLD_ARGS]
    parents = [arg for arg in known if arg in PARENTS]
    if parents and len(rule.arguments) > len(parents):
        inside = {arg: _object_id(world, arg, own_side) for arg in parents}
        children = {arg: _object_id(world, arg, not own_side) for arg in known if arg not in inside}
        yield Target(rule, "inside", {**missing, **children, **inside})


def post_rules(app: Flask) -> list[Rule]:
    """Every rule of a page that accepts POST; signing out last, since it ends the session.
    The JSON API's are not here: it takes a token, never the session these browsers send
    (tests/test_api.py refuses a session and every role's token without its scope)."""
    rules = [
        r
        for r in app.url_map.iter_rules()
        if "POST" in (r.methods or ()) and not r.rule.startswith(API_PREFIX)
    ]
    return sorted(rules, key=lambda r: (r.endpoint == "auth.logout", r.rule))


@cache
def _count_rows() -> Select:
    tables = [t for t in db.metadata.sorted_tables if t.name not in UNCOUNTED]
    return select(
        *[select(func.count()).select_from(t).scalar_subquery().label(t.name) for t in tables]
    )


def row_counts() -> dict[str, int]:
    """Rows in every table but the session store's, in one statement; ``denied``: the audit
    trail's denied attempts."""
    counts = dict(db.session.execute(_count_rows()).one()._mapping)
    denied = select(func.count(AuditEvent.id)).where(AuditEvent.outcome == "denied")
    return {**counts, DENIED: db.session.scalar(denied)}


def expected(target: Target, role: str, app: Flask) -> set[int] | None:
    """The status codes allowed for ``role`` posting to ``target``; None when only "no 500,
    nothing written" can be said (a public form, or one without a target)."""
    rule = target.rule
    access = access_of(app.view_functions[rule.endpoint])
    if access == PUBLIC:
        return None
    if role == "anonymous":
        return {302}
    if access != SIGNED_IN and ROLE_OF.get(role, role) not in access:
        return {403}
    if target.kind == "inside" and rule.endpoint in NOT_IN_PLAN:
        return {302, 404}
    return {404} if any(arg.endswith("_id") for arg in rule.arguments) else None


def _problems(app: Flask, browser: Browser, role: str, world: World) -> Iterator[str]:
    token = csrf_token(browser.get("/accessibility").get_data(as_text=True))
    adapter = app.url_map.bind("localhost")
    for rule in post_rules(app):
        for target in targets(rule, role, world):
            allowed = expected(target, role, app)
            url = adapter.build(rule.endpoint, target.values, method="POST")
            with app.app_context():
                before = row_counts()
            response = browser.client.post(url, data={"csrf_token": token})
            with app.app_context():
                after = row_counts()
            status = response.status_code
            written = {t: after[t] - before[t] for t in after if after[t] != before[t]}
            denied = written.pop(DENIED, 0)
            if status in (403, 404) and written.get("audit_events") == denied:
                written.pop("audit_events", None)  # the refused attempt, logged as denied
            if status == 403 and role != "anonymous" and not denied:
                yield f"{target}: 403 without a denied attempt in the audit trail"
            if rule.endpoint == "auth.logout" and role != "anonymous":
                allowed = {302}  # the one POST here that must write: its audit event
                if written.pop("audit_events", 0) != 1:
                    yield f"{target}: signing out did not record one audit event"
            if status >= 500 or (allowed is not None and status not in allowed):
                yield f"{target}: {status}, expected {sorted(allowed or [])} or any but 5xx"
            elif role == "anonymous" and allowed == {302} and "/login" not in response.location:
                yield f"{target}: sent to {response.location}, not to sign in"
            if written:
                yield f"{target}: {status} and rows written {written}"


@pytest.mark.parametrize("role", ROLES)
def test_no_role_can_post_to_what_is_not_theirs(app, world, as_role, role):
    browser = Browser(app.test_client()) if role == "anonymous" else as_role(role)
    problems = list(_problems(app, browser, role, world))
    assert problems == [], "\n".join(problems)


def test_the_matrix_covers_every_post_endpoint_of_core_and_plugins(app, world):
    rules = post_rules(app)
    endpoints = {r.endpoint for r in rules}
    assert {"clients.new", "auth.logout", "reports.settings"} <= endpoints
    for plugin in ("onboarding", "recognition", "assessments"):
        assert any(e.startswith(f"{plugin}.") for e in endpoints), plugin
    assert rules[-1].endpoint == "auth.logout"
    inside = [t for r in rules for t in targets(r, "coach", world) if t.kind == "inside"]
    placement = next(t for t in inside if t.rule.endpoint == "pathway.edit_placement")
    assert placement.values == {
        "client_id": world.client.id,
        "placement_id": world.other_placement.id,
    }
