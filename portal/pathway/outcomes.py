"""Outcomes at exit and the follow-ups that come due 3 and 6 months later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.access import audit
from portal.app import clock
from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.hooks.manager import fire
from portal.models import (
    Client,
    Company,
    FollowUp,
    FollowUpResult,
    NetworkPartner,
    Outcome,
    OutcomeKind,
    PathwayState,
    Placement,
    StudyStatus,
    User,
)
from portal.models.base import utcnow
from portal.pathway import date_rules
from portal.pathway.dates import add_months
from portal.pathway.placements import check_end, close_placement
from portal.pathway.transitions import FOLLOW_UPS_RECORDED, move_by_action

FOLLOW_UP_MONTHS = (3, 6)
K = OutcomeKind

#: The ways a placement may end early without a Check Point: the young person was hired
#: or got a study place. The success is the outcome.
SUCCESS_KINDS = (
    K.EMPLOYED_COACHING_COMPANY,
    K.EMPLOYED_SAME_FIELD,
    K.EMPLOYED_OTHER_FIELD,
    K.STUDY_PLACE,
)

#: The details each kind of outcome needs, as (field, message).
REQUIRED = {
    K.EMPLOYED_COACHING_COMPANY: [("company_id", _l("Choose the coaching company."))],
    K.EMPLOYED_SAME_FIELD: [
        ("employer_name", _l("Give the employer.")),
        ("field", _l("Give the field.")),
    ],
    K.EMPLOYED_OTHER_FIELD: [
        ("employer_name", _l("Give the employer.")),
        ("field", _l("Give the field.")),
    ],
    K.STUDY_PLACE: [
        ("school", _l("Give the school.")),
        ("programme", _l("Give the programme.")),
        ("study_status", _l("Choose the state of the study place.")),
    ],
    K.WORK_TRIAL: [("employer_name", _l("Give the workplace of the work trial."))],
    K.REFERRED: [("partner_id", _l("Choose the service the client was referred to."))],
    K.OTHER: [("details", _l("Describe the outcome."))],
}


@dataclass
class OutcomeData:
    kind: str
    on: date
    company_id: int | None = None
    employer_name: str = ""
    field: str = ""
    school: str = ""
    programme: str = ""
    study_status: str = ""
    partner_id: int | None = None
    details: str = ""
    qualification_gained: str = ""
    job_searching: str = ""


#: The answers of the ESF+ result questions: not recorded, yes or no.
FACTS = ("", "yes", "no")


def check(client: Client, data: OutcomeData, today: date) -> None:
    if data.kind not in REQUIRED:
        raise RuleError(_l("Choose the outcome."), field="kind")
    for field, message in REQUIRED[OutcomeKind(data.kind)]:
        value = getattr(data, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RuleError(message, field=field)
    date_rules.happened(client, data.on, "on", today)
    for name in ("qualification_gained", "job_searching"):
        if getattr(data, name) not in FACTS:
            raise RuleError(_l("Choose yes, no or not recorded."), field=name)
    if data.study_status and data.study_status not in {s.value for s in StudyStatus}:
        raise RuleError(_l("Choose the state of the study place."), field="study_status")
    if data.company_id is not None and db.session.get(Company, data.company_id) is None:
        raise RuleError(_l("Choose the coaching company."), field="company_id")
    if data.partner_id is not None and db.session.get(NetworkPartner, data.partner_id) is None:
        raise RuleError(_l("Choose the service the client was referred to."), field="partner_id")


def record(client: Client, data: OutcomeData, actor: User, today: date | None = None) -> Outcome:
    """Record the exit outcome, schedule the follow-ups, move the client to follow-up."""
    today = today or clock.today()
    if client.state != PathwayState.PATHWAY:
        raise RuleError(_l("The outcome is recorded in the further pathway phase."))
    check(client, data, today)
    if db.session.scalar(select(func.count(Outcome.id)).where(Outcome.client_id == client.id)):
        raise RuleError(_l("The outcome has already been recorded."))
    fields = {k: (v.strip() if isinstance(v, str) else v) for k, v in vars(data).items()}
    outcome = Outcome(client_id=client.id, recorded_by_id=actor.id, **fields)
    db.session.add(outcome)
    for months in FOLLOW_UP_MONTHS:
        db.session.add(
            FollowUp(client_id=client.id, months=months, due_date=add_months(data.on, months))
        )
    move_by_action(client, PathwayState.FOLLOW_UP, actor, data.kind)
    db.session.flush()
    audit.record(
        "outcome.record",
        actor=actor,
        client_id=client.id,
        object_type="outcome",
        object_id=outcome.id,
        purpose=data.kind,
    )
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError):  # recorded by another request at the same moment
        db.session.rollback()
        raise RuleError(_l("The outcome has already been recorded.")) from None
    fire("portal_outcome_recorded", outcome=outcome, actor=actor)
    return outcome


def record_follow_up(
    follow_up: FollowUp,
    client: Client,
    result: str,
    notes: str,
    actor: User,
    today: date | None = None,
    improved: str = "",
) -> None:
    """Record a follow-up, in order and not long before it is due; the last one closes the
    client relationship. ``improved`` is the ESF+ "improved labour-market situation"."""
    if result not in {r.value for r in FollowUpResult}:
        raise RuleError(_l("Choose the result."), field="result")
    if improved not in FACTS:
        raise RuleError(_l("Choose yes, no or not recorded."), field="improved_situation")
    if follow_up.result:
        raise RuleError(_l("This follow-up has already been recorded."))
    date_rules.follow_up_in_order(_earlier_pending(follow_up))
    date_rules.follow_up_open(follow_up.due_date, today or clock.today())
    follow_up.result = result
    follow_up.notes = notes.strip()
    follow_up.improved_situation = improved
    follow_up.recorded_at = utcnow()
    follow_up.recorded_by_id = actor.id
    audit.record(
        "follow_up.record",
        actor=actor,
        client_id=client.id,
        object_type="follow_up",
        object_id=follow_up.id,
        purpose=result,
    )
    db.session.flush()
    pending = db.session.scalar(
        select(func.count(FollowUp.id)).where(
            FollowUp.client_id == client.id, FollowUp.result == ""
        )
    )
    if not pending and client.state == PathwayState.FOLLOW_UP:
        move_by_action(client, PathwayState.CLOSED, actor, FOLLOW_UPS_RECORDED)
    db.session.commit()


def _earlier_pending(follow_up: FollowUp) -> int | None:
    """The months of an earlier follow-up of the same client still without a result."""
    return db.session.scalar(
        select(func.min(FollowUp.months)).where(
            FollowUp.client_id == follow_up.client_id,
            FollowUp.months < follow_up.months,
            FollowUp.result == "",
        )
    )


def end_with_success(
    placement: Placement, client: Client, data: OutcomeData, reason: str, actor: User
) -> Outcome:
    """End the placement because the young person was hired or got a study place: the
    outcome is recorded at once (dated the placement's last day), no Check Point needed."""
    if data.kind not in SUCCESS_KINDS:
        raise RuleError(_l("Choose how the placement ended."), field="ending")
    if client.state != PathwayState.WORKPLACE_COACHING:
        raise RuleError(_l("The placement ends this way during workplace coaching."))
    check_end(placement, client, data.on)
    if data.kind == K.EMPLOYED_COACHING_COMPANY:
        data.company_id = placement.company_id
    check(client, data, clock.today())
    close_placement(placement, client, data.on, reason, actor)
    move_by_action(client, PathwayState.PATHWAY, actor, data.kind)
    outcome = record(client, data, actor)
    fire("portal_placement_ended", placement=placement, actor=actor, reason=reason)
    return outcome
