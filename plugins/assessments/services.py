"""Rules of assessments: when they come due, drafts, submitting once, amending with a reason,
single-use links, reminders, and reading the results.

Refusals raise ``RuleError`` before anything is written; callers commit.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from plugins.assessments import definitions
from plugins.assessments.i18n import _
from plugins.assessments.models import OPEN, Assessment, AssessmentLink, Status
from portal.api import (
    Client,
    Company,
    Placement,
    Role,
    RuleError,
    User,
    clock,
    db,
    public_url,
    send_mail,
)

LINK_DAYS = 14
MAX_REMINDERS = 2
REMINDER_GAP_DAYS = 7
#: A result that should make the coach look: any safety item this low, or an average below this.
LOW_SAFETY, LOW_AVERAGE = 2, 2.5
OCCASION_ORDER = ("intake", "placement_start", "midway", "placement_end", "checkpoint", "extra")


def due_date(placement: Placement, occasion: str) -> date:
    start, end = placement.start_date, placement.last_day
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
    return user.role in (Role.COACH, Role.ADMIN)


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


def amend(item: Assessment, answers: dict[str, str], reason: str, by: User) -> Assessment:
    """A submitted assessment is never edited: the amendment is a new version that replaces it."""
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
    return new


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_link(item: Assessment, email: str, by: User) -> str:
    """A single-use link valid for 14 days; returns the URL (the token is not stored)."""
    if item.status not in OPEN or item.filled_by != "supervisor":
        raise RuleError(_("A link can be sent only for a supervisor's open assessment."))
    token = secrets.token_urlsafe(32)  # 256 bits
    db.session.add(
        AssessmentLink(
            assessment_id=item.id,
            token_hash=_hash(token),
            email=email.strip(),
            created_by_id=by.id,
            expires_at=clock.utcnow() + timedelta(days=LINK_DAYS),
        )
    )
    url = public_url("assessments.by_link", token=token)
    if email.strip():
        send_mail(
            email.strip(),
            _("An assessment of your trainee"),
            _(
                "Please assess how %(name)s has done at work. The form takes about two "
                "minutes: %(url)s (the link works once, for %(days)d days).",
                name=item.client.first_name,
                url=url,
                days=LINK_DAYS,
            ),
        )
    return url


def link_for(token: str) -> AssessmentLink:
    link = db.session.scalar(
        select(AssessmentLink).where(AssessmentLink.token_hash == _hash(token))
    )
    if link is None:
        raise RuleError(_("This link is not valid."))
    if link.used_at is not None:
        raise RuleError(_("This link has already been used."))
    expires = (
        link.expires_at
        if link.expires_at.tzinfo
        else link.expires_at.replace(tzinfo=clock.utcnow().tzinfo)
    )
    if expires < clock.utcnow():
        raise RuleError(_("This link has expired. Ask the coach for a new one."))
    return link


def _recipient(item: Assessment) -> str:
    if item.filled_by == "client":
        return item.client.user.email if item.client.user else ""
    if item.filled_by == "supervisor" and item.placement and item.placement.supervisor:
        return item.placement.supervisor.email
    return ""


def remind(item: Assessment, today: date) -> bool:
    """Send a reminder if one is still allowed; True when sent."""
    if item.status not in OPEN or item.reminders_sent >= MAX_REMINDERS:
        return False
    recipient = _recipient(item)
    if not recipient:
        return False
    title = definitions.title(item.definition.content)
    send_mail(
        recipient,
        _("Reminder: %(form)s", form=title),
        _(
            'The assessment "%(form)s" of %(name)s was due on %(day)s. Fill it in here: %(url)s',
            form=title,
            name=item.client.first_name,
            day=item.due_on.strftime("%d.%m.%Y"),
            url=public_url("assessments.fill", assessment_id=item.id),
        ),
    )
    item.reminders_sent += 1
    item.last_reminder_on = today
    return True


def with_people(query: Select) -> Select:
    """Load what the rules read: the definition, client and account, placement and supervisor."""
    return query.options(
        joinedload(Assessment.definition),
        joinedload(Assessment.client).joinedload(Client.user),
        joinedload(Assessment.placement).joinedload(Placement.supervisor),
    )


def due_reminders(today: date) -> Select:
    """Overdue open assessments that may get their first or second reminder today."""
    gap = today - timedelta(days=REMINDER_GAP_DAYS)
    return with_people(select(Assessment)).where(
        Assessment.status.in_(OPEN),
        Assessment.due_on < today,
        Assessment.reminders_sent < MAX_REMINDERS,
        (Assessment.last_reminder_on.is_(None)) | (Assessment.last_reminder_on <= gap),
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


def low_results(client_ids) -> dict[int, Assessment]:
    """The latest submitted supervisor assessment of each client, where it is low."""
    latest: dict[int, Assessment] = {}
    for item in db.session.scalars(
        submitted_for(client_ids).where(Assessment.filled_by == "supervisor")
    ).unique():
        if _scale_values(item):
            latest[item.client_id] = item
    return {cid: item for cid, item in latest.items() if is_low(item)}


@dataclass
class CompanyFeedback:
    company_id: int
    company: str
    answers: int
    would_hire: int
    more_trainees: int
    average: float | None
    learn_next: list[str]


def company_feedback(client_ids) -> list[CompanyFeedback]:
    """End-of-placement answers and skill scores per partner company (two queries)."""
    rows = (
        db.session.execute(
            select(Assessment, Placement.company_id)
            .join(Placement, Placement.id == Assessment.placement_id)
            .where(
                Assessment.client_id.in_(client_ids),
                Assessment.status == Status.SUBMITTED,
                Assessment.filled_by == "supervisor",
            )
            .options(joinedload(Assessment.definition))
        )
        .unique()
        .all()
    )
    names = dict(db.session.execute(select(Company.id, Company.name)).all())
    per: dict[int, CompanyFeedback] = {}
    scores: dict[int, list[int]] = defaultdict(list)
    for item, company_id in rows:
        entry = per.setdefault(
            company_id, CompanyFeedback(company_id, names.get(company_id, "?"), 0, 0, 0, None, [])
        )
        scores[company_id] += [v for _k, v, _l in _scale_values(item).values()]
        if "would_hire" in item.answers:
            entry.answers += 1
            entry.would_hire += item.answers["would_hire"] == "yes"
            entry.more_trainees += item.answers.get("more_trainees") == "yes"
            if item.answers.get("learn_next"):
                entry.learn_next.append(item.answers["learn_next"])
    for company_id, entry in per.items():
        values = scores[company_id]
        entry.average = round(sum(values) / len(values), 1) if values else None
        entry.learn_next = entry.learn_next[-3:]
    return sorted(per.values(), key=lambda e: e.company)


def occasion_sort_key(item: Assessment) -> tuple:
    order = OCCASION_ORDER.index(item.occasion) if item.occasion in OCCASION_ORDER else 9
    return (item.due_on, order)
