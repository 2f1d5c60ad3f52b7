"""The education provider's part: the school's identifiers for the eHOKS record, and
confirming (or returning) the recognition decisions the coach proposes.

A teacher reaches this through ``portal.api.invite_teacher``: the coach invites them to one
client's recognition, and scoping shows them that client only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from plugins.recognition import corrections
from plugins.recognition.i18n import _
from plugins.recognition.models import (
    DECIDED,
    Confirmation,
    RecognitionPlan,
    RecognitionPlanUnit,
)
from plugins.recognition.services import add_event
from portal.api import (
    Client,
    Role,
    RuleError,
    User,
    audit,
    clock,
    db,
    invite_teacher,
    public_url,
)

#: The OID formats of eHOKS (oph.ehoks.hoks.schema): Oid and OpiskeluoikeusOid.
OID = re.compile(r"^1\.2\.246\.562\.[0-3]\d\.\d+$")
LEARNER_OID = re.compile(r"^1\.2\.246\.562\.24\.\d+$")
STUDY_RIGHT_OID = re.compile(r"^1\.2\.246\.562\.15\.\d+$")
SCHOOL_OID = re.compile(r"^1\.2\.246\.562\.10\.\d+$")


@dataclass
class SchoolDetails:
    learner_oid: str
    study_right_oid: str
    school_oid: str
    hoks_approved_on: date | None


def _check_oid(value: str, pattern: re.Pattern[str], field: str, example: str) -> str:
    value = value.strip()
    if value and not pattern.match(value):
        raise RuleError(
            _("Check the identifier: it has the form %(example)s.", example=example), field
        )
    return value


def save_school_details(plan: RecognitionPlan, details: SchoolDetails, actor: User) -> None:
    """Store what the school gives for eHOKS (applied to the plan; the caller commits)."""
    if actor.role != Role.TEACHER:
        raise RuleError(_("Only the education provider enters the school's identifiers."))
    plan.learner_oid = _check_oid(
        details.learner_oid, LEARNER_OID, "learner_oid", "1.2.246.562.24.12345678901"
    )
    plan.study_right_oid = _check_oid(
        details.study_right_oid, STUDY_RIGHT_OID, "study_right_oid", "1.2.246.562.15.12345678901"
    )
    plan.school_oid = _check_oid(
        details.school_oid, SCHOOL_OID, "school_oid", "1.2.246.562.10.12345678901"
    )
    if details.hoks_approved_on and details.hoks_approved_on > clock.today():
        raise RuleError(_("The date cannot be in the future."), "hoks_approved_on")
    plan.hoks_approved_on = details.hoks_approved_on
    audit.record(
        "recognition.school_details",
        actor=actor,
        client_id=plan.client_id,
        object_type="plan",
        object_id=plan.id,
    )


def invite(client: Client, email: str, name: str, actor: User) -> User:
    """The coach invites a teacher to this client's recognition."""
    link = public_url("recognition.plan", client_id=str(client.id))
    return invite_teacher(client, email, name, actor, link)


def _pending(unit: RecognitionPlanUnit, actor: User) -> RecognitionPlan:
    if actor.role != Role.TEACHER:
        raise RuleError(_("Only the education provider confirms a decision."))
    if unit.status not in DECIDED or unit.confirmation != Confirmation.PROPOSED:
        raise RuleError(_("There is no proposed decision to confirm."))
    return db.session.get(RecognitionPlan, unit.plan_id)


def confirm(unit: RecognitionPlanUnit, comment: str, actor: User) -> None:
    """The education provider accepts the coach's proposal: the unit counts in the record."""
    plan = _pending(unit, actor)
    unit.confirmation = Confirmation.CONFIRMED
    unit.confirmed_by_id = actor.id
    unit.confirmed_on = clock.today()
    unit.confirmation_comment = comment.strip()[:2000]
    add_event(unit, actor, "decision_confirmed", unit.confirmation_comment, unit.status)
    audit.record(
        "recognition.decision_confirmed",
        actor=actor,
        client_id=plan.client_id,
        object_type="unit",
        object_id=unit.id,
    )


def send_back(unit: RecognitionPlanUnit, comment: str, actor: User) -> None:
    """The education provider returns the proposal with a comment; the coach decides again."""
    comment = comment.strip()
    if not comment:
        raise RuleError(_("Say why the decision is returned."), "comment")
    plan = _pending(unit, actor)
    old = unit.status
    corrections.clear_decision(unit)
    unit.confirmation = Confirmation.RETURNED
    unit.confirmation_comment = comment[:2000]
    add_event(unit, actor, "decision_returned", comment[:2000], old)
    audit.record(
        "recognition.decision_returned",
        actor=actor,
        client_id=plan.client_id,
        object_type="unit",
        object_id=unit.id,
    )
