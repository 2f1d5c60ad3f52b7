"""The risk signal "onboarding steps overdue", as SQL (``portal_risk_signal_queries``).

A step of a running placement's model is overdue when it is not marked done and its due day
(:func:`plugins.onboarding.content.due_date`) has passed; the steps are read from the
version's JSON in the database, so that the core runs this with the other plugins' signals
in one statement whatever the number of placements.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Integer, Select, case, cast, func, select, true

from plugins.onboarding.i18n import _l
from plugins.onboarding.models import OnboardingProgress, OnboardingStepMark, OnboardingVersion
from portal.api import Placement, RiskSignalQuery, date_plus, json_elements, json_text

KIND = "onboarding_overdue"


def overdue_steps(client_ids: Select, today: date) -> Select:
    """(client id, overdue steps): a row for each running placement, of the clients
    ``client_ids`` selects, whose model has a step overdue."""
    step = json_elements(OnboardingVersion.content, "steps").table_valued("value").alias("step")
    week = cast(json_text(step.c.value, "week"), Integer)
    due = date_plus(Placement.start_date, case((week == 0, 0), else_=week * 7 - 1))
    marked = (
        select(OnboardingStepMark.id)
        .where(
            OnboardingStepMark.progress_id == OnboardingProgress.id,
            OnboardingStepMark.step_key == json_text(step.c.value, "key"),
        )
        .exists()
    )
    return (
        select(Placement.client_id, func.count(step.c.value))
        .select_from(OnboardingProgress)
        .join(Placement, Placement.id == OnboardingProgress.placement_id)
        .join(OnboardingVersion, OnboardingVersion.id == OnboardingProgress.version_id)
        .join(step, true())
        .where(
            Placement.client_id.in_(client_ids),
            due < today,
            ~marked,
            Placement.ended_on.is_(None),
            Placement.end_date >= today,
            Placement.start_date <= today,
        )
        .group_by(Placement.client_id, OnboardingProgress.id)
    )


def overdue_signal(client_ids: Select, today: date) -> RiskSignalQuery:
    return RiskSignalQuery(
        KIND,
        overdue_steps(client_ids, today),
        lambda n: _l("Onboarding steps overdue: %(n)d", n=n),
    )
