"""Rules of assessments: when they come due, drafts, submitting once, amending with a reason,
and reading the results.

Refusals raise ``RuleError`` before anything is written. Scheduling is staged for the caller
(a lifecycle hook) to commit; what a person does (asking for, filling in and amending an
assessment) is committed here, and submitted answers are then announced to other plugins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from plugins.assessments import (
    definitions,
    scores,  # noqa: F401 - keeps the scores with the answers
)
from plugins.assessments.i18n import _
from plugins.assessments.models import OPEN, Assessment, AssessmentLink, Status
from portal.api import (
    CASEWORKERS,
    Client,
    Placement,
    Role,
    RuleError,
    User,
    clock,
    db,
    fire,
    link_to,
    notify,
)

#: A result that should make the coach look: any safety item this low, or an average below this.
LOW_SAFETY, LOW_AVERAGE = 2, 2.5


#: A Check Point asks for the supervisor's re-assessment within a week of opening.
CHECKPOINT_DAYS = 7


def due_date(placement: Placement, occasion: str) -> date:
    start, end = placement.start_date, placement.last_day
    if occasion == "checkpoint":
        return min(clock.today() + timedelta(days=CHECKPOINT_DAYS), end)
    if occasion == "placement_start":
        return min(start + timedelta(days=7), end)
    if occasion == "midway":
        return start + (end - start) / 2
    return end


def _has_account(client_id: int) -> bool:
    """Self-assessments are asked only of young people who can sign in."""
    return db.session.scalar(select(Client.user_id).where(Client.id == client_id)) is not None


def schedule(placement: Placement, occasions: tuple[str, ...]) -> int:
    """Create the assessments the available forms ask for at these occasions (once each)."""
    existing = set(
        db.session.execute(
            select(Assessment.form_key, Assessment.occasion).where(
                Assessment.placement_id == placement.id
            )
        )
    )
    created = 0
    can_answer = _has_account(placement.client_id)
    for content in definitions.available().values():
        if content["filled_by"] == "client" and not can_answer:
            continue
        for occasion in occasions:
            if occasion not in content["due"] or (content["key"], occasion) in existing:
                continue
            db.session.add(
                Assessment(
                    client_id=placement.client_id,
                    placement_id=placement.id,
                    definition_id=definitions.stored(content).id,
                    form_key=content["key"],
                    filled_by=content["filled_by"],
                    occasion=occasion,
                    due_on=due_date(placement, occasion),
                )
            )
            created += 1
    return created


def schedule_intake(client: Client) -> int:
    """The baseline: forms due at intake that need no placement (the self-assessment)."""
    created = 0
    can_answer = _has_account(client.id)
    for content in definitions.available().values():
        if content["filled_by"] == "client" and not can_answer:
            continue
        if "intake" in content["due"] and content["filled_by"] != "supervisor":
            db.session.add(
                Assessment(
                    client_id=client.id,
                    definition_id=definitions.stored(content).id,
                    form_key=content["key"],
                    filled_by=content["filled_by"],
                    occasion="intake",
                    due_on=clock.today() + timedelta(days=14),
                )
            )
            created += 1
    return created


def placement_ended(placement: Placement) -> None:
    """An early end: the end assessments come due now, and a midway one not begun is dropped."""
    for item in db.session.scalars(
        select(Assessment).where(
            Assessment.placement_id == placement.id, Assessment.status.in_(OPEN)
        )
    ):
        if item.occasion == "placement_end":
            item.due_on = placement.last_day
        elif item.occasion == "midway" and item.due_on > placement.last_day:
            item.status = Status.CANCELLED
    schedule(placement, ("placement_end",))


def ask_for(
    client: Client, placement: Placement | None, form_key: str, occasion: str
) -> Assessment:
    """A coach asks for an assessment outside the schedule (e.g. a qualification unit)."""
    content = definitions.available().get(form_key)
    if content is None:
        raise RuleError(_("Choose a form."), "form")
    if content["filled_by"] == "supervisor" and placement is None:
        raise RuleError(_("A supervisor's assessment needs a placement."), "placement")
    item = Assessment(
        client_id=client.id,
        placement_id=placement.id if placement else None,
        definition_id=definitions.stored(content).id,
        form_key=form_key,
        filled_by=content["filled_by"],
        occasion=occasion,
        due_on=clock.today() + timedelta(days=7),
    )
    db.session.add(item)
    db.session.commit()
    return item


def may_fill(item: Assessment, user: User) -> bool:
    """Supervisors fill their own company's trainees' forms, the young person their own."""
    if item.status not in OPEN:
        return False
    if item.filled_by == "supervisor":
        return (
            user.role == Role.EMPLOYER
            and item.placement is not None
            and user.company_id == item.placement.company_id
        )
    if item.filled_by == "client":
        return user.role == Role.CLIENT and item.client.user_id == user.id
    return user.role in CASEWORKERS


def save(
    item: Assessment, answers: dict[str, str], *, final: bool, by: User | None, respondent: str = ""
) -> None:
    if item.status not in OPEN:
        raise RuleError(_("This assessment has already been submitted."))
    item.answers = answers
    if final:
        item.status = Status.SUBMITTED
        item.submitted_at = clock.utcnow()
        item.submitted_by_id = by.id if by else None
        item.respondent = respondent or (by.name if by else "")
    else:
        item.status = Status.DRAFT


def follow_newest_definition(item: Assessment) -> None:
    """An open assessment follows the newest version of its form; submitted ones never change."""
    content = definitions.available().get(item.form_key)
    if content is not None and item.status in OPEN:
        latest = definitions.stored(content)
        if latest.id != item.definition_id:
            item.definition_id = latest.id
            item.definition = latest


def open_to_fill(item: Assessment) -> None:
    """Show ``item`` to someone who fills it: on the newest version of its form."""
    follow_newest_definition(item)
    db.session.commit()


def fill(
    item: Assessment,
    answers: dict[str, str],
    *,
    final: bool,
    by: User | None,
    respondent: str = "",
    link: AssessmentLink | None = None,
) -> Assessment:
    """Save a draft or submit (which uses up ``link``), and commit; a refusal stores nothing.
    Someone else saving the assessment at the same moment raises ``StaleDataError`` for the
    form machinery to report."""
    try:
        save(item, answers, final=final, by=by, respondent=respondent)
    except RuleError:
        db.session.rollback()
        raise
    if final and link is not None:
        link.used_at = clock.utcnow()
    if final:
        _tell_coach(item, by)
    db.session.commit()
    if final:
        _announce(item, item.answers, by)
    return item


def amend(item: Assessment, answers: dict[str, str], reason: str, by: User) -> Assessment:
    """A submitted assessment is never edited: the amendment is a new version that replaces it.
    Returns the new version; ``StaleDataError`` when someone else changed ``item`` meanwhile."""
    if item.status != Status.SUBMITTED:
        raise RuleError(_("Only a submitted assessment can be amended."))
    if not reason.strip():
        raise RuleError(_("Say why the assessment is amended."), "reason")
    item.status = Status.AMENDED
    new = Assessment(
        client_id=item.client_id,
        placement_id=item.placement_id,
        definition_id=item.definition_id,
        form_key=item.form_key,
        filled_by=item.filled_by,
        occasion=item.occasion,
        due_on=item.due_on,
        amends_id=item.id,
        amend_reason=reason.strip(),
        status=Status.PENDING,
        answers={},
    )
    db.session.add(new)
    save(new, answers, final=True, by=by)
    db.session.commit()
    _announce(item, new.answers, by)
    return new


def _tell_coach(item: Assessment, by: User | None) -> None:
    """The young person's coach hears of a submitted assessment (not of their own)."""
    client = db.session.get(Client, item.client_id)
    if client is None or client.coach_id is None or (by is not None and by.id == client.coach_id):
        return
    coach = db.session.get(User, client.coach_id)
    link = link_to("clients.detail", client_id=client.id)
    notify([coach], "assessment_submitted", link=link, client_id=client.id)


def _announce(item: Assessment, answers: dict[str, str], by: User | None) -> None:
    """Tell other plugins about submitted answers to ``item``'s form (after the commit)."""
    fire(
        "portal_assessment_submitted",
        form_key=item.form_key,
        client=item.client,
        placement=item.placement,
        answers=dict(answers),
        actor=by,
    )


def with_people(query: Select) -> Select:
    """Load what the rules read: the definition, client and account, placement and supervisor."""
    return query.options(
        joinedload(Assessment.definition),
        joinedload(Assessment.client).joinedload(Client.user),
        joinedload(Assessment.placement).joinedload(Placement.supervisor),
    )


# --- results ---------------------------------------------------------------------------------


@dataclass
class SkillSeries:
    key: str
    label: dict[str, str]
    supervisor: dict[str, int]  # occasion -> value
    client: dict[str, int]


def _scale_values(item: Assessment) -> dict[str, tuple[str, int, dict]]:
    """skill -> (field key, numeric answer, label) for the scale answers of one assessment."""
    out = {}
    for spec in definitions.fields_of(item.definition.content):
        value = item.answers.get(spec["key"])
        if spec["kind"] == "scale" and spec["skill"] and value is not None:
            out[spec["skill"]] = (spec["key"], int(value), spec["label"])
    return out


def skill_series(items: list[Assessment]) -> list[SkillSeries]:
    """Each skill over time, the supervisor's view next to the young person's own."""
    series: dict[str, SkillSeries] = {}
    for item in sorted(items, key=lambda i: i.submitted_at or clock.utcnow()):
        who = "supervisor" if item.filled_by == "supervisor" else "client"
        if item.filled_by == "coach":
            continue
        for skill, (_key, value, label) in _scale_values(item).items():
            entry = series.setdefault(skill, SkillSeries(skill, label, {}, {}))
            if who == "supervisor":  # the skill's name as the supervisor's form puts it
                entry.label = label
            getattr(entry, who)[item.occasion] = value
    return list(series.values())


def is_low(item: Assessment) -> bool:
    values = _scale_values(item)
    if not values:
        return False
    if "safety" in values and values["safety"][1] <= LOW_SAFETY:
        return True
    numbers = [v for _k, v, _l in values.values()]
    return sum(numbers) / len(numbers) < LOW_AVERAGE


def submitted_for(client_ids) -> Select:
    return (
        select(Assessment)
        .where(Assessment.client_id.in_(client_ids), Assessment.status == Status.SUBMITTED)
        .options(joinedload(Assessment.definition))
        .order_by(Assessment.client_id, Assessment.submitted_at)
    )
