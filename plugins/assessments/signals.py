"""The risk signal "low result in a workplace assessment", as SQL
(``portal_risk_signal_queries``).

A client's latest submitted supervisor assessment with a skill on a scale is low when its
safety is at most ``LOW_SAFETY`` or the average of its skills under ``LOW_AVERAGE``
(:func:`plugins.assessments.services.is_low`). The skill scores are counted when the answers
are saved (``plugins.assessments.scores``), so that the core runs this with the other plugins'
signals in one statement without reading any answer.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, case, or_, select
from sqlalchemy.orm import aliased

from plugins.assessments.i18n import _l
from plugins.assessments.models import Assessment, Status
from plugins.assessments.services import LOW_AVERAGE, LOW_SAFETY
from portal.api import Client, RiskSignalQuery

KIND = "low_assessment"


def low_results(client_ids: Select) -> Select:
    """(client id, 1 when low else 0): of each client, the latest submitted supervisor
    assessment with a skill score, found from their newest backwards (a few rows each)."""
    latest = aliased(Assessment, name="latest")
    newest = (
        select(latest.id)
        .where(
            latest.client_id == Client.id,
            latest.status == Status.SUBMITTED,
            latest.filled_by == "supervisor",
            latest.skill_count > 0,
        )
        .order_by(latest.submitted_at.desc(), latest.id.desc())
        .limit(1)
        .correlate(Client)
        .scalar_subquery()
    )
    low = or_(
        Assessment.safety <= LOW_SAFETY,
        Assessment.skill_total < LOW_AVERAGE * Assessment.skill_count,
    )
    return (
        select(Client.id, case((low, 1), else_=0))
        .join(Assessment, Assessment.id == newest)
        .where(Client.id.in_(client_ids))
    )


def low_result_signal(client_ids: Select, today: date) -> RiskSignalQuery:
    return RiskSignalQuery(
        KIND, low_results(client_ids), lambda _n: _l("Low result in a workplace assessment")
    )
